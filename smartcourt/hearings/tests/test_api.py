"""The hearings API (issue 16 item 5): the caller's own hearings (a lawyer's across courts, a judge's court's), one
hearing, an asynchronous round with its evidence and opinions, and a party's opinion — with Chinese 4xx errors."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.test import Client

from smartcourt.courts.services import api_token_create
from smartcourt.hearings.models import AsyncOpinion
from smartcourt.hearings.services import hearing_schedule
from smartcourt.hearings.services_async import async_round_open

from .factories import SHANGHAI, async_items, at, booking, build_async_world, build_world

pytestmark = pytest.mark.django_db


def api_token_header(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


NOW = datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)
DAY = date(2025, 11, 10)


@time_machine.travel(NOW, tick=False)
def test_list_is_the_callers_own_hearings() -> None:
    world = build_world()
    ha = hearing_schedule(case=world.cases["a"], data=booking(world.a, at(DAY, 9), at(DAY, 11)), actor=world.a.judge)
    hb = hearing_schedule(case=world.cases["b"], data=booking(world.b, at(DAY, 14), at(DAY, 16)), actor=world.b.judge)
    client = Client()
    lawyer = client.get("/api/v1/hearings/", **api_token_header(world.lawyer))
    assert lawyer.status_code == 200, lawyer.content
    assert {r["id"] for r in lawyer.json()} == {ha.hearing.pk, hb.hearing.pk}  # across both courts
    judge = client.get("/api/v1/hearings", **api_token_header(world.a.judge))  # the API's style, no trailing slash
    assert [r["id"] for r in judge.json()] == [ha.hearing.pk]  # the judge's court only
    assert client.get("/api/v1/hearings/?first=2025-12-01", **api_token_header(world.lawyer)).json() == []
    bad = client.get("/api/v1/hearings/?first=2025-02-30", **api_token_header(world.lawyer))
    assert bad.status_code == 400 and "起始日" in bad.json()["message"]
    one = client.get(f"/api/v1/hearings/{hb.hearing.pk}", **api_token_header(world.lawyer))
    assert one.status_code == 200 and one.json()["court"] == "昆山市人民法院"
    assert client.get(f"/api/v1/hearings/{hb.hearing.pk}", **api_token_header(world.a.judge)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_round_read_and_opinion_post() -> None:
    aw = build_async_world()
    rnd = async_round_open(case=aw.case, items=async_items(aw), days=7, actor=aw.world.a.judge)
    client = Client()
    auth = api_token_header(aw.lawyer_d)
    got = client.get(f"/api/v1/hearings/rounds/{rnd.pk}", **auth)
    assert got.status_code == 200, got.content
    body = got.json()
    assert body["kind"] == "evidence" and body["deadline"] == rnd.deadline.isoformat()
    assert body["my_parties"] == [aw.defendant.pk] and len(body["items"]) == 4 and body["opinions"] == []
    item = next(i for i in body["items"] if i["title"] == "原告证据1 借条")
    url = f"/api/v1/hearings/rounds/{rnd.pk}/opinions"
    opinion = {"item_id": item["id"], "party_id": aw.defendant.pk, "authenticity": "dispute",
               "authenticity_reason": "借条系伪造", "legality": "accept", "relevance": "accept"}  # fmt: skip
    no_reason = client.post(url, {**opinion, "authenticity_reason": ""}, content_type="application/json", **auth)
    assert no_reason.status_code == 400 and "请写明理由" in no_reason.json()["message"]
    not_mine = client.post(
        url, {**opinion, "party_id": aw.plaintiff.pk}, content_type="application/json", **api_token_header(aw.lawyer_d)
    )
    assert not_mine.status_code == 403 and "不是该当事人" in not_mine.json()["message"]
    assert not AsyncOpinion.objects.exists()
    ok = client.post(url, opinion, content_type="application/json", **auth)
    assert ok.status_code == 201, ok.content
    assert ok.json()["disputed"] is True and ok.json()["aspects"][0]["reason"] == "借条系伪造"
    assert client.get(f"/api/v1/hearings/rounds/{rnd.pk}", **auth).json()["opinions"][0]["party"].startswith("被告")
    # another court's staff cannot see the round; a missing round is the same 404
    assert client.get(f"/api/v1/hearings/rounds/{rnd.pk}", **api_token_header(aw.world.b.judge)).status_code == 404
    assert client.get("/api/v1/hearings/rounds/999999", **auth).status_code == 404
    with time_machine.travel(datetime(2025, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        late = client.post(url, opinion, content_type="application/json", **auth)
    assert late.status_code == 409 and "期限已于" in late.json()["message"]
