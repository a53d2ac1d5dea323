"""Gunicorn settings for Gongkai: `gunicorn -c gunicorn.conf.py config.wsgi`.

Threaded workers (gthread): a connection is handed to a thread only once its
request head has arrived whole, so slow or idle clients wait in the worker's
event loop, not in a thread. Gunicorn's own gthread worker parses the head in
a thread with a blocking socket: two clients sending half a header each took
down a site with two sync workers, and sixteen would take a gthread site with
sixteen threads (tests/drills/test_slow_clients.py opens fifty). The worker
below reads what has arrived without waiting, keeps it on the connection and
gives the thread back until the head is complete, within HEADER_TIMEOUT
seconds of the first byte; after that the client is disconnected. Once the
head is whole, reading the body and writing the response time out after
IO_TIMEOUT seconds without progress.

Run behind a buffering proxy (nginx, docs/operations.md): it absorbs slow
uploads and slow readers, terminates TLS and passes X-Forwarded-*. These
settings are the second line, for a proxy that is missing or misconfigured.

Every value can be changed through the environment (GUNICORN_*,
WEB_CONCURRENCY); `--bind` and the other command-line options still win.
"""

import os
import socket
import time

from gunicorn.workers import gthread


def _env_int(name, default):
    return int(os.environ.get(name, default))


def _env_float(name, default):
    return float(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _env_int("WEB_CONCURRENCY", 2)
threads = _env_int("GUNICORN_THREADS", 16)  # each may hold a database connection
worker_connections = _env_int("GUNICORN_WORKER_CONNECTIONS", 1000)  # open sockets per worker, idle ones included
# Heartbeat: a worker whose event loop stops for this long is restarted.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)  # seconds an idle connection is kept between requests
# Restart each worker after about this many requests: memory stays bounded.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 500)
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Only the proxy on this host may set X-Forwarded-* (SECURE_PROXY_SSL_HEADER trusts it).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Gunicorn 27's control socket (a file under ~/.gunicorn) is not used: systemd
# or the orchestrator sends the signals.
control_socket_disable = True

HEADER_TIMEOUT = _env_float("GUNICORN_HEADER_TIMEOUT", 10)  # first byte to the end of the head
IO_TIMEOUT = _env_float("GUNICORN_IO_TIMEOUT", 30)  # body reads and response writes without progress
# A head larger than this is handed to gunicorn's parser, which refuses it (431/400).
HEAD_LIMIT = limit_request_line + 2 + 64 * 1024


class _TimeoutSocket(socket.socket):
    """A blocking socket with a timeout: gunicorn switches the socket to
    blocking mode (no timeout at all) before it reads the body."""

    __slots__ = ()

    def setblocking(self, flag):
        if flag:
            self.settimeout(IO_TIMEOUT)
        else:
            super().setblocking(False)


def _head_complete(data):
    return b"\r\n\r\n" in data or b"\n\n" in data or len(data) >= HEAD_LIMIT


class BufferedHeadThreadWorker(gthread.ThreadWorker):
    def handle(self, conn):
        if type(conn.sock) is socket.socket:
            conn.sock.__class__ = _TimeoutSocket
        head = conn.__dict__.setdefault("gk_head", bytearray())
        try:
            while len(head) < HEAD_LIMIT:
                chunk = conn.sock.recv(65536, socket.MSG_DONTWAIT)
                if not chunk:
                    return False  # the client went away
                head += chunk
        except (BlockingIOError, InterruptedError):
            pass  # nothing more has arrived yet
        except OSError:
            return False
        now = time.monotonic()
        if head and getattr(conn, "gk_deadline", None) is None:
            conn.gk_deadline = now + HEADER_TIMEOUT
        leftover = conn.parser.unreader.buf.getvalue() if conn.parser is not None else b""
        if not _head_complete(leftover + head):
            if head and now > conn.gk_deadline:
                self.log.debug("Closing a client too slow to send its request head: %s", conn.client)
                return False
            # Back to the event loop until more arrives (gunicorn closes a
            # connection that stays silent for `keepalive` seconds).
            return gthread._DEFER
        conn.gk_deadline = None
        conn.gk_head = bytearray()
        if not conn.initialized:
            conn.init()
        conn.data_ready = True
        if head:
            conn.parser.unreader.buf.seek(0, os.SEEK_END)
            conn.parser.unreader.buf.write(bytes(head))
        return super().handle(conn)


worker_class = BufferedHeadThreadWorker
