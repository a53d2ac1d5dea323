"""Serve the site and one django-q2 worker together for `make run`.

Ctrl-C stops both. Production runs gunicorn and `manage.py qcluster` as
separate services instead (see README)."""

import os
import signal
import subprocess
import sys


def main(host, port):
    python = sys.executable
    env = dict(os.environ)
    worker = subprocess.Popen([python, "manage.py", "qcluster"], env=env)  # noqa: S603
    print(f"\nGongkai is serving on http://{host}:{port}/  (admin: http://{host}:{port}/admin/)", flush=True)
    try:
        web = subprocess.run([python, "manage.py", "runserver", f"{host}:{port}", "--noreload"], env=env, check=False)  # noqa: S603
        return web.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
