"""Workbench (工作台) panels: each app registers the panels it offers, per role; the landing page shows
the panels of the roles a person holds. Keeps the dependency arrows pointing down (apps → courts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .roles import Role

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    title: Any
    roles: frozenset[Role]
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def panels_for(roles: set[Role]) -> list[Panel]:
    return sorted((p for p in _PANELS.values() if p.roles & roles), key=lambda p: (p.order, p.key))
