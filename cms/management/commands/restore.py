from django.core.management.base import BaseCommand, CommandError

from cms import security_audit
from cms.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Replace the database and every upload folder with those of a backup archive, then verify them."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            answer = input("This replaces the whole database and all uploads. Type 'restore' to continue: ")
            if answer.strip() != "restore":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            expected, actual = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        differences = [t for t, n in expected["tables"].items() if actual["tables"].get(t) != n]
        differences += [f"files in {name}" for name, sums in expected["files"].items() if actual["files"][name] != sums]
        # Written into the restored database, after it was compared with the backup.
        security_audit.record(
            security_audit.RESTORE, label=str(archive)[:255], archive=str(archive), differences=differences
        )
        if differences:
            raise CommandError("Restored, but these differ from the backup: " + ", ".join(differences))
        files = sum(len(sums) for sums in expected["files"].values())
        self.stdout.write(f"Restored and verified {len(expected['tables'])} tables and {files} files.")
