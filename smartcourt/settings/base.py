"""Settings shared by every environment; values come from environment variables (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.FileAwareEnv()
environ.FileAwareEnv.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")  # prod.py refuses to start without one
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
DEMO_MODE = env.bool("SMARTCOURT_DEMO", default=False)  # shows demo TOTP codes on the 2FA page

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "ninja",  # serves Swagger UI from our static files instead of a CDN
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "smartcourt.core",
    "smartcourt.core.intake",
    "smartcourt.core.outbox",
    "smartcourt.courts",
    "smartcourt.jobs",
    "smartcourt.legaltime",
    "smartcourt.cases",
    "smartcourt.filing",
    "smartcourt.portal",
    "smartcourt.ledger",
    "smartcourt.dossier",
    "smartcourt.dossier.custody",
    "smartcourt.service",
    "smartcourt.knowledge",
    "smartcourt.knowledge.library",
    "smartcourt.documents",
    "smartcourt.hearings",
    "smartcourt.hearings.room",
    "smartcourt.mediation",
    "smartcourt.enforcement",
    "smartcourt.management",
    "smartcourt.ops",
]
# `smartcourt.demo` (the demo court generator: seed_demo, demo_logins) is added by dev.py and test.py only: a
# production install has no command that fills its database with invented people.

MIDDLEWARE = [
    "smartcourt.core.middleware.CorrelationIdMiddleware",  # first: every row a request writes shares its id
    "smartcourt.courts.grants.PermissionMemoMiddleware",  # grants read once per request (ADR 0025)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "smartcourt.core.middleware.CourtLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "smartcourt.courts.signed_in.OTPMiddleware",  # django-otp's, the session's device from the person's cached entry
    "smartcourt.core.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # before anything reads a body (CSRF's process_view, the views): oversized ones are refused unread, with 413
    "smartcourt.core.middleware.RequestBodyLimitMiddleware",
    "axes.middleware.AxesMiddleware",
    "smartcourt.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "smartcourt.urls"
WSGI_APPLICATION = "smartcourt.wsgi.application"
# HTTP and websockets (the online hearing room's signalling) through one ASGI app (ADR 0031).
ASGI_APPLICATION = "smartcourt.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "smartcourt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "smartcourt.courts.context_processors.navigation",
            ],
        },
    },
]

# PostgreSQL sessions (issue 15 / ADR 0024, measured at 10,000,000 cases):
# - work_mem large enough that a search's bitmap of a common word over a province's cases stays exact (at the 4 MB
#   default it turns lossy and every row of those pages is re-checked: 366 → 36 ms); per sort or hash node;
# - random_page_cost for solid-state storage (1.1; the default 4 is a spinning disk's): at 4 the planner ANDs a rare
#   name's few matches with a bitmap of the court's 1.4 million rows rather than check their rows (160 → 25 ms);
# - no parallel workers for a page's query: starting two took ~70 ms of a 2.5 ms search on a busy machine (a page's
#   queries read a few hundred rows; parallelism is for reports, which can raise it for their own session).
POSTGRES_SESSION_OPTIONS = (
    f"-c work_mem={env('DATABASE_WORK_MEM', default='32MB')}"
    f" -c random_page_cost={env('DATABASE_RANDOM_PAGE_COST', default='1.1')}"
    f" -c max_parallel_workers_per_gather={env('DATABASE_PARALLEL_WORKERS', default='0')}"
)

# Embedded default: SQLite in WAL mode; IMMEDIATE transactions so concurrent writers queue instead of failing.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'smartcourt.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", POSTGRES_SESSION_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "courts.User"
# The model backend whose per-request `get_user` reads the signed-in person from the cache (courts.signed_in).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "smartcourt.courts.signed_in.SignedInBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions expire after 30 idle minutes and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ENGINE = "smartcourt.core.sessions"  # the database store, its expiry pushed forward at most once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "smartcourt.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling (django-axes, smartcourt.courts.throttle): within 15 minutes, 5 failures on one account from any
# addresses lock that account, and 20 failures from one address on any accounts lock that address.
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=5)
LOGIN_FAILURES_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=20)
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT  # the scale the handler puts both counts on
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks (not only the pair)
AXES_HANDLER = "smartcourt.courts.throttle.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "smartcourt.core.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True  # for the account that signed in only (the handler keeps the address's failures)
AXES_LOCKOUT_CALLABLE = "smartcourt.core.views.lockout"
AXES_ENABLE_ADMIN = False  # login records of every user on the platform are no table's to show (ADR 0017)
AXES_VERBOSE = False
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

OTP_TOTP_ISSUER = "smartcourt"
# Staff bind an authenticator app only with a one-time code an administrator issued (courts.services), valid this long.
TOTP_ENROLMENT_CODE_HOURS = env.int("TOTP_ENROLMENT_CODE_HOURS", default=72)
# Personal API tokens expire this many days after they are issued (a shorter lifetime may be asked for).
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=90)
# Self-service terminals (自助立案终端) present their device key in this header, or in this cookie (portal.kiosk).
KIOSK_KEY_HEADER = "X-Kiosk-Key"
KIOSK_COOKIE_NAME = "sc_kiosk"
KIOSK_COOKIE_DAYS = env.int("KIOSK_COOKIE_DAYS", default=366)

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
# The language switch in the footer, and the language cookie it sets, count only when this is on. Off until the
# English message catalogues cover the pages (ADR 0022): today only Django's own strings have English, so "English"
# gave pages of Chinese with English error messages. Turning it on needs no code change.
LANGUAGE_SWITCH = env.bool("LANGUAGE_SWITCH", default=False)
LOCALE_PATHS = [BASE_DIR / "smartcourt" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "smartcourt" / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="smartcourt <noreply@court.invalid>")

# Background work: Django's task API (django-tasks backport). Embedded default: the database backend with
# our lease-renewing worker (smartcourt.jobs); at scale: RQ on Redis.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
TASK_BACKEND = env("TASK_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND],
        "QUEUES": ["default", "ocr", "service", "index"],
    }
}
RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in ["default", "ocr", "service", "index"]}
# What a long-lived worker loads once, before its first task, for each queue it serves (ADR 0023).
TASK_WORKER_WARMUP = {"ocr": ["smartcourt.dossier.ocr.engine.warm_up"]}

# The shared cache: every worker process reads the same entries (the court overview's figures, ADR 0024).
# Embedded default: files under var/cache; at scale: CACHE_URL=redis://host:6379/1 (Django's Redis backend).
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# Days before the end of a trial period at which judges are alerted on their workbench.
TRIAL_PERIOD_ALERT_DAYS = tuple(env.list("TRIAL_PERIOD_ALERT_DAYS", cast=int, default=[30, 15, 7, 3]))

# Service of process: links in SMS and e-mail point at the court's public address.
SERVICE_PUBLIC_BASE_URL = env("SERVICE_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# The one outbox for SMS and e-mail (ADR 0012): each channel's provider is a dotted path. Embedded defaults: SMS is
# written to the outbox only (no gateway: nothing reaches a phone, and a one-time link is stored sealed, ADR 0015),
# e-mail goes through Django's mail (EMAIL_URL).
OUTBOX_SMS_PROVIDER = env("OUTBOX_SMS_PROVIDER", default="smartcourt.core.outbox.providers.OutboxSmsProvider")
OUTBOX_EMAIL_PROVIDER = env("OUTBOX_EMAIL_PROVIDER", default="smartcourt.core.outbox.providers.DjangoEmailProvider")
# The asset-holder doubles' answer delay in seconds (enforcement.providers; 网络查控): realistic by default
ENFORCEMENT_PROVIDER_DELAY = env.float("ENFORCEMENT_PROVIDER_DELAY", default=0.2)
# File intake (smartcourt.core.intake), every upload channel alike: pages per document, pixels per image
# (decompression-bomb guard, from the header), what a DOCX may unpack to (zip-bomb guard), the virus scanner (a
# callable taking a file path; the default asks ClamAV when installed), and how long a stored file no transaction
# owns is left alone before the daily sweep deletes it.
# Request bodies: every route takes at most this much (refused from Content-Length, unread, with 413) unless it
# registered a larger file limit in core.request_limits (dossier scans, filing evidence, verification …).
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=10 * 1024 * 1024)
INTAKE_MAX_PAGES = env.int("INTAKE_MAX_PAGES", default=2000)
INTAKE_MAX_IMAGE_PIXELS = env.int("INTAKE_MAX_IMAGE_PIXELS", default=80_000_000)
INTAKE_MAX_UNZIPPED_BYTES = env.int("INTAKE_MAX_UNZIPPED_BYTES", default=200 * 1024 * 1024)
INTAKE_VIRUS_SCANNER = env("INTAKE_VIRUS_SCANNER", default="smartcourt.core.intake.scan.clamd_scan")
# A missing scanner is a system check warning (intake.W001), a /healthz warning and a banner for administrators.
INTAKE_VIRUS_SCAN_REQUIRED = env.bool("INTAKE_VIRUS_SCAN_REQUIRED", default=True)
INTAKE_MAX_ZIP_RATIO = env.int("INTAKE_MAX_ZIP_RATIO", default=100)  # unpacked ÷ packed (zip-bomb guard)
INTAKE_SWEEP_GRACE_HOURS = env.int("INTAKE_SWEEP_GRACE_HOURS", default=24)
# Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled here, and the virus scan's copies; a folder of their own so
# that the hourly sweep (smartcourt.ops.tempfiles) can delete what a killed web worker left, older than this.
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default=str(BASE_DIR / "var" / "tmp" / "uploads"))
UPLOAD_TEMP_MAX_AGE_HOURS = env.float("UPLOAD_TEMP_MAX_AGE_HOURS", default=6)
# Electronic dossier: bytes per upload, and the classifier confidence below which a clerk checks the category.
DOSSIER_MAX_BYTES = env.int("DOSSIER_MAX_BYTES", default=200 * 1024 * 1024)
DOSSIER_REVIEW_THRESHOLD = env.float("DOSSIER_REVIEW_THRESHOLD", default=0.7)


# Appearance notices (出庭通知书) are generated (LibreOffice: seconds each) and sent by a background task after a
# hearing is scheduled. The test settings turn the automatic dispatch off (the notices stay pending, the clerk's
# button sends them); the tests of the notices turn it on.
HEARING_APPEARANCE_NOTICES_AUTO = env.bool("HEARING_APPEARANCE_NOTICES_AUTO", default=True)

# --- online hearing room (smartcourt.hearings.room, ADR 0031) ------------------------------------------------------
# Signalling between the browsers of a room goes through the channel layer. Embedded default: in memory (one server
# process, as `make demo` runs); at scale (several workers or hosts): CHANNEL_LAYER_URL=redis://host:6379/2.
CHANNEL_LAYER_URL = env("CHANNEL_LAYER_URL", default="")
CHANNEL_LAYERS = {
    "default": (
        # capacity: the messages waiting for one process's sockets (channels-redis keeps one list per process, 100 by
        # default, and drops beyond it — a burst of ICE candidates to a busy process would be lost)
        {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [CHANNEL_LAYER_URL], "capacity": 5000}}
        if CHANNEL_LAYER_URL.startswith(("redis://", "rediss://"))
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}
# Where the media flows: embedded (WebRTC between browsers) | livekit | jitsi (self-hosted, a JWT per participant).
HEARING_VIDEO_BACKEND = env("HEARING_VIDEO_BACKEND", default="embedded")
# STUN/TURN servers handed to the browsers (RTCPeerConnection iceServers), as JSON. The embedded default has none:
# on one network (the demo, a court intranet) host candidates connect; a deployment across the internet needs TURN,
# e.g. [{"urls": ["turn:turn.court.example:3478"], "username": "...", "credential": "..."}].
HEARING_ICE_SERVERS = env.json("HEARING_ICE_SERVERS", default=[])
LIVEKIT_URL = env("LIVEKIT_URL", default="")
LIVEKIT_API_KEY = env("LIVEKIT_API_KEY", default="")
LIVEKIT_API_SECRET = env("LIVEKIT_API_SECRET", default="")
JITSI_DOMAIN = env("JITSI_DOMAIN", default="")
JITSI_APP_ID = env("JITSI_APP_ID", default="")
JITSI_APP_SECRET = env("JITSI_APP_SECRET", default="")
# Which side each room URL is served from (docs/deploy.md): parties and lawyers join from the internet, the judge and
# the clerk from the court intranet. Links sent to participants use the public base; the bench's links the intranet.
HEARING_ROOM_PUBLIC_BASE = env("HEARING_ROOM_PUBLIC_BASE", default=SERVICE_PUBLIC_BASE_URL)
HEARING_ROOM_INTRANET_BASE = env("HEARING_ROOM_INTRANET_BASE", default="http://127.0.0.1:8000")
