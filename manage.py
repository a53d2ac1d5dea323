#!/usr/bin/env python
import os
import sys

from config.startup import run_management_command

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.exit(run_management_command(sys.argv))
