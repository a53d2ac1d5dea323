"""Run public-opinion monitoring by hand: the hourly job, or a backfill of a
period (a first installation, or after changing the settings)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from accountability import monitoring


class Command(BaseCommand):
    help = "Analyse letters, comments and interview questions; raise spike alerts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=datetime.date.fromisoformat,
            help="Backfill from this day (YYYY-MM-DD) to today, without e-mail.",
        )

    def handle(self, *args, since=None, **options):
        if since:
            alerts = monitoring.backfill(since, timezone.localdate())
            self.stdout.write(f"Backfilled from {since}: {len(alerts)} new alert(s).")
        else:
            result = monitoring.run()
            self.stdout.write(f"Analysed {result['days']} day(s): {len(result['alerts'])} new alert(s).")
