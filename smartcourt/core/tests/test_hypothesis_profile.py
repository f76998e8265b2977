"""The Hypothesis profile of every test run (root conftest.py): a slow example on a busy machine is not a failure."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE", "ci") != "ci", reason="another Hypothesis profile was asked for"
)


def test_the_ci_profile_has_no_deadline_and_no_too_slow_check() -> None:
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check


@settings(max_examples=2)
@given(st.integers())
def test_an_example_slower_than_hypothesis_default_deadline_passes(n: int) -> None:
    time.sleep(0.25)  # as a property test's example may take on a loaded machine; the default deadline is 200 ms
    assert isinstance(n, int)
