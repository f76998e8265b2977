"""Production: every value from the environment (docs/deploy.md lists them; deploy/smartcourt.env.example is the
file the services read); secrets must be given; HTTPS everywhere behind nginx (deploy/nginx)."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, LOGGING, MIDDLEWARE, POSTGRES_SESSION_OPTIONS, REDIS_URL, env

SECRET_KEY = env("SECRET_KEY")  # no default: a missing key stops start-up
DEBUG = False
DEMO_MODE = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxy in front of gunicorn, on this host unless TRUSTED_PROXIES names others (core.client_ip).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Database: DATABASE_URL must be given (PostgreSQL for a province; SQLite still works for one court on one machine).
# Connections are kept (CONN_MAX_AGE) and checked before reuse, so a restarted database costs one failed request per
# worker at most; a database that does not answer fails the request in DATABASE_CONNECT_TIMEOUT seconds (the static
# 503 page, core.views.server_error) instead of holding a gunicorn worker.
DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    DATABASES["default"]["OPTIONS"].setdefault("options", POSTGRES_SESSION_OPTIONS)

# Cache: shared by every gunicorn worker and host (a per-process cache would not see another worker's invalidation).
# CACHE_URL defaults to Redis at REDIS_URL; socket timeouts so a Redis outage fails fast.
CACHE_URL = env("CACHE_URL", default=REDIS_URL)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="smartcourt"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# Static files: collected into STATIC_ROOT and served by nginx (deploy/nginx); WhiteNoise stays as the fallback for a
# gunicorn reached directly. Hashed names (manifest) let nginx tell browsers to keep them for a year.
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))

# Stored files (media): on this machine's disk (MEDIA_ROOT), or in an S3-compatible object store (MEDIA_STORAGE=s3:
# MinIO, Ceph RGW, a cloud's S3) through django-storages' Apache Libcloud backend (core.storage).
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # hashed names and .gz beside each file (nginx's gzip_static); STATIC_STORAGE chooses another (the deployment
    # test serves the source folder unhashed instead of spending minutes on collectstatic)
    "staticfiles": {
        "BACKEND": env("STATIC_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "smartcourt.core.storage.ObjectStorage"}
    LIBCLOUD_PROVIDERS = {
        "media": {
            "type": env("MEDIA_S3_PROVIDER", default="libcloud.storage.types.Provider.S3"),
            "user": env("MEDIA_S3_ACCESS_KEY"),
            "key": env("MEDIA_S3_SECRET_KEY"),
            "bucket": env("MEDIA_S3_BUCKET"),
            "region": env("MEDIA_S3_REGION", default="us-east-1"),
            # an S3-compatible service of the court's own: https://minio.court.internal:9000
            "endpoint": env("MEDIA_S3_ENDPOINT", default=""),
        }
    }
    DEFAULT_LIBCLOUD_PROVIDER = "media"
elif MEDIA_STORAGE != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}")

# Metrics (django-prometheus): request counts and latency per view. /metrics answers only the networks below (and
# nginx refuses it from outside, deploy/nginx) or a bearer of METRICS_TOKEN.
INSTALLED_APPS = [*INSTALLED_APPS, "django_prometheus"]
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
PROMETHEUS_EXPORT_MIGRATIONS = False  # it would query the database at every start
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# Readiness (/readyz, core.readiness): a due task waiting longer than this means no worker takes work; an anchor
# waiting longer than this to enter the ledger means the flush is not running.
QUEUE_STALL_SECONDS = env.int("QUEUE_STALL_SECONDS", default=300)
LEDGER_LAG_READY_SECONDS = env.int("LEDGER_LAG_READY_SECONDS", default=600)

# Logs: one JSON object a line on stderr (journald, or the supervisor's log), with the correlation id of the action
# (core.correlation) so a support call's X-Correlation-ID finds its lines. LOG_FORMAT=text for a person at a terminal.
LOGGING = {
    **LOGGING,
    "filters": {"correlation": {"()": "smartcourt.core.logs.CorrelationIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(process)d %(correlation_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", default="json"),
            "filters": ["correlation"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # request errors (5xx with their traceback, 4xx as warnings) reach the root handler as JSON
        "django.request": {"level": env("LOG_LEVEL_REQUEST", default="WARNING")},
        "django.db.backends": {"level": "WARNING"},
    },
}

# gunicorn's workers share one directory of metric files (deploy/gunicorn.conf.py sets and empties it).
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
