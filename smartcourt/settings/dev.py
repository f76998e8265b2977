"""Local development and `make demo`: embedded SQLite, e-mail written to files, a throwaway secret key."""

import copy
from typing import Any

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, TEMPLATES, env

INSTALLED_APPS = [*INSTALLED_APPS, "smartcourt.demo"]  # the demo court generator; never in prod.py

# `make demo` writes the demo court's history in the background after the site starts (ADR 0029): while the
# progress file exists, every page says which step is running and where its log is.
DEMO_SEED_PROGRESS_FILE = str(BASE_DIR / "var" / "demo-seed-progress.txt")
DEMO_SEED_LOG = "var/demo-seed.log"
_templates: Any = copy.deepcopy(TEMPLATES)
_templates[0]["OPTIONS"]["context_processors"].append("smartcourt.demo.context_processors.seed_progress")
TEMPLATES = _templates

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-7f3a9c1e5b")
DEMO_MODE = env.bool("SMARTCOURT_DEMO", default=True)
# A demo machine rarely has ClamAV: no warning at every start there (production keeps it, intake.W001).
INTAKE_VIRUS_SCAN_REQUIRED = env.bool("INTAKE_VIRUS_SCAN_REQUIRED", default=False)

# Serve static files straight from the app folders (no manifest needed before collectstatic).
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Without EMAIL_URL, e-mail (service of process, notices) is written to var/mail/ instead of flooding the console;
# the outbox page shows every message either way. Such mail never counts as delivered.
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(BASE_DIR / "var" / "mail")

# Without a gateway (OUTBOX_SMS_PROVIDER), an SMS is written to var/sms/ as the phone would receive it, one-time
# service links and their codes included; the outbox page shows them sealed (ADR 0015).
if not env("OUTBOX_SMS_PROVIDER", default=""):
    OUTBOX_SMS_PROVIDER = "smartcourt.core.outbox.providers.FileSmsProvider"
    OUTBOX_SMS_FILE_PATH = str(BASE_DIR / "var" / "sms")
