"""Pages: the service centre, batch creation, a task, the phone capture page, the one-time link, the inbox, the
case page's service section; refusals render as messages, never 500s; hidden tasks 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.service import services
from smartcourt.service.models import TaskState
from smartcourt.service.selectors import service_task_messages

from .helpers import JPEG, PDF, confirm, world

pytestmark = pytest.mark.django_db(transaction=True)


def _staff_client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    login_verified(c, user)
    return c


def test_service_centre_pages_render_for_a_clerk() -> None:
    w = world()
    confirm(w.defendant, consent_sms=True, mobile="13912345678", consent_basis="explicit")
    task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    c = _staff_client(w.clerk)
    for name, args in [("service:queue", []), ("service:batch", []), ("service:task", [task.pk]),
                       ("service:stats", []), ("courts:outbox", []), ("service:post_import", []),
                       ("service:capture", [task.pk]), ("cases:detail", [w.case.pk])]:  # fmt: skip
        response = c.get(reverse(name, args=args))
        assert response.status_code == 200, name
    assert "传票" in c.get(reverse("service:queue")).content.decode()
    assert "送达" in c.get(reverse("cases:detail", args=[w.case.pk])).content.decode()


def test_batch_creates_tasks_and_lists_skipped_cases() -> None:
    w = world()
    c = _staff_client(w.clerk)
    response = c.post(reverse("service:batch"), {
        "court": w.court.pk, "document_type": "summons", "title": "传票", "body": "请于{案号}开庭时到庭。",
        "case_numbers": f"{w.case.number}\n（2026）苏0508民初99999号", "roles": ["plaintiff", "defendant"],
    })  # fmt: skip
    assert response.status_code == 200
    text = response.content.decode()
    assert "已创建 2 个送达任务" in text and "本院没有该案号的案件" in text


def test_one_time_link_get_records_nothing_post_with_the_code_is_the_receipt_then_spent(phone) -> None:  # type: ignore[no-untyped-def]
    w = world()
    confirm(w.defendant, consent_sms=True, mobile="13912345678", consent_basis="explicit")
    task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    assert "/service/s/" not in service_task_messages(task=task).get().body  # the outbox keeps it sealed
    path, code = phone.link()
    handset = Client()
    assert handset.get(path).status_code == 200
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS  # a link preview (GET) proves nothing
    response = handset.post(path, {"op": "code", "code": code}, follow=True)
    assert "已签收" in response.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.SERVED
    assert handset.get(path + "document.pdf").status_code == 200
    assert Client().get(path).status_code == 410  # someone else with the link: spent
    assert Client().get("/service/s/not-a-token/").status_code == 404


def test_in_person_capture_without_photo_shows_the_message() -> None:
    w = world()
    task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    services.service_task_next_channel(task=task, actor=w.clerk, reason="无人")
    c = _staff_client(w.clerk)
    url = reverse("service:capture", args=[task.pk])
    response = c.post(url, {"outcome": "left", "latitude": "31.3", "longitude": "120.6"})
    assert response.status_code == 200 and "现场照片" in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = c.post(url, {"outcome": "left", "latitude": "31.3", "longitude": "120.6", "accuracy": "9",
                            "photo": SimpleUploadedFile("p.jpg", JPEG, "image/jpeg")})  # fmt: skip
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.SERVED


def test_stale_version_is_a_clear_conflict_and_nothing_is_lost() -> None:
    w = world()
    task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    task.refresh_from_db()
    stale = task.version
    other = user_with_role(Role.CLERK, w.court, full_name="另一书记员")
    services.service_post_register(task=task, tracking_number="EA100000001CN", actor=other, expected_version=stale)
    with pytest.raises(services.ServiceConflict, match="已被他人更新"):
        services.service_post_register(
            task=task, tracking_number="EA100000002CN", actor=w.clerk, expected_version=stale
        )
    c = _staff_client(w.clerk)
    response = c.post(reverse("service:task", args=[task.pk]), {"op": "next_channel", "reason": "x", "version": stale},
                      follow=True)  # fmt: skip
    assert "已被他人更新" in response.content.decode()
    assert task.attempts.count() == 1 and task.attempts.get().tracking_number == "EA100000001CN"


def test_hidden_task_is_not_found_and_party_sees_only_own_tasks() -> None:
    w = world()
    confirm(w.plaintiff, actor=w.party_user, signed_via="online", consent_platform=True, consent_basis="explicit")
    mine = services.service_task_create(case=w.case, recipient=w.plaintiff, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    theirs = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                          title="传票", actor=w.clerk)  # fmt: skip
    stranger = world()
    assert _staff_client(stranger.clerk).get(reverse("service:task", args=[mine.pk])).status_code == 404
    party = Client()
    party.force_login(w.party_user)
    assert party.get(reverse("service:inbox_detail", args=[mine.pk])).status_code == 200
    assert party.get(reverse("service:inbox_detail", args=[theirs.pk])).status_code == 404
    page = party.get(reverse("cases:detail", args=[w.case.pk])).content.decode()
    assert "苏州恒信贸易有限公司" in page  # the party list, but not the other side's service row:
    assert page.count('data-testid="case-service-row"') == 1
    # the party's row opens the party's inbox page; the clerk's rows open the staff task page (no detour)
    assert f'href="{reverse("service:inbox_detail", args=[mine.pk])}" data-testid="case-service-task"' in page
    staff_page = _staff_client(w.clerk).get(reverse("cases:detail", args=[w.case.pk])).content.decode()
    for task in (mine, theirs):
        assert f'href="{reverse("service:task", args=[task.pk])}" data-testid="case-service-task"' in staff_page


def test_workbench_panels_render_for_clerk_and_party() -> None:
    w = world()
    confirm(w.plaintiff, actor=w.party_user, signed_via="online", consent_platform=True, consent_basis="explicit")
    services.service_task_create(case=w.case, recipient=w.plaintiff, document=PDF, document_type="summons",
                                 title="开庭传票", actor=w.clerk)  # fmt: skip
    assert "集中送达" in _staff_client(w.clerk).get(reverse("workbench")).content.decode()
    party = Client()
    party.force_login(w.party_user)
    page = party.get(reverse("workbench")).content.decode()
    assert "我的送达" in page and "开庭传票" in page
    assert party.get(reverse("service:inbox")).status_code == 200


def test_api_task_detail_and_post_receipt_wrong_case_is_a_4xx_json() -> None:
    w = world()
    task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    services.service_post_register(task=task, tracking_number="EA300000001CN", actor=w.clerk)
    c = _staff_client(w.clerk)
    body = c.get(f"/api/v1/service/tasks/{task.pk}").json()
    assert body["state"] == "in_progress" and body["served_at"] is None and body["attempts"][0]["channel"] == "post"
    r = c.post("/api/v1/service/post/receipts", {"tracking_number": "EA300000001CN", "case_number": "（2026）苏0508民初999号",
               "outcome": "signed", "on": "2026-12-01", "signer": "张三", "relation": "self"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and "不属于" in r.json()["message"]
    hidden = _staff_client(world().clerk).get(f"/api/v1/service/tasks/{task.pk}")
    assert hidden.status_code == 404
    assert c.get(f"/api/v1/service/cases/{w.case.pk}").json()["tasks"][0]["id"] == task.pk


def test_bulk_next_channel_moves_the_selected_tasks_and_reports_refusals() -> None:
    w = world()
    tasks = [
        services.service_task_create(
            case=w.case, recipient=p, document=PDF, document_type="summons", title="传票", actor=w.clerk
        )
        for p in (w.plaintiff, w.defendant)
    ]
    c = _staff_client(w.clerk)
    response = c.post(reverse("service:bulk"), {"op": "next_channel", "reason": "十五日未获回执",
                                                "task": [t.pk for t in tasks]}, follow=True)  # fmt: skip
    assert "已处理 2 个送达任务" in response.content.decode()
    for t in tasks:
        t.refresh_from_db()
        assert t.current_channel == "in_person"
    response = c.post(reverse("service:bulk"), {"op": "next_channel", "reason": "", "task": [tasks[0].pk]}, follow=True)
    assert "请填写转下一渠道的原因" in response.content.decode()
    assert c.get(reverse("service:queue") + "?overdue=1").status_code == 200


def test_the_admin_shows_the_courts_service_policy_but_no_service_task() -> None:
    """Service tasks, their events and service addresses are case and personal data: read in the service centre
    through the table, never browsed in the Django admin (ADR 0017); the court's policy stays, for its own court."""
    w = world()
    services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                 title="传票", actor=w.clerk)  # fmt: skip
    admin_user = user_with_role(Role.SYSTEM_ADMIN, w.case.court)
    c = _staff_client(admin_user)
    assert c.get("/admin/service/servicepolicy/").status_code == 200
    assert c.get("/admin/service/servicepolicy/add/").status_code == 200
    for model in ("servicetask", "serviceevent", "serviceaddress"):
        assert c.get(f"/admin/service/{model}/").status_code == 404, model


def test_first_address_confirmation_page_opens_for_a_party_without_one() -> None:
    """The 送达地址确认书 page is the first step of service for a defendant: with no confirmation on file it opened
    with a 500 (a filter argument read the missing confirmation's fields); it shows the form, pre-filled from the
    person's address."""
    w = world()
    response = _staff_client(w.clerk).get(reverse("service:address", args=[w.defendant.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="postal_address"' in page and w.defendant.person.address in page
