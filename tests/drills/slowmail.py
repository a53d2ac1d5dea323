"""A mail backend for the worker drill: each message becomes a file in
$GK_DRILL_MAIL_DIR, then the first delivery after the drill starts hangs
for a while, which is when the drill kills the worker."""

import os
import pathlib
import time
import uuid

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        folder = pathlib.Path(os.environ["GK_DRILL_MAIL_DIR"])
        for message in messages:
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
            hang = folder / "hang-once"
            if hang.exists():
                hang.unlink()
                time.sleep(60)
        return len(messages)
