"""The public fee-calculator page: renders without login, shows the fee, each band and the article."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartcourt.core.actors import SYSTEM
from smartcourt.courts.services import role_grant
from smartcourt.filing.services import court_fee_setting_set
from smartcourt.filing.tests.factories import court_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def url() -> str:
    return reverse("filing:fee_calculator")


def test_url_is_under_filing(url: str) -> None:
    assert url == "/filing/fees/"


def test_empty_form_renders_for_an_anonymous_visitor(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "诉讼费计算器" in html
    assert 'name="kind"' in html and 'name="amount"' in html and 'name="halved"' in html
    assert 'value="maritime"' in html and 'value="priority_notice"' in html
    assert "filing/fee_calculator.js" in html
    assert "<script>" not in html  # CSP script-src 'self': no inline script


def test_result_shows_fee_breakdown_and_article(client, url: str) -> None:
    response = client.get(url, {"kind": "property", "amount": "1000000", "halved": "true", "court": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-fee="6900.00"' in html
    assert "6,900.00" in html
    assert "超过50万元至100万元的部分：500,000.00元 × 1% = 5,000.00元" in html
    assert "减半交纳：13,800.00 ÷ 2 = 6,900.00元" in html
    assert "《诉讼费用交纳办法》第十三条第（一）项" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "property", "amount": "一百万"}, "请用阿拉伯数字填写"),
        ({"kind": "property", "amount": "1.234"}, "最多保留两位小数"),
        ({"kind": "property", "amount": ""}, "须填写金额"),  # an empty field is an absent amount on the page
        ({"kind": ""}, "请选择案件或申请类型"),
        ({"kind": "administrative"}, "须选择子类型"),
        ({"kind": "enforcement", "halved": "true"}, "不能减半"),
        ({"kind": "divorce", "court": "苏9999"}, "未找到代字为“苏9999”的法院"),
    ],
)
def test_bad_input_shows_the_message_on_the_field(client, url: str, params: dict[str, str], message: str) -> None:
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "is-invalid" in html
    assert "data-fee=" not in html


def test_a_subtype_left_selected_for_a_kind_without_subtypes_is_ignored(client, url: str) -> None:
    html = client.get(url, {"kind": "labour", "subtype": "fund"}).content.decode()
    assert 'data-fee="10.00"' in html


def test_court_select_lists_courts_and_applies_their_setting(client, url: str) -> None:
    court = court_make(code="苏0508", name="苏州市姑苏区人民法院")
    court_fee_setting_set(court=court, kind="divorce", point="max", actor=SYSTEM)
    html = client.get(url, {"kind": "divorce", "court": "苏0508"}).content.decode()
    assert "苏州市姑苏区人民法院（苏0508）" in html
    assert 'data-fee="300.00"' in html


def test_staff_without_second_factor_are_still_redirected(client, url: str) -> None:
    # The page is public, but the platform's rule for staff (2FA before any page) still holds.
    from smartcourt.courts.models import User
    from smartcourt.courts.roles import Role

    court = court_make()
    user = User.objects.create_user(username="judge1", password="x-Secret-12345")
    role_grant(user=user, role=Role.JUDGE, court=court, actor=SYSTEM, appointment_ref="姑人常任〔2025〕1号")
    client.force_login(user)
    assert client.get(url).status_code == 302
