"""Ledger test fixtures: a private signing key and media root per test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def ledger_key(settings, tmp_path):
    settings.LEDGER_KEY_FILE = str(tmp_path / "ledger-signing.key")
    settings.LEDGER_SIGNING_KEY = ""
    settings.LEDGER_ORIGIN = "test.court.example/ledger"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from smartcourt.ledger import keys

    return keys.signing_key()
