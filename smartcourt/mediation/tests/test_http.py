"""The mediation pages over HTTP: the room's forms drive the services, refusals come back as Chinese messages (never
a 500), a mediator never reaches a dispute not assigned to them, the funnel counts and exports."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from smartcourt.courts.tests.factories import login_verified
from smartcourt.mediation import services

from .factories import mediation_world, parties

pytestmark = pytest.mark.django_db


def test_room_flow_over_http_and_the_funnel_exports(client) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    d = services.dispute_open(
        court=m.w.court, area=m.village, source="body", cause_name="民间借贷纠纷", parties=parties(m),
        actor=m.mediator_user, amount="50000",
    )  # fmt: skip
    other = services.dispute_open(
        court=m.w.court, area=m.village, source="body", cause_name="民间借贷纠纷", parties=parties(m),
        actor=m.mediator_user, amount="500000",
    )  # fmt: skip
    login_verified(client, m.mediator_user)
    assert client.get("/mediation/").status_code == 200
    page = client.get(f"/mediation/{d.pk}/")
    assert page.status_code == 200 and "在线调解" not in page.content.decode()[:0]
    assert client.get(f"/mediation/{other.pk}/").status_code == 404  # not assigned to them
    assert client.post(f"/mediation/{other.pk}/message/", {"body": "x"}).status_code == 404
    r = client.post(f"/mediation/{d.pk}/message/", {"body": "请双方提出方案"}, follow=True)
    assert "已发送" in r.content.decode()
    r = client.post(f"/mediation/{d.pk}/video/")  # the hearings app's room, the mediator moderating
    assert r.status_code == 302 and r["Location"].startswith("/hearing-room/")
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    r = client.post(
        f"/mediation/{d.pk}/offer/", {"amount": "abc", "first_due_on": due, "party": d.parties.first().pk}, follow=True
    )
    assert r.status_code == 200 and "请填写正确的金额" in r.content.decode()
    client.logout()
    login_verified(client, m.w.party)
    client.post(f"/mediation/{d.pk}/offer/", {"amount": "48000", "first_due_on": due})
    client.logout()
    login_verified(client, m.respondent_user)
    offer = d.offers.get()
    client.post(f"/mediation/{d.pk}/offers/{offer.pk}/accept/")
    r = client.post(f"/mediation/{d.pk}/sign/", {"name": "王大明"}, follow=True)
    assert "已签署调解协议" in r.content.decode()
    pdf = client.get(f"/mediation/{d.pk}/agreement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    r = client.post(f"/mediation/{d.pk}/confirmation/", follow=True)
    assert "尚未经各方当事人签署" in r.content.decode()
    client.logout()
    login_verified(client, m.w.party)
    client.post(f"/mediation/{d.pk}/sign/", {"name": "刘小红"})
    client.post(f"/mediation/{d.pk}/confirmation/")
    client.logout()
    login_verified(client, m.w.judge)
    assert "待审查的司法确认申请" in client.get("/mediation/").content.decode()
    r = client.post(f"/mediation/{d.pk}/confirmation/decide/", {"decision": "confirm"}, follow=True)
    assert "已作出裁定" in r.content.decode()
    assert client.get(f"/mediation/{d.pk}/ruling.pdf").content.startswith(b"%PDF")
    funnel = client.get("/mediation/funnel/")
    assert funnel.status_code == 200
    body = funnel.content.decode()
    assert 'data-testid="total-confirmed">1<' in body and 'data-testid="total-entered">2<' in body
    assert client.get(f"/mediation/funnel/?area={m.county.pk}").status_code == 200
    csv = client.get("/mediation/funnel.csv")
    assert csv.status_code == 200 and "姑苏区" in csv.content.decode("utf-8-sig")
    xlsx = client.get("/mediation/funnel.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "姑苏区" and sheet["B2"].value == 2
    assert client.get("/mediation/funnel.exe").status_code == 403
    assert client.get("/mediation/bodies/").status_code == 200
    assert client.get("/mediation/sites/").status_code == 200


def test_a_party_cannot_read_the_funnel(client) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    login_verified(client, m.w.party)
    assert client.get("/mediation/funnel/").status_code == 403
    assert client.get("/mediation/").status_code == 200
