"""Production: every secret and host comes from the environment.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma-separated), DATABASE_URL.
Optional: DJANGO_CSRF_TRUSTED_ORIGINS, SUTURA_HSTS_SECONDS (default one year),
EMAIL_URL-style settings through EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER /
EMAIL_HOST_PASSWORD; SUTURA_STATIC_ROOT, SUTURA_MEDIA_ROOT, SUTURA_FILE_STORAGE(_OPTIONS).
docs/deployment.md is the whole set-up.
"""

import json
import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SUTURA_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SUTURA_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = os.environ.get("SUTURA_HSTS_PRELOAD", "true").lower() == "true"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"

# --- Sign-in security (issue 13) ---
# Users whose roles see personal data (and staff) must set up two-factor login at their next
# login. Behind a reverse proxy, list it in SUTURA_TRUSTED_PROXIES (addresses or networks,
# comma-separated) so that throttling and the audit log see the real client address in
# SUTURA_CLIENT_IP_HEADER (X-Forwarded-For by default); without it they see the proxy's.
SUTURA_TWO_FACTOR = os.environ.get("SUTURA_TWO_FACTOR", "personal_data")
# --- Database roles, audit chain and backups (issue 13) ---
# DATABASE_URL is the app's role; set DATABASE_OWNER_URL to the role that owns the tables
# (used only by `manage.py migrate`, `backup` and `restore`): the app's role then gets INSERT
# and SELECT only on the audit log. SUTURA_BACKUP_KEY is needed by `backup`/`restore` only;
# keep it out of the web server's environment. See docs/audit-and-backups.md.
# --- Production path: static files, uploaded files, server (issue 13) ---
# collectstatic writes here (the reverse proxy may serve it, WhiteNoise does otherwise).
STATIC_ROOT = Path(os.environ.get("SUTURA_STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
MEDIA_ROOT = Path(os.environ.get("SUTURA_MEDIA_ROOT", str(MEDIA_ROOT)))  # noqa: F405


def _file_storage() -> dict[str, Any]:
    """Uploaded files go through Django's storage API only, so their home is a setting: the
    local disk by default, or e.g. S3-compatible storage with django-storages installed:
    SUTURA_FILE_STORAGE=storages.backends.s3.S3Storage
    SUTURA_FILE_STORAGE_OPTIONS='{"bucket_name": "sutura-files", "endpoint_url": "https://…"}'
    (credentials from the library's own variables, e.g. AWS_ACCESS_KEY_ID)."""
    backend = os.environ.get("SUTURA_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
    try:
        options = json.loads(os.environ.get("SUTURA_FILE_STORAGE_OPTIONS", "") or "{}")
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"SUTURA_FILE_STORAGE_OPTIONS is not JSON: {error}") from error
    if not isinstance(options, dict):
        raise ImproperlyConfigured("SUTURA_FILE_STORAGE_OPTIONS must be a JSON object.")
    return {"BACKEND": backend, "OPTIONS": options}


STORAGES = {
    "default": _file_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are for developers' tools: served as they are, not compressed at collectstatic
# (compressing the API docs' maps took most of its time).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"),
    *("mpeg", "mpg", "webm", "wmv", "map"),
)
