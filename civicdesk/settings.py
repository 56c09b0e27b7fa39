"""CivicDesk settings, read from the environment.

Development defaults need nothing set. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL (PostgreSQL) and, when scaling out, REDIS_URL.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from civicdesk.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# CIVICDESK_ENV=production turns on every deployment safeguard (`manage.py check --deploy` is clean).
PRODUCTION = env_str("CIVICDESK_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "civicdesk-development-only-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when CIVICDESK_ENV=production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links in messages point at the running server: `make run` serves on $PORT.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:" + env_str("PORT", "8000"))

INSTALLED_APPS = [
    "civicdesk.accounts.apps.StaffAdminConfig",  # django.contrib.admin, with the two-factor admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "civicdesk.accounts",
    "civicdesk.departments",
    "civicdesk.catalog",
    "civicdesk.routing",
    "civicdesk.service_requests",
    "civicdesk.notifications",
    "civicdesk.integrations",
    "civicdesk.open311",
    "civicdesk.opendata",
    "civicdesk.demo",
    "civicdesk.portal",
    "civicdesk.console",
    "civicdesk.contacts",
    "civicdesk.intake",
    "civicdesk.intake.chat",
    "civicdesk.intake.social",
    "civicdesk.intake.email.apps.EmailChannelConfig",
    "anymail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "civicdesk.accounts.middleware.StaffSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# The Open311 API's documents as served (civicdesk.asgi.APIHandler): MIDDLEWARE less what only the pages use (no
# session, signed-in user, CSRF token, messages or static files there). Derived, so middleware added above reaches
# the API too unless it is named here.
PAGES_ONLY_MIDDLEWARE = {
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "civicdesk.accounts.middleware.StaffSessionTimeoutMiddleware",
}
API_MIDDLEWARE = [name for name in MIDDLEWARE if name not in PAGES_ONLY_MIDDLEWARE]

ROOT_URLCONF = "civicdesk.urls"
WSGI_APPLICATION = "civicdesk.wsgi.application"
ASGI_APPLICATION = "civicdesk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "civicdesk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "civicdesk.portal.context_processors.city",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite (embedded default): WAL so readers never block the writer, a busy timeout, and
# IMMEDIATE transactions so concurrent writers queue instead of failing with "database is locked".
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'civicdesk.sqlite3'}")
# DB_HEALTH_CHECKS: a connection is tested with one round trip before a request uses it: each one taken from the pool,
# or (DB_POOL=0) one kept from an earlier request by CONN_MAX_AGE. Django does not test a pooled connection an API
# thread keeps (API_CONNECTION_MAX_AGE): after a database restart the first API request on each fails, and the
# thread takes a new one.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
                                              conn_health_checks=env_bool("DB_HEALTH_CHECKS", False))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The open-requests location index INCLUDEs the id for PostgreSQL's index-only scans; SQLite builds it
    # without that column, which is all W040 says.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
            " PRAGMA foreign_keys=ON;"
        ),
    }
elif env_bool("DB_POOL", True):
    # Connections come from psycopg's pool (which needs CONN_MAX_AGE 0): the web process's threads, the chat's
    # database calls and the worker share a few open connections instead of holding one each.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 2), "max_size": env_int("DB_POOL_MAX", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

# --- Staff sign-in: password, then a TOTP code (django-otp); lockouts and timeouts -----------------
SIGN_IN_MAX_FAILURES = env_int("SIGN_IN_MAX_FAILURES", 5)  # failed passwords or codes for one username...
SIGN_IN_FAILURE_WINDOW_MINUTES = env_int("SIGN_IN_FAILURE_WINDOW_MINUTES", 15)  # ...within this window...
SIGN_IN_LOCKOUT_MINUTES = env_int("SIGN_IN_LOCKOUT_MINUTES", 15)  # ...lock its sign-in for this long
STAFF_IDLE_TIMEOUT_MINUTES = env_int("STAFF_IDLE_TIMEOUT_MINUTES", 30)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 12)
# django-otp's per-device throttle is off: the lockout above already limits guesses, in the database
# every worker shares, and a throttled code would be refused without saying why.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key or QR code

# --- Background work: Django's Tasks API (django-tasks backport) ------------------------------
REDIS_URL = env_str("REDIS_URL")
TASK_BACKEND = env_str("TASK_BACKEND", "") or "database"  # empty (as .env templates leave it) means the default
# Each TASK_BACKEND's class; `manage.py run_task_worker` and the tests name them from here too.
TASK_BACKEND_CLASSES = {
    "database": "civicdesk.task_database.DatabaseBackend",  # django-tasks-db's, with a quicker INSERT
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in TASK_BACKEND_CLASSES:
    raise ImproperlyConfigured(f"TASK_BACKEND must be database, rq or immediate, not {TASK_BACKEND!r}.")
if TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL.")
    # django_rq: RQ's queues and its `rqworker` command, which `manage.py run_task_worker` starts.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
TASKS: dict[str, dict[str, object]] = {"default": {"BACKEND": TASK_BACKEND_CLASSES[TASK_BACKEND]}}
if TASK_BACKEND != "immediate":
    TASKS["default"]["QUEUES"] = ["default"]

# Web chat (civicdesk/intake/chat): one process keeps its sockets in memory; several share them through Redis.
CHANNEL_LAYERS = (
    {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}}
    if REDIS_URL else {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
)
# Threads per web process that run the Open311 API's views (civicdesk/asgi.py); each holds at most one database
# connection. Several let one process answer while another request waits (the default: one process, `make run`);
# to scale out, run one process per core with 1 thread each: threads of one process share one core, and on two
# cores (bench/open311_http.py) 1 thread per process answered 205 API pages/s, 2 threads 177/s, 4 threads 139/s.
# 0: the API's requests run on the process's event loop thread itself, one at a time, with no hand-off to a thread
# and back (for processes that serve mostly the API; their pages and chat wait while an API request runs).
WEB_THREADS = env_int("WEB_THREADS", 4)
if WEB_THREADS < 0:
    raise ImproperlyConfigured(f"WEB_THREADS must be 0 or more, not {WEB_THREADS}.")
# Seconds a thread running the API (above; the event loop's thread with 0) keeps its pooled PostgreSQL connection
# between requests instead of handing it back after each: those threads live as long as the process, unlike the
# ASGI handler's thread per page request, which give theirs back. 0: back after each request, as the pages do.
API_CONNECTION_MAX_AGE = env_int("API_CONNECTION_MAX_AGE", 60)
if API_CONNECTION_MAX_AGE < 0:
    raise ImproperlyConfigured(f"API_CONNECTION_MAX_AGE must be 0 or more, not {API_CONNECTION_MAX_AGE}.")
_pool = DATABASES["default"].get("OPTIONS", {}).get("pool")
# psycopg_pool's own defaults when the pool comes from DATABASE_URL's ?pool=true instead of DB_POOL: 4 connections.
_pool_max = (_pool.get("max_size") or _pool.get("min_size", 4)) if isinstance(_pool, dict) else 4
_api_threads = max(WEB_THREADS, 1)  # WEB_THREADS=0: the event loop's thread runs the API
if _pool and API_CONNECTION_MAX_AGE and _api_threads >= _pool_max:
    raise ImproperlyConfigured(
        f"The database pool's size ({_pool_max}, DB_POOL_MAX) must be larger than the threads running the API "
        f"({_api_threads}; WEB_THREADS={WEB_THREADS}): each keeps a connection (API_CONNECTION_MAX_AGE), and the "
        "pages need the others."
    )

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Resident photos -------------------------------------------------------------------------
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 10 * 1024 * 1024)  # each photo, as uploaded
PHOTO_MAX_SIDE = env_int("PHOTO_MAX_SIDE", 1600)  # longest side after downscaling on the server
PHOTO_MAX_COUNT = env_int("PHOTO_MAX_COUNT", 3)  # photos per web report

# --- City ----------------------------------------------------------------------------------------
CITY_NAME = env_str("CITY_NAME", "City of Riverton")
OTP_TOTP_ISSUER = f"{CITY_NAME} 311"  # the name authenticator apps show beside the code
TIME_ZONE = env_str("CITY_TIME_ZONE", "America/Chicago")
USE_TZ = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "civicdesk" / "locale"]
# Words that mean "this is an emergency" whatever service was picked: the resident is told to call 911.
EMERGENCY_KEYWORDS = env_list(
    "EMERGENCY_KEYWORDS",
    "gas leak,smell gas,smell of gas,smells like gas,on fire,house fire,building fire,car fire,"
    "crime in progress,break-in in progress,someone is hurt,not breathing,shots fired,shooting,"
    "carbon monoxide,downed power line,live wire,sparking wire,fuga de gas,huele a gas,incendio",
)
EMERGENCY_MESSAGE = env_str(
    "EMERGENCY_MESSAGE",
    "This sounds like an emergency. Hang up or close this page and call 911 now.",
)
# Open311: this server's jurisdiction id (clients may send it or leave it empty) and anonymous read limits.
OPEN311_JURISDICTION_ID = env_str("OPEN311_JURISDICTION_ID", "riverton.example")
OPEN311_ANONYMOUS_PER_MINUTE = env_int("OPEN311_ANONYMOUS_PER_MINUTE", 120)
DUPLICATE_RADIUS_METERS = env_int("DUPLICATE_RADIUS_METERS", 250)
DUPLICATE_WINDOW_DAYS = env_int("DUPLICATE_WINDOW_DAYS", 30)

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "civicdesk" / "static"]
_NODE = BASE_DIR / "node_modules"
for _package_dist in (_NODE / "@uswds" / "uswds" / "dist", _NODE / "leaflet" / "dist"):
    if _package_dist.is_dir():
        STATICFILES_DIRS.append(_package_dist)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "311@riverton.example")

# --- Resident notifications (civicdesk/notifications) ------------------------------------------------
# Text messages go through Twilio once these three are set; TWILIO_API_BASE points elsewhere only in tests.
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN")
TWILIO_FROM_NUMBER = env_str("TWILIO_FROM_NUMBER")
TWILIO_API_BASE = env_str("TWILIO_API_BASE", "https://api.twilio.com")
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)  # then a failed message is given up
SURVEY_DELAY_DAYS = env_int("SURVEY_DELAY_DAYS", 2)  # the survey is sent this long after closure
SURVEY_WINDOW_DAYS = env_int("SURVEY_WINDOW_DAYS", 7)  # closures older than delay + window are not asked

# --- Resident channels: text conversations and the automated phone line (civicdesk/intake) -------------
# Twilio signs each webhook over the URL it called; behind a proxy the Host differs, so say the public one.
TWILIO_WEBHOOK_BASE_URL = env_str("TWILIO_WEBHOOK_BASE_URL", SITE_URL)
SMS_CONVERSATION_TIMEOUT_MINUTES = env_int("SMS_CONVERSATION_TIMEOUT_MINUTES", 30)  # then it starts over
# MMS photos are copied only from these hosts (Twilio's media URLs); from any other host only the link is kept.
SMS_MEDIA_FETCH_HOSTS = env_list("SMS_MEDIA_FETCH_HOSTS", "api.twilio.com")
IVR_QUEUE_NAME = env_str("IVR_QUEUE_NAME", "311")  # the Twilio queue call-takers answer from
IVR_CALLBACK_OFFER_SECONDS = env_int("IVR_CALLBACK_OFFER_SECONDS", 300)  # a longer expected wait offers a callback
IVR_HOLD_MUSIC_URL = env_str("IVR_HOLD_MUSIC_URL")  # played between hold messages; silence when empty

# --- Email: the city's 311 mailbox (civicdesk/intake/email) ----------------------------------------------
# Mail to these addresses (and their "+token" forms, used on replies) is filed; the listener refuses the rest.
INBOUND_EMAIL_ADDRESSES = env_list("INBOUND_EMAIL_ADDRESSES", DEFAULT_FROM_EMAIL)
MAIL_LISTENER_HOST = env_str("MAIL_LISTENER_HOST", "127.0.0.1")  # `manage.py run_mail_listener` (SMTP)
MAIL_LISTENER_PORT = env_int("MAIL_LISTENER_PORT", 2525)
MAIL_LISTENER_MAX_BYTES = env_int("MAIL_LISTENER_MAX_BYTES", 25 * 1024 * 1024)  # larger messages get 552
EMAIL_TRIAGE_SERVICE_CODE = env_str("EMAIL_TRIAGE_SERVICE_CODE", "general-inquiry")  # emails naming no service
# Provider inbound webhooks (/intake/email/anymail/<esp>/inbound/) check HTTP basic auth "user:password".
# Unset, the secret is random (known to nobody), so the webhooks refuse every post instead of taking anyone's.
ANYMAIL = {"WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET") or f"closed:{secrets.token_urlsafe(24)}"}

# --- Social media: mentions and direct messages of the city's X account (civicdesk/intake/social) -------
# Nothing is polled and no reply can be posted until the account id and a token are set.
X_API_BASE = env_str("X_API_BASE", "https://api.x.com/2")
X_USER_ID = env_str("X_USER_ID")  # the city's account (numeric id), whose mentions are read
X_BEARER_TOKEN = env_str("X_BEARER_TOKEN")  # app-only token: reads mentions
X_USER_TOKEN = env_str("X_USER_TOKEN")  # OAuth 2.0 user-context token: reads direct messages, posts replies
X_TIMEOUT_SECONDS = env_int("X_TIMEOUT_SECONDS", 10)

# --- Security (production mode: DEBUG=0 behind TLS) -------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Every periodic job logs each run at INFO; the tasks it enqueues are logged by the worker already.
    "loggers": {"apscheduler": {"level": env_str("SCHEDULER_LOG_LEVEL", "WARNING")}},
}
