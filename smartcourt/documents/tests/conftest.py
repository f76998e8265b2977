from __future__ import annotations

from pathlib import Path

import pytest

from smartcourt.core import statutes

from .factories import FakeStatutes, make_world


@pytest.fixture
def fake_statutes():
    before = statutes._provider
    statutes.register_statute_provider(FakeStatutes())
    yield
    statutes._provider = before


@pytest.fixture
def no_statutes():
    """An app set without the knowledge app: no statute provider registered."""
    before = statutes._provider
    statutes._provider = None
    yield
    statutes._provider = before


@pytest.fixture(scope="session")
def _cert_dir(tmp_path_factory) -> Path:
    from smartcourt.documents.signing import certificates_make

    return certificates_make(court_name="D1区人民法院", directory=tmp_path_factory.mktemp("court-certs"))


@pytest.fixture
def certs(settings, _cert_dir):
    settings.DOCUMENTS_CERT_DIR = str(_cert_dir)
    return _cert_dir


@pytest.fixture
def world(db):
    return make_world()
