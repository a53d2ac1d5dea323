from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and uploaded media to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="Output path (default: backups/gongkai-<timestamp>.tar.gz)")

    def handle(self, *args, archive=None, **options):
        archive = archive or f"backups/gongkai-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = create_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['media'])} media files."
        )
        self.stdout.write(archive)
