"""The move of TrialPeriodAdjustment to legaltime keeps its table and rows; the old deduction code is mapped."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.squashed import replaced_chains_executor
from smartcourt.courts.tests.factories import CourtFactory
from smartcourt.legaltime.models import TrialPeriodAdjustment

BEFORE = [("legaltime", "0001_trial_period_adjustment_from_cases")]
AFTER = [("legaltime", "0002_one_deduction_kind_list")]


def test_the_model_keeps_the_table_cases_created() -> None:
    assert TrialPeriodAdjustment._meta.db_table == "cases_trialperiodadjustment"
    assert TrialPeriodAdjustment._meta.get_field("case").remote_field.model._meta.label == "cases.Case"


@pytest.mark.django_db(transaction=True)
def test_the_old_jurisdiction_code_is_mapped_both_ways() -> None:
    case = make_case(court=CourtFactory(), filed_on=date(2025, 3, 3))
    executor = replaced_chains_executor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("legaltime", "TrialPeriodAdjustment")
    row = old.objects.create(case_id=case.pk, kind="jurisdiction", started_on=date(2025, 4, 1))
    kept = old.objects.create(case_id=case.pk, kind="appraisal", started_on=date(2025, 4, 2))
    executor = replaced_chains_executor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    assert TrialPeriodAdjustment.objects.get(pk=row.pk).kind == "jurisdiction_objection"
    assert TrialPeriodAdjustment.objects.get(pk=kept.pk).kind == "appraisal"
    executor = replaced_chains_executor(connection)
    executor.migrate(BEFORE)
    assert old.objects.get(pk=row.pk).kind == "jurisdiction"
    executor = replaced_chains_executor(connection)
    executor.migrate(AFTER)  # leave the schema at the latest state for the tests that follow
    assert TrialPeriodAdjustment.objects.get(pk=row.pk).kind == "jurisdiction_objection"
