"""Restore drill (issue 21, finding 12): a backup holds the database and
every upload folder (the public media and the private attachments of
comments and cases), encrypted; after the site is wiped, restoring it brings
the rows and the files back. The archive shows no plaintext; a wrong key or
a changed byte is refused before anything is replaced."""

import io
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model

from interactions.cases import services
from interactions.cases.models import Case, CaseAttachment, Category
from interactions.models import Comment, CommentAttachment

KEY = Fernet.generate_key().decode()
CASE_SECRET = b"%PDF-1.4 case attachment: ID 110101199003074477"
COMMENT_SECRET = b"comment attachment: 13800138000"
DOCUMENT = b"%PDF-1.4 public notice"
SUBJECT = "备份演练来信主题"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def site_with_uploads(home, tmp_path, settings, make_user):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INTERACTIONS_PRIVATE_ROOT = tmp_path / "private-uploads"
    settings.BACKUP_ENCRYPTION_KEY = KEY
    category = Category.objects.create(name="城乡建设", name_en="Urban development", term_days=15)
    case, _code, _pw = services.create_case(
        channel="letter",
        subject=SUBJECT,
        body="请修复。",
        category=category,
        attachments=[(SimpleUploadedFile("proof.pdf", CASE_SECRET), "application/pdf")],
    )
    document = get_document_model().objects.create(title="公告", file=SimpleUploadedFile("notice.pdf", DOCUMENT))
    comment = Comment.objects.create(
        page=home, body="意见", display_name="王五", contact_email="w@example.test", submission_key=uuid.uuid4()
    )
    attachment = CommentAttachment.objects.create(
        comment=comment,
        file=SimpleUploadedFile("c.txt", COMMENT_SECRET),
        original_name="c.txt",
        content_type="text/plain",
        size=len(COMMENT_SECRET),
    )
    return {"case": case, "document": document, "attachment": attachment}


def paths(site):
    return {
        "case": Path(site["case"].attachments.get().file.path),
        "document": Path(site["document"].file.path),
        "comment": Path(site["attachment"].file.path),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_brings_back_rows_and_every_upload_folder(site_with_uploads, tmp_path):
    files = paths(site_with_uploads)
    contents = {name: path.read_bytes() for name, path in files.items()}
    archive = tmp_path / "site.gkbackup"
    output = run("backup", str(archive))
    assert "encrypted" in output

    data = archive.read_bytes()
    for plain in (CASE_SECRET, COMMENT_SECRET, DOCUMENT, SUBJECT.encode(), b"manifest.json", b"SQLite format"):
        assert plain not in data
    assert not data.startswith(b"\x1f\x8b")  # not a plain gzip
    assert (tmp_path / "site.gkbackup.sha256").read_text().split()[0] in output

    # Wipe: rows and files gone.
    Case.objects.all().delete()
    for path in files.values():
        path.unlink()
    assert not CaseAttachment.objects.exists()

    output = run("restore", str(archive), "--yes")
    assert "Restored and verified" in output
    case = Case.objects.get(subject=SUBJECT)
    assert case.attachments.get().file.read() == CASE_SECRET
    for name, path in files.items():
        assert path.read_bytes() == contents[name], name


@pytest.mark.django_db(transaction=True)
def test_a_wrong_key_or_a_changed_byte_is_refused_and_nothing_is_replaced(site_with_uploads, tmp_path, settings):
    archive = tmp_path / "site.gkbackup"
    run("backup", str(archive))
    Case.objects.filter(subject=SUBJECT).update(subject="改过之后")

    settings.BACKUP_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="cannot be decrypted"):
        run("restore", str(archive), "--yes")

    settings.BACKUP_ENCRYPTION_KEY = KEY
    damaged = tmp_path / "damaged.gkbackup"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        run("restore", str(damaged), "--yes")
    cut = tmp_path / "cut.gkbackup"
    cut.write_bytes(archive.read_bytes()[:-100])
    with pytest.raises(CommandError):
        run("restore", str(cut), "--yes")
    assert Case.objects.filter(subject="改过之后").exists()  # nothing was replaced

    # A rotated key: the new one in front, the old one still decrypts.
    settings.BACKUP_ENCRYPTION_KEY = Fernet.generate_key().decode() + "," + KEY
    run("restore", str(archive), "--yes")
    assert Case.objects.filter(subject=SUBJECT).exists()


@pytest.mark.django_db
def test_no_backup_without_an_encryption_key(tmp_path, settings):
    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY"):
        run("backup", str(tmp_path / "site.gkbackup"))
    assert not list(tmp_path.iterdir())
