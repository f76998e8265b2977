"""Paper custody over HTTP: the pages (where-is list, bundle page, scan page, forms) and the JSON API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smartcourt.core.models import Notification
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.dossier.custody.models import Borrowing, BorrowingState, BundleStatus, CustodyEvent, PaperBundle
from smartcourt.dossier.custody.rules.labels import label_code_new

pytestmark = pytest.mark.django_db


def test_where_is_list_and_detail_for_the_keeper(client, world, bundle) -> None:
    login_verified(client, world.keeper)
    page = client.get("/paper-files/").content.decode()
    assert bundle.label_code in page and world.case.number in page and "云柜 A01 号柜 01 格" in page
    assert "纸质卷宗在哪里" in page
    detail = client.get(f"/paper-files/{bundle.pk}/").content.decode()
    assert "保管记录" in detail and "登记" in detail and "入柜/入库" in detail and "吴佳怡" in detail
    assert f"/paper-files/scan/{bundle.label_code}/" in detail


def test_hidden_bundle_pages_are_404(client, world, bundle) -> None:
    login_verified(client, world.foreign_clerk)
    assert client.get(f"/paper-files/{bundle.pk}/").status_code == 404
    assert client.get(f"/paper-files/scan/{bundle.label_code}/").status_code == 404
    assert client.post(f"/paper-files/{bundle.pk}/check-out/", {"handed_to": world.judge.pk}).status_code == 404
    assert client.get(f"/paper-files/labels.pdf?id={bundle.pk}").status_code == 302  # nothing of theirs to print
    page = client.get("/paper-files/").content.decode()
    assert bundle.label_code not in page


def test_scan_page_check_out_to_the_judge_then_return(client, world, bundle) -> None:
    login_verified(client, world.clerk)
    scan = client.get(f"/paper-files/scan/{bundle.label_code}/").content.decode()
    assert "取出并交接" in scan and "陈建国（本案承办人员）" in scan
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    resp = client.post(
        f"/paper-files/{bundle.pk}/check-out/", {"handed_to": world.judge.pk, "due_on": due, "back": "scan"}
    )
    assert resp.status_code == 302 and resp["Location"] == f"/paper-files/scan/{bundle.label_code}/"
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.BORROWED and bundle.holder == world.judge
    page = client.get(resp["Location"]).content.decode()
    assert "已取出交 陈建国" in page and "在借阅人处" in page and "归还入柜" in page
    # a second check-out is refused with the reason, nothing written
    events = CustodyEvent.objects.count()
    resp = client.post(
        f"/paper-files/{bundle.pk}/check-out/", {"handed_to": world.judge.pk, "due_on": due}, follow=True
    )
    assert "不能重复取出" in resp.content.decode() and CustodyEvent.objects.count() == events
    resp = client.post(f"/paper-files/{bundle.pk}/check-in/", {"location": world.shelf.pk}, follow=True)
    assert "已归还并存入" in resp.content.decode()
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.IN_FILE_ROOM


def test_check_in_to_an_occupied_cell_shows_the_message(client, world, bundle) -> None:
    login_verified(client, world.clerk)
    other = PaperBundle.objects.get(pk=bundle.pk)
    resp = client.post(
        "/paper-files/new/",
        {"case_number": world.case.number, "kind": "evidence", "title": "被告证据", "volume_no": 1},
    )
    assert resp.status_code == 302
    new = PaperBundle.objects.exclude(pk=other.pk).get()
    resp = client.post(f"/paper-files/{new.pk}/check-in/", {"location": world.cells[0].pk}, follow=True)
    assert "已存放卷宗" in resp.content.decode()
    new.refresh_from_db()
    assert new.status == BundleStatus.REGISTERED


def test_register_form_refuses_unknown_case(client, world) -> None:
    login_verified(client, world.clerk)
    resp = client.post(
        "/paper-files/new/",
        {"case_number": "（2026）苏0508民初99999号", "kind": "evidence", "title": "x", "volume_no": 1},
    )
    assert resp.status_code == 200 and "未找到该案号的案件" in resp.content.decode()
    assert not PaperBundle.objects.exists()
    login_verified(client, world.judge)
    assert client.get("/paper-files/new/").status_code == 404  # judges do not register paper


def test_borrow_and_approve_through_the_pages(client, world, bundle) -> None:
    login_verified(client, world.other_judge)
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    resp = client.post(f"/paper-files/{bundle.pk}/borrow/", {"reason": "参考类案", "due_on": due}, follow=True)
    assert "借阅申请已提交" in resp.content.decode()
    borrowing = Borrowing.objects.get()
    login_verified(client, world.head)
    queue = client.get("/paper-files/borrowings/").content.decode()
    assert "参考类案" in queue and "王旁观" in queue
    workbench = client.get("/").content.decode()
    assert "纸质卷宗：待审批与逾期未还" in workbench
    client.post(f"/paper-files/borrowings/{borrowing.pk}/decide/", {"decision": "approve"})
    borrowing.refresh_from_db()
    assert borrowing.state == BorrowingState.APPROVED
    login_verified(client, world.clerk)
    scan = client.get(f"/paper-files/scan/{bundle.label_code}/").content.decode()
    assert "王旁观（已批准借阅" in scan


def test_overdue_shows_on_both_workbenches(client, world, bundle) -> None:
    from smartcourt.dossier.custody import services

    b = services.paper_file_check_out(
        bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=timezone.localdate()
    )
    Borrowing.objects.filter(pk=b.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    login_verified(client, world.judge)
    page = client.get("/").content.decode()
    assert "我借阅的纸质卷宗" in page and "已逾期" in page
    login_verified(client, world.keeper)
    page = client.get("/").content.decode()
    assert "逾期未还" in page and world.case.number in page
    lst = client.get("/paper-files/?status=overdue").content.decode()
    assert bundle.label_code in lst and "pf-status-overdue" in lst


def test_locations_page_and_adding_a_locker(client, world, bundle) -> None:
    login_verified(client, world.keeper)
    page = client.get("/paper-files/locations/").content.decode()
    assert "云柜 A01 号柜" in page and "空闲 2 / 3 格" in page and "一号档案室 3排" in page
    resp = client.post("/paper-files/locations/", {"court": world.court.pk, "locker-unit": "B01", "locker-cells": 12})
    assert resp.status_code == 302
    resp = client.post(
        "/paper-files/locations/", {"court": world.court.pk, "locker-unit": "B01", "locker-cells": 12}, follow=True
    )
    assert "已有 B01 号云柜" in resp.content.decode()
    for outsider in (world.assistant, world.lawyer):  # no court-wide paper-file grant: told who the map is for
        login_verified(client, outsider)
        resp = client.get("/paper-files/locations/")
        assert resp.status_code == 403 and "纸质卷宗管理人员" in resp.content.decode()
        assert 'href="/paper-files/locations/"' not in client.get("/paper-files/").content.decode()


# ---------------------------------------------------------------- API


def test_api_list_and_detail_by_label(client, world, bundle) -> None:
    login_verified(client, world.clerk)
    data = client.get("/api/v1/paper-files", {"status": "in_locker"}).json()
    assert data["count"] == 1 and data["items"][0]["label_code"] == bundle.label_code
    assert data["items"][0]["location"]["label"] == "云柜 A01 号柜 01 格"
    one = client.get(f"/api/v1/paper-files/{bundle.label_code}").json()
    assert one["case_number"] == world.case.number and one["scan_url"].endswith(
        f"/paper-files/scan/{bundle.label_code}/"
    )
    events = client.get(f"/api/v1/paper-files/{bundle.label_code}/events").json()
    assert [e["type"] for e in events] == ["registered", "checked_in"]


def test_api_refusals_are_4xx_json(client, world, bundle) -> None:
    login_verified(client, world.clerk)
    r = client.get("/api/v1/paper-files/PF123")
    assert r.status_code == 400 and r.json()["code"] == "paper_file.label_invalid"
    unknown = label_code_new()
    r = client.get(f"/api/v1/paper-files/{unknown}")
    assert r.status_code == 404 and "未找到标签码" in r.json()["message"]
    # occupied cell
    created = client.post(
        "/api/v1/paper-files",
        {"case_id": world.case.pk, "kind": "evidence", "title": "被告证据"},
        content_type="application/json",
    )
    assert created.status_code == 201
    code = created.json()["label_code"]
    events = CustodyEvent.objects.count()
    r = client.post(
        f"/api/v1/paper-files/{code}/check-in", {"location_id": world.cells[0].pk}, content_type="application/json"
    )
    assert r.status_code == 409 and r.json()["code"] == "paper_file.conflict" and "已存放卷宗" in r.json()["message"]
    assert CustodyEvent.objects.count() == events
    # another court's cell
    r = client.post(
        f"/api/v1/paper-files/{code}/check-in", {"location_id": world.foreign_cell.pk}, content_type="application/json"
    )
    assert r.status_code == 404
    # double check-out
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    r = client.post(
        f"/api/v1/paper-files/{bundle.label_code}/check-out",
        {"handed_to_id": world.judge.pk, "due_on": due},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["state"] == "lent"
    r = client.post(
        f"/api/v1/paper-files/{bundle.label_code}/check-out",
        {"handed_to_id": world.judge.pk, "due_on": due},
        content_type="application/json",
    )
    assert r.status_code == 409 and "不能重复取出" in r.json()["message"]
    # bad input shapes
    r = client.post(
        f"/api/v1/paper-files/{bundle.label_code}/check-out", {"handed_to_id": "x"}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"
    r = client.post(
        "/api/v1/paper-files", {"case_id": world.case.pk, "kind": "nope", "title": "x"}, content_type="application/json"
    )
    assert r.status_code == 400 and "类别" in r.json()["message"]


def test_api_borrowing_flow_and_hidden_404(client, world, bundle) -> None:
    login_verified(client, world.other_judge)
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    r = client.post(
        f"/api/v1/paper-files/{bundle.label_code}/borrowings",
        {"reason": "参考", "due_on": due},
        content_type="application/json",
    )
    assert r.status_code == 201
    bid = r.json()["id"]
    login_verified(client, world.keeper)
    assert [b["id"] for b in client.get("/api/v1/paper-files/borrowings/pending").json()] == [bid]
    r = client.post(f"/api/v1/paper-files/borrowings/{bid}/decide", {"approve": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "approved"
    assert Notification.objects.filter(recipient=world.other_judge, topic="paper_file.borrow_decided").exists()
    login_verified(client, world.foreign_clerk)
    assert client.get(f"/api/v1/paper-files/{bundle.label_code}").status_code == 404
    r = client.post(
        f"/api/v1/paper-files/borrowings/{bid}/decide", {"approve": False, "note": "x"}, content_type="application/json"
    )
    assert r.status_code == 404


def test_scanning_a_label_before_the_code_step_lands_on_the_bundle_after_it(client, world, bundle) -> None:
    """A clerk's phone camera opens the QR's URL; sign-in and the TOTP step then lead back to the bundle."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.clerk, confirmed=True)
    scan = f"/paper-files/scan/{bundle.label_code}/"
    client.force_login(world.clerk)  # password step done, code step not yet
    resp = client.get(scan)
    assert (
        resp.status_code == 302
        and resp["Location"] == f"/accounts/otp/?next=%2Fpaper-files%2Fscan%2F{bundle.label_code}%2F"
    )
    page = client.get(resp["Location"]).content.decode()
    assert f'value="{scan}"' in page
    token = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    resp = client.post("/accounts/otp/", {"token": token, "next": scan})
    assert resp.status_code == 302 and resp["Location"] == scan
    assert "取出并交接" in client.get(scan).content.decode()


def test_case_page_lists_its_paper_files_and_their_timeline(client, world, bundle) -> None:
    login_verified(client, world.judge)
    page = client.get(f"/cases/{world.case.pk}/?tab=documents").content.decode()  # the tab is rendered when open
    assert 'data-testid="case-paper-files"' in page and "原告提交的证据原件" in page and "云柜 A01 号柜 01 格" in page
    assert "/paper-files/new/" not in page  # judges do not register paper
    timeline = client.get(f"/cases/{world.case.pk}/", {"tab": "timeline", "event": "paper_file"}).content.decode()
    assert "存入云柜 A01 号柜 01 格" in timeline and "立案，案号" not in timeline
    login_verified(client, world.clerk)
    page = client.get(f"/cases/{world.case.pk}/tabs/documents/").content.decode()  # the tab's fragment, as fetched
    assert "打印本案标签" in page and "/paper-files/new/?case=" in page


def test_the_admin_shows_storage_locations_but_no_paper_file(client, world, bundle) -> None:
    """Paper bundles, their events and borrowings are case data: read on the paper-file pages through the table,
    never browsed in the Django admin (ADR 0017); the locker map's units are looked up there, read-only."""
    admin = user_with_role(Role.SYSTEM_ADMIN, world.clerk.grants.first().court)
    login_verified(client, admin)
    assert client.get("/admin/dossier_custody/storagelocation/").status_code == 200
    assert client.get("/admin/dossier_custody/storagelocation/add/").status_code == 403
    for model in ("paperbundle", "custodyevent", "borrowing"):
        assert client.get(f"/admin/dossier_custody/{model}/").status_code == 404, model
    assert bundle.label_code not in client.get("/admin/", follow=True).content.decode()


def test_a_lawyer_on_the_case_asks_to_read_the_paper_file_today(client, world, bundle) -> None:
    from smartcourt.cases.models import CaseParty, Representation

    Representation.objects.create(
        party=CaseParty.objects.filter(case=world.case).first(), user=world.lawyer, kind="lawyer"
    )
    client.force_login(world.lawyer)  # no second factor for the public side
    today = timezone.localdate().isoformat()
    page = client.get(f"/paper-files/{bundle.pk}/").content.decode()
    assert f'id="id_borrow_due" required value="{today}"' in page and "第六十四条" in page
    assert "取出并交接" not in page  # representatives never handle the paper themselves
    resp = client.post(f"/paper-files/{bundle.pk}/borrow/", {"reason": "阅卷", "due_on": today}, follow=True)
    assert "借阅申请已提交" in resp.content.decode()
    assert Borrowing.objects.get().borrower == world.lawyer
