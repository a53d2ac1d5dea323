"""Run every benchmark module (bench/bench_*.py) and write bench/results.json.

Each module exposes `run(scale) -> dict`. BENCH_SCALE (default 1.0) shrinks
data sets for a quick look; the figures in docs/performance.md use 1.0.
Benchmarks build their own databases under var/bench and never touch the
development database."""

import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def machine():
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def main(argv):
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    only = set(argv[1:])
    modules = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    results = {"machine": machine(), "scale": scale, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "benchmarks": {}}
    failed = False
    for name in modules:
        short = name.removeprefix("bench_")
        if only and short not in only:
            continue
        print(f"== {short}", flush=True)
        started = time.perf_counter()
        try:
            figures = importlib.import_module(f"bench.{name}").run(scale)
            status = "ok"
        except Exception:
            figures = {"error": traceback.format_exc()}
            status = "error"
            failed = True
        results["benchmarks"][short] = {"status": status, "seconds": round(time.perf_counter() - started, 1), **figures}
        print(json.dumps(results["benchmarks"][short], ensure_ascii=False, indent=2), flush=True)
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"wrote {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
