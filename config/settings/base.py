"""Settings shared by every environment. Everything an operator may change is
read from the environment; see the configuration table in README.md."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CONFIG_DIR = BASE_DIR / "config"
VAR_DIR = Path(env_str("GONGKAI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A branded, bilingual page that says what to do (cms/errors.py), not Django's bare one.
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"

INSTALLED_APPS = [
    # Our apps first so their templates override those of the libraries.
    "cms",
    "home",
    "policies",
    "briefings",
    "interactions",
    "interactions.cases",
    "search",
    "accountability",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtailmedia",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_q",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes for a lost phone (cms/twofactor).
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail formats times with naturaltime ("3 分钟之前"): its catalogue comes with the app.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages are answered from the cache before anything touches the database.
    "cms.pagecache.PageCacheMiddleware",
    "cms.middleware.DatabaseUnavailableMiddleware",
    # The request's Wagtail Site from a per-process table instead of a query.
    "cms.sitecache.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the session policy, which tells a signed-out user why.
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and absolute lifetime of signed-in sessions (cms/session_policy.py).
    "cms.session_policy.SessionPolicyMiddleware",
    # No authenticated privilege, in the admin or on restricted pages, before
    # the second factor (cms/twofactor/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "cms.twofactor.middleware.RequireVerifiedStaffMiddleware",
    # Second-factor results and admin downloads into the security log (cms/security_audit.py).
    "cms.security_audit.SecurityAuditMiddleware",
    # A page rule refusing a publication is shown in the rule's words.
    "cms.publication_admin.PublicationRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.security.SecurityHeadersMiddleware",
    # Last, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL") or DEFAULT_SQLITE_URL
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env_str("DB_CONN_MAX_AGE", "60")))}
# Check a reused connection before a request uses it, so a database restart
# costs at most one failed request per worker.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the queue worker share
    # the file without "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(env_str("DB_CONNECT_TIMEOUT", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, rate limits and queue broker -----------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gongkai",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gongkai",
        },
        # Rate-limit counters must be shared by every worker process, or each
        # of N workers allows the whole limit: without Redis they live in a
        # database table, created by `migrate` (cms/limits.py).
        "limits": {
            "BACKEND": "cms.limits.SharedCounterCache",
            "LOCATION": "gongkai_limits_cache",
            "KEY_PREFIX": "gongkai",
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        },
    }
RATELIMIT_USE_CACHE = "default" if REDIS_URL else "limits"
RATELIMIT_VIEW = "cms.views.rate_limited"
# Clients are counted by cms/client_address.py (behind PROXY_COUNT proxies;
# an IPv6 /64 as one client).
RATELIMIT_IP_META_KEY = "cms.client_address.client_ip"
# Reverse proxies in front of the app, each appending to X-Forwarded-For
# (0: the header is ignored), and optionally the networks the nearest one
# connects from (docs/security.md#client-addresses-and-rate-limits).
GONGKAI_PROXY_COUNT = int(env_str("PROXY_COUNT", "0"))
GONGKAI_TRUSTED_PROXIES = [entry.strip() for entry in env_str("TRUSTED_PROXIES", "").split(",") if entry.strip()]
# Wagtail's admin password reset and the password forms of restricted pages.
GONGKAI_PASSWORD_RESET_RATE = env_str("PASSWORD_RESET_RATE", "10/h")
GONGKAI_PASSWORD_RESET_EMAIL_RATE = env_str("PASSWORD_RESET_EMAIL_RATE", "3/h")
GONGKAI_PAGE_PASSWORD_RATE = env_str("PAGE_PASSWORD_RATE", "10/h")

# django-q2 runs every background and scheduled job. `retry` must exceed
# `timeout`, otherwise a slow task is handed out twice while still running.
Q_CLUSTER = {
    "name": "gongkai",
    "workers": int(env_str("Q_WORKERS", "2")),
    # Overridable for drills; retry must stay above timeout.
    "timeout": int(env_str("Q_TIMEOUT", "300")),
    "retry": int(env_str("Q_RETRY", "360")),
    "max_attempts": 5,
    "save_limit": 1000,
    "queue_limit": 50,
    "catch_up": False,
    "label": "Task queue",
}
if Q_CLUSTER["retry"] <= Q_CLUSTER["timeout"]:
    raise ValueError("Q_RETRY must be greater than Q_TIMEOUT")
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Wagtail's own jobs (search index, reference index, renditions) go through
# django-tasks; this backend hands them to django-q2 so there is one queue.
TASKS = {"default": {"BACKEND": "cms.taskqueue.DjangoQ2Backend"}}

# --- Internationalisation --------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------
STATIC_ROOT = BASE_DIR / "static"
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic in dev
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads are served only through the app, which checks that a live page (or
# a collection marked public) publishes them (cms/assets, docs/operations.md).
# MEDIA_HANDOFF: "" streams from Django; "x-accel-redirect" (nginx, internal
# location MEDIA_ACCEL_PREFIX) or "x-sendfile" hands the checked file over.
SENDFILE_BACKEND = "cms.assets.sendfile"
GONGKAI_MEDIA_HANDOFF = env_str("MEDIA_HANDOFF", "")
GONGKAI_MEDIA_ACCEL_PREFIX = env_str("MEDIA_ACCEL_PREFIX", "/protected-media/")
# Browsers and a CDN may keep a public file this long (a CDN is purged when it is withdrawn).
GONGKAI_MEDIA_CACHE_SECONDS = int(env_str("MEDIA_CACHE_SECONDS", "300"))
if env_str("MEDIA_S3_BUCKET"):
    # S3-compatible object storage (private bucket): pages link to /media/,
    # the app checks and redirects to a signed address valid MEDIA_S3_SIGNED_SECONDS.
    STORAGES["default"] = {
        "BACKEND": "cms.assets.storage.GatedS3Storage",
        "OPTIONS": {
            "bucket_name": env_str("MEDIA_S3_BUCKET"),
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "querystring_expire": int(env_str("MEDIA_S3_SIGNED_SECONDS", "60")),
        },
    }
    # Citizens' attachments (comments, cases) under private/ in the same
    # bucket: never linked, streamed to staff by the checked download views.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("MEDIA_S3_BUCKET"),
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "location": "private",
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Gongkai 政府信息公开"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# A finished review publishes the exact revision it approved (cms/workflow/publishing.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflow.publishing.publish_approved_revision"
WAGTAIL_MODERATION_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "xls", "zip", "ofd"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every uploaded document downloads as an attachment (never rendered inline,
# not even PDF); Wagtail's serve view adds nosniff and a CSP sandbox.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Briefing recordings: wagtailmedia with WebVTT captions/chapters and a poster (briefings app).
WAGTAILMEDIA = {"MEDIA_MODEL": "briefings.BriefingMedia", "MEDIA_FORM_BASE": "briefings.forms.BriefingMediaForm"}
BRIEFINGS_MEDIA_MAX_UPLOAD_SIZE = int(env_str("BRIEFINGS_MEDIA_MAX_UPLOAD_SIZE", str(500 * 1024 * 1024)))
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Page cache ----------------------------------------------------------------
# Seconds an anonymous page is kept; publishing purges it earlier (cms/pagecache.py).
# Without Redis each process has its own memory cache, which the worker cannot
# purge, so the default is kept short there.
GONGKAI_PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "600" if REDIS_URL else "30"))
# Shared parts of pages (header, navigation, footer, QR code, review record) are
# cached per content generation even for logged-in visitors (cms/fragments.py).
GONGKAI_FRAGMENT_CACHE_SECONDS = int(env_str("FRAGMENT_CACHE_SECONDS", "600" if REDIS_URL else "30"))
# Anonymous API listings (not searches), kept the same way; 0 computes every one.
GONGKAI_API_CACHE_SECONDS = int(env_str("API_CACHE_SECONDS", str(GONGKAI_FRAGMENT_CACHE_SECONDS)))
# A CDN or caching proxy in front is purged through Wagtail's frontend cache.
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
        }
    }

# --- Search -----------------------------------------------------------------
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "database")
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX = env_str("ELASTICSEARCH_INDEX", "gongkai")
if SEARCH_ENGINE in {"elasticsearch9", "opensearch3"}:
    from search.engines import engine_settings

    WAGTAILSEARCH_BACKENDS = {"default": engine_settings(SEARCH_ENGINE, ELASTICSEARCH_URL, ELASTICSEARCH_INDEX)}
elif SEARCH_ENGINE == "database":
    # Chinese-aware: jieba segmentation on SQLite FTS5 / PostgreSQL (search/backends/database.py).
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SEARCH_ENGINE={SEARCH_ENGINE!r} is not supported; use 'database', 'elasticsearch9' or 'opensearch3'."
    )

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Gongkai <noreply@gongkai.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth ---------------------------------------------------------------------
# GB/T 22239 level 3: length, three character classes, no reuse of the last
# five (cms/password_policy.py). Forms validate; set_password() in seeding does not.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(env_str("PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cms.password_policy.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "cms.password_policy.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
]
LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [
    # Refuses logins for a username+address pair after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env_str("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hour
# Locking the pair, never the bare username, means an attacker cannot lock a
# real user out from elsewhere, and an unknown username behaves exactly like a
# known one (no enumeration).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The same client address as rate limits and reports (cms/client_address.py).
AXES_CLIENT_IP_CALLABLE = "cms.client_address.client_key"
AXES_VERBOSE = False

# Two-factor authentication (TOTP) for everyone with admin access. It is on by
# default; the development settings turn it off so the demo logins work as
# printed, and the tests switch it on where they check it.
GONGKAI_REQUIRE_2FA = env_bool("REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Gongkai"
# A first authenticator is enrolled only in the account's first session within
# this many hours of its creation, or through an administrator's single-use
# enrolment link valid this long (cms/twofactor/models.py).
GONGKAI_2FA_FIRST_LOGIN_HOURS = float(env_str("TWOFACTOR_FIRST_LOGIN_HOURS", "72"))
GONGKAI_2FA_LINK_HOURS = float(env_str("TWOFACTOR_LINK_HOURS", "72"))

# Signed-in sessions end after this long without activity, and this long after
# sign-in whatever happens (cms/session_policy.py).
GONGKAI_SESSION_IDLE_MINUTES = float(env_str("SESSION_IDLE_MINUTES", "30"))
GONGKAI_SESSION_MAX_HOURS = float(env_str("SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = int(GONGKAI_SESSION_MAX_HOURS * 3600)

# Confidentiality review records are signed with these keys, not SECRET_KEY
# ("id:secret", newest first; older ones only verify). cms/workflow/signing.py,
# docs/security.md "Keys and their rotation". Production requires them.
REVIEW_SIGNING_KEYS = env_list("REVIEW_SIGNING_KEYS")

# `manage.py backup` encrypts with this (Fernet keys, comma-separated, newest
# first; all decrypt) and refuses to write a backup without it (cms/backup.py).
BACKUP_ENCRYPTION_KEY = env_str("BACKUP_ENCRYPTION_KEY")

# Security log entries (sign-ins, permission changes, exports, backups) are
# kept this many days, never fewer than 180 (网络安全法第二十一条; cms/security_audit.py).
AUDIT_RETENTION_DAYS = int(env_str("AUDIT_RETENTION_DAYS", "365"))

# --- Security defaults (production tightens these) ---------------------------
# Extra origins allowed in <iframe> embeds (video platforms editors may embed).
GONGKAI_CSP_FRAME_SRC = env_list("CSP_FRAME_SRC")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "jieba": {"level": "WARNING"},
        "django-q": {"level": "WARNING"},
    },
}

JIEBA_CACHE_DIR = VAR_DIR / "jieba"
GONGKAI_SECTIONS_LABEL = _("Sections")

# --- Consultations and citizen comments (interactions) -----------------------
INTERACTIONS_COMMENT_RATE = env_str("INTERACTIONS_COMMENT_RATE", "5/m")
INTERACTIONS_MIN_FILL_SECONDS = float(env_str("INTERACTIONS_MIN_FILL_SECONDS", "3"))
INTERACTIONS_SENSITIVE_WORDS = env_list("INTERACTIONS_SENSITIVE_WORDS")
INTERACTIONS_SIMILARITY_THRESHOLD = 0.6
INTERACTIONS_REPORTS_TO_HIDE = 3
INTERACTIONS_PRIVATE_ROOT = Path(env_str("INTERACTIONS_PRIVATE_ROOT", str(VAR_DIR / "private-uploads")))

# --- Accountability: monitoring, supervision, social evaluation (accountability) ---
ACCOUNTABILITY_OUTCOME_DAYS = int(env_str("ACCOUNTABILITY_OUTCOME_DAYS", "30"))
ACCOUNTABILITY_SURVEY_RATE = env_str("ACCOUNTABILITY_SURVEY_RATE", "5/10m")
ACCOUNTABILITY_SURVEY_MIN_SECONDS = float(env_str("ACCOUNTABILITY_SURVEY_MIN_SECONDS", "3"))
