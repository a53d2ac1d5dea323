from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms import sections
from home.demo import load_skeleton, print_logins

# Each app adds its demo content in `<app>/demo.py` with `load(ctx, out)` and
# registers it with cms.sections.register_demo_loader() (its registrations.py).


class Command(BaseCommand):
    help = "Create (or complete) the bilingual demo site. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. The demo users have a published password.",
        )

    def handle(self, *args, allow_production=False, **options):
        if not (settings.DEBUG or allow_production or getattr(settings, "GONGKAI_DEMO_ALLOWED", False)):
            raise CommandError(
                "load_demo creates users with a published password; refusing with DEBUG off. "
                "Pass --allow-production if you really mean it."
            )
        with transaction.atomic():
            ctx = load_skeleton(self.stdout)
            for module in sections.demo_loaders():
                import_module(module).load(ctx, self.stdout)
            # Last: the review workflow needs the sections to exist.
            import_module("cms.demo_workflow").load(ctx, self.stdout)
        print_logins(self.stdout)
