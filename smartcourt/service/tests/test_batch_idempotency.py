"""Resubmitting a service batch (a double click, a reload, the back button) creates no duplicate summonses: the
recipients who already have the same document are listed and warned about, not served twice."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from smartcourt.cases.models import CaseEvent
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.tests.factories import login_verified
from smartcourt.service import services
from smartcourt.service.models import ServiceBatch, ServiceTask, TaskState

from .helpers import world

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_fixed_timezone(8 * 60)
BODY = "本院受理{案件}一案（{案号}），定于2026年12月20日9时在本院第三法庭开庭审理，请准时到庭。"


def _batch(w, numbers, body=BODY):  # type: ignore[no-untyped-def]
    return services.service_batch_create(court=w.court, case_numbers=numbers, roles=["plaintiff", "defendant"],
                                         document_type="summons", title="传票", body=body, actor=w.clerk)  # fmt: skip


@time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_the_same_batch_twice_creates_the_summonses_once() -> None:
    w = world()
    other = make_case(court=w.court, judge=w.judge)
    first = _batch(w, [w.case.number, other.number])
    assert len(first.created) == 4 and not first.duplicates
    again = _batch(w, [w.case.number, other.number])
    assert again.batch is None and again.created == []
    assert sorted(t.pk for t in again.duplicates) == sorted(t.pk for t in first.created)
    assert ServiceTask.objects.count() == 4 and ServiceBatch.objects.count() == 1
    assert CaseEvent.objects.filter(case=w.case, type="service.task_created", summary__contains="集中送达").count() == 1


@time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_a_new_text_or_a_cancelled_task_is_served_again() -> None:
    w = world()
    first = _batch(w, [w.case.number])
    moved = _batch(w, [w.case.number], body=BODY.replace("20日", "27日"))  # a new hearing date: a new document
    assert len(moved.created) == 2 and not moved.duplicates
    services.service_task_cancel(task=first.created[0], actor=w.clerk, reason="开庭时间变更")
    again = _batch(w, [w.case.number])
    assert [t.party_id for t in again.created] == [first.created[0].party_id]  # only the cancelled one is redone
    assert [t.pk for t in again.duplicates] == [first.created[1].pk]


def test_resubmitting_the_batch_page_warns_instead_of_serving_twice(client) -> None:
    w = world()
    login_verified(client, w.clerk)
    form = {"document_type": "summons", "title": "传票", "body": BODY, "case_numbers": w.case.number,
            "roles": ["plaintiff", "defendant"]}  # fmt: skip
    assert client.post(reverse("service:batch"), form).status_code == 302
    response = client.post(reverse("service:batch"), form)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="batch-duplicates"' in html and "未重复创建" in html
    assert ServiceTask.objects.filter(case=w.case).exclude(state=TaskState.CANCELLED).count() == 2
