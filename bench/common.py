"""Small helpers shared by the benchmarks."""

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
    return subprocess.run(  # noqa: S603
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
    process = subprocess.Popen(  # noqa: S603
        [
            PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--log-level", "warning",
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
