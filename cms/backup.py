"""Backup and restore of a whole site: the database and the uploaded media.

A backup is one .tar.gz holding `database.dump` (pg_dump's custom format on
PostgreSQL, a consistent SQLite copy otherwise), `media/` and a
`manifest.json` with row counts per table and a SHA-256 per media file, so a
restore can prove it reproduced the same site."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


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


def media_checksums(media_root=None):
    root = Path(media_root or settings.MEDIA_ROOT)
    sums = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def site_fingerprint():
    return {"tables": table_counts(), "media": media_checksums()}


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
            ],  # noqa: S607
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
    archive_path = Path(archive_path)
    archive_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        _dump_database(work / "database.dump")
        manifest = {"format": FORMAT_VERSION, "vendor": connection.vendor, **site_fingerprint()}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        with tarfile.open(archive_path, "w:gz") as tar:
            tar.add(work / "manifest.json", "manifest.json")
            tar.add(work / "database.dump", "database.dump")
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.exists():
                tar.add(media_root, "media")
    return manifest


def read_manifest(archive_path):
    try:
        with tarfile.open(archive_path, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            return json.loads(member.read())
    except (KeyError, AttributeError, tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(f"{archive_path} is not a Gongkai backup (no readable manifest.json).") from exc


def restore_backup(archive_path):
    """Replace the database and media with the archive's; return (expected, actual)."""
    archive_path = Path(archive_path)
    if not archive_path.exists():
        raise BackupError(f"No backup at {archive_path}.")
    manifest = read_manifest(archive_path)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unsupported backup format {manifest.get('format')!r}.")
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(
            f"This backup is from {manifest.get('vendor')}; the configured database is {connection.vendor}."
        )
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        with tarfile.open(archive_path, "r:gz") as tar:
            tar.extractall(work, filter="data")
        _restore_database(work / "database.dump")
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            shutil.rmtree(media_root)
        if (work / "media").exists():
            shutil.copytree(work / "media", media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    actual = site_fingerprint()
    expected = {"tables": manifest["tables"], "media": manifest["media"]}
    return expected, actual
