"""Append-only by construction: no ORM path changes or deletes a stored row of a log table (audit log, case and
filing timelines, service events, custody events), and no parent's deletion cascades into one."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models import ProtectedError
from django.test.utils import isolate_apps

from smartcourt.cases.models import Case, CaseEvent
from smartcourt.core.models import AppendOnlyModel, AppendOnlyViolation
from smartcourt.filing.models import Filing, FilingEvent

APPEND_ONLY = [
    "core.auditlog",
    "cases.caseevent",
    "filing.filingevent",
    "service.serviceevent",
    "dossier_custody.custodyevent",
    "hearings.hearingchange",
    "mediation.disputeevent",
    "mediation.message",
    "hearing_room.roomevent",
    "hearings.asyncconsent",
    "hearings.asyncopinion",
    "hearings.asyncstatement",
    "hearings.transcriptversion",
    "hearings.transcriptsignature",
    "documents.draftversion",
    "enforcement.fundmovement",
    "enforcement.fundleg",
    "enforcement.inquiryresult",
]
LONG_AGO = datetime.fromisoformat("2001-01-01T09:00:00+08:00")

each_log = pytest.mark.parametrize("label", APPEND_ONLY)


def _snapshot(row: models.Model) -> dict:
    return type(row)._base_manager.filter(pk=row.pk).values().get()


def test_the_list_above_is_every_append_only_model() -> None:
    found = {m._meta.label_lower for m in apps.get_models() if issubclass(m, AppendOnlyModel)}
    assert found == set(APPEND_ONLY)


@each_log
def test_queryset_update_is_refused(logs, label: str) -> None:
    row = logs.rows[label]
    before = _snapshot(row)
    model = type(row)
    with pytest.raises(AppendOnlyViolation, match=rf"{model.__name__} rows are append-only: QuerySet.update\(\)"):
        model.objects.filter(pk=row.pk).update(occurred_at=LONG_AGO)
    with pytest.raises(AppendOnlyViolation):
        model.objects.all().update(occurred_at=LONG_AGO)
    assert _snapshot(row) == before


@each_log
def test_queryset_delete_bulk_and_single_is_refused(logs, label: str) -> None:
    row = logs.rows[label]
    model = type(row)
    with pytest.raises(AppendOnlyViolation, match=r"QuerySet.delete\(\)"):
        model.objects.all().delete()
    with pytest.raises(AppendOnlyViolation, match=r"QuerySet.delete\(\)"):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnlyViolation, match=r"delete\(\) refused"):
        row.delete()
    assert model.objects.filter(pk=row.pk).exists()


@each_log
def test_save_of_a_stored_row_is_refused(logs, label: str) -> None:
    row = logs.rows[label]
    before = _snapshot(row)
    model = type(row)
    loaded = model.objects.get(pk=row.pk)
    loaded.occurred_at = LONG_AGO
    with pytest.raises(AppendOnlyViolation, match=r"save\(\) of a stored row"):
        loaded.save()
    with pytest.raises(AppendOnlyViolation):
        loaded.save(update_fields=["occurred_at"])
    with pytest.raises(AppendOnlyViolation):
        model.objects.bulk_update([loaded], ["occurred_at"])
    with pytest.raises(AppendOnlyViolation):
        model.objects.update_or_create(pk=row.pk, defaults={"occurred_at": LONG_AGO})
    assert _snapshot(row) == before


@each_log
def test_a_new_instance_carrying_a_stored_pk_cannot_overwrite_the_row(logs, label: str) -> None:
    row = logs.rows[label]
    before = _snapshot(row)
    model = type(row)
    impostor = model(**{**before, "occurred_at": LONG_AGO})  # not loaded from the database: save() would INSERT
    with pytest.raises(IntegrityError), transaction.atomic():
        impostor.save()  # Django's default would UPDATE the stored row first
    assert _snapshot(row) == before


def test_related_managers_refuse_too(logs) -> None:
    case = logs.world.case
    with pytest.raises(AppendOnlyViolation):
        case.events.update(summary="改写")
    with pytest.raises(AppendOnlyViolation):
        case.events.all().delete()
    with pytest.raises(AppendOnlyViolation):
        logs.filing.events.all().delete()
    with pytest.raises(AppendOnlyViolation):
        logs.bundle.events.update(note="改写")


def test_a_case_or_filing_with_a_timeline_cannot_be_deleted(logs) -> None:
    """Deleting a parent used to cascade and erase its timeline with it; the events now PROTECT their parent."""
    case, filing = logs.world.case, logs.filing
    with pytest.raises(ProtectedError), transaction.atomic():
        Case.objects.filter(pk=case.pk).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Filing.objects.get(pk=filing.pk).delete()
    assert CaseEvent.objects.filter(case=case).exists() and FilingEvent.objects.filter(filing=filing).exists()


def test_an_upserting_bulk_create_is_refused_but_inserting_is_not(logs) -> None:
    row = logs.rows["cases.caseevent"]
    copy = CaseEvent(case=row.case, type=row.type, occurred_at=row.occurred_at, summary="补录")
    with pytest.raises(AppendOnlyViolation):
        CaseEvent.objects.bulk_create([copy], update_conflicts=True, unique_fields=["id"], update_fields=["summary"])
    (inserted,) = CaseEvent.objects.bulk_create([copy])
    assert CaseEvent.objects.get(pk=inserted.pk).summary == "补录"


@isolate_apps("smartcourt.core")
def test_the_system_check_refuses_a_cascading_foreign_key_on_an_append_only_model() -> None:
    class Cascading(AppendOnlyModel):
        parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)
        cleared = models.ForeignKey("self", null=True, on_delete=models.SET_NULL, related_name="+")
        kept = models.ForeignKey("self", null=True, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "core"

    errors = [e for e in Cascading.check() if e.id == "core.E001"]
    assert [e.msg.split(" is ")[0] for e in errors] == ["core.Cascading.parent", "core.Cascading.cleared"]


def test_the_real_models_pass_the_check() -> None:
    for label in APPEND_ONLY:
        assert [e for e in apps.get_model(label).check() if e.id == "core.E001"] == []


def test_postgresql_itself_refuses_update_and_delete(logs) -> None:
    """Beneath the ORM: raw SQL (a psql session, another program) cannot rewrite a log on PostgreSQL either."""
    if connection.vendor != "postgresql":
        pytest.skip("the refusing trigger is installed on PostgreSQL only (see core/append_only_db.py)")
    for row in logs.rows.values():
        table = row._meta.db_table
        for sql in (
            f'UPDATE "{table}" SET occurred_at = occurred_at WHERE id = %s',
            f'DELETE FROM "{table}" WHERE id = %s',
        ):
            with (
                pytest.raises(IntegrityError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [row.pk])
        assert type(row).objects.filter(pk=row.pk).exists()
