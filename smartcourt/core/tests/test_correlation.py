"""One correlation id per action: every audit row and timeline event one request, task run or service call writes
shares it; two actions never share one."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction

from smartcourt.cases.models import CaseEvent, CaseEventType
from smartcourt.core.actors import SYSTEM
from smartcourt.core.correlation import HEADER, correlation_id, correlation_scope
from smartcourt.core.models import AuditAction, AuditLog
from smartcourt.core.services import audit_record
from smartcourt.courts.tests.factories import login_verified
from smartcourt.dossier.custody.models import CustodyEvent
from smartcourt.filing import services as filing_services
from smartcourt.filing.models import FilingEvent, FilingEventType
from smartcourt.filing.tests.online.helpers import submitted
from smartcourt.filing.tests.online.helpers import world as filing_world
from smartcourt.jobs.retry import court_task

# What the acceptance itself writes on the case; the evidence filing and the service of the complaint that follow
# are tasks enqueued on commit, each its own action.
ACCEPT_CASE_EVENTS = [CaseEventType.REGISTERED, CaseEventType.ASSIGNED, CaseEventType.FEE_NOTICE_ISSUED]


def _accept_rows(filing, case) -> list:  # type: ignore[no-untyped-def]
    """Every log row `filing_accept` writes: the filing's event, the case's events, the audit rows of the action."""
    return [
        *FilingEvent.objects.filter(filing=filing, type=FilingEventType.ACCEPTED),
        *CaseEvent.objects.filter(case=case, type__in=ACCEPT_CASE_EVENTS),
        *AuditLog.objects.filter(
            action__in=[AuditAction.FILING_ACCEPT, AuditAction.CASE_REGISTER, AuditAction.CASE_ASSIGN_RANDOM]
        ),
    ]


@pytest.mark.django_db
def test_one_service_call_writes_one_id_on_filing_event_case_events_and_audit_rows() -> None:
    w = filing_world()
    filing = submitted(w, amount="1000000")
    earlier = {e.correlation_id for e in FilingEvent.objects.filter(filing=filing)}
    with correlation_scope() as action_id:
        case = filing_services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    rows = _accept_rows(filing, case)
    kinds = {type(r).__name__ for r in rows}
    assert kinds == {"FilingEvent", "CaseEvent", "AuditLog"} and len(rows) >= 5
    assert {r.correlation_id for r in rows} == {action_id}
    assert action_id not in earlier  # the submission was another action


@pytest.mark.django_db(transaction=True)
def test_without_a_scope_each_transaction_is_one_action() -> None:
    """A shell or a script calling services directly: still one id per service call, a new one for the next."""
    w = filing_world()
    first, second = submitted(w, key="k1", amount="50000"), submitted(w, key="k2", amount="60000")
    case_one = filing_services.filing_accept(filing=first, actor=w.officer, track=first.triage_suggested)
    one = {r.correlation_id for r in _accept_rows(first, case_one)}
    assert len(one) == 1 and None not in one
    # The tasks the acceptance enqueued on commit ran as actions of their own (one id each, not the acceptance's).
    filed = {e.correlation_id for e in case_one.events.filter(type=CaseEventType.DOSSIER_DOCUMENT_ADDED)}
    served = {e.correlation_id for e in case_one.events.filter(type=CaseEventType.SERVICE_TASK_CREATED)}
    assert len(filed) == 1 and len(served) == 1 and len(one | filed | served) == 3
    case_two = filing_services.filing_accept(filing=second, actor=w.officer, track=second.triage_suggested)
    accepted = FilingEvent.objects.get(filing=second, type=FilingEventType.ACCEPTED)
    two = {e.correlation_id for e in case_two.events.filter(type__in=ACCEPT_CASE_EVENTS)}
    assert two == {accepted.correlation_id} and one.isdisjoint(two)


@pytest.mark.django_db
def test_a_rolled_back_action_does_not_lend_its_id_to_the_next() -> None:
    with transaction.atomic():
        with transaction.atomic():
            failed = correlation_id()
            transaction.set_rollback(True)
        assert correlation_id() != failed
        kept = correlation_id()
        assert correlation_id() == kept


def test_nested_scopes_inherit_only_when_asked() -> None:
    with correlation_scope() as outer:
        assert correlation_id() == outer
        with correlation_scope(inherit=True) as inner:
            assert inner == outer
        with correlation_scope() as task:
            assert task != outer and correlation_id() == task
        assert correlation_id() == outer


def test_two_requests_are_two_actions_and_each_returns_its_id(client, logs) -> None:  # type: ignore[no-untyped-def]
    w = logs.world
    login_verified(client, w.clerk)
    registered = client.post(
        "/api/v1/paper-files",
        {"case_id": w.case.pk, "kind": "evidence", "title": "被告证据"},
        content_type="application/json",
    )
    assert registered.status_code == 201
    code = registered.json()["label_code"]
    checked_in = client.post(
        f"/api/v1/paper-files/{code}/check-in", {"location_id": logs.cells[0].pk}, content_type="application/json"
    )
    assert checked_in.status_code == 200
    first, second = uuid.UUID(registered.headers[HEADER]), uuid.UUID(checked_in.headers[HEADER])
    assert first != second
    for action_id, custody_type in ((first, "registered"), (second, "checked_in")):
        custody = CustodyEvent.objects.get(correlation_id=action_id)
        assert custody.type == custody_type and custody.bundle.label_code == code
        assert CaseEvent.objects.filter(correlation_id=action_id, type=f"paper_file.{custody_type}").count() == 1
        assert AuditLog.objects.filter(correlation_id=action_id, action=f"paper_file.{custody_type}").count() == 1


def test_an_id_sent_by_the_client_is_not_taken(client, logs) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, logs.world.clerk)
    forged = uuid.uuid4()
    response = client.get("/api/v1/paper-files", headers={HEADER: str(forged)})
    assert response.status_code == 200 and uuid.UUID(response.headers[HEADER]) != forged


@court_task(queue_name="default", max_attempts=1)
def _audit_twice_task() -> None:
    audit_record(actor=SYSTEM, action=AuditAction.CAUSES_LOADED, extra={"n": 1})
    audit_record(actor=SYSTEM, action=AuditAction.CAUSES_LOADED, extra={"n": 2})


@pytest.mark.django_db
def test_a_task_run_is_its_own_action() -> None:
    with correlation_scope() as request_id:
        _audit_twice_task.enqueue()  # the immediate backend runs it here, inside the request's scope
        _audit_twice_task.enqueue()
    runs = list(AuditLog.objects.filter(action=AuditAction.CAUSES_LOADED).order_by("id"))
    ids = [r.correlation_id for r in runs]
    assert len(ids) == 4 and ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]
    assert request_id not in ids


@pytest.mark.django_db
def test_bulk_created_rows_are_stamped_too(logs) -> None:  # type: ignore[no-untyped-def]
    row = logs.rows["cases.caseevent"]
    with correlation_scope() as action_id:
        (made,) = CaseEvent.objects.bulk_create(
            [CaseEvent(case=row.case, type=row.type, occurred_at=row.occurred_at, summary="导入")]
        )
    assert CaseEvent.objects.get(pk=made.pk).correlation_id == action_id
