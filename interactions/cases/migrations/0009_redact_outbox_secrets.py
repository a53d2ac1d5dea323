"""Unsent outbox rows written before issue 21 may hold a receipt's tracking
code and password: replace both with the stand-in the receipt now uses."""

import re

from django.db import migrations

CODE = re.compile(r"GK(?:-[A-Z2-7]{4}){8}")
# The password follows its label at the end of a line: "Password: X" / "查询密码：X".
PASSWORD = re.compile(r"(?m)([:：]\s*)[A-HJ-NP-Z2-9]{10}$")
STAND_IN = "(not kept)"


def redact(text):
    text = CODE.sub(STAND_IN, text)
    return PASSWORD.sub(lambda match: match.group(1) + STAND_IN, text)


def redact_unsent(apps, schema_editor):
    CaseMail = apps.get_model("cases", "CaseMail")
    for mail in CaseMail.objects.filter(sent_at__isnull=True).exclude(body=""):
        body = redact(mail.body)
        if body != mail.body:
            CaseMail.objects.filter(pk=mail.pk).update(body=body)


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_publication_review_and_correction_deadline")]

    operations = [migrations.RunPython(redact_unsent, migrations.RunPython.noop)]
