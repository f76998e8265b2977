"""The asynchronous cross-examination page over HTTP: the judge opens a round from the case's evidence, each side's
lawyer sees the other side's evidence and enters opinions, refusals come back as Chinese messages (never a 500),
and a lawyer of another case cannot open the page."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.hearings.models import AsyncOpinion, AsyncRound

from .factories import SHANGHAI, build_async_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    login_verified(client, user)
    return client


def _messages(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.fixture
def aw():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield build_async_world()


@time_machine.travel(NOW, tick=False)
def test_judge_opens_lawyers_give_opinions_judge_closes(aw) -> None:  # type: ignore[no-untyped-def]
    judge = _client(aw.world.a.judge)
    page = judge.get(f"/hearings/cases/{aw.case.pk}/async/")
    body = page.content.decode()
    assert page.status_code == 200 and "第二十条" in body and 'data-testid="async-open-form"' in body
    assert 'data-testid="async-link"' in judge.get(f"/cases/{aw.case.pk}/?tab=hearings").content.decode()
    form = {"days": "7", "kind": "evidence"}
    docs = list(aw.evidence.items())
    data: dict[str, object] = {**form, "document": [str(d) for _, d in docs]}
    for title, d in docs:
        data[f"submitted_by_{d}"] = str(aw.plaintiff.pk if title.startswith("原告") else aw.defendant.pk)
    response = judge.post(f"/hearings/cases/{aw.case.pk}/async/open/", data, follow=True)
    assert "已开启异步质证" in _messages(response)
    rnd = AsyncRound.objects.get()
    item = rnd.items.get(title="原告证据1 借条")
    lawyer = _client(aw.lawyer_d)
    page = lawyer.get(f"/hearings/cases/{aw.case.pk}/async/").content.decode()
    assert "原告证据1 借条" in page and 'data-testid="opinion-form"' in page
    assert aw.case.number in lawyer.get("/hearings/mine/").content.decode()
    bad = lawyer.post(f"/hearings/cases/{aw.case.pk}/async/opinion/", {
        "round": rnd.pk, "item": item.pk, "party": aw.defendant.pk, "authenticity": "dispute", "legality": "accept",
        "relevance": "accept"}, follow=True)  # fmt: skip
    assert bad.status_code == 200 and "请写明理由" in _messages(bad) and not AsyncOpinion.objects.exists()
    ok = lawyer.post(f"/hearings/cases/{aw.case.pk}/async/opinion/", {
        "round": rnd.pk, "item": item.pk, "party": aw.defendant.pk, "authenticity": "dispute",
        "authenticity_reason": "借条系伪造", "legality": "accept", "relevance": "accept"}, follow=True)  # fmt: skip
    assert "质证意见已提交" in _messages(ok) and "借条系伪造" in ok.content.decode()
    # the plaintiff's lawyer may not speak for the defendant
    other = _client(aw.lawyer_p).post(f"/hearings/cases/{aw.case.pk}/async/opinion/", {
        "round": rnd.pk, "item": item.pk, "party": aw.defendant.pk, "authenticity": "accept", "legality": "accept",
        "relevance": "accept"}, follow=True)  # fmt: skip
    assert other.status_code == 200 and "不是该当事人" in _messages(other)
    closed = judge.post(f"/hearings/cases/{aw.case.pk}/async/close/", {"round": rnd.pk}, follow=True)
    assert "质证报告已归入电子卷宗" in _messages(closed)
    rnd.refresh_from_db()
    assert rnd.report_id and judge.get(f"/dossier/cases/{aw.case.pk}/documents/{rnd.report_id}/file").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_late_opinion_and_missing_consent_are_refused_in_chinese() -> None:
    aw = build_async_world(consent=False)
    judge = _client(aw.world.a.judge)
    d = next(iter(aw.evidence.values()))
    response = judge.post(f"/hearings/cases/{aw.case.pk}/async/open/", {
        "days": "7", "document": [str(d)], f"submitted_by_{d}": str(aw.plaintiff.pk)}, follow=True)  # fmt: skip
    assert "须经各方当事人同意" in _messages(response) and not AsyncRound.objects.exists()
    lawyer = _client(aw.lawyer_d)
    lawyer.post(f"/hearings/cases/{aw.case.pk}/async/consent/", {"party": aw.defendant.pk, "kind": "evidence",
                                                                 "consented": "yes"})  # fmt: skip
    _client(aw.lawyer_p).post(f"/hearings/cases/{aw.case.pk}/async/consent/", {
        "party": aw.plaintiff.pk, "kind": "evidence", "consented": "yes"})  # fmt: skip
    judge.post(f"/hearings/cases/{aw.case.pk}/async/open/", {
        "days": "2", "document": [str(d)], f"submitted_by_{d}": str(aw.plaintiff.pk)})  # fmt: skip
    rnd = AsyncRound.objects.get()
    with time_machine.travel(datetime(2025, 11, 20, 9, tzinfo=SHANGHAI), tick=False):
        lawyer = _client(aw.lawyer_d)  # a fresh sign-in: the earlier session has expired by then
        late = lawyer.post(f"/hearings/cases/{aw.case.pk}/async/opinion/", {
            "round": rnd.pk, "item": rnd.items.get().pk, "party": aw.defendant.pk, "authenticity": "accept",
            "legality": "accept", "relevance": "accept"}, follow=True)  # fmt: skip
    assert late.status_code == 200 and "逾期" in _messages(late) and not AsyncOpinion.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_lawyer_of_another_case_cannot_open_the_page_or_post(aw) -> None:  # type: ignore[no-untyped-def]
    stranger = _client(user_with_role(Role.LAWYER, aw.world.b.court, full_name="无关律师"))
    assert stranger.get(f"/hearings/cases/{aw.case.pk}/async/").status_code == 404
    assert stranger.post(f"/hearings/cases/{aw.case.pk}/async/switch/", {"reason": "x"}).status_code == 404
    lawyer = _client(aw.lawyer_d)
    assert lawyer.post(f"/hearings/cases/{aw.case.pk}/async/open/", {"days": "7"}).status_code == 403
    assert lawyer.get("/hearings/cases/999999/async/").status_code == 404
