"""Periods that start from service (答辩期, 上诉期) on the legally correct day; two clerks at once; batch of 300;
filing acceptance serves the complaint copy; addresses carry over to the person's later cases."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from smartcourt.cases.models import CaseEvent, CaseParty
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.service import services
from smartcourt.service.models import ServiceDeadline, ServiceEvent, TaskState

from .helpers import PDF, confirm, read_by_link, world

pytestmark = pytest.mark.django_db(transaction=True)
SHANGHAI = timezone.get_fixed_timezone(8 * 60)


@time_machine.travel(datetime(2026, 11, 17, 0, 30, tzinfo=SHANGHAI), tick=False)
def test_appeal_period_starts_the_day_after_e_service_of_a_judgment_in_beijing_time() -> None:
    """E-service at 00:30 on 17 Nov in Beijing (16 Nov in UTC): served on the 17th; the 15-day appeal period
    (民诉法 Art. 171) starts on the 18th (Art. 85: the start day is not counted) and ends on 2 Dec."""
    w = world()
    confirm(w.plaintiff, actor=w.party_user, signed_via="online", consent_platform=True, consent_judgments=True,
            consent_basis="explicit")  # fmt: skip
    task = services.service_task_create(case=w.case, recipient=w.plaintiff, document=PDF, document_type="judgment",
                                        title="民事判决书", actor=w.clerk)  # fmt: skip
    task.refresh_from_db()
    assert task.state == TaskState.SERVED and task.served_on == date(2026, 11, 17)
    deadline = ServiceDeadline.objects.get(task=task)
    assert deadline.rule_code == "civil.appeal.judgment" and deadline.due_on == date(2026, 12, 2)
    text = "\n".join(deadline.explanation)
    assert "2026-11-18起算" in text and "第一百七十一条" in text and "第二百四十四条" in text
    event = CaseEvent.objects.get(case=w.case, type="service.period_started")
    assert "2026-11-18起算" in event.summary and "2026-12-02届满" in event.summary
    # The case page (staff) and the party's own view both show it.
    clerk = Client()
    login_verified(clerk, w.clerk)
    assert "2026-12-02" in clerk.get(reverse("cases:detail", args=[w.case.pk])).content.decode()
    party = Client()
    party.force_login(w.party_user)
    page = party.get(reverse("service:inbox_detail", args=[task.pk])).content.decode()
    assert "上诉期" in page and "2026-12-02" in page
    assert "2026-12-02" in party.get(reverse("cases:detail", args=[w.case.pk])).content.decode()


def test_ruling_gets_the_ten_day_period_when_the_caller_says_it_is_appealable() -> None:
    w = world()
    confirm(w.defendant, consent_sms=True, consent_judgments=True, mobile="13912345678", consent_basis="explicit")
    task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="ruling",
                                        title="民事裁定书（驳回管辖异议）", actor=w.clerk,
                                        periods=["civil.appeal.ruling"])  # fmt: skip
    read_by_link(task.attempts.get())
    deadline = ServiceDeadline.objects.get(task=task)
    assert deadline.rule_code == "civil.appeal.ruling"
    assert (deadline.due_on - deadline.start_on).days >= 10


def test_address_carries_over_to_a_later_case_of_the_same_person() -> None:
    w = world()
    confirm(w.defendant, consent_email=True, email="hengxin@example.cn", consent_basis="explicit")
    later = make_case(court=w.court, judge=w.judge, plaintiff="张三", defendant="另一被告")
    # The same person (one Person row per identity across cases) is a defendant again in the later case.
    again = CaseParty.objects.create(case=later, person=w.defendant.person, role="defendant", position=2)
    task = services.service_task_create(case=later, recipient=again, document=PDF,
                                        document_type="summons", title="传票", actor=w.clerk)  # fmt: skip
    assert task.plan[0] == "email" and task.address.case_id == w.case.pk  # the consent record of the first case


def test_two_clerks_mark_the_same_task_at_once_one_wins_and_history_stays_whole() -> None:
    w = world()
    task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    services.service_post_register(task=task, tracking_number="EA200000001CN", actor=w.clerk)
    other = user_with_role(Role.CLERK, w.court, full_name="另一书记员")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def mark(actor, signer) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=10)
            services.service_post_return(tracking_number="EA200000001CN", outcome="signed", on=timezone.localdate(),
                                         signer=signer, relation="self", actor=actor)  # fmt: skip
            outcomes.append("ok")
        except services.ServiceConflict as exc:
            outcomes.append(f"conflict:{exc.message}")
        except Exception as exc:
            outcomes.append(f"error:{type(exc).__name__}:{exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=mark, args=(w.clerk, "苏州恒信贸易有限公司")),
               threading.Thread(target=mark, args=(other, "苏州恒信贸易有限公司"))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "ok"], outcomes
    task.refresh_from_db()
    assert task.state == TaskState.SERVED
    assert ServiceEvent.objects.filter(task=task, kind="served").count() == 1
    assert ServiceEvent.objects.filter(task=task, kind="receipt.post").count() == 1
    assert CaseEvent.objects.filter(case=w.case, type="service.served").count() == 1


def test_batch_of_300_summonses_at_once() -> None:
    w = world()
    cases = [make_case(court=w.court, judge=w.judge) for _ in range(150)]
    numbers = [c.number for c in cases]
    result = services.service_batch_create(court=w.court, case_numbers=numbers, roles=["plaintiff", "defendant"],
                                           document_type="summons", title="传票", body="请到庭。{案号}",
                                           actor=w.clerk)  # fmt: skip
    assert len(result.created) == 300 and not result.skipped
    assert result.batch.tasks.count() == 300
    assert all(t.plan and t.state == TaskState.IN_PROGRESS for t in result.created)
    # How fast is measured in bench/, never here: a loaded CI machine must not fail a correct batch.


def test_filing_acceptance_serves_the_complaint_copy_to_the_defendant() -> None:
    from smartcourt.dossier.services import dossier_document_add
    from smartcourt.service.hooks import complaint_copies_serve

    w = world()
    # The receiver of the dossier's "dossier.complaint_filed" hand-off serves the filed complaint itself.
    filed = dossier_document_add(case=w.case, title="民事起诉状", content=PDF, filename="起诉状.pdf", source="filing",
                                 actor=w.clerk, category="complaint", origin_ref="filing.complaint:987654")  # fmt: skip
    payload = {"case_id": w.case.pk, "document_id": filed.pk, "filing_id": 987654, "actor_id": w.clerk.pk}
    complaint_copies_serve(**payload)
    complaint_copies_serve(**payload)  # idempotent by origin_ref
    tasks = list(w.case.service_tasks.all())
    assert len(tasks) == 1 and tasks[0].party_id == w.defendant.pk and tasks[0].document_type == "complaint_copy"
    assert tasks[0].document_sha256 == filed.sha256
    assert tasks[0].origin_ref == f"filing.accept:987654:party:{w.defendant.pk}"
    assert services.task_periods(tasks[0]) == ["civil.defence"]
