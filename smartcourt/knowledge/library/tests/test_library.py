"""The library, the push and 法答网 at the service and HTTP level: reasons on the case page, another court's cases
never pushed, the expert designation read through the permission table, bad input answered in Chinese with a 4xx."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.courts.tests.factories import login_verified
from smartcourt.knowledge.library import selectors, services
from smartcourt.knowledge.library.models import Answer, LibraryKind, Question
from smartcourt.knowledge.library.services import Invalid, LibraryCaseData

from .factories import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path: Path, settings) -> World:  # type: ignore[no-untyped-def]
    return build_world(tmp_path, settings)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    login_verified(client, user)
    return client


def test_the_push_ranks_the_same_cause_first_with_reasons_and_only_this_courts_own_cases(world: World) -> None:
    facts, results = selectors.similar_cases_for(case=world.case, user=world.judge, k=5)
    assert "48000" in facts
    keys = [r.key for r in results]
    assert keys[0] in (f"lib:{world.loan_ref.pk}", f"case:{world.closed_loan.pk}")
    assert f"case:{world.closed_loan.pk}" in keys  # the court's own closed case
    assert f"case:{world.other_closed.pk}" not in keys  # another court's closed case is never pushed here
    assert f"case:{world.case.pk}" not in keys  # nor the case itself
    loan = next(r for r in results if r.key == f"lib:{world.loan_ref.pk}")
    labels = {r.label: r.value for r in loan.reasons}
    assert "借条" in labels["关键事实"] and labels["适用法条"] == "民法典/第六百七十五条"
    assert "金额相近" in labels and loan.decided.startswith("被告于判决生效")


def test_the_index_is_persisted_and_rebuilt_only_when_the_library_changes(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    first = selectors.similar_index()
    assert selectors.similar_index() is first  # loaded once, not rebuilt per request
    services.library_case_add(actor=SYSTEM, data=LibraryCaseData(kind=LibraryKind.REFERENCE, title="新案例",
                                                                   facts="被告人盗窃手机一部。", cause="盗窃罪"))  # fmt: skip
    second = selectors.similar_index()
    assert second is not first and len(second) == len(first) + 1
    assert (Path(settings.KNOWLEDGE_LIBRARY_INDEX_DIR) / "smartcourt_meta.json").exists()


def test_a_party_gets_no_push_and_no_library(world: World) -> None:
    assert selectors.similar_cases_for(case=world.case, user=world.party) == ("", [])
    assert _client(world.party).get("/knowledge/library/").status_code == 403


def test_the_workbench_panel_leads_to_the_library_and_the_qa_board(world: World) -> None:
    body = _client(world.judge).get("/").content.decode()
    assert 'data-testid="panel-library"' in body
    assert 'data-testid="panel-library-qa"' in body and "/knowledge/library/qa/" in body and "类案追本溯源" in body


def test_the_case_page_shows_the_assistant_tab_with_similar_cases_and_reasons(world: World) -> None:
    from smartcourt.cases.models import CauseOfAction

    loan = CauseOfAction.objects.create(kind=world.case.kind, code="T-LOAN", name="民间借贷纠纷", level=4)
    type(world.case).objects.filter(pk=world.case.pk).update(cause=loan)
    page = _client(world.judge).get(f"/cases/{world.case.pk}/?tab=assistant")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="assistant-panel"' in body and 'data-testid="similar-reasons"' in body
    assert "民间借贷参考案例" in body and "关键事实" in body
    assert "法律法规库未安装" not in body  # the knowledge app provides the statutes
    # the element guide of the cause (民间借贷): each element with whether the file's text already shows its evidence
    assert 'data-testid="element-checklist"' in body and "借贷合意" in body and "未见" in body


def test_library_pages_search_and_typical_cases_stay_with_their_court(world: World) -> None:
    client = _client(world.judge)
    page = client.get("/knowledge/library/", {"q": "借贷"})
    assert page.status_code == 200 and "民间借贷参考案例" in page.content.decode()
    assert "昆山借贷典型案例" not in page.content.decode()
    assert client.get(f"/knowledge/library/cases/{world.loan_ref.pk}/").status_code == 200
    assert client.get("/knowledge/library/cases/999999/").status_code == 404
    assert client.get("/knowledge/library/", {"q": "借" * 5000, "kind": "nonsense"}).status_code == 200
    similar = client.post("/knowledge/library/similar/", {"facts": "被告向原告借款并出具借条，到期未还。"})
    assert similar.status_code == 200 and "民间借贷参考案例" in similar.content.decode()
    empty = client.post("/knowledge/library/similar/", {"facts": "  "})
    assert empty.status_code == 400 and "请填写案情事实" in empty.content.decode()
    long = client.post("/knowledge/library/similar/", {"facts": "借" * 50_000})
    assert long.status_code == 400 and "案情过长" in long.content.decode()
    assert client.get(f"/knowledge/library/for-case/{world.case.pk}/").status_code == 200


def test_typical_cases_are_selected_by_those_the_table_allows(world: World) -> None:
    data = LibraryCaseData(kind=LibraryKind.TYPICAL, title="本院典型案例", facts="案情", cause="民间借贷纠纷",
                           court=world.court)  # fmt: skip
    assert services.library_case_add(actor=world.president, data=data).court == world.court
    with pytest.raises(Forbidden):
        services.library_case_add(actor=world.judge, data=data)
    with pytest.raises(Forbidden):
        services.library_case_add(actor=world.president, data=LibraryCaseData(kind="guiding", title="t", facts="f"))
    with pytest.raises(Invalid, match="请填写基本案情"):
        services.library_case_add(actor=SYSTEM, data=LibraryCaseData(kind="reference", title="t", facts=" "))


def test_a_judge_asks_the_designated_expert_answers_and_the_answer_has_a_citable_address(world: World) -> None:
    judge, expert = _client(world.judge), _client(world.expert)
    asked = judge.post("/knowledge/library/qa/ask/", {"court": world.court.pk, "title": "仅有转账凭证能否认定借贷？",
                                                      "body": "被告抗辩系还款。", "cause": "民间借贷纠纷"})  # fmt: skip
    question = Question.objects.get()
    assert asked.status_code == 302 and asked["Location"] == f"/knowledge/library/qa/{question.pk}/"
    assert 'data-testid="qa-answer-form"' not in judge.get(asked["Location"]).content.decode()  # not an expert
    refused = judge.post(f"/knowledge/library/qa/{question.pk}/", {"body": "我来答"})
    assert refused.status_code == 302 and not Answer.objects.exists()
    board = expert.get("/knowledge/library/qa/").content.decode()
    assert 'data-testid="qa-awaiting"' in board and "仅有转账凭证" in board
    answered = expert.post(f"/knowledge/library/qa/{question.pk}/", {"body": "由被告就还款抗辩举证。"})
    answer = Answer.objects.get()
    assert answered.status_code == 302 and answered["Location"] == f"/knowledge/library/qa/answers/{answer.pk}/"
    cite = judge.get(f"/knowledge/library/qa/answers/{answer.pk}/")
    assert cite.status_code == 302 and cite["Location"] == f"/knowledge/library/qa/{question.pk}/#answer-{answer.pk}"
    found = judge.get("/knowledge/library/qa/", {"q": "举证"}).content.decode()  # answers are searchable
    assert "仅有转账凭证" in found
    assert _client(world.other_judge).get(f"/knowledge/library/qa/answers/{answer.pk}/").status_code == 404


def test_bad_questions_and_answers_are_refused_in_chinese(world: World) -> None:
    with pytest.raises(Invalid, match="请填写问题"):
        services.question_ask(actor=world.judge, court=world.court, title=" ")
    with pytest.raises(Forbidden):
        services.question_ask(actor=world.judge, court=world.other, title="跨院提问")
    q = services.question_ask(actor=world.judge, court=world.court, title="问题")
    with pytest.raises(Invalid, match="请填写答复"):
        services.answer_give(actor=world.expert, question=q, body="")
    with pytest.raises(Forbidden):
        services.answer_give(actor=world.other_judge, question=q, body="答复")
    services.expert_designate(actor=world.president, court=world.court, user=world.expert, active=False)
    with pytest.raises(Forbidden):  # a revoked designation no longer answers
        services.answer_give(actor=world.expert, question=q, body="答复")
    with pytest.raises(Forbidden):
        services.expert_designate(actor=world.judge, court=world.court, user=world.judge)
    resp = _client(world.judge).post("/knowledge/library/qa/ask/", {"court": "abc", "title": "x"})
    assert resp.status_code == 302


def test_cause_sources_break_new_filings_down_by_who_sues_whom(world: World) -> None:
    from smartcourt.cases.models import Case, CauseOfAction

    cause = CauseOfAction.objects.create(code="T-LOAN", name="民间借贷纠纷", kind="civil", level=4)
    Case.objects.filter(pk__in=[world.case.pk, world.closed_loan.pk]).update(cause=cause)
    data = selectors.cause_sources(user=world.judge, cause="民间借贷", days=3650)
    assert data.total == 2
    assert dict(data.pairs) == {"张三 诉 李四": 1, "王五 诉 赵六": 1}
    assert ("借条", 2) in data.reasons
    page = _client(world.judge).get("/knowledge/library/sources/", {"cause": "民间借贷", "days": "x"})
    assert page.status_code == 200 and "张三 诉 李四" in page.content.decode()
