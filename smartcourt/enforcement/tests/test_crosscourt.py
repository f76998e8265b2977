"""Cross-court enforcement on one file, entrusted enforcement with its statutory times, and the assistance network
(ADR 0043): the services' rules and refusals, the permission table's reading of each arrangement, one timeline
event per write naming the court that acted, and the pages each side uses."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from smartcourt.cases.models import Case, CaseEvent, CaseState
from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.courts.models import Court, Division, User
from smartcourt.courts.permissions import Action, Resource, allows
from smartcourt.courts.roles import CourtLevel, DivisionKind, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, UserFactory, login_verified, user_with_role
from smartcourt.documents.models import Document
from smartcourt.enforcement import selectors_crosscourt as X
from smartcourt.enforcement import services_crosscourt as S
from smartcourt.enforcement import services_funds as F
from smartcourt.enforcement.models import AssistanceTask, CrossCourt, EnforcementFile, Entrustment
from smartcourt.enforcement.services import enforcement_apply

from .factories import effective_judgment, party

pytestmark = pytest.mark.django_db


@dataclass
class Province:
    city: Court
    a: Court  # the case's court
    b: Court  # the court designated
    c: Court  # the court entrusted
    president: User  # the city court's president
    a_president: User
    a_officer: User
    a_officer2: User
    b_head: User
    b_officer: User
    b_officer2: User
    c_head: User
    c_officer: User
    worker: User  # a grid worker of court A
    file: EnforcementFile


def _bureau(court: Court) -> Division:
    return DivisionFactory(court=court, kind=DivisionKind.ENFORCEMENT, name="执行局")


def build() -> Province:
    high = CourtFactory(level=CourtLevel.HIGH)
    city = CourtFactory(level=CourtLevel.INTERMEDIATE, parent=high, name="测试市中级人民法院")
    a = CourtFactory(parent=city, name="甲区人民法院")
    b = CourtFactory(parent=city, name="乙区人民法院")
    c = CourtFactory(parent=CourtFactory(level=CourtLevel.INTERMEDIATE, parent=high), name="丙县人民法院")
    ba, bb, bc = _bureau(a), _bureau(b), _bureau(c)
    applicant = UserFactory(full_name="申请人账户")
    from smartcourt.courts.models import RoleGrant

    RoleGrant.objects.create(user=applicant, role=Role.PARTY, court=a)
    judgment = effective_judgment(court=a, applicant_user=applicant, amount=Decimal("80000.00"))
    file = enforcement_apply(title_case=judgment, actor=applicant)
    a_officer = user_with_role(Role.ENFORCEMENT_OFFICER, a, ba, full_name="甲执行员")
    Case.objects.filter(pk=file.case_id).update(judge=a_officer, state=CaseState.IN_TRIAL)
    file.refresh_from_db()
    file.case.refresh_from_db()
    return Province(
        city=city,
        a=a,
        b=b,
        c=c,
        president=user_with_role(Role.PRESIDENT, city, full_name="市院院长"),
        a_president=user_with_role(Role.PRESIDENT, a, full_name="甲院院长"),
        a_officer=a_officer,
        a_officer2=user_with_role(Role.ENFORCEMENT_OFFICER, a, ba, full_name="甲执行员二"),
        b_head=user_with_role(Role.DIVISION_HEAD, b, bb, full_name="乙执行局长"),
        b_officer=user_with_role(Role.ENFORCEMENT_OFFICER, b, bb, full_name="乙执行员"),
        b_officer2=user_with_role(Role.ENFORCEMENT_OFFICER, b, bb, full_name="乙执行员二"),
        c_head=user_with_role(Role.DIVISION_HEAD, c, bc, full_name="丙执行局长"),
        c_officer=user_with_role(Role.ENFORCEMENT_OFFICER, c, bc, full_name="丙执行员"),
        worker=user_with_role(Role.ASSISTANCE_WORKER, a, full_name="王网格"),
        file=file,
    )


def events(file: EnforcementFile) -> int:
    return CaseEvent.objects.filter(case_id=file.case_id).count()


def sees(user: User, file: EnforcementFile, action: Action = Action.VIEW) -> bool:
    return allows(user=user, resource=Resource.ENFORCEMENT, action=action, obj=Case.objects.get(pk=file.case_id))


def designate(p: Province, **kw: object) -> CrossCourt:
    args: dict[str, object] = {
        "file": p.file,
        "actor": p.president,
        "designating_court": p.city,
        "to_court": p.b,
        "kind": "designated",
        "ground": "long_pending",
        "reason": "被执行人及其财产均在乙区，原执行法院长期未能执结。",
    }
    args.update(kw)
    return S.designation_decide(**args)  # type: ignore[arg-type]


def test_designation_handover_and_acknowledgement_put_both_courts_on_one_file() -> None:
    p = build()
    F.fund_receive(account=p.file.case.account, amount=Decimal("1200.00"), actor=p.a_officer, reference="R1")
    n = events(p.file)
    cc = designate(p)
    assert events(p.file) == n + 1  # one event per write (the ruling is part of it)
    ruling = Document.objects.get(pk=cc.ruling_id)
    assert ruling.kind == "enforcement_designation" and ruling.context["court_name"] == "测试市中级人民法院"
    event = CaseEvent.objects.filter(case_id=p.file.case_id).latest("id")
    assert event.type == "enforcement.designated" and event.payload["new"]["court"] == "测试市中级人民法院"
    assert "第二百三十七条" in event.summary or "第74条" in event.summary
    assert not sees(p.b_officer, p.file) and not sees(p.b_head, p.file)  # not before the handover is acknowledged

    with pytest.raises(ApplicationError, match="尚未移交"):
        S.handover_acknowledge(crosscourt=cc, actor=p.b_head, officer=p.b_officer)
    with pytest.raises(Forbidden):
        S.handover_record(crosscourt=cc, actor=p.b_officer)  # the receiving side cannot hand over
    handover = S.handover_record(crosscourt=cc, actor=p.a_officer, note="卷宗一并移交")
    assert handover.balance == Decimal("1200.00") and handover.papers and events(p.file) == n + 2
    with pytest.raises(Forbidden):
        S.handover_acknowledge(crosscourt=cc, actor=p.a_officer2, officer=p.b_officer)  # not the receiving court
    with pytest.raises(ApplicationError, match="乙区人民法院的执行人员"):
        S.handover_acknowledge(crosscourt=cc, actor=p.b_head, officer=p.a_officer2)
    S.handover_acknowledge(crosscourt=cc, actor=p.b_head, officer=p.b_officer, note="已核对")
    cc.refresh_from_db()
    assert cc.state == CrossCourt.State.ACTIVE and events(p.file) == n + 3

    # one file: the receiving court's named officer and its head act on it; its other officers do not see it
    assert sees(p.b_officer, p.file) and sees(p.b_officer, p.file, Action.CHANGE) and sees(p.b_head, p.file)
    assert not sees(p.b_officer2, p.file)
    assert sees(p.a_officer, p.file, Action.CHANGE)  # the case's court still acts (共同/指定: one file)
    assert allows(user=p.b_officer, resource=Resource.CASE_FUNDS, action=Action.CHANGE, obj=p.file.case)
    F.fund_receive(account=p.file.case.account, amount=Decimal("300.00"), actor=p.b_officer, reference="R2")
    timeline = list(CaseEvent.objects.filter(case_id=p.file.case_id).order_by("id"))
    courts = X.acting_courts(case=p.file.case, events=timeline)
    received = [e for e in timeline if e.type == "funds.received"]
    assert courts[received[0].pk] == "甲区人民法院" and courts[received[1].pk] == "乙区人民法院"


def test_designation_is_the_higher_courts_within_its_jurisdiction_with_its_grounds() -> None:
    p = build()
    with pytest.raises(Forbidden):
        designate(p, actor=p.a_officer)
    with pytest.raises(ApplicationError, match="上级人民法院决定"):
        designate(p, actor=p.a_president, designating_court=p.a)
    with pytest.raises(ApplicationError, match="本辖区"):
        designate(p, to_court=p.c)  # another city's court
    with pytest.raises(ApplicationError, match="尚未满六个月"):
        designate(p, ground="overdue")
    with pytest.raises(ApplicationError, match="理由"):
        designate(p, reason=" ")
    with pytest.raises(ApplicationError, match="不能是本案的执行法院"):
        designate(p, to_court=p.a)
    n = events(p.file)
    later = timezone.localdate() + timedelta(days=200)
    cc = designate(p, ground="overdue", kind="joint", on=later)
    assert cc.kind == "joint" and events(p.file) == n + 1
    with pytest.raises(ApplicationError, match="已指定"):
        designate(p, kind="joint")
    assert not CrossCourt.objects.exclude(pk=cc.pk).exists()  # the refusals wrote nothing


def test_entrustment_round_trip_with_its_statutory_times() -> None:
    p = build()
    debtor = party(p.file, "judgment_debtor")
    with pytest.raises(ApplicationError, match="不能委托本院"):
        S.entrustment_send(file=p.file, actor=p.a_officer, to_court=p.a, matter="seize_property", detail="x")
    with pytest.raises(ApplicationError, match="具体要求"):
        S.entrustment_send(file=p.file, actor=p.a_officer, to_court=p.c, matter="seize_property", detail="")
    n = events(p.file)
    today = timezone.localdate()
    e = S.entrustment_send(
        file=p.file, actor=p.a_officer, to_court=p.c, matter="seize_property", detail="查封丙县某房产", party=debtor
    )
    assert events(p.file) == n + 1
    assert e.act_by == today + timedelta(days=15) and e.report_by == today + timedelta(days=30)
    letter = Document.objects.get(pk=e.letter_id)
    assert letter.kind == "enforcement_entrustment_letter" and letter.context["to_court"] == "丙县人民法院"
    assert "第二百四十条" in CaseEvent.objects.filter(case_id=p.file.case_id).latest("id").summary

    # the entrusted court sees the entrustment, not the case
    assert allows(user=p.c_officer, resource=Resource.ENFORCEMENT_ENTRUSTMENT, action=Action.VIEW, obj=e)
    assert not sees(p.c_officer, p.file) and not sees(p.c_head, p.file)
    assert list(X.entrustments_for(user=p.c_head)) == [e]
    assert not X.entrustments_for(user=p.b_head).exists()
    assert X.entrustment_due(e, today=today + timedelta(days=16)).overdue  # not begun within 15 days

    with pytest.raises(Forbidden):
        S.entrustment_accept(entrustment=e, actor=p.c_officer, officer=p.c_officer)  # the head accepts
    S.entrustment_accept(entrustment=e, actor=p.c_head, officer=p.c_officer)
    e.refresh_from_db()
    assert not X.entrustment_due(e, today=today + timedelta(days=16)).overdue
    assert X.entrustment_due(e, today=today + timedelta(days=31)).overdue  # no progress reported within 30 days
    with pytest.raises(ApplicationError, match="办理情况"):
        S.entrustment_report(entrustment=e, actor=p.c_officer, kind="progress", note="")
    S.entrustment_report(entrustment=e, actor=p.c_officer, kind="progress", note="已查封，待评估")
    e.refresh_from_db()
    assert not X.entrustment_due(e, today=today + timedelta(days=31)).overdue
    S.entrustment_report(entrustment=e, actor=p.c_officer, kind="result", note="已查封房产一处，权证号X")
    e.refresh_from_db()
    assert e.state == Entrustment.State.REPLIED and events(p.file) == n + 4
    last = CaseEvent.objects.filter(case_id=p.file.case_id).latest("id")
    assert last.payload["new"]["court"] == "丙县人民法院" and "函复执行结果" in last.summary
    with pytest.raises(ApplicationError):
        S.entrustment_cancel(entrustment=e, actor=p.a_officer, reason="已履行")


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 160, 90)).save(buf, format="PNG")
    return buf.getvalue()


def test_assistance_task_round_trip_with_deadline_and_photo() -> None:
    p = build()
    debtor = party(p.file, "judgment_debtor")
    stranger = user_with_role(Role.ASSISTANCE_WORKER, p.c, full_name="外地网格员")
    with pytest.raises(ApplicationError, match="网格员"):
        S.assistance_assign(file=p.file, actor=p.a_officer, worker=stranger, party=debtor, kind="find_debtor")
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match="不超过30天"):
        S.assistance_assign(
            file=p.file, actor=p.a_officer, worker=p.worker, party=debtor, kind="find_debtor",
            due_on=today + timedelta(days=40),
        )  # fmt: skip
    n = events(p.file)
    task = S.assistance_assign(
        file=p.file, actor=p.a_officer, worker=p.worker, party=debtor, kind="find_debtor", address="某村三组12号"
    )
    assert events(p.file) == n + 1 and task.due_on == today + timedelta(days=7)
    assert Document.objects.get(pk=task.notice_id).kind == "enforcement_assistance_notice"
    assert list(X.tasks_for_worker(user=p.worker)) == [task]
    assert not X.tasks_for_worker(user=stranger).exists()
    assert not sees(p.worker, p.file)  # the worker sees the task, never the case
    assert X.task_due(task, today=today + timedelta(days=9)).label == "已逾期2天"
    with pytest.raises(Forbidden):
        S.assistance_report(task=task, actor=stranger, outcome="done", note="x")
    with pytest.raises(ApplicationError, match="办理情况"):
        S.assistance_report(task=task, actor=p.worker, outcome="done", note=" ")
    with pytest.raises(ApplicationError):
        S.assistance_report(
            task=task, actor=p.worker, outcome="done", note="见到本人", photo=b"not an image", photo_name="a.jpg"
        )
    S.assistance_report(
        task=task, actor=p.worker, outcome="done", note="见到本人，在家", photo=_png(), photo_name="p.png"
    )
    task.refresh_from_db()
    assert task.state == AssistanceTask.State.REPORTED and task.photo_kind == "png" and events(p.file) == n + 2
    with pytest.raises(ApplicationError):
        S.assistance_report(task=task, actor=p.worker, outcome="done", note="again")


def test_pages_of_each_side(client) -> None:  # type: ignore[no-untyped-def]
    p = build()
    debtor = party(p.file, "judgment_debtor")
    # the city's president designates from the case page
    login_verified(client, p.president)
    page = client.get(f"/enforcement/{p.file.pk}/").content.decode()
    assert 'data-testid="designate-form"' in page
    done = client.post(
        f"/enforcement/{p.file.pk}/crosscourt/designate/",
        {"designating_court": p.city.pk, "to_court": p.b.pk, "kind": "designated", "ground": "long_pending",
         "reason": "长期未能执结"},
        follow=True,
    )  # fmt: skip
    assert "已作出指定执行裁定" in done.content.decode()
    cc = CrossCourt.objects.get()
    bad = client.post(f"/enforcement/{p.file.pk}/crosscourt/designate/", {"to_court": "x"}, follow=True)
    assert bad.status_code == 200 and "请选择法院" in bad.content.decode()
    client.logout()
    # the case's officer hands over, entrusts, and sends a task
    login_verified(client, p.a_officer)
    client.post(f"/enforcement/{p.file.pk}/crosscourt/handover/", {"crosscourt": cc.pk, "note": "移交"})
    client.post(
        f"/enforcement/{p.file.pk}/crosscourt/entrust/",
        {"to_court": p.c.pk, "matter": "find_property", "detail": "调查丙县车辆", "party": debtor.pk},
    )
    client.post(
        f"/enforcement/{p.file.pk}/crosscourt/assign_task/",
        {"worker": p.worker.pk, "party": debtor.pk, "kind": "verify_address"},
    )
    page = client.get(f"/enforcement/{p.file.pk}/").content.decode()
    assert 'data-testid="entrustment-' in page and 'data-testid="task-' in page and "待接收" in page
    e, task = Entrustment.objects.get(), AssistanceTask.objects.get()
    letter = client.get(f"/enforcement/crosscourt/papers/letter/{e.pk}/")
    assert letter.status_code == 200
    client.logout()
    # the receiving court's head acknowledges on the handover page
    login_verified(client, p.b_head)
    inbox = client.get("/enforcement/crosscourt/").content.decode()
    assert f"/enforcement/handovers/{cc.pk}/" in inbox
    ack = client.post(f"/enforcement/handovers/{cc.pk}/", {"officer": p.b_officer.pk, "note": "已核对"}, follow=True)
    assert "已确认接收。" in ack.content.decode() and 'data-testid="acknowledged"' in ack.content.decode()
    client.logout()
    login_verified(client, p.b_officer)
    page = client.get(f"/enforcement/{p.file.pk}/")
    assert page.status_code == 200 and 'data-testid="acting-court"' in page.content.decode()
    client.logout()
    login_verified(client, p.b_officer2)
    assert client.get(f"/enforcement/{p.file.pk}/").status_code == 404
    client.logout()
    # the entrusted court: its head accepts, its officer replies; neither opens the case
    login_verified(client, p.c_head)
    assert f"/enforcement/entrustments/{e.pk}/" in client.get("/enforcement/crosscourt/").content.decode()
    client.post(f"/enforcement/entrustments/{e.pk}/", {"action": "accept", "officer": p.c_officer.pk})
    client.logout()
    login_verified(client, p.c_officer)
    client.post(f"/enforcement/entrustments/{e.pk}/", {"action": "report", "kind": "result", "note": "查到车辆一辆"})
    e.refresh_from_db()
    assert e.state == "replied" and client.get(f"/enforcement/{p.file.pk}/").status_code == 404
    client.logout()
    # the grid worker lands on their tasks and reports with a photo
    login_verified(client, p.worker)
    home = client.get("/").content.decode()
    assert f"/enforcement/assistance/{task.pk}/" in home
    assert f"/enforcement/assistance/{task.pk}/" in client.get("/enforcement/assistance/").content.decode()
    assert client.get(f"/enforcement/{p.file.pk}/").status_code == 404
    photo = io.BytesIO(_png())
    photo.name = "scene.png"
    done = client.post(
        f"/enforcement/assistance/{task.pk}/", {"outcome": "done", "note": "地址属实", "photo": photo}, follow=True
    )
    assert "已反馈" in done.content.decode()
    assert client.get(f"/enforcement/assistance/{task.pk}/photo/").status_code == 200
    client.logout()
    # the applicant (a party) sees which court enforces, not the network's tasks
    applicant = User.objects.get(full_name="申请人账户")
    login_verified(client, applicant)
    page = client.get(f"/enforcement/{p.file.pk}/").content.decode()
    assert "指定执行" in page and 'data-testid="task-' not in page
    assert client.get(f"/enforcement/assistance/{task.pk}/").status_code == 404
