"""Project-wide pytest fixtures, and the Hypothesis profile every run uses."""

import importlib
import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests check what a rule computes, never how fast: on a busy machine (CI, two cores shared by parallel
# workers) Hypothesis' 200 ms deadline and its too_slow health check fail tests whose logic is right. `ci` is the
# profile of every run (make test, CI, a bare pytest); HYPOTHESIS_PROFILE=default brings back Hypothesis' own timing
# checks for someone profiling a strategy.
hypothesis_settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _reset_axes_cache(settings):
    """Lockout state lives in the database (django-axes' DB handler), reset per test by the transaction."""
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached figures keyed by ids must not outlive the rows a rolled-back test
    made (the next test may reuse the same ids)."""
    from django.core.cache import cache

    cache.clear()
    yield


_holidays = importlib.import_module("smartcourt.courts.migrations.0002_load_holidays_2024_2026")


@pytest.fixture(autouse=True)
def _statutory_holidays(request):
    """The 2024–2026 holidays are loaded by a data migration; a transactional test's flush empties the table for
    every later test on the worker. Reload them so each database test sees the calendar a real install has."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    _holidays.load(apps, None)


@pytest.fixture(autouse=True)
def _ledger_leaf_index(request):
    """PostgreSQL's leaf-index sequence does not roll back with a test: start each database test after its last
    stored leaf, as a fresh install would (smartcourt/ledger/testing.py)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from smartcourt.ledger.testing import leaf_index_reset

    leaf_index_reset()
