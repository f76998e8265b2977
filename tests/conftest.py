"""Fixtures of the cross-app tests (tests/contract, tests/security): private media and ledger key, a stand-in OCR,
and the world of tests/world.py — per test, or once per module (rolled back at the module's end)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings


@contextmanager
def _isolated(root: Path) -> Iterator[None]:
    """Uploads and the ledger's signing key under `root`; no OCR model loaded (documents have a text layer)."""
    from smartcourt.dossier import services

    with (
        override_settings(
            MEDIA_ROOT=str(root / "media"),
            LEDGER_KEY_FILE=str(root / "ledger-signing.key"),
            LEDGER_SIGNING_KEY="",
            LEDGER_ORIGIN="test.court.example/ledger",
            LEDGER_CHECKPOINT_EVERY=1,
        ),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(services, "_recognise", lambda image: None)
        yield


@pytest.fixture
def world(db, tmp_path):  # type: ignore[no-untyped-def]
    from tests.world import build_world

    with _isolated(tmp_path):
        yield build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One world for every test of a module: built inside a transaction that the module's end rolls back; each
    test (with `db`) runs in a savepoint inside it, so a test's writes are gone before the next one."""
    from tests.world import build_world

    with django_db_blocker.unblock(), _isolated(tmp_path_factory.mktemp("world")), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
