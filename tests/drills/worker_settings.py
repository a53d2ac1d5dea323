"""Settings for a real django-q2 cluster in the worker drill: the test
settings, but asynchronous, on the database the test is using, with a mail
backend that is slow after handing over each message (so the drill can kill
the worker "after the mail server took it, before the task finished")."""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, Q_CLUSTER

Q_CLUSTER = {**Q_CLUSTER, "sync": False, "workers": 1, "name": "gk-drill"}
DATABASES["default"]["NAME"] = os.environ["GK_DRILL_DB_NAME"]
EMAIL_BACKEND = "tests.drills.slowmail.EmailBackend"
