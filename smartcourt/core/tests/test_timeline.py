"""Typed vocabularies (event types, audit actions) and the historical clock (`recorded_at`) of the append-only
tables: an unknown word is refused, and history is written with its own time, never re-dated afterwards."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartcourt.cases.models import CaseEvent, CaseEventType
from smartcourt.cases.services import case_event_append, case_transition
from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditAction, AuditLog
from smartcourt.core.services import audit_record
from smartcourt.core.timeline import UnknownVocabulary, event_time, recorded_at, vocabulary_member
from smartcourt.dossier.custody.models import CustodyEventType
from smartcourt.filing.models import FilingEvent, FilingEventType
from smartcourt.filing.services.filing import filing_event_append
from smartcourt.service.models import ServiceEvent, ServiceEventType, ServiceTask
from smartcourt.service.services.common import _event as service_event_append

SHANGHAI = timezone.get_default_timezone()
NOW = datetime(2025, 10, 9, 9, 30, tzinfo=SHANGHAI)

# (function name, keyword, vocabulary) of every way a row of an append-only table is written with a word in it
WRITERS = {
    "case_event_append": ("type", CaseEventType),
    "_timeline": ("type", CaseEventType),  # dossier.custody's wrapper around case_event_append
    "filing_event_append": ("type", FilingEventType),
    "_event": ("kind", ServiceEventType),  # service's append function
    "audit_record": ("action", AuditAction),
    "_read_logged": ("action", AuditAction),  # dossier's page-view audit wrapper
}


# ---------------------------------------------------------------- vocabularies


def _written_words() -> list[tuple[str, int, str, type[Enum], ast.expr]]:
    """Every word the code base passes to an append function: (file, line, function, vocabulary, expression)."""
    found = []
    root = Path(settings.BASE_DIR) / "smartcourt"
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in WRITERS or (name == "_event" and "service" not in path.parts):
                continue
            keyword, vocabulary = WRITERS[name]
            values = [k.value for k in node.keywords if k.arg == keyword]
            if name == "_timeline" and len(node.args) > 1:
                values.append(node.args[1])
            for value in values:
                options = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                found += [(str(path.relative_to(root)), node.lineno, name, vocabulary, v) for v in options]
    return found


def test_every_event_type_and_audit_action_the_code_writes_is_a_member_of_its_enum() -> None:
    words = _written_words()
    assert len(words) > 150  # the scan sees the code base (audit rows and events of every app)
    problems = []
    for where, line, name, vocabulary, expr in words:
        if isinstance(expr, ast.Constant):
            problems.append(f"{where}:{line} {name}: literal {expr.value!r}, use {vocabulary.__name__}")
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            if expr.value.id != vocabulary.__name__ or expr.attr not in vocabulary.__members__:
                problems.append(f"{where}:{line} {name}: {expr.value.id}.{expr.attr} is not a {vocabulary.__name__}")
        elif isinstance(expr, ast.JoinedStr):
            problems.append(f"{where}:{line} {name}: f-string, wrap it in {vocabulary.__name__}(...)")
    assert problems == []


def test_the_values_stay_the_strings_already_stored() -> None:
    """No data migration: members equal the strings earlier releases wrote."""
    assert CaseEventType.REGISTERED == "case.registered" and CaseEventType("case.closed") is CaseEventType.CLOSED
    assert FilingEventType.ACCEPTED == "filing.accepted" and ServiceEventType.SERVED == "served"
    assert AuditAction("case.transition.archived") is AuditAction.CASE_TRANSITION_ARCHIVED
    assert CustodyEventType.CHECKED_IN == "checked_in"
    for vocabulary in (CaseEventType, FilingEventType, ServiceEventType, AuditAction):
        assert len({m.value for m in vocabulary}) == len(vocabulary)


def test_every_case_transition_and_assignment_method_has_its_words() -> None:
    from smartcourt.cases.models import AssignmentDraw
    from smartcourt.cases.rules.transitions import TRANSITIONS

    for transition in TRANSITIONS:
        assert vocabulary_member(CaseEventType, f"case.{transition.target}")
        assert vocabulary_member(AuditAction, f"case.transition.{transition.target}")
    for method in AssignmentDraw.Method:
        assert vocabulary_member(AuditAction, f"case.assign.{method}")


@pytest.mark.django_db
def test_every_append_function_refuses_an_unknown_word_and_writes_nothing(logs) -> None:  # type: ignore[no-untyped-def]
    case, filing = logs.world.case, logs.filing
    task = ServiceTask.objects.get(case=case)
    counts = (CaseEvent.objects.count(), FilingEvent.objects.count(), ServiceEvent.objects.count())
    audits = AuditLog.objects.count()
    with pytest.raises(UnknownVocabulary, match=r"'case\.renamed' is not a CaseEventType"):
        case_event_append(case=case, type="case.renamed", actor=SYSTEM, summary="?")  # type: ignore[arg-type]
    with pytest.raises(UnknownVocabulary, match="FilingEventType"):
        filing_event_append(filing=filing, type="filing.renamed", actor=SYSTEM, summary="?")  # type: ignore[arg-type]
    with pytest.raises(UnknownVocabulary, match="ServiceEventType"):
        service_event_append(task=task, kind="task.renamed", actor=SYSTEM, summary="?")  # type: ignore[arg-type]
    with pytest.raises(UnknownVocabulary, match="AuditAction"):
        audit_record(actor=SYSTEM, action="case.renamed")  # type: ignore[arg-type]
    with pytest.raises(UnknownVocabulary, match="Kind"):
        audit_record(actor=SYSTEM, action=AuditAction.CASE_REGISTER, kind="gossip")
    assert (CaseEvent.objects.count(), FilingEvent.objects.count(), ServiceEvent.objects.count()) == counts
    assert AuditLog.objects.count() == audits
    # the same word as a string is accepted and stored unchanged
    event = case_event_append(case=case, type="case.team_set", actor=SYSTEM, summary="组成审判团队")  # type: ignore[arg-type]
    assert CaseEvent.objects.get(pk=event.pk).type == "case.team_set"


# ---------------------------------------------------------------- the historical clock


@time_machine.travel(NOW, tick=False)
def test_recorded_at_takes_only_an_aware_instant_in_the_past() -> None:
    assert event_time() == NOW
    with pytest.raises(ValueError, match="in the future"), recorded_at(NOW + timedelta(seconds=1)):
        pass
    with pytest.raises(ValueError, match="timezone-aware"), recorded_at(datetime(2025, 1, 1, 9, 0)):  # noqa: DTZ001
        pass
    with recorded_at(NOW - timedelta(days=400)) as then:
        assert event_time() == then
        with recorded_at(NOW - timedelta(days=500)):
            assert event_time() == NOW - timedelta(days=500)
        assert event_time() == then
    assert event_time() == NOW


@pytest.mark.django_db
def test_history_is_written_with_its_time_by_the_same_services(logs) -> None:  # type: ignore[no-untyped-def]
    case = logs.world.case
    closed = timezone.now() - timedelta(days=90)
    with recorded_at(closed):
        case_transition(case=case, target="closed", actor=SYSTEM, closing_method="judgment", on=closed.date())
    event = CaseEvent.objects.get(case=case, type=CaseEventType.CLOSED)
    audit = AuditLog.objects.get(target_id=str(case.pk), action=AuditAction.CASE_TRANSITION_CLOSED)
    assert event.occurred_at == closed and audit.occurred_at == closed
    later = case_event_append(case=case, type=CaseEventType.TEAM_SET, actor=SYSTEM, summary="组成审判团队")
    assert later.occurred_at > closed  # outside the block: now again


@pytest.mark.django_db
def test_the_demo_generator_writes_case_history_at_its_dates_without_rewriting_a_row() -> None:
    """It used to create events now and re-date them with CaseEvent.objects.update(); now each step is recorded
    at its historical time when it is written, and no UPDATE of a log table is issued."""
    from smartcourt.demo.seed import DemoSeeder

    seeder = DemoSeeder(seed=7, log=lambda msg: None)
    seeder.load_reference_data()
    seeder.courts_and_staff()
    with CaptureQueriesContext(connection) as queries:
        assert seeder.cases(per_basic=2, per_intermediate=1, high=1) > 0
    rewrites = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and any(t in q["sql"] for t in ("cases_caseevent", "core_auditlog"))
    ]
    assert rewrites == []
    registered = CaseEvent.objects.filter(type=CaseEventType.REGISTERED).select_related("case")
    assert registered and all(timezone.localdate(e.occurred_at) == e.case.filed_on for e in registered)
    closed = CaseEvent.objects.filter(type=CaseEventType.CLOSED).select_related("case")
    assert all(timezone.localdate(e.occurred_at) == e.case.closed_on for e in closed)
    assert not CaseEvent.objects.filter(occurred_at__gt=timezone.now()).exists()
    assert AuditLog.objects.filter(action=AuditAction.CASE_REGISTER, occurred_at__lt=timezone.now() - timedelta(1))
