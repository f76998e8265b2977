"""The demo court generator is a development tool: production settings do not install it."""

from __future__ import annotations

import importlib

from django.conf import settings


def test_production_settings_leave_the_demo_generator_out(monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "prod-settings-import-check-only-0123456789")
    monkeypatch.setenv("DATABASE_URL", "postgres://smartcourt@127.0.0.1:5432/smartcourt")  # prod.py requires one
    prod = importlib.import_module("smartcourt.settings.prod")
    dev = importlib.import_module("smartcourt.settings.dev")
    assert "smartcourt.demo" not in prod.INSTALLED_APPS
    assert "smartcourt.demo" in dev.INSTALLED_APPS and "smartcourt.demo" in settings.INSTALLED_APPS
    production_only = {"django_prometheus"}  # metrics (deploy/, ADR 0027)
    assert [app for app in dev.INSTALLED_APPS if app != "smartcourt.demo"] == [
        app for app in prod.INSTALLED_APPS if app not in production_only
    ]
