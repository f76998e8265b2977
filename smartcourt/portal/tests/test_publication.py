"""Publication of effective judgments (法释〔2016〕19号): the task and its deadline, exclusions with their reason,
the review before publishing, the published PDF anchored in the ledger, the portal's search; the API."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine
from django.test import Client

from smartcourt.cases.models import CaseEvent
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role
from smartcourt.ledger.models import LedgerRecord
from smartcourt.portal.models import PublicationState
from smartcourt.portal.publication import selectors
from smartcourt.portal.publication.services import (
    PublicationInputError,
    PublicationRefused,
    PublicationSource,
    RegistryParty,
    publication_exclude,
    publication_open,
    publication_publish,
    publication_review,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "某某市某某区人民法院 刑事判决书 公诉机关某某区人民检察院。 被告人穆轩安，男，1983年9月13日出生，"
    "住山东省青岛市市南区幸福路735号2幢2单元603室。 经审理查明，被告人穆轩安用拳头殴打被害人商龙兰，"
    "致其轻伤。被害人商龙兰（公民身份号码500103199305062629，联系电话13282320165）。证人窦萍的证言证实了上述事实。"
    " 判决如下： 被告人穆轩安犯故意伤害罪，判处有期徒刑十个月。"
)
PARTIES = (
    RegistryParty(name="穆轩安", role="被告人", address="山东省青岛市市南区幸福路735号2幢2单元603室"),
    RegistryParty(name="商龙兰", role="被害人", id_number="500103199305062629", phone="13282320165"),
    RegistryParty(name="窦萍", role="证人"),
)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    court = CourtFactory(name="某某区人民法院")
    judge = user_with_role(Role.JUDGE, court, full_name="承办法官")
    other_judge = user_with_role(Role.JUDGE, court, full_name="其他法官")
    head = user_with_role(Role.TRIAL_MANAGEMENT, court, full_name="审管办")
    case = make_case(court=court, type_code="刑初", judge=judge)
    return {"court": court, "judge": judge, "other": other_judge, "head": head, "case": case}


def _source(world, **kw) -> PublicationSource:  # type: ignore[no-untyped-def]
    base = {
        "case_id": world["case"].pk,
        "court_id": world["court"].pk,
        "kind": "judgment",
        "title": "刑事判决书",
        "full_text": TEXT,
        "effective_on": date(2026, 3, 2),
        "parties": PARTIES,
    }
    base.update(kw)
    return PublicationSource(**base)


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_open_review_publish(world) -> None:  # type: ignore[no-untyped-def]
    task = publication_open(_source(world), actor=SYSTEM)
    assert task.state == PublicationState.PENDING
    assert task.due_on == date(2026, 3, 11)  # seven working days after Mon 2 March (Art. 7)
    assert "商某" in task.anonymised_text and "商龙兰" not in task.anonymised_text
    assert "穆轩安" in task.anonymised_text  # the adult defendant keeps his name
    assert "13282320165" not in task.anonymised_text and "幸福路735号" not in task.anonymised_text
    assert publication_open(_source(world), actor=SYSTEM).pk == task.pk  # opened twice: the same task

    with pytest.raises(PublicationRefused) as refused:
        publication_publish(task, actor=world["judge"])
    assert "尚未经审核" in str(refused.value.message)

    publication_review(task, actor=world["judge"])
    task = publication_publish(task, actor=world["judge"])
    assert task.state == PublicationState.PUBLISHED
    assert LedgerRecord.objects.filter(sha256=task.published_pdf_sha256, kind="publication.judgment").exists()
    types = list(CaseEvent.objects.filter(case=world["case"]).values_list("type", flat=True))
    assert [t for t in types if t.startswith("publication.")] == [
        "publication.opened",
        "publication.reviewed",
        "publication.published",
    ]
    assert list(selectors.published_judgments(q="故意伤害")) == [task]
    assert list(selectors.published_judgments(q="商龙兰")) == []  # the original name is not searchable
    assert list(selectors.published_judgments(q="盗窃")) == []


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_excluded_is_never_published(world) -> None:  # type: ignore[no-untyped-def]
    task = publication_open(_source(world), actor=SYSTEM)
    with pytest.raises(Forbidden):
        publication_exclude(task, reason="state_secret", note="", actor=world["judge"])  # a leader decides
    with pytest.raises(PublicationInputError):
        publication_exclude(task, reason="other", note="", actor=world["head"])  # "other" needs its reason
    publication_exclude(task, reason="state_secret", note="涉及国家秘密", actor=world["head"])
    with pytest.raises(PublicationRefused) as refused:
        publication_publish(task, actor=world["head"])
    assert refused.value.code == "publication.excluded"
    task.refresh_from_db()
    assert task.state == PublicationState.EXCLUDED and not task.published_pdf_sha256


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_review_refuses_an_edit_that_puts_a_name_back_and_a_judge_of_another_case(world) -> None:  # type: ignore[no-untyped-def]
    task = publication_open(_source(world), actor=SYSTEM)
    with pytest.raises(Forbidden):
        publication_review(task, actor=world["other"])
    with pytest.raises(PublicationInputError) as refused:
        publication_review(task, actor=world["judge"], text=task.anonymised_text + "被害人商龙兰")
    assert "商龙兰" in str(refused.value.message)
    task.refresh_from_db()
    assert task.state == PublicationState.PENDING


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_bad_sources_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PublicationInputError):
        publication_open(_source(world, kind="notice"), actor=SYSTEM)
    with pytest.raises(PublicationInputError):
        publication_open(_source(world, full_text="  "), actor=SYSTEM)
    with pytest.raises(PublicationInputError):
        publication_open(_source(world, signed_pdf=b"%PDF-1.7 x", signed_pdf_sha256="0" * 64), actor=SYSTEM)
    with pytest.raises(PublicationInputError):
        publication_open(_source(world, effective_on=date(2026, 4, 1)), actor=SYSTEM)


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_a_mediated_case_is_flagged_and_needs_a_reason_to_publish(world) -> None:  # type: ignore[no-untyped-def]
    task = publication_open(_source(world, title="民事调解书"), actor=SYSTEM)
    assert task.suggested_exclusion == "mediation"
    with pytest.raises(PublicationRefused) as refused:
        publication_review(task, actor=world["judge"])
    assert "第四条第（三）项" in str(refused.value.message)


def test_api_anonymise(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    body = {
        "text": "被害人商龙兰，电话+86 132 8232 0165。",
        "case_type": "criminal",
        "parties": [{"name": "商龙兰", "role": "被害人", "id_number": None, "address": None, "phone": "13282320165"}],
    }
    assert (
        client.post("/api/v1/publication/anonymise", json.dumps(body), content_type="application/json").status_code
        == 401
    )
    login_verified(client, world["judge"])
    answer = client.post("/api/v1/publication/anonymise", json.dumps(body), content_type="application/json")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["text"] == "被害人商某，电话××。"
    assert [(r["type"], body["text"][r["start"] : r["end"]]) for r in data["replacements"]] == [
        ("name", "商龙兰"),
        ("mobile", "+86 132 8232 0165"),
    ]
    party = user_with_role(Role.PARTY, world["court"])
    client.force_login(party)
    assert (
        client.post("/api/v1/publication/anonymise", json.dumps(body), content_type="application/json").status_code
        == 403
    )


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_api_publish_before_review_is_409(world) -> None:  # type: ignore[no-untyped-def]
    task = publication_open(_source(world), actor=SYSTEM)
    client = Client()
    login_verified(client, world["judge"])
    answer = client.post(f"/api/v1/publication/tasks/{task.pk}/publish")
    assert answer.status_code == 409
    assert answer.json()["code"] == "publication.not_reviewed"
    assert (
        client.post(
            f"/api/v1/publication/tasks/{task.pk}/review", '{"confirmed": true}', content_type="application/json"
        ).status_code
        == 200
    )
    assert client.post(f"/api/v1/publication/tasks/{task.pk}/publish").status_code == 200
    other = Client()
    login_verified(other, world["other"])
    assert other.get(f"/api/v1/publication/tasks/{task.pk}").status_code == 404


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_pages_review_then_publish_and_the_portal(world) -> None:  # type: ignore[no-untyped-def]
    task = publication_open(_source(world), actor=SYSTEM)
    client = Client()
    login_verified(client, world["judge"])
    page = client.get(f"/portal/publication/{task.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="diff-original"' in html and 'data-testid="diff-anonymised"' in html
    assert "商龙兰" in html and "商某" in html  # the original left, the anonymised right
    # publishing before the review: a Chinese message, a 409, nothing published
    refused = client.post(f"/portal/publication/{task.pk}/", {"action": "publish"})
    assert refused.status_code == 409
    assert "尚未经审核" in refused.content.decode()
    task.refresh_from_db()
    assert task.state == PublicationState.PENDING
    assert client.post(f"/portal/publication/{task.pk}/", {"action": "review", "edit": "0"}).status_code == 302
    assert client.post(f"/portal/publication/{task.pk}/", {"action": "publish"}).status_code == 302
    task.refresh_from_db()
    assert task.state == PublicationState.PUBLISHED

    public = Client()
    found = public.get("/portal/judgments/", {"q": "故意伤害", "court": world["court"].pk})
    assert found.status_code == 200 and f"/portal/judgments/{task.pk}/" in found.content.decode()
    assert "没有找到" in public.get("/portal/judgments/", {"q": "商龙兰"}).content.decode()
    assert public.get("/portal/judgments/", {"from": "2026-13-01"}).status_code == 400
    detail = public.get(f"/portal/judgments/{task.pk}/").content.decode()
    assert "商某" in detail and "商龙兰" not in detail and "13282320165" not in detail
    assert f"/ledger/verify/?sha256={task.published_pdf_sha256}" in detail
    pdf = public.get(f"/portal/judgments/{task.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert public.get(f"/portal/judgments/{task.pk + 999}/").status_code == 404


@time_machine.travel("2026-03-03 10:00 +0800", tick=False)
def test_an_unpublished_task_is_not_on_the_portal(world) -> None:  # type: ignore[no-untyped-def]
    task = publication_open(_source(world), actor=SYSTEM)
    assert Client().get(f"/portal/judgments/{task.pk}/").status_code == 404
    assert Client().get(f"/portal/judgments/{task.pk}/pdf/").status_code == 404


def test_party_sees_the_process_of_their_own_case_only(world) -> None:  # type: ignore[no-untyped-def]
    party = user_with_role(Role.PARTY, world["court"])
    mine = make_case(court=world["court"], plaintiff_user=party)
    client = Client()
    client.force_login(party)
    page = client.get(f"/portal/cases/{mine.pk}/process/")
    assert page.status_code == 200
    assert "审判流程公开" in page.content.decode() and 'data-testid="process-event"' in page.content.decode()
    assert client.get(f"/portal/cases/{world['case'].pk}/process/").status_code == 404
