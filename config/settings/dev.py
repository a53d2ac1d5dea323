from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine on a developer's laptop and nowhere else.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo logins printed by `make run` work without an authenticator app;
# set REQUIRE_2FA=1 to try the production behaviour.
GONGKAI_REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
