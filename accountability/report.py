"""The annual report on government information disclosure (政府信息公开工作年度报告),
in the structure of the national template (国办公开办函〔2021〕30号 tables).

`compute_figures(year, office)` reads the database; the result is stored on
the page revision (AnnualReportPage.figures), so the numbers the reviewers
approved are the ones published. `build_tables(page)` lays the stored
figures and the hand-entered parts out as the official tables (labels in the
page's language), and `report_xlsx(page)` writes the same tables to a sheet.

Counting rules (docs/accountability.md):
- 主动公开: live policy documents issued by the office, one per translation.
  Issued = publication date in the year; repealed = validity repealed or
  expired with the expiry date in the year (or, without one, last published
  in the year); in force = valid and published by the end of the year.
- 依申请公开: disclosure-request cases of the office. New = received in the
  year; carried over from last year = received before the year and not
  answered before it; results = answered in the year, by outcome (withheld
  ones by legal ground); carried to next year = received by the end of the
  year and not answered by then. So new + carried in = total + carried out."""

import datetime
import io
from collections import Counter

from django.utils import timezone

# Rows of table 三: (key, zh label, en label, indent)
REQUEST_ROWS = [
    ("new", "一、本年新收政府信息公开申请数量", "1. New requests received this year", 0),
    ("carried_in", "二、上年结转政府信息公开申请数量", "2. Requests carried over from last year", 0),
    ("results", "三、本年度办理结果", "3. Results this year", 0),
    ("disclosed", "（一）予以公开", "(1) Disclosed", 1),
    ("partly", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(2) Partly disclosed", 1),
    ("withheld", "（三）不予公开", "(3) Not disclosed", 1),
    ("ground:state_secret", "1.属于国家秘密", "State secret", 2),
    ("ground:law_forbids", "2.其他法律行政法规禁止公开", "Forbidden by other laws or regulations", 2),
    ("ground:safety", "3.危及“三安全一稳定”", "Endangers the 'three securities and one stability'", 2),
    ("ground:third_party", "4.保护第三方合法权益", "Protects third-party rights", 2),
    ("ground:internal", "5.属于三类内部事务信息", "Internal affairs information", 2),
    ("ground:process", "6.属于四类过程性信息", "Process information", 2),
    ("ground:enforcement", "7.属于行政执法案卷", "Administrative enforcement case file", 2),
    ("ground:inquiry", "8.属于行政查询事项", "Administrative inquiry matter", 2),
    ("ground:", "9.未注明理由", "No ground recorded", 2),
    ("unable", "（四）无法提供", "(4) Cannot be provided", 1),
    ("not_exist", "1.本机关不掌握相关政府信息", "The office does not hold the information", 2),
    ("not_remit", "2.不属于本机关负责公开", "Not this office's to disclose", 2),
    ("not_processed", "（五）不予处理", "(5) Not processed", 1),
    ("other", "（六）其他处理", "(6) Other handling", 1),
    (
        "other:no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "Not corrected in time without good reason: no longer processed",
        2,
    ),
    (
        "other:fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "Notified fee not paid in time: no longer processed",
        2,
    ),
    ("other:other", "3.其他", "Other", 2),
    ("total", "（七）总计", "(7) Total", 1),
    ("carried_out", "四、结转下年度继续办理", "4. Carried over to next year", 0),
]
REQUESTER_COLUMNS = [
    ("natural", "自然人", "Natural persons"),
    ("organisation", "法人或其他组织", "Legal persons or other organisations"),
    ("total", "总计", "Total"),
]

PROACTIVE_KINDS = [("regulation", "规章", "Rules (规章)"), ("normative", "行政规范性文件", "Normative documents")]
PROACTIVE_COLUMNS = [
    ("issued", "本年制发件数", "Issued this year"),
    ("repealed", "本年废止件数", "Repealed this year"),
    ("in_force", "现行有效件数", "In force"),
]

REVIEW_COLUMNS = [
    ("upheld", "结果维持", "Upheld"),
    ("corrected", "结果纠正", "Corrected"),
    ("other", "其他结果", "Other result"),
    ("pending", "尚未审结", "Pending"),
    ("total", "总计", "Total"),
]
REVIEW_GROUPS = [
    ("rec", "行政复议", "Administrative reconsideration"),
    ("lit_direct", "行政诉讼（未经复议直接起诉）", "Litigation without reconsideration"),
    ("lit_after", "行政诉讼（复议后起诉）", "Litigation after reconsideration"),
]

OVERVIEW_ITEMS = [
    ("documents", "本年主动公开政策文件", "Policy documents published"),
    ("interpretations", "发布政策解读", "Policy interpretations published"),
    ("briefings", "举办新闻发布会和在线访谈", "Press briefings and online interviews held"),
    ("consultations", "开展意见征集", "Public consultations held"),
    ("comments", "收到公众意见", "Public comments received"),
    ("letters", "办理来信", "Letters received"),
    ("requests", "收到政府信息公开申请", "Disclosure requests received"),
]


def year_bounds(year):
    tz = timezone.get_current_timezone()
    return datetime.datetime(year, 1, 1, tzinfo=tz), datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def _office_filter(office):
    """translation_key of the office, or None for the whole government."""
    return office.translation_key if office is not None else None


def request_outcome_key(case):
    from interactions.cases.models import Outcome

    if case.outcome == Outcome.NOT_DISCLOSED:
        return "ground:" + (case.legal_ground or "")
    if case.outcome in (Outcome.DISCLOSED,):
        return "disclosed"
    if case.outcome == Outcome.PARTLY_DISCLOSED:
        return "partly"
    if case.outcome in (Outcome.NOT_EXIST, Outcome.NOT_REMIT, Outcome.NOT_PROCESSED):
        return {"not_exist": "not_exist", "not_remit": "not_remit", "not_processed": "not_processed"}[case.outcome]
    if case.outcome == Outcome.NO_CORRECTION:
        # Closed by the overdue-correction job (条例第三十条): 逾期不补正.
        return "other:no_correction"
    return "other:other"


def decided_at(case):
    """When the request was dealt with: the reply, or for a request closed
    without one (treated as withdrawn: no correction in time) its closing."""
    return case.replied_at or case.closed_at


def requester_key(case):
    from interactions.cases.models import RequesterType

    return "organisation" if case.requester_type == RequesterType.ORGANISATION else "natural"


def request_figures(year, office=None):
    """{row key: {"natural": n, "organisation": n, "total": n}} for table 三."""
    from interactions.cases.models import Case, Channel

    start, end = year_bounds(year)
    cases = Case.objects.filter(channel=Channel.DISCLOSURE, received_at__lt=end)
    key = _office_filter(office)
    if key is not None:
        cases = cases.filter(department__translation_key=key)
    counts = {row: Counter() for row, *_rest in REQUEST_ROWS}
    for case in cases.only("received_at", "replied_at", "closed_at", "outcome", "legal_ground", "requester_type"):
        who = requester_key(case)
        done = decided_at(case)
        if case.received_at >= start:
            counts["new"][who] += 1
        elif done is None or done >= start:
            counts["carried_in"][who] += 1
        if done is not None and start <= done < end:
            counts[request_outcome_key(case)][who] += 1
            counts["total"][who] += 1
        if done is None or done >= end:
            counts["carried_out"][who] += 1
    for parent, prefix in (("withheld", "ground:"), ("unable", None), ("other", "other:")):
        children = [
            r for r in counts if (prefix and r.startswith(prefix)) or (not prefix and r in ("not_exist", "not_remit"))
        ]
        for child in children:
            counts[parent].update(counts[child])
    result = {}
    for row, counter in counts.items():
        if row == "results":
            continue
        result[row] = {
            "natural": counter["natural"],
            "organisation": counter["organisation"],
            "total": counter["natural"] + counter["organisation"],
        }
    return result


def proactive_figures(year, office=None):
    from policies.models import InterpretationPage, PolicyPage, Validity

    start, end = year_bounds(year)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    key = _office_filter(office)
    policies = PolicyPage.objects.live()
    interpretations = InterpretationPage.objects.live()
    if key is not None:
        policies = policies.filter(issuers__translation_key=key)
        interpretations = interpretations.filter(policy__issuers__translation_key=key)
    seen, figures = set(), {kind: Counter() for kind, *_r in PROACTIVE_KINDS}
    other_documents = 0
    for page in (
        policies.distinct()
        .order_by("pk")
        .only(
            "translation_key",
            "kind",
            "validity",
            "published_on",
            "expires_on",
            "last_published_at",
            "first_published_at",
        )
    ):
        if page.translation_key in seen:
            continue
        seen.add(page.translation_key)
        published = page.published_on or (
            timezone.localdate(page.first_published_at) if page.first_published_at else None
        )
        issued = bool(published and first <= published <= last)
        if page.kind not in figures:
            other_documents += int(issued)
            continue
        counter = figures[page.kind]
        counter["issued"] += int(issued)
        if page.validity in (Validity.REPEALED, Validity.EXPIRED):
            ended = page.expires_on or (timezone.localdate(page.last_published_at) if page.last_published_at else None)
            counter["repealed"] += int(bool(ended and first <= ended <= last))
        elif page.validity == Validity.VALID and published and published <= last:
            counter["in_force"] += 1
    interpretation_count = len(
        set(
            interpretations.filter(first_published_at__gte=start, first_published_at__lt=end).values_list(
                "translation_key", flat=True
            )
        )
    )
    return {
        "documents": {
            kind: {col: figures[kind][col] for col, *_r in PROACTIVE_COLUMNS} for kind, *_r in PROACTIVE_KINDS
        },
        "other_documents": other_documents,
        "interpretations": interpretation_count,
    }


def compute_figures(year, office=None):
    from .dashboard import compute

    period = compute(
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 31),
        today=min(timezone.localdate(), datetime.date(year, 12, 31)),
    )
    key = _office_filter(office)
    rows = [period[key]] if key is not None else list(period.values())
    proactive = proactive_figures(year, office)
    overview = {
        name: sum(r.get(name, 0) or 0 for r in rows)
        for name in ("consultations", "comments", "letters", "requests", "briefings")
    }
    overview["documents"] = sum(d["issued"] for d in proactive["documents"].values()) + proactive["other_documents"]
    overview["interpretations"] = proactive["interpretations"]
    return {
        "year": year,
        "office": office.name if office is not None else "",
        "computed_at": timezone.now().isoformat(),
        "overview": overview,
        "proactive": proactive,
        "requests": request_figures(year, office),
    }


# --- layout -------------------------------------------------------------------------


def _label(zh, en, lang):
    return en if lang.startswith("en") else zh


def build_tables(page):
    """Everything the template and the spreadsheet need, in the page's language."""
    lang = page.locale.language_code if page.locale_id else "zh-hans"
    figures = page.figures or {}
    proactive = figures.get("proactive", {})
    requests = figures.get("requests", {})
    overview = figures.get("overview", {})
    empty = {"natural": 0, "organisation": 0, "total": 0}
    review = []
    for prefix, zh, en in REVIEW_GROUPS:
        values = [getattr(page, f"{prefix}_{col}") for col, *_r in REVIEW_COLUMNS[:-1]]
        review.append({"label": _label(zh, en, lang), "values": values + [sum(values)]})
    return {
        "lang": lang,
        "item": _label("项目", "Item", lang),
        "number": _label("数量", "Number", lang),
        "overview": [{"label": _label(zh, en, lang), "value": overview.get(key, 0)} for key, zh, en in OVERVIEW_ITEMS],
        "proactive_columns": [_label(zh, en, lang) for _k, zh, en in PROACTIVE_COLUMNS],
        "proactive_rows": [
            {
                "label": _label(zh, en, lang),
                "values": [proactive.get("documents", {}).get(kind, {}).get(col, 0) for col, *_r in PROACTIVE_COLUMNS],
            }
            for kind, zh, en in PROACTIVE_KINDS
        ],
        "proactive_other": [
            {
                "label": _label("其他主动公开政策文件（本年发布）", "Other policy documents published", lang),
                "value": proactive.get("other_documents", 0),
            },
            {
                "label": _label("政策解读（本年发布）", "Policy interpretations published", lang),
                "value": proactive.get("interpretations", 0),
            },
            {
                "label": _label("行政许可（本年处理决定数量）", "Administrative licensing decisions", lang),
                "value": page.licensing_decisions,
            },
            {
                "label": _label("行政处罚（本年处理决定数量）", "Administrative penalty decisions", lang),
                "value": page.penalty_decisions,
            },
            {
                "label": _label("行政强制（本年处理决定数量）", "Administrative enforcement decisions", lang),
                "value": page.enforcement_decisions,
            },
            {
                "label": _label("行政事业性收费（本年收费金额，万元）", "Administrative fees (10,000 yuan)", lang),
                "value": float(page.fees_amount or 0),
            },
        ],
        "request_columns": [_label(zh, en, lang) for _k, zh, en in REQUESTER_COLUMNS],
        "request_rows": [
            {
                "key": key,
                "label": _label(zh, en, lang),
                "indent": indent,
                "heading": key == "results",
                "values": None
                if key == "results"
                else [requests.get(key, empty)[col] for col, *_r in REQUESTER_COLUMNS],
            }
            for key, zh, en, indent in REQUEST_ROWS
        ],
        "review_columns": [_label(zh, en, lang) for _k, zh, en in REVIEW_COLUMNS],
        "review_rows": review,
    }


SECTION_TITLES = [
    ("一、总体情况", "1. Overview"),
    ("二、主动公开政府信息情况", "2. Proactive disclosure"),
    ("三、收到和处理政府信息公开申请情况", "3. Disclosure requests received and handled"),
    ("四、政府信息公开行政复议、行政诉讼情况", "4. Administrative reconsideration and litigation"),
    ("五、存在的主要问题及改进情况", "5. Main problems and improvements"),
    ("六、其他需要报告的事项", "6. Other matters"),
]


def section_titles(lang):
    return [_label(zh, en, lang) for zh, en in SECTION_TITLES]


def report_xlsx(page):
    """The tables on one sheet, laid out as the official template."""
    from django.utils.html import strip_tags
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from cms.spreadsheet import safe_cell

    tables = build_tables(page)
    titles = section_titles(tables["lang"])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(page.year)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    sheet.column_dimensions["A"].width = 52
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 16
    row = 1

    def put(r, c, value, *, font=None, border=True):
        cell = sheet.cell(row=r, column=c, value=safe_cell(value))
        if font:
            cell.font = font
        if border:
            cell.border = box
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        return cell

    put(row, 1, page.title, font=Font(bold=True, size=14), border=False)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    row += 2

    def table(title, header, body):
        nonlocal row
        put(row, 1, title, font=bold, border=False)
        row += 1
        for c, value in enumerate(header, 1):
            put(row, c, value, font=bold)
        row += 1
        for label, values in body:
            put(row, 1, label)
            for c, value in enumerate(values or [], 2):
                put(row, c, value)
            row += 1
        row += 1

    item, number = tables["item"], tables["number"]
    table(titles[0], [item, number], [(i["label"], [i["value"]]) for i in tables["overview"]])
    table(
        titles[1], [item] + tables["proactive_columns"], [(r["label"], r["values"]) for r in tables["proactive_rows"]]
    )
    table("", [item, number], [(i["label"], [i["value"]]) for i in tables["proactive_other"]])
    table(
        titles[2],
        [item] + tables["request_columns"],
        [("　" * r["indent"] + r["label"], r["values"]) for r in tables["request_rows"]],
    )
    table(titles[3], [item] + tables["review_columns"], [(r["label"], r["values"]) for r in tables["review_rows"]])
    for title, text in ((titles[4], page.problems), (titles[5], page.other_matters)):
        put(row, 1, title, font=bold, border=False)
        row += 1
        put(row, 1, strip_tags(text or "").strip(), border=False)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        row += 2
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
