"""Public-site throughput against a bare Django view in the same run.

Starts gunicorn (4 workers as deployed, the same settings for every figure) on 127.0.0.1
over a demo site enlarged with bulk policies and 1,000 published comments on
one consultation, and drives it with `wrk` (bounded: a few seconds per URL,
loopback only). Every figure is given absolutely and as a ratio to the
bare view `/bench/bare/`, which passes through the same middleware.

Three gunicorn runs: page cache on (anonymous visitors as in production, API
listings from their response cache); page cache and API response cache off
(every request rendered or serialised; shared fragments, the site and route
tables as in production); and every cache off, for comparison."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BENCH_DIR, GUNICORN_WORKERS, PYTHON, bench_env, gunicorn, manage  # noqa: E402

DURATION = os.environ.get("BENCH_WRK_DURATION", "5s")
CONNECTIONS = 16
COMMENTS = 1000
NEVER_CACHED = {"search", "api_listing", "consultation_1000_comments"}
EXTRA_POLICIES = 2000


def _wrk(url, duration=DURATION):
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": round(rps, 1),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def prepare(extra_policies, comments):
    """Runs in a Django process: enlarge the demo site, return the URLs to measure."""
    import django

    django.setup()
    import secrets
    import uuid

    from django.utils import timezone

    from bench.fill import analyze, bulk_policies
    from briefings.models import BriefingPage
    from cms.models import Department
    from interactions.models import Comment, ConsultationPage
    from policies.models import InterpretationIndexPage, InterpretationPage, PolicyIndexPage, PolicyPage

    index = PolicyIndexPage.objects.get(locale__language_code="zh-hans")
    departments = list(Department.objects.filter(locale__language_code="zh-hans"))
    interpretations = InterpretationIndexPage.objects.get(locale__language_code="zh-hans")
    bulk_policies(index, extra_policies, departments, interpretation_index=interpretations)
    now = timezone.now()

    consultation = (
        ConsultationPage.objects.live().filter(locale__language_code="zh-hans").order_by("-closes_at").first()
    )
    Comment.objects.bulk_create(
        [
            Comment(
                page=consultation,
                body=f"关于第{i}条的意见：建议进一步明确养犬登记的办理时限。",
                public_body=f"关于第{i}条的意见：建议进一步明确养犬登记的办理时限。",
                status=Comment.PUBLISHED,
                consent_publish=True,
                submission_key=uuid.uuid4(),
                tracking_digest=secrets.token_hex(32),
                submitted_at=now,
            )
            for i in range(comments)
        ],
        batch_size=500,
    )
    analyze()
    policy = PolicyPage.objects.live().filter(locale__language_code="zh-hans", interpretations__isnull=False).first()
    department = departments[0]
    return {
        "home": "/",
        "policy_index_filtered": f"{index.url}?department={department.code}",
        "policy": policy.url,
        "interpretation": InterpretationPage.objects.live().filter(locale__language_code="zh-hans").first().url,
        "briefing": BriefingPage.objects.live().filter(locale__language_code="zh-hans").first().url,
        "consultation_1000_comments": consultation.url,
        "search": "/search/?q=%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80",
        "api_listing": "/api/v2/pages/?type=policies.PolicyPage&limit=20",
    }


def _rss_mb(master):
    children = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return round(max(sizes), 1) if sizes else None


def measure(env, urls):
    figures = {}
    with gunicorn(env) as (base, master):
        for _ in range(2):  # warm every worker's caches and connections
            for path in ["/bench/bare/", *urls.values()]:
                subprocess.run(["wrk", "-t1", "-c2", "-d1s", base + path], capture_output=True)
        floor = _wrk(base + "/bench/bare/")
        figures["bare_view"] = floor
        for name, path in urls.items():
            result = _wrk(base + path)
            result["ratio_to_bare"] = round(result["rps"] / floor["rps"], 3)
            figures[name] = result
        figures["worker_rss_mb"] = _rss_mb(master)
    return figures


def run(scale=1.0):
    env = bench_env(
        db_name="bench_site.sqlite3",
        SEARCH_ENGINE="database",
        BENCH_Q_SYNC="1",
        GONGKAI_BENCH_BARE_VIEW="1",
        INTERACTIONS_COMMENT_RATE="100000/m",
    )
    sqlite_file = BENCH_DIR / "bench_site.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(sqlite_file) + suffix).unlink(missing_ok=True)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo", env=env, capture=True)
    out = subprocess.run(
        [
            PYTHON,
            str(Path(__file__)),
            "prepare",
            str(int(EXTRA_POLICIES * scale)),
            str(max(100, int(COMMENTS * scale))),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    urls = json.loads(out.stdout.strip().splitlines()[-1])
    cached = measure({**env, "PAGE_CACHE_SECONDS": "600"}, urls)
    # "Uncached": every request rendered or serialised (no page cache, no API
    # response cache), fragments on as in production. "No caches": fragments
    # off too, for comparison.
    uncached = measure({**env, "PAGE_CACHE_SECONDS": "0", "API_CACHE_SECONDS": "0"}, urls)
    no_caches = measure({**env, "PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"}, urls)
    targets = {
        # Search results and the consultation page (its comment form carries a
        # CSRF token) are never cached, by rule; the API is not a page.
        "cached_pages_ratio_ge_0.85": min(cached[k]["ratio_to_bare"] for k in urls if k not in NEVER_CACHED) >= 0.85,
        "uncached_policy_ratio_ge_0.05": uncached["policy"]["ratio_to_bare"] >= 0.05,
        "api_listing_ratio_ge_0.05": uncached["api_listing"]["ratio_to_bare"] >= 0.05,
        "worker_rss_le_200mb": max(run["worker_rss_mb"] or 0 for run in (cached, uncached, no_caches)) <= 200,
    }
    return {
        "database": "sqlite",
        "wrk": {"duration": DURATION, "connections": CONNECTIONS, "threads": 2},
        "gunicorn": {"workers": GUNICORN_WORKERS},
        "cached": cached,
        "uncached": uncached,
        "no_caches": no_caches,
        "targets_met": targets,
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "prepare":
        print(json.dumps(prepare(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0), ensure_ascii=False, indent=2))
