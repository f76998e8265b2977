"""The hearing pages and the API over HTTP: scheduling from the case page, the calendars, a lawyer's calendar across
courts and its iCalendar export, the police's escorts, the public notices — and bad input answered with a Chinese 4xx,
never a 500."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from smartcourt.courts.services import api_token_create
from smartcourt.courts.tests.factories import login_verified
from smartcourt.hearings.models import EscortRequest, Hearing
from smartcourt.hearings.services import hearing_schedule

from .factories import SHANGHAI, at, booking, build_world, criminal_case

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)
DAY = date(2025, 11, 10)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield build_world()


def _staff(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    login_verified(client, user)
    return client


def _api(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def _form(world, **kw: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {"kind": "trial", "mode": "in_person", "room": str(world.a.room.pk), "day": DAY.isoformat(),
            "start": "09:00", "end": "11:00", "presiding": str(world.a.judge.pk), "clerk": str(world.a.clerk.pk),
            "public": "on"}  # fmt: skip
    data.update(kw)
    return data


@time_machine.travel(NOW, tick=False)
def test_the_judge_schedules_from_the_case_page_and_sees_it_on_the_calendars(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    client = _staff(world.a.judge)
    page = client.get(f"/cases/{case.pk}/?tab=hearings")
    assert page.status_code == 200 and 'data-testid="schedule-form"' in page.content.decode()
    response = client.post(f"/hearings/cases/{case.pk}/schedule/", _form(world, witnesses="李四、王五"))
    hearing = Hearing.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hearings/{hearing.pk}/"
    assert sorted(hearing.participants.values_list("kind", flat=True)) == [
        "lawyer",
        "party",
        "party",
        "witness",
        "witness",
    ]
    detail = client.get(f"/hearings/{hearing.pk}/").content.decode()
    assert case.number in detail and "最迟通知日 2025-11-06" in detail
    for url in (f"/hearings/?date={DAY}", f"/hearings/?date={DAY}&view=day", f"/hearings/rooms/{world.a.room.pk}/?date={DAY}",
                f"/hearings/judges/{world.a.judge.pk}/?date={DAY}"):  # fmt: skip
        body = client.get(url).content.decode()
        assert case.number in body, url
    assert case.number not in client.get(f"/hearings/rooms/{world.a.room2.pk}/?date={DAY}").content.decode()
    assert client.get("/hearings/?date=2025-13-45").status_code == 200  # a bad date shows today, with a message
    assert client.get("/hearings/stats/").status_code == 200
    assert client.get("/").status_code == 200  # the workbench panel


@time_machine.travel(NOW, tick=False)
def test_a_refused_booking_comes_back_to_the_case_page_in_chinese(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    client = _staff(world.a.judge)
    response = client.post(f"/hearings/cases/{case.pk}/schedule/", _form(world, day="2025-11-05"), follow=True)
    body = response.content.decode()
    assert "不足三日" in body and "第一百三十九条" in body and Hearing.objects.count() == 0
    client.post(f"/hearings/cases/{case.pk}/schedule/", _form(world))
    body = client.post(f"/hearings/cases/{case.pk}/schedule/", _form(world, start="10:00", end="12:00"),
                       follow=True).content.decode()  # fmt: skip
    assert "排期冲突" in body and "第一法庭" in body and Hearing.objects.count() == 1
    body = client.post(f"/hearings/cases/{case.pk}/schedule/", _form(world, start="x", presiding="999999999999999999999"),
                       follow=True).content.decode()  # fmt: skip
    assert response.status_code == 200 and Hearing.objects.count() == 1
    # another court's judge may read the case but not schedule it
    other = _staff(world.b.judge)
    assert other.post(f"/hearings/cases/{case.pk}/schedule/", _form(world)).status_code in (403, 404)


@time_machine.travel(NOW, tick=False)
def test_the_lawyer_sees_both_courts_and_exports_them_as_icalendar(world) -> None:  # type: ignore[no-untyped-def]
    hearing_schedule(case=world.cases["a"], data=booking(world.a, at(DAY, 9), at(DAY, 11)), actor=world.a.judge)
    hearing_schedule(case=world.cases["b"], data=booking(world.b, at(DAY, 14), at(DAY, 16)), actor=world.b.judge)
    client = Client()
    client.force_login(world.lawyer)
    body = client.get("/hearings/mine/").content.decode()
    assert "姑苏区人民法院" in body and "昆山市人民法院" in body
    ics = client.get("/hearings/mine.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert {str(e["location"])[:7] for e in events} == {"姑苏区人民法院", "昆山市人民法院"}
    assert all(e.decoded("dtstart").tzinfo is not None for e in events)
    assert client.get("/hearings/").status_code == 403  # no court calendar for a lawyer
    detail = Hearing.objects.filter(court=world.b.court).get()
    assert client.get(f"/hearings/{detail.pk}/").status_code == 200
    assert client.post(f"/hearings/{detail.pk}/cancel/", {"note": "x"}).status_code in (403, 404)


@time_machine.travel(NOW, tick=False)
def test_the_api_schedules_refuses_conflicts_and_bad_input(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    auth = _api(world.a.judge)
    client = Client()
    body = {"starts_at": "2025-11-10T09:00:00+08:00", "ends_at": "2025-11-10T11:00:00+08:00",
            "presiding_id": world.a.judge.pk, "clerk_id": world.a.clerk.pk, "room_id": world.a.room.pk}  # fmt: skip
    ok = client.post(f"/api/v1/hearings/cases/{case.pk}", body, content_type="application/json", **auth)
    assert ok.status_code == 201, ok.content
    assert ok.json()["notice_latest_on"] == "2025-11-06" and len(ok.json()["participants"]) == 3
    clash = client.post(f"/api/v1/hearings/cases/{case.pk}", body, content_type="application/json", **auth)
    assert (
        clash.status_code == 409
        and clash.json()["code"] == "hearing.conflict"
        and "时间冲突" in clash.json()["message"]
    )
    bad = [
        ({**body, "starts_at": "2025-11-10T09:00:00"}, 400, "时区"),
        ({**body, "starts_at": "2025-11-04T09:00:00+08:00", "ends_at": "2025-11-04T10:00:00+08:00"}, 400, "三日"),
        ({**body, "starts_at": "9999-12-31T23:00:00+00:00", "ends_at": "9999-12-31T23:30:00+00:00"}, 400, "两年"),
        ({**body, "kind": "party"}, 400, ""),
        ({**body, "presiding_id": True}, 400, ""),
        (
            {**body, "participants": [{"kind": "party", "party_id": world.cases["b"].parties.first().pk}]},
            400,
            "不是本案",
        ),
    ]
    for payload, status, text in bad:
        r = client.post(f"/api/v1/hearings/cases/{case.pk}", payload, content_type="application/json", **auth)
        assert r.status_code == status, (payload, r.content)
        assert text in r.json()["message"]
    hid = ok.json()["id"]
    r = client.post(f"/api/v1/hearings/{hid}/postpone", {"reason": "supplementary_investigation"},
                    content_type="application/json", **auth)  # fmt: skip
    assert r.status_code == 400 and "不是本类案件的法定延期事由" in r.json()["message"]
    r = client.post(f"/api/v1/hearings/{hid}/postpone", {"reason": "absence"}, content_type="application/json", **auth)
    assert r.status_code == 200 and r.json()["hearing"]["status"] == "postponed" and r.json()["next_hearing"] is None
    assert client.post(f"/api/v1/hearings/{hid}/cancel", {"note": "x"}, content_type="application/json",
                       **auth).status_code == 409  # fmt: skip
    lawyer = _api(world.lawyer)
    assert client.get(f"/api/v1/hearings/{hid}", **lawyer).status_code == 200
    assert client.post(f"/api/v1/hearings/{hid}/cancel", {"note": "x"}, content_type="application/json",
                       **lawyer).status_code == 403  # fmt: skip
    assert client.get(f"/api/v1/hearings/{hid}", **_api(world.b.police)).status_code == 404
    assert client.get("/api/v1/hearings/calendar", **lawyer).status_code == 403
    assert [h["status"] for h in client.get("/api/v1/hearings/mine", **lawyer).json()] == ["postponed"]


@time_machine.travel(NOW, tick=False)
def test_a_defendant_in_custody_brought_to_court_makes_an_escort_request_the_police_acknowledge(world) -> None:  # type: ignore[no-untyped-def]
    case = criminal_case(world.a)
    h = hearing_schedule(case=case, data=booking(world.a, at(DAY, 9), at(DAY, 11)), actor=world.a.judge).hearing
    escort = EscortRequest.objects.get(hearing=h)
    assert escort.participant.in_custody and escort.state == "requested"
    police = _staff(world.a.police)
    assert case.number in police.get("/hearings/escorts/").content.decode()
    assert police.post(f"/hearings/escorts/{escort.pk}/acknowledge/").status_code == 302
    escort.refresh_from_db()
    assert escort.state == "acknowledged" and escort.acknowledged_by == world.a.police
    other_police = _staff(world.b.police)
    assert other_police.post(f"/hearings/escorts/{escort.pk}/acknowledge/").status_code == 404
    # by video from the detention centre: no escort
    h2 = hearing_schedule(case=criminal_case(world.a), actor=world.a.judge, data=booking(
        world.a, at(DAY, 14), at(DAY, 16), mode="remote_site", site_id=world.a.site.pk)).hearing  # fmt: skip
    assert not EscortRequest.objects.filter(hearing=h2).exists()
    site_page = _staff(world.a.judge).get(f"/hearings/sites/{world.a.site.pk}/?date={DAY}").content.decode()
    assert h2.case.number in site_page


@time_machine.travel(NOW, tick=False)
def test_public_hearings_are_announced_on_the_home_page(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    hearing_schedule(case=case, data=booking(world.a, at(DAY, 9), at(DAY, 11)), actor=world.a.judge)
    hearing_schedule(case=world.cases["b"], actor=world.b.judge, data=booking(
        world.b, at(DAY, 9), at(DAY, 11), public=False, not_public_reason="涉及个人隐私",
        participants=()) if False else booking(world.b, at(DAY, 14), at(DAY, 15), public=False,
                                                not_public_reason="涉及个人隐私"))  # fmt: skip
    home = Client().get("/").content.decode()
    assert case.number in home and world.cases["b"].number not in home
    plaintiff = case.parties.get(role="plaintiff").person.name
    assert plaintiff not in home and f"{plaintiff[0]}某某" in home  # a natural person is announced as surname + 某某


@time_machine.travel(NOW, tick=False)
def test_a_long_or_foreign_name_of_a_person_is_masked_in_the_notice_too(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    person = case.parties.get(role="plaintiff").person
    type(person).objects.filter(pk=person.pk).update(name="买买提·艾力克木")  # a person's name of 8 characters
    hearing_schedule(case=case, data=booking(world.a, at(DAY, 9), at(DAY, 11)), actor=world.a.judge)
    home = Client().get("/").content.decode()
    assert case.number in home and "买买提·艾力克木" not in home and "买某某" in home


@time_machine.travel(NOW, tick=False)
def test_the_scheduling_form_keeps_what_was_typed_after_a_refusal(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    client = _staff(world.a.judge)
    too_soon = _form(world, day="2025-11-04", start="14:10", end="15:20", witnesses="证人赵六", notes="请带原件")
    response = client.post(f"/hearings/cases/{case.pk}/schedule/", too_soon, follow=True)
    body = response.content.decode()
    assert "不足三日" in body and not Hearing.objects.exists()
    for typed in ('value="2025-11-04"', 'value="14:10"', 'value="15:20"', 'value="证人赵六"', 'value="请带原件"'):
        assert typed in body, typed
    again = client.get(f"/cases/{case.pk}/?tab=hearings").content.decode()  # shown once, then the defaults again
    assert 'value="证人赵六"' not in again
