from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _mediation_cert_dir(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    from smartcourt.documents.signing import certificates_make

    return certificates_make(court_name="调解测试法院", directory=tmp_path_factory.mktemp("court-certs"))


@pytest.fixture(autouse=True)
def _court_certs(settings, _mediation_cert_dir) -> Path:  # type: ignore[no-untyped-def]
    """The court's signing key: the confirmation ruling is sealed by the documents app (document_sign)."""
    settings.DOCUMENTS_CERT_DIR = str(_mediation_cert_dir)
    return _mediation_cert_dir
