"""The case handlers' list at full size: 20,000 letters and disclosure
requests (× scale), on SQLite and on PostgreSQL.

Cases are bulk-inserted (creating them one by one through the public form is
what the drills and the submission benchmark exercise); the list is then
rendered through Django's test client, logged in as a case handler, for the
default view and every filter: p95 in milliseconds.

Run alone with `python bench/bench_cases.py [scale]`."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BENCH_DIR, bench_env, recreate_postgres, run_worker, time_views  # noqa: E402

CASES = 20_000
RENDERS = 20
PG_URL = os.environ.get("BENCH_POSTGRES_CASES_URL", "postgres://postgres@127.0.0.1:5432/gk_bench_cases")
SUBJECTS = [
    "关于小区加装电梯的建议",
    "申请公开2025年财政预算执行情况",
    "反映道路积水问题",
    "咨询养犬登记办理流程",
    "申请公开某项目环评报告",
]


def worker(total):
    """Runs in a Django process: fill to `total` cases, then time the list."""
    import django

    django.setup()
    import datetime
    import random
    import secrets

    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Locale

    from bench.fill import analyze, staff_user
    from cms import roles
    from cms.bootstrap import ensure_base_rows
    from cms.models import Department
    from interactions.cases.models import Case, Channel, DepartmentHandler, ExtensionState, Status, Supervision

    ensure_base_rows()
    locale = Locale.objects.get_or_create(language_code="zh-hans")[0]
    departments = [
        Department.objects.get_or_create(code=f"BENCH{i}", locale=locale, defaults={"name": f"示例市第{i}局"})[0]
        for i in range(8)
    ]
    rng = random.Random(11)
    today = timezone.localdate()
    now = timezone.now()
    statuses = [
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.ASSIGNED,
        Status.REVIEW,
        Status.REPLIED,
        Status.CLOSED,
        Status.CLOSED,
    ]
    have = Case.objects.count()
    batch = []
    for i in range(have, total):
        status = rng.choice(statuses)
        batch.append(
            Case(
                channel=rng.choice([Channel.LETTER, Channel.DISCLOSURE, Channel.HOTLINE]),
                subject=rng.choice(SUBJECTS) + f"（{i}）",
                body="来信内容" * 20,
                contact_name="市民",
                tracking_digest=secrets.token_hex(32),
                password_hash="!",  # noqa: S106 - an unusable hash
                status=status,
                department=None if status in (Status.RECEIVED, Status.ACCEPTED) else rng.choice(departments),
                received_at=now - datetime.timedelta(hours=i % 5000),
                deadline=today + datetime.timedelta(days=rng.randint(-10, 30)),
                deadline_provisional=rng.random() < 0.05,
                extension_state=ExtensionState.REQUESTED if rng.random() < 0.02 else "",
                supervision=Supervision.OPEN if rng.random() < 0.02 else "",
            )
        )
        if len(batch) >= 2000:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)
    analyze()

    handler = staff_user("bench-handler", roles.CASE_HANDLERS)
    DepartmentHandler.objects.get_or_create(department=departments[0], user=handler)
    client = Client()
    client.force_login(handler)
    views = {
        "default (open)": {},
        "mine": {"filter": "mine"},
        "overdue": {"filter": "overdue"},
        "review": {"filter": "review"},
        "all": {"filter": "all"},
        "all, page 100": {"filter": "all", "page": 100},
        "search": {"filter": "all", "q": "电梯"},
    }
    results, overall = time_views(client, "/admin/cases/", views, RENDERS)
    return {"cases": Case.objects.count(), "p95_ms_by_view": results, "overall": overall}


def _backend(env, total):
    return run_worker(Path(__file__), total, env=env)


def run(scale=1.0):
    total = max(1000, int(CASES * scale))
    # The scripted handler has no second factor: 2FA off for this process only.
    extra = {"REQUIRE_2FA": "0", "BENCH_Q_SYNC": "1"}
    sqlite_file = BENCH_DIR / "bench_cases.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(sqlite_file) + suffix).unlink(missing_ok=True)
    results = {"sqlite": _backend(bench_env(db_name="bench_cases.sqlite3", **extra), total)}
    if recreate_postgres(PG_URL):
        results["postgresql"] = _backend(bench_env(database_url=PG_URL, **extra), total)
    else:
        results["postgresql"] = {"skipped": "PostgreSQL not reachable at " + PG_URL}
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        print(json.dumps(worker(int(sys.argv[2]))))
    else:
        print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0), ensure_ascii=False, indent=2))
