"""Small helpers shared by the benchmarks."""

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Where config.settings.bench keeps the benchmark databases (GONGKAI_VAR_DIR/bench).
BENCH_DIR = Path(os.environ.get("GONGKAI_VAR_DIR") or ROOT / "var") / "bench"
# The web tier as README.md and docs/operations.md deploy it: 4 sync workers.
GUNICORN_WORKERS = 4


def percentile(values, pct):
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lower, upper = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (k - lower)


def summarise_ms(seconds):
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def bench_env(database_url=None, db_name=None, **extra):
    """Environment for a benchmark subprocess using config.settings.bench."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    if database_url:
        env["DATABASE_URL"] = database_url
    if db_name:
        env["BENCH_DB_NAME"] = db_name
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args, env, check=True, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=capture, text=True
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env, workers=GUNICORN_WORKERS, port=None, threads=1):
    """Serve config.wsgi with gunicorn on 127.0.0.1 for the duration of the block."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("gunicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def recreate_postgres(url):
    """Drop and create the database of `url`; False when PostgreSQL is not reachable."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return False
    return True


def time_views(client, url, views, renders):
    """p95 per view (GET `url` with each view's parameters, `renders` times
    after one warm-up) and a summary of every timing."""
    results, every = {}, []
    for name, params in views.items():
        assert client.get(url, params).status_code == 200  # warm
        timings = []
        for _ in range(renders):
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        results[name] = summarise_ms(timings)["p95_ms"]
        every += timings
    return results, summarise_ms(every)


def run_worker(script, *args, env):
    """Migrate the benchmark database, run `script worker *args` in a fresh
    Django process, return the JSON it prints last."""
    manage("migrate", "--noinput", "-v0", env=env)
    out = subprocess.run(
        [PYTHON, str(script), "worker", *map(str, args)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])
