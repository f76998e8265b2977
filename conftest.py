"""Project-wide pytest fixtures."""

import pytest


@pytest.fixture(autouse=True)
def _reset_axes_cache(settings):
    """Lockout state lives in the database (django-axes' DB handler), reset per test by the transaction."""
    yield
