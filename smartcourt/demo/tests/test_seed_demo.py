"""`make demo` run twice must not duplicate anything: the court, staff and cases are skipped when present, and
every app's `demo_seed` is idempotent."""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from smartcourt.demo.seed import DemoSeeder

# Rows that a run writes by nature (the log of who did what, task results) are not "data duplicated".
_RUN_RECORDS = {"core.auditlog", "django_tasks_db.dbtaskresult", "jobs.taskrecovery"}


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in _RUN_RECORDS
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_seed_demo_twice_duplicates_nothing() -> None:
    seeder = DemoSeeder(seed=7, log=lambda msg: None)
    seeder.load_reference_data()
    seeder.courts_and_staff()
    assert seeder.cases(per_basic=6, per_intermediate=4, high=2) > 0
    seeder.filings()
    out = io.StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)  # the court exists: only the apps' own demo data is added
    first = _row_counts()
    # one progress line per step: step, count, seconds
    progress = re.findall(r"^\[(\d+)/(\d+)\] (.+)：(\d+) .+，\d+\.\d 秒$", out.getvalue(), re.M)
    assert [int(i) for i, *_ in progress] == list(range(1, len(progress) + 1)) and len(progress) == 16
    assert {name for *_, name, _count in progress} >= {"电子卷宗", "送达", "纸质卷宗保管", "庭审排期"}
    call_command("seed_demo", verbosity=0)
    second = _row_counts()
    assert {label: (first[label], n) for label, n in second.items() if first.get(label) != n} == {}
    assert first["cases.case"] > 0 and first["courts.court"] == 9
    # demo_judge's and demo_division_head's standing team joined their cases at assignment; demo_party authorised
    # demo_lawyer after registration (one power of attorney accepted, one awaiting review)
    assert first["courts.standingteam"] == 2 and first["cases.caseteammember"] > 0
    assert first["cases.powerofattorney"] >= 1
