"""Confidentiality review records signed with SECRET_KEY (before issue 21)
are re-signed with the review signing key (REVIEW_SIGNING_KEYS), so that a
later rotation of SECRET_KEY leaves them valid. Only records whose old
signature verifies now are re-signed: an altered record stays invalid."""

from django.db import migrations


def resign(apps, schema_editor):
    from cms.workflow import signing

    Record = apps.get_model("cms", "ConfidentialityReviewRecord")
    records = Record._base_manager  # the model refuses updates; this one-off re-signing is the exception
    for record in records.all().iterator():
        if "$" not in record.signature and signing.legacy_valid(record):
            records.filter(pk=record.pk).update(signature=signing.sign(record))


class Migration(migrations.Migration):
    dependencies = [("cms", "0011_twofactor_grants_password_history")]

    operations = [migrations.RunPython(resign, migrations.RunPython.noop)]
