"""Test settings: fast hashing is NOT used (argon2 stays, as in production); the DB comes from DATABASE_URL."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, INSTALLED_APPS, REDIS_URL, RQ_QUEUES, TASKS, env

INSTALLED_APPS = [*INSTALLED_APPS, "smartcourt.demo"]  # the demo court generator; never in prod.py

SECRET_KEY = "test-only-key-not-secret-2b8e4d"
DEBUG = False
DEMO_MODE = False
INTAKE_VIRUS_SCAN_REQUIRED = False  # tests switch it on where they check the warning
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each xdist worker gets its own test database (pytest-django adds the suffix); a distinct base name lets two
# checkouts test against the same PostgreSQL server at once.
(BASE_DIR / "var").mkdir(exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so multi-process tests (concurrent numbering, worker kill) share it.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env(
        "TEST_DB_NAME", default=str(BASE_DIR / "var" / "test_smartcourt.sqlite3")
    )
else:
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env("TEST_DB_NAME", default=None)
# Tasks run inline in tests, except in the worker processes that the background-task tests start
# (they set TASK_BACKEND=database|rq and may add a private RQ queue).
if not env("TASK_BACKEND", default=""):
    TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "ocr", "service", "index"],
        }
    }
if env("RQ_EXTRA_QUEUE", default=""):
    RQ_QUEUES[env("RQ_EXTRA_QUEUE")] = {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}
    TASKS["default"]["QUEUES"] = [*TASKS["default"]["QUEUES"], env("RQ_EXTRA_QUEUE")]
AXES_ENABLED = True
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}  # one test process: no stale files
ENFORCEMENT_PROVIDER_DELAY = 0.0  # the asset-holder doubles answer at once in tests
# Appearance notices: each PDF is a LibreOffice conversion (seconds); the tests that schedule hearings for other
# reasons leave them pending, the tests of the notices turn the dispatch on (override_settings).
HEARING_APPEARANCE_NOTICES_AUTO = False
