"""Retries with exponential backoff (court_task), on the inline backend used in tests and on the database one."""

from __future__ import annotations

import random

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from smartcourt.jobs.retry import backoff_delay
from smartcourt.jobs.tests.tasks import flaky_task

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_backoff_doubles_and_is_capped():
    rng = random.Random(1)
    delays = [backoff_delay(n, 10, cap_seconds=60, jitter=0, rng=rng) for n in range(1, 6)]
    assert delays == [10, 20, 40, 60, 60]
    jittered = backoff_delay(2, 10, jitter=0.2, rng=rng)
    assert 16 <= jittered <= 24


def test_a_flaky_task_is_retried_until_it_succeeds(tmp_path):
    log = tmp_path / "calls.log"
    result = flaky_task.enqueue(str(log), fail_times=2)
    assert log.read_text().count("call") == 3  # two failures, then success on the third attempt
    assert result.status == "FAILED"  # this first attempt failed; the retries are their own results


def test_after_max_attempts_the_task_fails_for_good(tmp_path):
    log = tmp_path / "calls.log"
    flaky_task.enqueue(str(log), fail_times=10)
    assert log.read_text().count("call") == 3  # max_attempts=3, no more


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_on_the_database_backend_a_retry_is_deferred_with_growing_delay(tmp_path):
    log = tmp_path / "calls.log"
    first = flaky_task.enqueue(str(log), fail_times=5)
    row = DBTaskResult.objects.get(pk=first.id)
    # run it as a worker would: it fails and schedules attempt 2 with a run_after in the future
    with pytest.raises(RuntimeError):
        row.task.call(*row.task_result.args, **row.task_result.kwargs)
    retry = DBTaskResult.objects.exclude(pk=first.id).get()
    assert retry.args_kwargs["kwargs"]["_attempt"] == 2
    assert retry.run_after > row.enqueued_at
