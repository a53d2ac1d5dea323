"""Serve the site and one django-q2 worker together for `make run`.

The site runs under gunicorn with the production configuration
(gunicorn.conf.py: threaded workers that survive slow and idle clients), so
what is tried locally is what is deployed. Ctrl-C stops both. Production runs
gunicorn and `manage.py qcluster` as separate services instead (see README)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gunicorn_command(host, port, python=sys.executable):
    """The web server's command line, as README's production section runs it."""
    return [
        python,
        "-m",
        "gunicorn",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"{host}:{port}",
        "config.wsgi",
    ]


def main(host, port):
    python = sys.executable
    env = dict(os.environ)
    worker = subprocess.Popen([python, "manage.py", "qcluster"], cwd=ROOT, env=env)  # noqa: S603
    print(f"\nGongkai is serving on http://{host}:{port}/  (admin: http://{host}:{port}/admin/)", flush=True)
    web = subprocess.Popen(gunicorn_command(host, port, python), cwd=ROOT, env=env)  # noqa: S603
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (web, worker):
            process.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
