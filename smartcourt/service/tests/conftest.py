"""Service test fixtures: the recipient's phone (an SMS gateway that keeps what it sends)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smartcourt.core.outbox.providers import sms_provider_override

from .helpers import Phone


@pytest.fixture
def phone() -> Iterator[Phone]:
    """SMS go to this phone (no delivery report, like the embedded provider); the one-time links and codes are in
    `phone.sent`, never in the outbox."""
    device = Phone()
    sms_provider_override(device)
    yield device
    sms_provider_override(None)
