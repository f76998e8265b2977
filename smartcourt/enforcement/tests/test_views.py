"""The pages over HTTP: a party applies online, the officer works the case page, the second officer approves, the
public list answers anyone; bad input is a Chinese message, never a 500."""

from __future__ import annotations

import pytest

from smartcourt.courts.tests.factories import login_verified
from smartcourt.enforcement.models import EnforcementFile, Payout

from .factories import account_of, build_world, filed, party

pytestmark = pytest.mark.django_db


def test_party_applies_online_and_the_officer_works_the_case(client, django_capture_on_commit_callbacks) -> None:
    w = build_world()
    login_verified(client, w.applicant_user)
    page = client.get("/enforcement/")
    assert page.status_code == 200 and f"/enforcement/apply/{w.judgment.pk}/" in page.content.decode()
    form = client.get(f"/enforcement/apply/{w.judgment.pk}/")
    assert "50000.00" in form.content.decode()
    done = client.post(f"/enforcement/apply/{w.judgment.pk}/")
    file = EnforcementFile.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/enforcement/{file.pk}/"
    assert client.get(done["Location"]).status_code == 200
    refused = client.post(f"/enforcement/{file.pk}/act/inquire/", follow=True)  # the party cannot act
    assert "没有执行此操作的权限" in refused.content.decode() and not file.inquiries.exists()

    from smartcourt.cases.models import Case

    Case.objects.filter(pk=file.case_id).update(judge=w.officer, state="in_trial")
    client.logout()
    login_verified(client, w.officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/enforcement/{file.pk}/act/inquire/")
    page = client.get(f"/enforcement/{file.pk}/").content.decode()
    assert "已反馈 7 / 7" in page
    bad = client.post(f"/enforcement/{file.pk}/act/receive/", {"amount": "abc", "reference": "X"}, follow=True)
    assert "金额格式不正确" in bad.content.decode()
    client.post(f"/enforcement/{file.pk}/act/receive/", {"amount": "800", "reference": "B1"})
    applicant = party(file, "enforcement_applicant")
    client.post(f"/enforcement/{file.pk}/act/payout/", {"party": applicant.pk, "amount": "800"})
    payout = Payout.objects.get()
    own = client.post(f"/enforcement/{file.pk}/act/approve/", {"payout": payout.pk}, follow=True)
    assert "另一人审批" in own.content.decode()
    client.logout()
    login_verified(client, w.officer2)
    client.post(f"/enforcement/{file.pk}/act/approve/", {"payout": payout.pk})
    assert account_of(file).balance == 0
    paper_page = client.get(f"/enforcement/{file.pk}/")
    assert paper_page.status_code == 200


def test_public_query_needs_no_login(client) -> None:
    page = client.get("/enforcement/dishonest/?name=无此人")
    assert page.status_code == 200 and "未查到" in page.content.decode()


def test_a_stranger_sees_nothing(client, django_user_model) -> None:
    w = build_world()
    file = filed(w)
    stranger = django_user_model.objects.create(username="stranger", full_name="路人")
    login_verified(client, stranger)
    assert client.get(f"/enforcement/{file.pk}/").status_code == 404
    assert client.get(f"/enforcement/apply/{w.judgment.pk}/").status_code == 404
