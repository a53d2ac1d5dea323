from pathlib import Path

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_required, env_str

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY", "a long random string used to sign sessions")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [
    env_required("ALLOWED_HOSTS", "comma-separated host names this site answers to")
]
REVIEW_SIGNING_KEYS = env_list("REVIEW_SIGNING_KEYS") or [
    env_required("REVIEW_SIGNING_KEYS", "'id:secret' keys that sign review records, newest first")
]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# A malformed key stops the start with a message, not the first review.
from cms.workflow.signing import parse_keys  # noqa: E402

parse_keys(REVIEW_SIGNING_KEYS)

# Logs go to files rotated at midnight as well as the console (GB/T 22239:
# kept, not console only): LOG_DIR (default GONGKAI_VAR_DIR/log), app.log for
# everything, security.log for the `gongkai.security` logger (sign-ins,
# permission changes, exports, backups), LOG_KEEP_DAYS days of each (180).
LOG_DIR = Path(env_str("LOG_DIR", str(VAR_DIR / "log")))
LOG_DIR.mkdir(parents=True, exist_ok=True)
_rotated = {
    "class": "logging.handlers.TimedRotatingFileHandler",
    "when": "midnight",
    "backupCount": int(env_str("LOG_KEEP_DAYS", "180")),
    "encoding": "utf-8",
    "formatter": "timestamped",
}
LOGGING = {
    **LOGGING,
    "formatters": {"timestamped": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "file": {**_rotated, "filename": str(LOG_DIR / "app.log")},
        "security_file": {**_rotated, "filename": str(LOG_DIR / "security.log")},
    },
    "root": {**LOGGING["root"], "handlers": ["console", "file"]},
    "loggers": {
        **LOGGING["loggers"],
        "gongkai.security": {"handlers": ["security_file"], "level": "INFO"},
    },
}
