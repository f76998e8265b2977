"""The enforcement API's contract: /api/v1/enforcement/files (the caller's own), /files/{id} (claims, account,
measures, inquiries), POST /applications (an applicant applies from an effective title in the system); errors are
4xx JSON with a Chinese message, a hidden file a 404."""

from __future__ import annotations

import pytest

from smartcourt.courts.tests.factories import login_verified
from smartcourt.enforcement import services as S
from smartcourt.enforcement.models import EnforcementFile

from .factories import build_world, effective_judgment

pytestmark = pytest.mark.django_db

BASE = "/api/v1/enforcement"


def _error(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"code", "message"} and any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    return body


def test_an_applicant_applies_and_reads_their_file(client, django_user_model) -> None:
    w = build_world()
    login_verified(client, w.applicant_user)
    assert client.get(f"{BASE}/files").json() == []
    created = client.post(f"{BASE}/applications", {"case_id": w.judgment.pk}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    file = EnforcementFile.objects.get()
    assert body["id"] == file.pk and "执" in body["case_number"] and body["amount_due"] == "50000.00"
    assert body["title_kind"] == "judgment" and body["state"] == "registered" and body["closed_on"] is None
    assert [c["amount"] for c in body["claims"]] == ["50000.00"]
    assert body["account"]["balance"] == "0.00" and len(body["account"]["number"]) == 17
    assert body["measures"] == [] and body["inquiries"] == []

    listed = client.get(f"{BASE}/files/").json()  # the trailing-slash form answers the same
    assert [f["id"] for f in listed] == [file.pk] and listed[0]["balance"] == "0.00"
    assert client.get(f"{BASE}/files").json() == listed

    # the officer issues the notice: the measure (报告财产令) shows in the detail
    from smartcourt.cases.models import Case

    Case.objects.filter(pk=file.case_id).update(judge=w.officer, state="in_trial")
    S.enforcement_notice_issue(file=file, actor=w.officer)
    detail = client.get(f"{BASE}/files/{file.pk}").json()
    assert [m["kind"] for m in detail["measures"]] == ["report_property"] and detail["state"] == "in_trial"
    assert detail["officer"] == w.officer.get_full_name()

    twice = _error(
        client.post(f"{BASE}/applications", {"case_id": w.judgment.pk}, content_type="application/json"), 409
    )
    assert "重复申请" in twice["message"]

    # a stranger sees nothing: an empty list, a 404 for the file and for the title case
    stranger = django_user_model.objects.create(username="stranger", full_name="路人")
    client.logout()
    login_verified(client, stranger)
    assert client.get(f"{BASE}/files").json() == []
    _error(client.get(f"{BASE}/files/{file.pk}"), 404)
    _error(client.post(f"{BASE}/applications", {"case_id": w.judgment.pk}, content_type="application/json"), 404)


def test_refusals_are_chinese_4xx(client) -> None:
    w = build_world()
    pending = effective_judgment(court=w.court, applicant_user=w.applicant_user, effective=False)
    _error(client.get(f"{BASE}/files"), 401)
    login_verified(client, w.applicant_user)
    refused = _error(client.post(f"{BASE}/applications", {"case_id": pending.pk}, content_type="application/json"), 409)
    assert "尚未发生法律效力" in refused["message"]
    _error(client.post(f"{BASE}/applications", {"case_id": "abc"}, content_type="application/json"), 400)
    _error(client.post(f"{BASE}/applications", "{not json", content_type="application/json"), 400)
    _error(client.get(f"{BASE}/files/0"), 400)
    _error(client.get(f"{BASE}/files/999999"), 404)
    _error(client.get(f"{BASE}/files", {"limit": 100000}), 400)
    assert not EnforcementFile.objects.exists()
