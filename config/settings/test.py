from .base import *  # noqa: F403
from .base import Q_CLUSTER, VAR_DIR
from .env import env_str

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
# Tasks run synchronously inside the test, through the real django-q2 glue.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongkai-test",
    }
}
# Rate limits count in the same local-memory cache (tests clear it); the
# shared database counters are tested in tests/security/test_shared_limits.py
# and across two real workers in tests/drills/test_limits_two_workers.py.
RATELIMIT_USE_CACHE = "default"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file-backed test database lets --reuse-db skip rebuilding it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STATIC_ROOT = VAR_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
GONGKAI_DEMO_ALLOWED = True

# Most tests change content and read it straight back; the page-cache tests
# switch the cache on themselves.
GONGKAI_PAGE_CACHE_SECONDS = 0
# Fragments (and the per-process site/route tables) are off unless a run asks
# for them: `FRAGMENT_CACHE_SECONDS=300 make test` runs the suite the way
# production renders (tests/conftest.py then starts each test afresh).
GONGKAI_FRAGMENT_CACHE_SECONDS = int(env_str("FRAGMENT_CACHE_SECONDS", "0"))
GONGKAI_API_CACHE_SECONDS = GONGKAI_FRAGMENT_CACHE_SECONDS

# Django's test client logs in without a request, which django-axes refuses;
# the lockout tests switch axes on themselves. 2FA likewise.
AXES_ENABLED = False
GONGKAI_REQUIRE_2FA = False
