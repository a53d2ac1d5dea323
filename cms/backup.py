"""Backup and restore of a whole site: the database and every upload folder.

A backup is one encrypted file. Inside, a tar.gz stream holds
`manifest.json` (first), `database.dump` (pg_dump's custom format on
PostgreSQL, a consistent SQLite copy otherwise) and one folder per upload
root under `files/<root>/`: MEDIA_ROOT and every other folder a FileField
stores into on local disk (the private citizen attachments of comments and
of cases, INTERACTIONS_PRIVATE_ROOT and the cases' private root), found from
the models themselves so a new private storage is not forgotten. The
manifest holds row counts per table and a SHA-256 per file (computed while
streaming, never a whole file in memory), so a restore proves it reproduced
the same site.

Encryption (`EncryptedWriter` / `EncryptedReader`): the stream is cut into
chunks of CHUNK bytes, each a Fernet token (AES-128-CBC + HMAC-SHA-256,
from `cryptography`) whose plaintext starts with its index and a "last
chunk" flag, so chunks cannot be reordered, dropped or the file cut short
without the restore noticing. Keys come from BACKUP_ENCRYPTION_KEY (env):
Fernet keys, comma-separated, newest first; the newest encrypts, all
decrypt (key rotation). Without a key no backup is written. The archive's
own SHA-256 is written next to it (`<archive>.sha256`) for transfer checks.
Archives of format 1 (plain .tar.gz, media only) can still be restored."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.db.models import FileField

FORMAT_VERSION = 2
MAGIC = b"GONGKAI-BACKUP-FERNET-1\n"
CHUNK = 4 * 1024 * 1024
READ_SIZE = 1024 * 1024


class BackupError(Exception):
    pass


# --- Keys and the encrypted stream --------------------------------------------


def _fernet():
    raw = getattr(settings, "BACKUP_ENCRYPTION_KEY", None) or ""
    keys = [key.strip() for key in (raw if isinstance(raw, (list, tuple)) else str(raw).split(",")) if key.strip()]
    if not keys:
        raise BackupError(
            "BACKUP_ENCRYPTION_KEY is not set: backups are encrypted. Make a key with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`, "
            "keep a copy away from the backups, and set it in the environment."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise BackupError(
            "BACKUP_ENCRYPTION_KEY holds a key that is not a Fernet key (32 bytes, url-safe base64)."
        ) from exc


class EncryptedWriter(io.RawIOBase):
    """A write-only stream that encrypts what it is given, chunk by chunk."""

    def __init__(self, raw, fernet):
        self.raw, self.fernet, self.buffer, self.index = raw, fernet, bytearray(), 0
        self.digest = hashlib.sha256()
        self._out(MAGIC)

    def writable(self):
        return True

    def _out(self, data):
        self.raw.write(data)
        self.digest.update(data)

    def _emit(self, data, last):
        token = self.fernet.encrypt(struct.pack(">Q?", self.index, last) + bytes(data))
        self._out(struct.pack(">I", len(token)) + token)
        self.index += 1

    def write(self, data):
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._emit(self.buffer[:CHUNK], False)
            del self.buffer[:CHUNK]
        return len(data)

    def close(self):
        if not self.closed:
            self._emit(self.buffer, True)
            self.buffer = bytearray()
        super().close()


class EncryptedReader(io.RawIOBase):
    """Reads back what EncryptedWriter wrote; any change raises BackupError."""

    def __init__(self, raw, fernet):
        self.raw, self.fernet, self.buffer, self.index, self.done = raw, fernet, b"", 0, False

    def readable(self):
        return True

    def _next_chunk(self):
        header = self.raw.read(4)
        if len(header) < 4:
            raise BackupError("The backup is cut short (its last part is missing).")
        token = self.raw.read(struct.unpack(">I", header)[0])
        try:
            plain = self.fernet.decrypt(token)
        except InvalidToken as exc:
            raise BackupError(
                "The backup cannot be decrypted: wrong BACKUP_ENCRYPTION_KEY, or the file was changed."
            ) from exc
        index, last = struct.unpack(">Q?", plain[:9])
        if index != self.index:
            raise BackupError("The backup's parts are out of order.")
        self.index += 1
        self.done = last
        return plain[9:]

    def readinto(self, target):
        while not self.buffer and not self.done:
            self.buffer = self._next_chunk()
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


def is_encrypted(archive_path):
    with open(archive_path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _open_tar(archive_path, handle):
    """A streaming tar reader over an encrypted (format 2) or plain (format 1) archive."""
    if handle.read(len(MAGIC)) == MAGIC:
        reader = io.BufferedReader(EncryptedReader(handle, _fernet()), READ_SIZE)
        return tarfile.open(fileobj=reader, mode="r|gz")
    handle.seek(0)
    return tarfile.open(fileobj=handle, mode="r:gz")


# --- What is backed up ---------------------------------------------------------


def upload_roots():
    """{name: folder} of every local folder uploads are stored in.

    "media" is MEDIA_ROOT (Wagtail images, documents, media, renditions);
    the others are the locations of every FileField's FileSystemStorage,
    named after the first model field (sorted) that uses them, so a folder
    moved by configuration is still restored to where it is now. A folder
    inside another one is part of that one."""
    found = {str(Path(settings.MEDIA_ROOT).resolve()): "media"}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            storage = getattr(field.storage, "_wrapped", field.storage)
            if not isinstance(storage, FileSystemStorage):
                continue  # object storage: see docs/security.md "Object storage"
            path = str(Path(storage.location).resolve())
            name = f"{model._meta.label_lower}.{field.name}"
            if path not in found or (found[path] != "media" and name < found[path]):
                found[path] = name
    paths = sorted(found)
    roots = {}
    for path in paths:
        if any(path != other and path.startswith(other.rstrip(os.sep) + os.sep) for other in paths):
            continue
        roots[found[path]] = Path(path)
    return dict(sorted(roots.items()))


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(READ_SIZE):
            digest.update(block)
    return digest.hexdigest()


def _pg_env_and_args():
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return env, args, connection.settings_dict["NAME"]


def table_counts():
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if connection.vendor == "sqlite" and ("_fts" in table or table.startswith("sqlite_")):
                continue  # FTS shadow tables are rebuilt with their content
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names come from introspection
            counts[table] = cursor.fetchone()[0]
    return counts


def checksums(root):
    root = Path(root)
    sums = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[str(path.relative_to(root))] = file_sha256(path)
    return sums


def media_checksums(media_root=None):
    return checksums(media_root or settings.MEDIA_ROOT)


def site_fingerprint():
    return {"tables": table_counts(), "files": {name: checksums(root) for name, root in upload_roots().items()}}


def _dump_database(target):
    if connection.vendor == "postgresql":
        env, args, name = _pg_env_and_args()
        result = subprocess.run(  # noqa: S603
            ["pg_dump", "-Fc", "--no-owner", *args, "-f", str(target), name],  # noqa: S607
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        with destination:
            connection.connection.backup(destination)
        destination.close()
    else:
        raise BackupError(f"Backups are not supported on {connection.vendor}.")


def _restore_database(source):
    if connection.vendor == "postgresql":
        env, args, name = _pg_env_and_args()
        connection.close()
        result = subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                "-d",
                name,
                str(source),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        with origin:
            origin.backup(connection.connection)
        origin.close()
    else:
        raise BackupError(f"Restores are not supported on {connection.vendor}.")


def create_backup(archive_path):
    """Write the encrypted archive; return its manifest (with `sha256`, the archive's)."""
    archive_path = Path(archive_path)
    fernet = _fernet()
    archive_path.parent.mkdir(parents=True, exist_ok=True)
    partial = archive_path.with_name(archive_path.name + ".partial")
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        _dump_database(work / "database.dump")
        roots = upload_roots()
        manifest = {
            "format": FORMAT_VERSION,
            "vendor": connection.vendor,
            "tables": table_counts(),
            "files": {},
            "database_sha256": file_sha256(work / "database.dump"),
        }
        entries = []
        for name, root in roots.items():
            manifest["files"][name] = {}
            if root.exists():
                for path in sorted(p for p in root.rglob("*") if p.is_file()):
                    relative = str(path.relative_to(root))
                    manifest["files"][name][relative] = file_sha256(path)
                    entries.append((path, f"files/{name}/{relative}"))
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        with open(partial, "wb") as raw:
            writer = EncryptedWriter(raw, fernet)
            with io.BufferedWriter(writer, READ_SIZE) as buffered:
                with tarfile.open(fileobj=buffered, mode="w|gz") as tar:
                    tar.add(work / "manifest.json", "manifest.json")
                    tar.add(work / "database.dump", "database.dump")
                    for path, arcname in entries:
                        tar.add(path, arcname, recursive=False)
        os.chmod(partial, 0o600)
        partial.replace(archive_path)
    manifest["sha256"] = writer.digest.hexdigest()
    Path(str(archive_path) + ".sha256").write_text(f"{manifest['sha256']}  {archive_path.name}\n")
    return manifest


def read_manifest(archive_path):
    try:
        with open(archive_path, "rb") as handle, _open_tar(archive_path, handle) as tar:
            member = tar.next()
            if member is None or member.name != "manifest.json":
                raise KeyError("manifest.json")
            return json.loads(tar.extractfile(member).read())
    except BackupError:
        raise
    except (KeyError, AttributeError, tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(f"{archive_path} is not a Gongkai backup (no readable manifest.json).") from exc


def _expected_files(manifest):
    if manifest.get("format") == 1:
        return {"media": manifest["media"]}
    return manifest["files"]


def restore_backup(archive_path):
    """Replace the database and every upload folder with the archive's;
    return (expected, actual) fingerprints. Nothing is changed unless the
    whole archive decrypts and every file matches its checksum."""
    archive_path = Path(archive_path)
    if not archive_path.exists():
        raise BackupError(f"No backup at {archive_path}.")
    manifest = read_manifest(archive_path)
    if manifest.get("format") not in (1, FORMAT_VERSION):
        raise BackupError(f"Unsupported backup format {manifest.get('format')!r}.")
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(
            f"This backup is from {manifest.get('vendor')}; the configured database is {connection.vendor}."
        )
    roots = upload_roots()
    expected_files = _expected_files(manifest)
    unknown = sorted(set(expected_files) - set(roots))
    if unknown:
        raise BackupError("This backup has upload folders this site does not know: " + ", ".join(unknown))
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        with open(archive_path, "rb") as handle, _open_tar(archive_path, handle) as tar:
            tar.extractall(work, filter="data")
        prefix = "media" if manifest["format"] == 1 else "files"
        for name, sums in expected_files.items():
            base = work / (prefix if manifest["format"] == 1 else f"{prefix}/{name}")
            for relative, digest in sums.items():
                if not (base / relative).is_file() or file_sha256(base / relative) != digest:
                    raise BackupError(f"{name}/{relative} in the backup does not match its checksum.")
        if manifest.get("database_sha256") and file_sha256(work / "database.dump") != manifest["database_sha256"]:
            raise BackupError("The database dump in the backup does not match its checksum.")
        _restore_database(work / "database.dump")
        for name, root in roots.items():
            if name not in expected_files:
                continue  # a folder added since: left as it is
            if root.exists():
                shutil.rmtree(root)
            source = work / "media" if manifest["format"] == 1 else work / "files" / name
            if source.exists():
                shutil.copytree(source, root)
            else:
                root.mkdir(parents=True, exist_ok=True)
    actual = site_fingerprint()
    expected = {"tables": manifest["tables"], "files": expected_files}
    actual["files"] = {name: sums for name, sums in actual["files"].items() if name in expected_files}
    return expected, actual
