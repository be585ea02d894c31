"""Settings for First Step, read from the environment (12-factor) with safe development defaults."""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# Under pytest the settings relax only what tests need: a throwaway key and plain static files.
TESTING = "pytest" in sys.modules or env_bool("HELPSEEK_TESTING")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so that it can give staff a tab per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # Every version of what readers see, with who, when and why; compare and revert in the admin.
    "reversion",
    "reversion_compare",
    "guides",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed here, since a load balancer may not do it; static files come compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "guides.middleware.SecurityHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "guides.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "guides.middleware.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "guides.middleware.AuthenticationMiddleware",  # Django's, with the session's account
    "django.contrib.messages.middleware.MessageMiddleware",
    "guides.middleware.AdminRefusalMiddleware",  # a refusal inside the admin stays there
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "guides.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "helpseek.urls"
WSGI_APPLICATION = "helpseek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guides.context_processors.exit_this_page",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Requests must not wait long on a locked SQLite file; PostgreSQL is for real load.
    DATABASES["default"]["OPTIONS"] = {"timeout": 5, "transaction_mode": "IMMEDIATE"}
    # A file, not shared memory, so that concurrent tests wait on SQLite's lock as the site does;
    # one per process, so that test runs side by side do not share it. In RAM (/dev/shm) where
    # there is one: a commit's flush to disk is most of a browser test's database time.
    in_ram = "/dev/shm"  # noqa: S108 (a name made with the process id, for tests only)
    test_dir = Path(in_ram if os.access(in_ram, os.W_OK) else tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {"NAME": str(test_dir / f"helpseek-test-{os.getpid()}.sqlite3")}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif TESTING and DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # A test's commit need not wait for the disk: a crash would lose a test run, not anyone's
    # data. The site itself keeps PostgreSQL's default.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # In the database, so every worker and every instance shares it (sessions are there too).
    # `manage.py createcachetable` makes the table; `make setup` runs it.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
# Each process keeps the anonymous readers' pages and the shared fragments of pages here, with the
# content version in each key (guides.content_cache): a page and its gzipped copy are about 15 KB,
# so at most some 30 MB each.
CACHES["content"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "helpseek-content",
    "TIMEOUT": None,  # until the content version moves, or room is needed
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# Each process looks this often (in seconds) at the shared content version that staff edits move
# (guides.content_version). Tests look each time.
CONTENT_CHECK_SECONDS = 0.0 if TESTING else 1.0

AUTH_USER_MODEL = "guides.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "guides.helpers.hashers.Argon2Hasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # The tests make hundreds of accounts; at Argon2's real cost that is many seconds of CPU.
    # Test servers check these hashes too. tests/accounts/test_password_hashing.py keeps the
    # real hasher and its cost under test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = 15 * 60  # seconds
# How many proxies in front of the site append to X-Forwarded-For (1 behind one TLS proxy): log-in
# failures are counted for the address that many entries from its right (guides.helpers.throttle).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

SESSION_ENGINE = "guides.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 90  # anonymous answers and plans are kept for 90 days
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "guides.views.pages.csrf_failure"

LANGUAGE_CODE = "en"
# A language is named by the address (/es/…, English without a prefix): a third is content (its
# files in content/, its .po file) and a line here, not code.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Translated fields of content (django-modeltranslation): English is the fallback.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Staff see "Title (English)" and "Title (Español)", not "Title [en]".
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = lambda name, code: (  # noqa: E731
    f"{name} ({dict(LANGUAGES)[code]})"
)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            # The manifest storage 404s under runserver and live_server.
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Whitenoise caches hashed names (from {% static %}) for ever, as immutable; any other name
# can change with a deploy, so browsers keep it only for a minute.
WHITENOISE_MAX_AGE = 60 if not DEBUG else 0
# In development and tests, serve straight from the app and static folders, no collectstatic.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# E-mail goes to the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = env_str("EMAIL_HOST")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
        if EMAIL_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
del EMAIL_HOST  # deprecated as a setting in Django 6.1; only MAILERS may hold it
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "First Step <no-reply@localhost>")

SITE_REGION = env_str("SITE_REGION", "INT").upper()
# The site's public address, for links in e-mails sent outside a request (reminders).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# No request leaves the site: everything comes from our own origin, and nothing inline runs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The service worker (/sw.js) and the web app manifest, from our own origin only.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

if not DEBUG:
    # A TLS-terminating proxy sits in front and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SESSION_COOKIE_SECURE = not TESTING
    CSRF_COOKIE_SECURE = not TESTING
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
