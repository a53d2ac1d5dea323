"""Turn the two most common misconfigurations into one clear line instead of
a traceback: a missing required variable and an unreachable database."""

import sys

from django.core.exceptions import ImproperlyConfigured
from django.db.utils import OperationalError


def describe_database():
    from django.conf import settings

    db = settings.DATABASES["default"]
    where = db.get("HOST") or ""
    if db.get("PORT"):
        where = f"{where}:{db['PORT']}"
    return f"{db['ENGINE'].rsplit('.', 1)[-1]} database {db.get('NAME')!s} {where}".strip()


def run_management_command(argv):
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        print(
            f"Cannot use the {describe_database()} (check DATABASE_URL): {first_line}",
            file=sys.stderr,
        )
        return 3
    return 0
