# ruff: noqa: F811 - the workflow fixtures are imported by name
"""Confidentiality review records are signed with their own versioned keys
(REVIEW_SIGNING_KEYS), not SECRET_KEY (issue 21, finding 12): rotating
SECRET_KEY or the review key leaves every past record valid; a record signed
with a key that was removed, or altered, reads "invalid"."""

import csv
import hashlib
import hmac
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.crypto import salted_hmac
from wagtail.models import Page

from cms.workflow import signing
from cms.workflow.models import ConfidentialityReviewRecord
from tests.workflow.helpers import (  # noqa: F401 - fixtures
    act,
    attest,
    draft,
    login,
    people,
    run_on_commit,
    section,
    submit,
    workflow,
)

pytestmark = pytest.mark.django_db

KEY_2025 = "k2025:" + "a" * 40
KEY_2026 = "k2026:" + "b" * 40


def review(draft, people, login):
    submit(login(people["editor"]), draft)
    act(login(people["dept"]), draft, "approve")
    act(login(people["secrecy"]), draft, "approve", **attest())
    act(login(people["leader"]), draft, "approve", comment="同意")
    assert Page.objects.get(pk=draft.pk).live
    return ConfidentialityReviewRecord.objects.get(page_id=draft.pk)


def sheet_says(client, page):
    """'valid' or 'invalid', as the sign-off sheet shows the record."""
    response = client.get(reverse("cms_signoff_sheet", args=[page.pk]))
    assert response.status_code == 200
    return "invalid" if '<span class="invalid">' in response.content.decode() else "valid"


def audit_csv_says(client):
    response = client.get(reverse("cms_review_audit_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    [record] = [row for row in rows[1:] if row[0] == "confidentiality_review"]
    return record[header.index("signature_valid")]


def test_rotating_secret_key_leaves_past_records_valid(draft, people, login, settings):
    settings.REVIEW_SIGNING_KEYS = [KEY_2025]
    record = review(draft, people, login)
    leader = login(people["leader"])
    assert sheet_says(leader, draft) == "valid" and audit_csv_says(leader) == "yes"

    settings.SECRET_KEY = "a-brand-new-secret-key-after-an-incident-0123456789"
    settings.SECRET_KEY_FALLBACKS = []
    leader = login(people["leader"])  # old sessions are gone with the old key
    assert sheet_says(leader, draft) == "valid" and audit_csv_says(leader) == "yes"
    assert record.signing_key_id == "k2025"


def test_a_new_review_key_signs_and_the_old_one_still_verifies(draft, people, login, settings):
    settings.REVIEW_SIGNING_KEYS = [KEY_2025]
    record = review(draft, people, login)
    settings.REVIEW_SIGNING_KEYS = [KEY_2026, KEY_2025]  # rotation: new key in front
    record.refresh_from_db()
    assert record.signature_valid()
    assert sheet_says(login(people["leader"]), draft) == "valid"
    assert signing.sign(record).startswith("v2$k2026$")

    settings.REVIEW_SIGNING_KEYS = [KEY_2026]  # the old key thrown away
    assert not ConfidentialityReviewRecord.objects.get(pk=record.pk).signature_valid()
    assert sheet_says(login(people["leader"]), draft) == "invalid"


def test_the_signature_is_hmac_sm3_where_openssl_has_it(draft, people, login, settings):
    settings.REVIEW_SIGNING_KEYS = [KEY_2026]
    record = review(draft, people, login)
    alg = "sm3" if "sm3" in hashlib.algorithms_available else "sha256"
    version, key_id, stored_alg, mac = record.signature.split("$")
    assert (version, key_id, stored_alg) == ("v2", "k2026", alg)
    assert mac == hmac.new(b"b" * 40, record.signed_payload().encode(), alg).hexdigest()


def test_an_altered_record_is_invalid(draft, people, login, settings):
    settings.REVIEW_SIGNING_KEYS = [KEY_2026]
    record = review(draft, people, login)
    ConfidentialityReviewRecord._base_manager.filter(pk=record.pk).update(comment="改过")
    assert sheet_says(login(people["leader"]), draft) == "invalid"


def test_records_signed_with_secret_key_before_are_re_signed_by_the_migration(
    draft,
    people,
    login,
    settings,
):
    settings.REVIEW_SIGNING_KEYS = [KEY_2026]
    record = review(draft, people, login)
    # As the code before issue 21 signed it: salted_hmac of SECRET_KEY.
    legacy = salted_hmac(signing.LEGACY_SALT, record.signed_payload(), algorithm="sha256").hexdigest()
    base = ConfidentialityReviewRecord._base_manager
    base.filter(pk=record.pk).update(signature=legacy)
    assert ConfidentialityReviewRecord.objects.get(pk=record.pk).signature_valid()  # the legacy check

    importlib.import_module("cms.migrations.0012_resign_review_records").resign(apps, None)
    record = ConfidentialityReviewRecord.objects.get(pk=record.pk)
    assert record.signing_key_id == "k2026"
    settings.SECRET_KEY = "a-brand-new-secret-key-after-an-incident-0123456789"
    assert record.signature_valid()
    assert sheet_says(login(people["leader"]), draft) == "valid"

    # A legacy record that does not verify is left as it was.
    base.filter(pk=record.pk).update(signature="0" * 64)
    importlib.import_module("cms.migrations.0012_resign_review_records").resign(apps, None)
    assert ConfidentialityReviewRecord.objects.get(pk=record.pk).signature == "0" * 64


def test_production_refuses_to_start_without_review_keys_or_with_a_bad_one():
    from tests.test_configuration import run_manage

    common = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3,
        "ALLOWED_HOSTS": "gov.example",
    }
    result = run_manage("check", **common)
    assert result.returncode != 0 and "REVIEW_SIGNING_KEYS" in result.stderr and "Traceback" not in result.stderr
    result = run_manage("check", **common, REVIEW_SIGNING_KEYS="short:abc")
    assert result.returncode != 0 and "REVIEW_SIGNING_KEYS" in result.stderr
    assert run_manage("check", **common, REVIEW_SIGNING_KEYS="k2026:" + "x" * 40).returncode == 0
