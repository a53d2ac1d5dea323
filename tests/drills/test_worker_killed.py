"""Worker killed mid-task: a real django-q2 cluster (ORM broker on the test
database) sends review notifications; it is SIGKILLed right after the mail
server took the first message and before the task finished. Started again
with a short retry, django-q2 hands the task out again, and every person
gets exactly one e-mail."""

import email
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from bench.common import ROOT
from cms.workflow.models import ReviewNotification

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def drill_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.drills.worker_settings",
        GK_DRILL_DB_NAME=str(connection.settings_dict["NAME"]),
        GK_DRILL_MAIL_DIR=str(tmp_path),
        Q_TIMEOUT="4",
        Q_RETRY="6",
        PYTHONUNBUFFERED="1",
    )
    return env


def start_cluster(env, log):
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def mails(folder):
    return [email.message_from_bytes(p.read_bytes()) for p in pathlib.Path(folder).glob("*.eml")]


def test_killed_worker_redelivers_without_duplicate_emails(tmp_path):
    users = [get_user_model().objects.create_user(f"reviewer{i}", f"reviewer{i}@example.test", "pw") for i in range(3)]
    ids = [
        ReviewNotification.objects.create(
            event_key="stage:drill", recipient=u, subject=f"请审核 {u.username}", body="drill"
        ).pk
        for u in users
    ]
    env = drill_env(tmp_path)
    (tmp_path / "hang-once").touch()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django_q.tasks import async_task; "
            f"async_task('cms.workflow.notifications.deliver', {ids!r}, task_name='drill-notify')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with open(tmp_path / "cluster.log", "w") as log:
        cluster = start_cluster(env, log)
        try:
            wait_for(lambda: len(mails(tmp_path)) == 1, 60, "the first e-mail")
            time.sleep(0.5)  # inside the slow hand-over now
            os.killpg(cluster.pid, signal.SIGKILL)
            cluster.wait(10)
            assert len(mails(tmp_path)) == 1
            assert ReviewNotification.objects.filter(sent_at__isnull=True).count() >= 2

            cluster = start_cluster(env, log)
            wait_for(lambda: not ReviewNotification.objects.filter(sent_at__isnull=True).exists(), 60, "redelivery")
            time.sleep(1)
        finally:
            if cluster.poll() is None:
                os.killpg(cluster.pid, signal.SIGTERM)
                try:
                    cluster.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(cluster.pid, signal.SIGKILL)
    recipients = sorted(m["To"] for m in mails(tmp_path))
    assert recipients == sorted(u.email for u in users), (tmp_path / "cluster.log").read_text()[-3000:]
