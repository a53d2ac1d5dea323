from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms import security_audit
from cms.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and every upload folder to one encrypted archive (BACKUP_ENCRYPTION_KEY)."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="Output path (default: backups/gongkai-<timestamp>.gkbackup)")

    def handle(self, *args, archive=None, **options):
        archive = archive or f"backups/gongkai-{timezone.now():%Y%m%d-%H%M%S}.gkbackup"
        try:
            manifest = create_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        files = sum(len(sums) for sums in manifest["files"].values())
        security_audit.record(
            security_audit.BACKUP,
            label=str(archive)[:255],
            archive=str(archive),
            sha256=manifest["sha256"],
            files=files,
        )
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and {files} files "
            f"from {len(manifest['files'])} upload folders ({', '.join(manifest['files'])}), encrypted."
        )
        self.stdout.write(f"{archive}\nSHA-256 {manifest['sha256']}")
