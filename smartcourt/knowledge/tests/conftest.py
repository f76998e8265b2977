"""The shipped statute set, imported once per test module (and removed after it), for the tests that read it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartcourt.knowledge.models import Law
from smartcourt.knowledge.services import statutes_import
from smartcourt.knowledge.store import store_changed

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "laws"
# ../shared/data beside the checkout (SHARED_DATA names it elsewhere, e.g. from a worktree).
SHARED_DATA = Path(os.environ.get("SHARED_DATA", Path(__file__).resolve().parents[3] / ".." / "shared" / "data"))
SHARED_LAWS = SHARED_DATA / "laws"
SHARED_LECARD = SHARED_DATA / "lecard"


@pytest.fixture(scope="module")
def shipped_statutes(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        statutes_import(SHIPPED)
    yield
    with django_db_blocker.unblock():
        Law.objects.all().delete()
        store_changed()


@pytest.fixture(autouse=True)
def _fresh_catalogue() -> Iterator[None]:
    store_changed()
    yield
    store_changed()
