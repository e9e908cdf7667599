"""Settings for the township congress platform.

Every setting that differs between a laptop and a server is read here, from
the environment, and nowhere else. `make run` sets DJANGO_DEBUG=1; a server
sets SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see README.md).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))
TESTING = "pytest" in sys.modules


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set when DJANGO_DEBUG is off (see README.md)."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG")

if DEBUG or TESTING:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-development-key-never-used-in-production"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    SECRET_KEY = required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or required("ALLOWED_HOSTS").split(",")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "congress",
    "deputies",
    "suggestions",
    "livelihood",
    "office",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "congress.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congress.language.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whose records the request sees, and the /t/<slug>/ prefix of a township's public pages.
    "congress.middleware.TownshipScopeMiddleware",
    # Before any view or CSRF check reads the body: refuses what is too large to read at all.
    "congress.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An account signed in with its slip's one-time password chooses its own before anything else.
    "congress.accounts.signin.PasswordChangeRequiredMiddleware",
    # After authentication, so that it knows who is signed in (congress/middleware.py).
    "congress.middleware.SignedInNoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # No simple_history HistoryRequestMiddleware: who acted is passed explicitly (services' actor=,
    # the admin's save_model/save_formset/delete hooks in congress/admin_history.py), not a thread-local.
    "congress.middleware.DatabaseUnavailableMiddleware",
    # Last: turns a lockout flagged during sign-in into the sign-in page with the lockout message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "office.urls"
WSGI_APPLICATION = "congress.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congress.context_processors.platform",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # SQLite builds the covering indexes of the year's figures without their extra columns: fine on a laptop.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in: django-axes locks a username on one address after repeated failures
# (congress/signin.py renders the sign-in page with the reason).
# Accounts the office runs (congress/accounts/signin.py): a disabled account or a deputy who has
# left office is told why at sign-in, and an open session of one ends at its next request.
AUTHENTICATION_BACKENDS = [
    "congress.signin.LockoutBackend",
    "congress.accounts.signin.AccountBackend",
]
# Failures and lockouts are kept in the database, which every gunicorn worker shares (never in a
# worker's own cache, where a lockout would hold in one worker only and fall out when pages fill it).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Further attempts while locked out do not extend the lockout: it ends when the page says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "congress.signin.lockout_response"
# Axes' admin pages are registered by congress/admin.py, with the platform's guards (congress/admin_guard.py).
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Behind N reverse proxies (each appending to X-Forwarded-For) the client's address is the
# N-th from the right; without a proxy only REMOTE_ADDR counts (a client cannot pick its own).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "congress.signin.client_ip"
AXES_USERNAME_CALLABLE = "congress.signin.client_username"

if TESTING:
    # Hashing with the production cost makes every test user take a second to create.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Chinese first; English available through the language switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# The templates' catalog, then the Chinese the libraries lack (django_overrides/README.md).
FORMAT_MODULE_PATH = ["congress.formats"]  # 12月19日 and Dec 19 (congress/formats/__init__.py)
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "django_overrides" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads (congress/uploads.py): a request's body is refused unread above these sizes (413), and each
# file stops being kept at its field's limit while it is read (8 MB a photo, 20 MB an attachment).
# The reverse proxy's own limit (nginx: client_max_body_size) should be UPLOAD_MAX_REQUEST_MB.
UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("UPLOAD_MAX_REQUEST_MB", "100")) * 1024 * 1024
UPLOAD_MAX_REQUEST_BYTES_ANONYMOUS = (
    int(os.environ.get("UPLOAD_MAX_REQUEST_MB_ANONYMOUS", "10")) * 1024 * 1024
)
FILE_UPLOAD_HANDLERS = [
    "congress.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing writes records: only users who may add them (not view-only presidium members). Exporting reads.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "renda@township.local")

# Served over HTTPS behind a reverse proxy in production.
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A sign-in lasts at most SESSION_COOKIE_AGE seconds and ends when the browser closes
# (township offices share computers).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
# Shared state (the page cache, sessions, the rate limits) lives where every app server sees it.
# Without REDIS_URL (one machine): sessions in the database alone (not cached_db: with a cache per
# worker, signing out in one worker would leave the session alive in another worker's copy), the
# page cache per worker (correct across workers through the data version, congress/cache.py), the
# rate limits in the database (congress/limits.py). With REDIS_URL (several app servers, or a
# faster single one): the cache is Redis, shared by every worker of every server, and sessions are
# cached_db (read from Redis, written through to the database, deleted from both on sign-out).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "renda")

# The limits per client address (the opinion form, the lookup: congress/limits.py) count in a store
# every worker shares, apart from the page cache: the database, or a class of the same three methods.
RATE_LIMIT_STORE = os.environ.get(
    "RATE_LIMIT_STORE",
    "congress.limits.RedisCounterStore" if REDIS_URL else "congress.limits.DatabaseCounterStore",
)


def redis_location(url: str) -> str:
    """The Redis URL; under pytest each xdist worker uses a database of its own above it (tests flush theirs)."""
    if not TESTING:
        return url
    from urllib.parse import urlsplit, urlunsplit

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + 1 + int(worker.removeprefix('gw') or 0)}"))


if REDIS_URL:
    # The rate limits' counters (congress.limits.RedisCounterStore) live in the same Redis.
    RATE_LIMIT_REDIS_URL = redis_location(REDIS_URL)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_location(REDIS_URL),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 600,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # The signed-in account with its roles and permissions, kept in Redis (congress/accounts/who.py).
    SIGNED_IN_CACHE = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "2000"))},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # A worker could not tell the others that an account changed: read it on every request.
    SIGNED_IN_CACHE = False

# Content-Security-Policy (django-csp 4): everything is vendored and served by us, and no
# template has inline scripts or style attributes, so no 'unsafe-inline' anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}
# Browser features the platform never uses.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)
