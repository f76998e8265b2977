"""Local development and `make demo`: embedded SQLite, console e-mail, a throwaway secret key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-7f3a9c1e5b")
DEMO_MODE = env.bool("SMARTCOURT_DEMO", default=True)

# Serve static files straight from the app folders (no manifest needed before collectstatic).
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
