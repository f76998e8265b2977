"""The holiday calendar page: who may open it, loading a year from lines or JSON, errors shown in Chinese."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smartcourt.courts.models import HolidayYear
from smartcourt.courts.roles import Role

from .factories import CourtFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db
URL = "/courts/calendar/"


def _login_verified(client, role: Role) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, user_with_role(role, CourtFactory()))


def test_url_name() -> None:
    assert reverse("courts:calendar") == URL
    assert reverse("courts:calendar_edit", args=[2025]) == "/courts/calendar/2025/edit/"


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.TRIAL_MANAGEMENT])
def test_administrators_and_trial_management_see_the_years(client, role: Role) -> None:  # type: ignore[no-untyped-def]
    _login_verified(client, role)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "国务院办公厅关于2025年部分节假日安排的通知" in body and "国办发明电〔2024〕12号" in body
    assert "国庆节、中秋节" in body and "9月28日" in body  # the make-up Sunday is listed
    assert client.get("/courts/calendar/2025/edit/").status_code == 200


@pytest.mark.parametrize("role", [Role.JUDGE, Role.LAWYER, Role.CLERK])
def test_others_get_403(client, role: Role) -> None:  # type: ignore[no-untyped-def]
    _login_verified(client, role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"content": "2027-01-01 holiday 元旦"}).status_code == 403
    assert client.get("/courts/calendar/2025/edit/").status_code == 403
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_anonymous_is_sent_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_loading_a_year_from_lines(client) -> None:  # type: ignore[no-untyped-def]
    _login_verified(client, Role.SYSTEM_ADMIN)
    response = client.post(
        URL,
        {"year": "2027", "notice": "国务院办公厅关于2027年部分节假日安排的通知", "notice_no": "",
         "content": "2027-01-01 holiday 元旦\n2027-02-13 workday 春节\n2027-02-08 放假 春节\n"},
    )  # fmt: skip
    assert response.status_code == 302
    assert HolidayYear.objects.get(year=2027).days.count() == 3
    assert "2027年节假日安排已录入（3天）" in client.get(URL).content.decode()


def test_loading_a_year_from_an_uploaded_json_file(client) -> None:  # type: ignore[no-untyped-def]
    _login_verified(client, Role.TRIAL_MANAGEMENT)
    data = {"year": 2028, "notice": "国务院办公厅关于2028年部分节假日安排的通知", "notice_no": "国办发明电〔2027〕1号",
            "festivals": [{"name": "元旦", "holidays": ["2028-01-01"], "workdays": []}]}  # fmt: skip
    upload = SimpleUploadedFile("2028.json", json.dumps(data, ensure_ascii=False).encode(), "application/json")
    assert client.post(URL, {"upload": upload}).status_code == 302
    assert HolidayYear.objects.get(year=2028).notice_no == "国办发明电〔2027〕1号"


def test_errors_are_shown_on_the_form_in_chinese_and_nothing_is_saved(client) -> None:  # type: ignore[no-untyped-def]
    _login_verified(client, Role.SYSTEM_ADMIN)
    response = client.post(URL, {"year": "2027", "notice": "通知", "content": "2027-01-04 workday 元旦\n"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "2027-01-04（星期一）是工作日，调休上班日只能是周六或周日。" in body
    assert "未列出任何法定节假日。" in body
    duplicate = client.post(URL, {"content": "year: 2025\nnotice: x\n2025-01-01 holiday 元旦\n"})
    assert duplicate.status_code == 400 and "2025年的节假日安排已录入，不能重复录入" in duplicate.content.decode()
    empty = client.post(URL, {"content": "  "})
    assert empty.status_code == 200 and "请粘贴节假日安排或上传文件。" in empty.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_editing_a_year_from_the_page(client) -> None:  # type: ignore[no-untyped-def]
    _login_verified(client, Role.SYSTEM_ADMIN)
    page = client.get("/courts/calendar/2026/edit/").content.decode()
    assert "2026-02-14 workday 春节" in page  # current days prefilled as lines
    text = "year: 2026\nnotice: 国务院办公厅关于2026年部分节假日安排的通知\n2026-01-01 holiday 元旦\n"
    assert client.post("/courts/calendar/2026/edit/", {"content": text}).status_code == 302
    assert HolidayYear.objects.get(year=2026).days.count() == 1
