"""Slow and idle clients do not take the site down.

The real web server, started the way README's production command and
`make run` start it (scripts/serve.py: gunicorn with gunicorn.conf.py), with
two workers of four threads each, fewer threads than attackers. Fifty
connections are opened to it: half send a request head one byte at a time,
half send nothing. While all fifty are open, /healthz keeps answering 200
within a second, request after request. A client still trickling its head
after GUNICORN_HEADER_TIMEOUT is disconnected; an idle one after `keepalive`.
Loopback only, a few seconds."""

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import time

import pytest
from django.db import connection

from bench.common import PYTHON, ROOT, free_port

pytestmark = [pytest.mark.drill, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

_spec = importlib.util.spec_from_file_location("gk_serve", ROOT / "scripts" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)


def server_env(**extra):
    """The test settings on this test's (committed) database, in a subprocess."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.drills.worker_settings",
        GK_DRILL_DB_NAME=str(connection.settings_dict["NAME"]),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
        GUNICORN_LOG_LEVEL="warning",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def web_server(env):
    port = free_port()
    process = subprocess.Popen(
        serve.gunicorn_command("127.0.0.1", port, PYTHON), cwd=ROOT, env=env, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # both workers booted and answering
            assert process.poll() is None, "gunicorn exited"
            with contextlib.suppress(OSError):
                if all(get(port, timeout=1)[0] == 200 for _ in range(4)):
                    break
            time.sleep(0.2)
        yield port, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def get(port, path="/healthz", host="127.0.0.1", timeout=2.0):
    """(status, seconds) of one GET on a fresh connection."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while b"\r\n" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0
    return status, time.monotonic() - started


def is_open(sock):
    """The server has not closed this connection (no EOF waiting on it)."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)


def test_health_answers_while_fifty_slow_clients_are_open(home):
    env = server_env(GUNICORN_HEADER_TIMEOUT="60", GUNICORN_KEEPALIVE="60")
    with web_server(env) as (port, _process):
        assert get(port)[0] == 200
        trickling = [socket.create_connection(("127.0.0.1", port)) for _ in range(25)]
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(25)]
        head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        try:
            answers = []
            for step in range(24):  # about six seconds
                for sock in trickling:
                    sock.sendall(head[step : step + 1] if step < len(head) else b"a")
                answers.append(get(port))
                time.sleep(0.25)
            still_open = sum(is_open(sock) for sock in trickling + idle)
        finally:
            for sock in trickling + idle:
                sock.close()
    statuses = [status for status, _ in answers]
    slowest = max(seconds for _, seconds in answers)
    assert statuses == [200] * len(answers), statuses
    assert slowest < 1.0, f"/healthz took {slowest:.2f} s with fifty slow clients open"
    assert still_open == 50  # the attackers were really connected the whole time


def test_a_client_too_slow_with_its_head_is_disconnected(home):
    env = server_env(GUNICORN_HEADER_TIMEOUT="1.5", GUNICORN_KEEPALIVE="2")
    with web_server(env) as (port, _process):
        slow = socket.create_connection(("127.0.0.1", port))
        silent = socket.create_connection(("127.0.0.1", port))
        try:
            started = time.monotonic()
            for byte in b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n":
                if not is_open(slow):
                    break
                with contextlib.suppress(OSError):
                    slow.sendall(bytes([byte]))
                time.sleep(0.2)
                if time.monotonic() - started > 6:
                    break
            slow_closed_after = time.monotonic() - started
            assert not is_open(slow), "a client trickling its head is never disconnected"
            assert slow_closed_after < 5
            silent.settimeout(6)
            assert silent.recv(1) == b""  # idle: closed after keepalive, without a thread
            assert get(port)[0] == 200
        finally:
            slow.close()
            silent.close()
