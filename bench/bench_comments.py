"""Citizen comments under load.

1. Sustained comment submissions per second: the real form (CSRF cookie and
   token, signed form token, honeypot, screening, clustering, session
   receipt) posted to gunicorn with 2 workers on 127.0.0.1, on SQLite and on
   PostgreSQL. "Zero lost" means the rows stored equal the 302 responses seen.
2. The moderation queue's p95 listing time with 100,000 comments (× scale),
   for the default view and each filter.

Loopback only and bounded: a fixed number of client threads for a fixed time.
Run alone with `python bench/bench_comments.py [scale]`."""

import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import PYTHON, bench_env, gunicorn, manage, summarise_ms  # noqa: E402

BENCH_SECRET = "bench-only-key"  # noqa: S105 - config.settings.bench, loopback only
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/gk_bench_comments")
CLIENTS = 8
TEXTS = [
    "建议明确大型犬的认定标准，按体高还是体重应当在附件中列明。",
    "第十五条要求束犬链，建议同时规定犬链长度不超过1.5米。",
    "罚款起步偏高，建议首次违规以教育为主，电话13800138000。",
    "养犬登记能否在网上办理？希望不要让我们跑腿。",
    "我坚决反对将金毛列入禁养犬只目录，建议删除相关规定。",
]


# --- In the Django subprocesses ------------------------------------------------


def _django():
    import django

    django.setup()


def phase_setup():
    """Home, site and an open consultation; prints its path."""
    _django()
    import datetime

    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from cms.bootstrap import ensure_base_rows
    from cms.demo import publish
    from home.models import HomePage
    from interactions.models import ConsultationIndexPage, ConsultationPage
    from policies.demo import h, p

    ensure_base_rows()
    locale = Locale.objects.get_or_create(language_code="zh-hans")[0]
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        for starter in root.get_children():
            starter.slug = f"starter-{starter.pk}"
            starter.save()
        home = HomePage(title="示例市", slug="home", locale=locale)
        root.add_child(instance=home)
        publish(home)
        site = Site.objects.get(is_default_site=True)
        site.root_page, site.hostname, site.port = home, "127.0.0.1", 80
        site.save()
    index = ConsultationIndexPage.objects.first()
    if index is None:
        index = ConsultationIndexPage(title="意见征集", slug="consultations")
        home.add_child(instance=index)
        publish(index)
    page = ConsultationPage.objects.first()
    if page is None:
        now = timezone.now()
        page = ConsultationPage(
            title="基准测试征求意见", slug="bench", opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=30), draft_text=[h("总则"), p("x"), h("登记"), p("y")],
        )
        index.add_child(instance=page)
        publish(page)
    print(json.dumps({"path": page.url, "page_id": page.pk}))


def phase_count():
    _django()
    from interactions.models import Comment

    print(json.dumps({"rows": Comment.objects.count()}))


def phase_queue(total):
    """Fill to `total` comments, then time the admin queue listing."""
    _django()
    import random

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from cms import roles
    from interactions.models import Comment, CommentCluster, ConsultationPage

    page = ConsultationPage.objects.first()
    have = Comment.objects.count()
    rng = random.Random(5)
    statuses = ["pending"] * 3 + ["published"] * 5 + ["rejected", "hidden"]
    now = timezone.now()
    batch = []
    for i in range(have, total):
        text = rng.choice(TEXTS) + f" #{i}"
        cluster = CommentCluster(page_id=page.pk)
        batch.append(
            Comment(
                page_id=page.pk, body=text, public_body=text, display_name=f"市民{i % 997}", status=rng.choice(statuses),
                flagged=rng.random() < 0.05, section_anchor=rng.choice(["", "sec-1", "sec-2"]),
                submission_key=uuid.uuid4(), tracking_digest=uuid.uuid4().hex + uuid.uuid4().hex,
                submitted_at=now - timezone.timedelta(seconds=i), consent_publish=True, cluster=cluster,
            )
        )
        if len(batch) >= 5000:
            _flush(batch, CommentCluster, Comment)
            batch = []
    if batch:
        _flush(batch, CommentCluster, Comment)

    User = get_user_model()
    moderator = User.objects.filter(username="bench-moderator").first()
    if moderator is None:
        moderator = User.objects.create_user("bench-moderator", password="x")  # noqa: S106
        from django.contrib.auth.models import Group

        moderator.groups.add(Group.objects.get(name=roles.COMMENT_MODERATORS))
    client = Client()
    client.force_login(moderator)
    views = {
        "default (pending)": {},
        "all": {"status": ""},
        "consultation+published": {"page": page.pk, "status": "published"},
        "flagged": {"flag": "1", "status": ""},
        "section": {"page": page.pk, "section": "sec-2", "status": ""},
        "page 50": {"status": "", "p": 50},
    }
    results = {}
    every = []
    for name, params in views.items():
        client.get("/admin/comments/", params)  # warm
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            response = client.get("/admin/comments/", params)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        results[name] = summarise_ms(timings)["p95_ms"]
        every += timings
    print(json.dumps({"comments": Comment.objects.count(), "p95_ms_by_view": results, "overall": summarise_ms(every)}))


def _flush(batch, CommentCluster, Comment):
    from django.db import transaction

    with transaction.atomic():
        clusters = CommentCluster.objects.bulk_create([c.cluster for c in batch])
        for comment, cluster in zip(batch, clusters, strict=True):
            comment.cluster = cluster
        Comment.objects.bulk_create(batch)


# --- In the calling process ---------------------------------------------------------


def _python(code, env):
    import subprocess

    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=False, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise RuntimeError(f"{code} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _form_token():
    from django.core.signing import JSONSerializer, TimestampSigner

    signer = TimestampSigner(key=BENCH_SECRET, salt="interactions.comment-form", fallback_keys=[])
    return signer.sign_object({"k": str(uuid.uuid4()), "t": time.time() - 60}, serializer=JSONSerializer)


def _load(base, path, seconds, clients):
    """Post comments from `clients` threads for `seconds`; count the answers."""
    import requests

    counts = {"accepted": 0, "refused": 0, "errors": 0}
    latencies = []
    lock = threading.Lock()
    clock = {}

    def start_clock():
        clock["started"] = time.monotonic()
        clock["stop"] = clock["started"] + seconds

    ready = threading.Barrier(clients, action=start_clock)

    def worker(n):
        session = requests.Session()
        # Warm-up (not timed): the first requests of a fresh worker load code and dictionaries.
        for _ in range(3):
            session.get(base + path, timeout=60)
        csrf = session.cookies.get("csrftoken")
        ready.wait()
        stop = clock["stop"]
        i = 0
        mine = {"accepted": 0, "refused": 0, "errors": 0}
        times = []
        while time.monotonic() < stop:
            i += 1
            data = {
                "csrfmiddlewaretoken": csrf, "token": _form_token(), "website": "",
                "body": TEXTS[(n + i) % len(TEXTS)] + f" ({n}-{i})", "display_name": f"压测{n}",
                "consent_publish": "on", "section": "sec-1" if i % 2 else "",
            }
            started = time.perf_counter()
            try:
                response = session.post(base + path + "comment/", data=data, headers={"Referer": base + path}, allow_redirects=False, timeout=30)
            except requests.RequestException:
                mine["errors"] += 1
                continue
            times.append(time.perf_counter() - started)
            if response.status_code == 302 and "/receipt/" in response.headers.get("Location", ""):
                mine["accepted"] += 1
            else:
                mine["refused"] += 1
        with lock:
            for key in counts:
                counts[key] += mine[key]
            latencies.extend(times)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - clock["started"]
    return counts, elapsed, latencies


def _reset_postgres(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except psycopg.Error:
        return False


def _backend(label, database_url, scale):
    # Rate limits and the time trap would refuse a load generator on one address;
    # the admin's 2FA would stop the scripted moderator.
    extra = {
        "INTERACTIONS_COMMENT_RATE": "1000000/m", "INTERACTIONS_MIN_FILL_SECONDS": "0", "BENCH_Q_SYNC": "1", "REQUIRE_2FA": "0",
    }
    if database_url:
        env = bench_env(database_url=database_url, **extra)
    else:
        env = bench_env(db_name="comments.sqlite3", **extra)
        bench_dir = ROOT / "var" / "bench"
        for suffix in ["", "-wal", "-shm"]:
            (bench_dir / f"comments.sqlite3{suffix}").unlink(missing_ok=True)
    manage("migrate", "--noinput", "-v0", env=env)
    setup = _python("import bench.bench_comments as b; b.phase_setup()", env)
    seconds = max(5.0, 30.0 * scale)
    with gunicorn(env, workers=2) as (base, _process):
        counts, elapsed, latencies = _load(base, setup["path"], seconds, CLIENTS)
    rows = _python("import bench.bench_comments as b; b.phase_count()", env)["rows"]
    result = {
        "submissions_per_s": round(counts["accepted"] / elapsed, 1),
        "accepted": counts["accepted"],
        "refused": counts["refused"],
        "errors": counts["errors"],
        "rows": rows,
        "lost": counts["accepted"] - rows,
        "seconds": round(elapsed, 1),
        "clients": CLIENTS,
        "latency": summarise_ms(latencies) if latencies else None,
    }
    total = max(1000, int(100_000 * scale))
    result["moderation_queue"] = _python(f"import bench.bench_comments as b; b.phase_queue({total})", env)
    return result


def run(scale=1.0):
    results = {"gunicorn_workers": 2}
    results["sqlite"] = _backend("sqlite", None, scale)
    if _reset_postgres(PG_URL):
        results["postgresql"] = _backend("postgresql", PG_URL, scale)
    else:
        results["postgresql"] = {"skipped": "PostgreSQL not reachable at " + PG_URL}
    return results


if __name__ == "__main__":
    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0), ensure_ascii=False, indent=2))
