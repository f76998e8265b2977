"""Test data for filing: courts come through the courts service, so their hierarchy path is set."""

from __future__ import annotations

import itertools

from smartcourt.core.actors import SYSTEM
from smartcourt.courts.models import Court
from smartcourt.courts.roles import CourtLevel
from smartcourt.courts.services import court_create

_seq = itertools.count(1)


def court_make(*, code: str | None = None, name: str | None = None) -> Court:
    n = next(_seq)
    return court_create(
        name=name or f"测试区人民法院{n}",
        code=code or f"测{n:04d}",
        level=CourtLevel.BASIC,
        actor=SYSTEM,
    )
