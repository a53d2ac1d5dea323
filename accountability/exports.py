"""CSV and XLSX downloads; every cell passes through cms.spreadsheet.safe_cell
(no formula can start a cell; numbers stay numbers)."""

import csv
import io

from django.http import HttpResponse

from cms.spreadsheet import safe_cell


def csv_response(filename, header, rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(sheets):
    """sheets = [(title, header, rows)]"""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append([safe_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        sheet.freeze_panes = "B2"
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 14
        sheet.column_dimensions["A"].width = 28
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename, sheets):
    response = HttpResponse(
        xlsx_bytes(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
