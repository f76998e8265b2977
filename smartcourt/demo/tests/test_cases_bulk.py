"""The bulk writer of the demo's sample cases writes exactly what the case services write.

The test-sized demo is seeded twice on the same seed — every case through the services, then ordinary cases in
bulk and rare ones through the services — and every table is compared row by row. Ids, creation stamps and
correlation ids differ by nature and are left out; foreign keys are compared by what they point at (a case by its
number, a person by identity), an instant written "now" as "now". When a service starts writing another row or
another value, this test fails until `smartcourt.demo.cases_bulk` writes it too (ADR 0029).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from smartcourt.cases.models import Case, CaseParty, Person
from smartcourt.demo.seed import DemoSeeder

_NOT_COMPARED = {"id", "created_at", "updated_at", "correlation_id"}
_CASE_LINK = re.compile(r"/cases/(\d+)/")


def _snapshot(since: datetime) -> dict[str, Counter]:
    numbers = dict(Case.objects.values_list("pk", "number"))
    persons = {p.pk: (p.kind, p.name, p.id_number, p.credit_code) for p in Person.objects.all()}
    parties = {p.pk: (numbers[p.case_id], p.role, p.position) for p in CaseParty.objects.all()}
    other = {Case: numbers, Person: persons, CaseParty: parties}

    def value(field: models.Field, row: models.Model) -> Any:
        if field.is_relation and field.many_to_one:
            raw = getattr(row, field.attname)
            target = field.related_model
            return other[target].get(raw, raw) if target in other else raw
        raw = getattr(row, field.attname)
        if isinstance(raw, datetime) and raw >= since:
            return "now"
        if isinstance(raw, dict):
            new = raw.get("new")
            if isinstance(new, dict) and "draw" in new:  # the assignment event names its draw record by id
                raw = {**raw, "new": {**new, "draw": "draw"}}
            return repr(sorted(raw.items()))
        if isinstance(raw, list):
            return repr(raw)
        if field.name == "link" and isinstance(raw, str):
            return _CASE_LINK.sub(lambda m: f"/cases/{numbers.get(int(m.group(1)), m.group(1))}/", raw)
        return raw

    tables: dict[str, Counter] = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [f for f in model._meta.concrete_fields if f.name not in _NOT_COMPARED]
        rows = Counter()
        for row in model._default_manager.all():
            values = tuple((f.name, value(f, row)) for f in fields)
            if model._meta.label_lower == "core.auditlog":
                values += (("target", numbers.get(int(row.target_id)) if row.target_type == "cases.case" else 0),)
                values = tuple(v for v in values if v[0] != "target_id")
            rows[values] += 1
        tables[model._meta.label_lower] = rows
    return tables


def _seed_cases(seeder: DemoSeeder, state: object, path: str) -> tuple[int, dict[str, Counter]]:
    """Seed the sample cases on `path` from the same random state, snapshot every table, roll the cases back."""
    seeder.rng.setstate(state)  # type: ignore[arg-type]
    since = timezone.now() - timedelta(minutes=1)
    with transaction.atomic():
        made = seeder.cases(per_basic=16, per_intermediate=8, high=4, path=path)
        tables = _snapshot(since)
        transaction.set_rollback(True)
    return made, tables


@pytest.mark.slow
@pytest.mark.django_db
def test_bulk_cases_write_exactly_what_the_services_write() -> None:
    seeder = DemoSeeder(seed=7, log=lambda msg: None)
    seeder.load_reference_data()
    seeder.courts_and_staff()
    state = seeder.rng.getstate()
    made, services = _seed_cases(seeder, state, "services")
    made_bulk, bulk = _seed_cases(seeder, state, "bulk")
    assert made == made_bulk > 0
    assert set(services) == set(bulk)
    differences = {}
    for table, rows in services.items():
        if rows != bulk[table]:
            only_services, only_bulk = rows - bulk[table], bulk[table] - rows
            differences[table] = (list(only_services)[:2], list(only_bulk)[:2], sum(rows.values()))
    assert differences == {}
    # the seed exercised both ways: rare cases through the services, the rest in bulk
    assert seeder.last_cases_paths["services"] > 0 and seeder.last_cases_paths["bulk"] > made // 2
    assert sum(services["legaltime.trialperiodadjustment"].values()) > 0  # deductions and suspensions happened
    assert sum(services["cases.caseteammember"].values()) > sum(services["cases.assignmentdraw"].values())
