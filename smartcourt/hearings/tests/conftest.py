from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _court_certs(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    from smartcourt.documents.signing import certificates_make

    # valid from before the tests' travelled dates (2025) to well after today
    return certificates_make(
        court_name="庭审测试法院",
        directory=tmp_path_factory.mktemp("court-certs"),
        now=datetime(2025, 1, 1, tzinfo=UTC),
    )


@pytest.fixture
def court_certs(settings, _court_certs):  # type: ignore[no-untyped-def]
    """The court's signing key, for the tests that follow a summons until it is signed and served."""
    settings.DOCUMENTS_CERT_DIR = str(_court_certs)
    return _court_certs
