"""Citizen comments under load.

1. Sustained comment submissions per second: the real form (CSRF cookie and
   token, signed form token, honeypot, screening, clustering, session
   receipt) posted to gunicorn (4 workers, as deployed) on 127.0.0.1, on SQLite and on
   PostgreSQL. "Zero lost" means the rows stored equal the 302 responses seen.
2. The moderation queue's p95 listing time with 100,000 comments (× scale),
   for the default view and each filter.

Loopback only and bounded: wrk with a fixed number of connections for a fixed
time, each request carrying its own pre-signed form token (bench/bench_comments.py
writes them for wrk's Lua script), so the load generator costs little CPU.
Run alone with `python bench/bench_comments.py [scale]`."""

import json
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BENCH_DIR, GUNICORN_WORKERS, PYTHON, bench_env, gunicorn, manage, recreate_postgres, time_views  # noqa: E402

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
            title="基准测试征求意见",
            slug="bench",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=30),
            draft_text=[h("总则"), p("x"), h("登记"), p("y")],
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

    from django.test import Client
    from django.utils import timezone

    from bench.fill import analyze, staff_user
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
                page_id=page.pk,
                body=text,
                public_body=text,
                display_name=f"市民{i % 997}",
                status=rng.choice(statuses),
                flagged=rng.random() < 0.05,
                section_anchor=rng.choice(["", "sec-1", "sec-2"]),
                submission_key=uuid.uuid4(),
                tracking_digest=uuid.uuid4().hex + uuid.uuid4().hex,
                submitted_at=now - timezone.timedelta(seconds=i),
                consent_publish=True,
                cluster=cluster,
            )
        )
        if len(batch) >= 5000:
            _flush(batch, CommentCluster, Comment)
            batch = []
    if batch:
        _flush(batch, CommentCluster, Comment)
    analyze()

    moderator = staff_user("bench-moderator", roles.COMMENT_MODERATORS)
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
    results, overall = time_views(client, "/admin/comments/", views, 15)
    print(json.dumps({"comments": Comment.objects.count(), "p95_ms_by_view": results, "overall": overall}))


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

    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{code} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _form_token():
    from django.core.signing import JSONSerializer, TimestampSigner

    signer = TimestampSigner(key=BENCH_SECRET, salt="interactions.comment-form", fallback_keys=[])
    return signer.sign_object({"k": str(uuid.uuid4()), "t": time.time() - 60}, serializer=JSONSerializer)


WRK_SCRIPT = r"""
-- One pre-signed form token per request (a token is also the submission's
-- idempotency key, so none may repeat); each wrk thread takes its own file.
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  tokens = {}
  for line in io.lines(args[1] .. "/tokens-" .. id .. ".txt") do table.insert(tokens, line) end
  i = 0
  accepted = 0
  refused = 0
  body_prefix = args[2]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. args[3]
  csrf = args[3]
end
function request()
  i = i + 1
  if i > #tokens then i = #tokens end
  local body = "csrfmiddlewaretoken=" .. csrf .. "&website=&display_name=bench&consent_publish=on&section=&token=" .. tokens[i] .. "&body=" .. body_prefix .. id .. "-" .. i
  return wrk.format(nil, nil, nil, body)
end
function response(status, headers, body)
  if status == 302 and headers["Location"] and string.find(headers["Location"], "/receipt/", 1, true) then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end
function done(summary, latency, requests)
  local a, r, used = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    r = r + t:get("refused")
  end
  io.write(string.format("RESULT accepted=%d refused=%d errors=%d p50=%d p99=%d\n", a, r,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


def _load(base, path, seconds, connections):
    """Post comments with wrk (2 threads, `connections` connections) for
    `seconds`, every request carrying its own signed form token."""
    import re
    import shutil
    import subprocess
    import tempfile
    import urllib.parse
    import urllib.request

    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    # A CSRF cookie and its token (the masked form token is accepted with the cookie's secret).
    with urllib.request.urlopen(base + path, timeout=60) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
        html = response.read().decode()
    csrf_cookie = next(c.split(";", 1)[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken="))
    assert "csrfmiddlewaretoken" in html
    budget = int(seconds * 1500)  # far more than the workers can take: tokens never repeat
    body = urllib.parse.quote(TEXTS[0] + " ")
    with tempfile.TemporaryDirectory() as folder:
        for thread in range(2):
            Path(folder, f"tokens-{thread}.txt").write_text(
                "\n".join(urllib.parse.quote(_form_token()) for _ in range(budget))
            )
        script = Path(folder, "submit.lua")
        script.write_text(WRK_SCRIPT)
        started = time.monotonic()
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{int(seconds)}s",
                "-s",
                str(script),
                base + path + "comment/",
                "--",
                folder,
                body,
                csrf_cookie,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        elapsed = time.monotonic() - started
    found = dict(re.findall(r"(\w+)=(\d+)", out.split("RESULT", 1)[1]))
    counts = {"accepted": int(found["accepted"]), "refused": int(found["refused"]), "errors": int(found["errors"])}
    latency = {"p50_ms": round(int(found["p50"]) / 1000, 2), "p99_ms": round(int(found["p99"]) / 1000, 2)}
    return counts, min(elapsed, seconds), latency


def _backend(label, database_url, scale):
    # Rate limits and the time trap would refuse a load generator on one address;
    # the admin's 2FA would stop the scripted moderator.
    extra = {
        "INTERACTIONS_COMMENT_RATE": "1000000/m",
        "INTERACTIONS_MIN_FILL_SECONDS": "0",
        "BENCH_Q_SYNC": "1",
        "REQUIRE_2FA": "0",
    }
    if database_url:
        env = bench_env(database_url=database_url, **extra)
    else:
        env = bench_env(db_name="comments.sqlite3", **extra)
        for suffix in ["", "-wal", "-shm"]:
            (BENCH_DIR / f"comments.sqlite3{suffix}").unlink(missing_ok=True)
    manage("migrate", "--noinput", "-v0", env=env)
    setup = _python("import bench.bench_comments as b; b.phase_setup()", env)
    seconds = max(5.0, 15.0 * scale)
    with gunicorn(env) as (base, _process):
        _load(base, setup["path"], 2, CLIENTS)  # warm every worker (counted in the rows, subtracted below)
        before = _python("import bench.bench_comments as b; b.phase_count()", env)["rows"]
        counts, elapsed, latency = _load(base, setup["path"], seconds, CLIENTS)
    rows = _python("import bench.bench_comments as b; b.phase_count()", env)["rows"] - before
    result = {
        "submissions_per_s": round(counts["accepted"] / elapsed, 1),
        "accepted": counts["accepted"],
        "refused": counts["refused"],
        "errors": counts["errors"],
        "rows": rows,
        # wrk stops on the clock: requests in flight then are stored but not
        # counted as accepted, so rows may exceed the 302s by at most the
        # number of connections. Lost = accepted answers with no row.
        "lost": max(0, counts["accepted"] - rows),
        "stored_while_stopping": max(0, rows - counts["accepted"]),
        "seconds": round(elapsed, 1),
        "connections": CLIENTS,
        "latency": latency,
    }
    total = max(1000, int(100_000 * scale))
    result["moderation_queue"] = _python(f"import bench.bench_comments as b; b.phase_queue({total})", env)
    return result


def run(scale=1.0):
    results = {"gunicorn_workers": GUNICORN_WORKERS}
    results["sqlite"] = _backend("sqlite", None, scale)
    if recreate_postgres(PG_URL):
        results["postgresql"] = _backend("postgresql", PG_URL, scale)
    else:
        results["postgresql"] = {"skipped": "PostgreSQL not reachable at " + PG_URL}
    return results


if __name__ == "__main__":
    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0), ensure_ascii=False, indent=2))
