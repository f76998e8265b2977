"""Racing scans on PostgreSQL: two clerks check the same bundle out at once, or two bundles into one cell at once.
Exactly one wins; the other gets the Chinese refusal and nothing of theirs is written."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from smartcourt.core.errors import ApplicationError
from smartcourt.dossier.custody import services
from smartcourt.dossier.custody.models import Borrowing, BorrowingState, BundleStatus, CustodyEvent, PaperBundle

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are serialised by SQLite anyway"),
]


def _race(*calls):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, fn):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            results[i] = fn()
        except ApplicationError as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_check_outs_at_once_one_wins(world, bundle) -> None:
    due = timezone.localdate() + timedelta(days=5)
    results = _race(
        lambda: services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=due),
        lambda: services.paper_file_check_out(bundle=bundle, actor=world.keeper, handed_to=world.assistant, due_on=due),
    )
    errors = [r for r in results if isinstance(r, ApplicationError)]
    assert len(errors) == 1 and "不能重复取出" in str(errors[0].message)
    assert Borrowing.objects.filter(state=BorrowingState.LENT).count() == 1
    assert CustodyEvent.objects.filter(bundle=bundle, type="checked_out").count() == 1


def test_two_bundles_into_one_cell_at_once_one_wins(world) -> None:
    a = services.paper_file_register(case=world.case, kind="evidence", title="甲", actor=world.clerk)
    b = services.paper_file_register(case=world.case, kind="evidence", title="乙", actor=world.clerk)
    cell = world.cells[1]
    results = _race(
        lambda: services.paper_file_check_in(bundle=a, location=cell, actor=world.clerk),
        lambda: services.paper_file_check_in(bundle=b, location=cell, actor=world.keeper),
    )
    errors = [r for r in results if isinstance(r, ApplicationError)]
    assert len(errors) == 1 and "请选择空闲格口" in str(errors[0].message)
    assert PaperBundle.objects.filter(locker_cell=cell).count() == 1
    assert PaperBundle.objects.filter(status=BundleStatus.REGISTERED).count() == 1
    assert CustodyEvent.objects.filter(type="checked_in", location=cell).count() == 1
