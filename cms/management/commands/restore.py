from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Replace the database and uploaded media with those of a backup archive, then verify them."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            answer = input("This replaces the whole database and all media. Type 'restore' to continue: ")
            if answer.strip() != "restore":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            expected, actual = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        differences = [t for t, n in expected["tables"].items() if actual["tables"].get(t) != n]
        if expected["media"] != actual["media"]:
            differences.append("media files")
        if differences:
            raise CommandError("Restored, but these differ from the backup: " + ", ".join(differences))
        self.stdout.write(
            f"Restored and verified {len(expected['tables'])} tables and {len(expected['media'])} media files."
        )
