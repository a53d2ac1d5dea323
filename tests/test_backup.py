"""backup / restore round-trips to an identical site (counts and checksums)."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import ModelLogEntry, Page

from cms import security_audit
from cms.backup import read_manifest, site_fingerprint
from cms.demo import ensure_page
from policies.models import PolicyIndexPage


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(home, tmp_path, settings):
    settings.BACKUP_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "notice.pdf").write_bytes(b"%PDF-1.4 original")
    ensure_page(home, PolicyIndexPage, "policies", title="政策文件")
    before = site_fingerprint()
    archive = tmp_path / "site.gkbackup"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))
    assert read_manifest(archive)["tables"] == before["tables"]

    # Damage the site: delete content, change and add media.
    PolicyIndexPage.objects.get(slug="policies").delete()
    (settings.MEDIA_ROOT / "documents" / "notice.pdf").write_bytes(b"tampered")
    (settings.MEDIA_ROOT / "stray.txt").write_text("stray")
    assert site_fingerprint() != before

    call_command("restore", str(archive), "--yes", stdout=open("/dev/null", "w"))
    after = site_fingerprint()
    # The site as it was, plus the security audit's record of this restore
    # (written into the restored database).
    assert ModelLogEntry.objects.filter(action=security_audit.RESTORE).count() == 1
    after["tables"]["wagtailcore_modellogentry"] -= 1
    assert after == before
    assert Page.objects.filter(slug="policies").exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    import tarfile

    with tarfile.open(bogus, "w:gz") as tar:
        note = tmp_path / "readme.txt"
        note.write_text("hello")
        tar.add(note, "readme.txt")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes")


@pytest.mark.django_db
def test_restore_of_a_missing_archive_changes_nothing(tmp_path):
    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--yes")


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_the_first_format_still_restores(home, tmp_path, settings):
    """Plain .tar.gz archives written before encryption (format 1, media only)."""
    import json
    import shutil
    import tarfile

    from django.db import connection

    from cms.backup import _dump_database, table_counts

    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "old.pdf").write_bytes(b"%PDF-1.4 old")
    ensure_page(home, PolicyIndexPage, "policies", title="政策文件")
    _dump_database(tmp_path / "database.dump")
    manifest = {
        "format": 1,
        "vendor": connection.vendor,
        "tables": table_counts(),
        "media": site_fingerprint()["files"]["media"],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    archive = tmp_path / "old.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "manifest.json", "manifest.json")
        tar.add(tmp_path / "database.dump", "database.dump")
        tar.add(settings.MEDIA_ROOT, "media")
    PolicyIndexPage.objects.get(slug="policies").delete()
    shutil.rmtree(settings.MEDIA_ROOT)
    call_command("restore", str(archive), "--yes", stdout=open("/dev/null", "w"))
    assert Page.objects.filter(slug="policies").exists()
    assert (settings.MEDIA_ROOT / "documents" / "old.pdf").read_bytes() == b"%PDF-1.4 old"
