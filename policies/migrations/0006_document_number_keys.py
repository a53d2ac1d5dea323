"""文号 keys now cover every bracket style, full-width digits, 第N号, 號,
traditional issuers and orders (国务院令第711号): recompute each page's
document_number_key and reread the citations of live policies with the new
grammar (policies.numbers)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from policies.citations import blocks_text, citation_rows
    from policies.numbers import normalise

    PolicyPage = apps.get_model("policies", "PolicyPage")
    Citation = apps.get_model("policies", "Citation")
    pages = PolicyPage.objects.only("pk", "live", "document_number", "document_number_key", "body").order_by("pk")
    for page in pages.iterator(chunk_size=500):
        key = normalise(page.document_number)
        if key != page.document_number_key:
            PolicyPage.objects.filter(pk=page.pk).update(document_number_key=key)
        if page.live:
            rows = citation_rows(Citation, page.pk, blocks_text(page.body.raw_data), key)
            Citation.objects.filter(source_id=page.pk).delete()
            Citation.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("policies", "0005_role_permissions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
