"""Malformed input is a 4xx with a Chinese message, never a 500 and never half a record: integers past 64 bits in
any API parameter or page filter, a multipart body without its boundary, a forged count in the filing wizard,
digits that `str.isdigit()` accepts but `int()` does not."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from smartcourt.api import api
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # 77 bits


def _integer_parameters() -> list[tuple[str, str, str, str]]:
    """(method, path, parameter, where) for every integer parameter of every API operation."""
    out = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            for p in operation.get("parameters", []):
                text = str(p["schema"])
                if "'integer'" in text:
                    out.append((method.upper(), path, p["name"], p["in"]))
    return out


@pytest.mark.parametrize(("method", "path", "name", "where"), _integer_parameters(), ids=lambda v: str(v))
def test_an_integer_past_64_bits_is_a_400_json_in_chinese(client, module_world, db, method, path, name, where):
    world = module_world
    url = path
    for param in re.findall(r"{(\w+)}", path):
        url = url.replace(f"{{{param}}}", HUGE if param == name else str(world.ids.get(param, 1)))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world.token(Role.PRESIDENT)}"}
    if method == "GET":
        response = client.get(url, {name: HUGE} if where == "query" else {}, **auth)
    else:  # an empty JSON object: the body's own refusals come along, the integer's must be among them
        response = client.generic(method, url, "{}", content_type="application/json", **auth)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_input" and name in body["message"] and "不能大于" in body["message"]


def test_a_multipart_body_without_its_boundary_is_a_400_json(client, module_world, db):
    world = module_world
    response = client.post(
        f"/api/v1/dossier/cases/{world.case.pk}/documents",
        data=b"--x\r\nContent-Disposition: form-data; name=source\r\n\r\nscan\r\n--x--\r\n",
        content_type="multipart/form-data",  # no "; boundary=…"
        HTTP_AUTHORIZATION=f"Bearer {world.token(Role.CLERK)}",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input" and "boundary" in response.json()["message"]


def test_a_ledger_size_past_64_bits_is_a_400_not_a_500(client, module_world, db):
    for query in (f"size={HUGE}", "size=9999999999999999999", "size=²"):
        response = client.get(f"/api/v1/ledger/checkpoint?{query}")
        assert response.status_code == 400, query
        assert response.json()["code"] == "ledger.bad_request"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/cases/?court={HUGE}", "法院"),
        (f"/cases/?judge={HUGE}", "承办法官"),
        (f"/cases/?division={HUGE}&cause={HUGE}", "庭室"),  # the filter's label, as the page shows it
        ("/cases/?court=²", "法院"),
        (f"/paper-files/?location={HUGE}", "存放位置"),
        ("/paper-files/?location=abc", "存放位置"),
    ],
)
def test_an_unreadable_list_filter_is_ignored_with_a_chinese_message(client, module_world, db, url, field):
    login_verified(client, module_world.users[Role.PRESIDENT])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "以下筛选条件无法识别，已忽略" in html and field in html


def test_the_other_filters_still_apply_when_one_is_unreadable(client, module_world, db):
    login_verified(client, module_world.users[Role.PRESIDENT])
    html = client.get(f"/cases/?court={HUGE}&q=不存在的案件名称").content.decode()
    assert module_world.case.number not in html  # q still filters: an unreadable court does not widen the list


@pytest.mark.parametrize("query", [f"id={HUGE}", "id=²", f"case={HUGE}", "case=-1", f"id=1&id={HUGE}"], ids=str)
def test_label_sheet_ignores_ids_it_cannot_read(client, module_world, db, query):
    login_verified(client, module_world.users[Role.CLERK])
    response = client.get(f"{reverse('paper_files:labels')}?{query}")
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("number", ["32050819880615002²", "３２０５０８１９８８０６１５００２４"])
def test_an_id_number_with_unicode_digits_is_refused_with_the_message(number):
    from smartcourt.cases.rules.identity import validate_resident_id
    from smartcourt.portal.identity import lawyer_licence_problem

    check = validate_resident_id(number)
    assert not check.ok and "前 17 位应为数字" in check.message
    assert "17位数字" in lawyer_licence_problem("1320520101²123456")


@pytest.mark.parametrize("account", ["abc", HUGE, "²", "0", "-1", "999999"])
def test_an_identity_review_naming_no_account_is_a_404_not_a_500(client, module_world, db, account):
    """A decision is posted to the applicant's own page (/portal/verifications/<id>/): an id that names no account
    — not a number, past 64 bits, a digit only `str.isdigit()` reads, no such row — is a 404, and nothing changes."""
    login_verified(client, module_world.users[Role.FILING_OFFICER])
    response = client.post(f"/portal/verifications/{account}/", {"approve": "yes", "reason": ""})
    assert response.status_code == 404


def _pages_with_int_ids() -> list[tuple[str, str]]:
    from tests.security.test_permission_coverage import _page_cases

    return [(route, name) for route, name in _page_cases() if "<int:" in route]


@pytest.mark.parametrize(("route", "name"), _pages_with_int_ids(), ids=lambda v: v)
def test_a_page_with_an_id_past_64_bits_answers_4xx(client, module_world, db, route, name):
    import re as _re

    login_verified(client, module_world.everyone)
    path = "/" + _re.sub(r"<int:\w+>", HUGE, _re.sub(r"<(?:str:|slug:)?(\w+)>", "x", route))
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    assert 400 <= response.status_code < 500 or response.status_code == 302, (path, response.status_code)
