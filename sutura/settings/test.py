"""Test settings: PostgreSQL (DATABASE_URL or the embedded server), fast hashing."""

import os

from sutura import embedded_db

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, VAR_DIR

# Tests build their own databases (and the app's role, where they test it): they connect as the
# owner, or as the embedded server's superuser, through a single alias.
DATABASES = {"default": dict(DATABASES.get("owner", DATABASES["default"]))}
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["USER"] = embedded_db.SUPERUSER

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
# No cache between tests (a figure counted in one test must not show in the next); the tests
# of what is cached switch a local-memory cache on (`people/tests/test_indicators.py`).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# A test's commit need not survive a crash of the server: not waiting for each commit to reach
# the disk makes what commits often cheap (migrations, a transactional test's flush and the
# rows the apps put back after it, the browser tests' live server).
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"]["options"] = " ".join(
    filter(None, [DATABASES["default"]["OPTIONS"].get("options"), "-c synchronous_commit=off"])
)
# Refused and missing pages are what many tests ask for (the URL matrix alone some 33,000):
# Django's warning for each 4xx, a traceback with each 403, filled failing tests' output and
# cost the matrix a twentieth of its time. Server errors (5xx) are still logged.
assert "loggers" not in LOGGING  # noqa: S101 - base.py configures the root logger only
LOGGING = {**LOGGING, "loggers": {"django.request": {"level": "ERROR"}}}
