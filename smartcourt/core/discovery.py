"""Find an optional module (api, urls …) in every smartcourt app, so apps plug in without editing shared files."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """Each installed smartcourt app's `<app>.<name>` module, in INSTALLED_APPS order; apps without one are skipped
    (an ImportError raised inside an existing module is not swallowed)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("smartcourt."):
            continue
        try:
            yield config, importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
