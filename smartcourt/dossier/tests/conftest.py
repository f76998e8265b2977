"""Dossier test fixtures: a private media root, a record of ledger anchors, and a stand-in OCR engine for tests
that are about something else (the real engine is exercised in test_ocr_integration)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def anchors(monkeypatch):
    """Every ledger_anchor call made by the dossier (and passed on to the ledger app once it is installed)."""
    from smartcourt.dossier import services

    calls: list[dict] = []
    try:
        from smartcourt.ledger.services import ledger_anchor
    except ImportError:
        ledger_anchor = None

    def spy(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        if ledger_anchor is not None:
            ledger_anchor(**kwargs)

    monkeypatch.setattr(services, "_anchor", spy)
    return calls


@dataclass(frozen=True)
class _Line:
    text: str
    box: tuple[int, int, int, int]
    confidence: float


@dataclass(frozen=True)
class _Page:
    lines: tuple
    width: int
    height: int
    engine: str = "fake-ocr"

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class FakeOcr:
    """Returns queued texts in call order ("" when the queue is empty); an Exception in the queue is raised."""

    def __init__(self) -> None:
        self.queue: list = []
        self.calls = 0

    def __call__(self, image):  # type: ignore[no-untyped-def]
        self.calls += 1
        item = self.queue.pop(0) if self.queue else ""
        if isinstance(item, Exception):
            raise item
        lines = tuple(_Line(t, (10, 10 + 40 * i, 500, 40 + 40 * i), 0.95) for i, t in enumerate(item.splitlines()))
        return _Page(lines, image.width, image.height)


@pytest.fixture(autouse=True)
def fake_ocr(request, monkeypatch):
    if request.node.get_closest_marker("real_ocr"):
        return None
    from smartcourt.dossier import services

    fake = FakeOcr()
    monkeypatch.setattr(services, "_recognise", fake)
    return fake


def pytest_configure(config):  # type: ignore[no-untyped-def]
    config.addinivalue_line("markers", "real_ocr: runs the real OCR engine instead of the stand-in")
