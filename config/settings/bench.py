"""Benchmarks: production-like (DEBUG off, templates cached) on a throwaway
database under var/bench unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import DATABASES, Q_CLUSTER, VAR_DIR
from .env import env_str

DEBUG = False
SECRET_KEY = "bench-only-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BENCH_DIR = VAR_DIR / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = BENCH_DIR / "media"
GONGKAI_DEMO_ALLOWED = True
Q_CLUSTER = {**Q_CLUSTER, "sync": env_str("BENCH_Q_SYNC", "1") == "1"}
if not env_str("DATABASE_URL"):
    DATABASES["default"]["NAME"] = str(BENCH_DIR / env_str("BENCH_DB_NAME", "bench.sqlite3"))
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# A bare view at /bench/bare/ behind the same middleware: the floor every
# throughput figure is compared with.
GONGKAI_BENCH_BARE_VIEW = env_str("GONGKAI_BENCH_BARE_VIEW", "0") == "1"
GONGKAI_PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "600"))
GONGKAI_FRAGMENT_CACHE_SECONDS = int(env_str("FRAGMENT_CACHE_SECONDS", "600"))
GONGKAI_API_CACHE_SECONDS = int(env_str("API_CACHE_SECONDS", str(GONGKAI_FRAGMENT_CACHE_SECONDS)))
CASES_SUBMIT_RATE = env_str("CASES_SUBMIT_RATE", "100000/m")
CASES_MIN_FILL_SECONDS = float(env_str("CASES_MIN_FILL_SECONDS", "3"))
