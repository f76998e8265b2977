"""Issue 18, what was missing: a court's typical cases selected, edited and retired through their page (and then in
the library's search and the push, and out of them once retired); 法答网 experts designated and revoked through their
page by a president, questions routed to the experts of their field; the reasons of a push with amounts, sentence and
the statutes applied linked to their pages; the key-circumstance overlap in the ranking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.errors import Conflict, Forbidden
from smartcourt.core.models import AuditAction, AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.knowledge.library import selectors, services
from smartcourt.knowledge.library.models import ExpertDesignation, LibraryCase, LibraryKind, Question
from smartcourt.knowledge.library.ranking import Candidate, circumstance_overlap, circumstances, rank_pool
from smartcourt.knowledge.library.services import Invalid, TypicalCaseData

from .factories import World, build_world, lib, with_facts

pytestmark = pytest.mark.django_db

FACTS = "被告钱七向原告孙八借款人民币46000元并出具借条，约定三个月后归还，到期后原告多次催告，被告仍未还款。"


@pytest.fixture
def world(tmp_path: Path, settings) -> World:  # type: ignore[no-untyped-def]
    return build_world(tmp_path, settings)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    login_verified(client, user)
    return client


def _effective_case(world: World, *, court=None, effective: bool = True) -> Case:  # type: ignore[no-untyped-def]
    case = with_facts(make_case(court=court or world.court, plaintiff="孙八", defendant="钱七"), FACTS)
    Case.objects.filter(pk=case.pk).update(closed_on=date(2024, 9, 1), closing_method="judgment", state="effective",
                                           effective_on=date(2024, 9, 20) if effective else None)  # fmt: skip
    case.refresh_from_db()
    return case


def test_a_president_selects_a_closed_effective_case_edits_and_retires_it_through_the_page(world: World) -> None:
    case = _effective_case(world)
    president = _client(world.president)
    listing = president.get("/knowledge/library/typical/").content.decode()
    assert case.number in listing and 'data-testid="typical-select"' in listing
    form = president.get(f"/knowledge/library/typical/select/{case.pk}/").content.decode()
    assert "46000" in form and "借条" in form  # the form starts from the case's own facts
    resp = president.post(f"/knowledge/library/typical/select/{case.pk}/", {
        "title": "借条为据的民间借贷", "facts": FACTS, "summary": "借条载明借款合意与数额，出借人已交付的，应认定借贷关系成立。",
        "tags": "民间借贷，借条 举证", "cause": "民间借贷纠纷", "result": "判决被告归还借款本金46000元及利息。",
        "statutes": "民法典/第六百七十五条", "sentence": "", "amount": "46000",
    })  # fmt: skip
    lc = LibraryCase.objects.get(source_case=case)
    assert resp.status_code == 302 and resp["Location"] == f"/knowledge/library/cases/{lc.pk}/"
    assert lc.kind == LibraryKind.TYPICAL and lc.court == world.court and lc.tag_list == ["民间借贷", "借条", "举证"]
    assert AuditLog.objects.filter(action=AuditAction.LIBRARY_CASE_ADD, target_id=str(lc.pk)).count() == 1
    page = _client(world.judge).get(f"/knowledge/library/cases/{lc.pk}/").content.decode()
    assert "借条载明借款合意" in page  # the summary (裁判要旨) shows
    # in the library's search and the push of this court, not another court's
    assert lc in selectors.library_search(user=world.judge, q="借条为据")
    assert lc not in selectors.library_search(user=world.other_judge, q="借条为据")
    _facts, pushed = selectors.similar_cases_for(case=world.case, user=world.judge, k=10)
    assert f"lib:{lc.pk}" in [r.key for r in pushed] and f"case:{case.pk}" not in [r.key for r in pushed]
    # the same case cannot be selected twice
    assert case.pk not in [c.pk for c in selectors.typical_candidates(user=world.president)]
    with pytest.raises(Conflict):
        services.typical_case_select(actor=world.president, case=case, data=TypicalCaseData(title="t", facts="f",
                                                                                             summary="s"))  # fmt: skip
    # edit
    resp = president.post(f"/knowledge/library/typical/{lc.pk}/edit/", {
        "title": "借条为据的民间借贷（修订）", "facts": FACTS, "summary": "要旨", "tags": "民间借贷", "amount": "4.6万",
    })  # fmt: skip
    assert resp.status_code == 400 and "涉案金额应为数字" in resp.content.decode()
    resp = president.post(f"/knowledge/library/typical/{lc.pk}/edit/", {
        "title": "借条为据的民间借贷（修订）", "facts": FACTS, "summary": "要旨", "tags": "民间借贷", "amount": "46000",
    })  # fmt: skip
    lc.refresh_from_db()
    assert resp.status_code == 302 and lc.title.endswith("（修订）")
    # retire: out of the search and the push, the record stays
    resp = president.post(f"/knowledge/library/typical/{lc.pk}/retire/", {"reason": "已有更新的案例"})
    lc.refresh_from_db()
    assert resp.status_code == 302 and lc.retired_at is not None and lc.retired_by == world.president
    assert lc not in selectors.library_search(user=world.judge)
    assert _client(world.judge).get(f"/knowledge/library/cases/{lc.pk}/").status_code == 404
    _facts, pushed = selectors.similar_cases_for(case=world.case, user=world.judge, k=10)
    assert f"lib:{lc.pk}" not in [r.key for r in pushed]
    assert president.post(f"/knowledge/library/typical/{lc.pk}/edit/", {"title": "x", "facts": "y", "summary": "z"}
                          ).status_code == 400  # fmt: skip
    assert case.pk in [c.pk for c in selectors.typical_candidates(user=world.president)]  # selectable again


def test_only_the_courts_selectors_select_and_only_closed_effective_cases_of_their_own_court(world: World) -> None:
    open_case = world.case
    not_effective = _effective_case(world, effective=False)
    other = _effective_case(world, court=world.other)
    data = TypicalCaseData(title="t", facts="f", summary="s")
    with pytest.raises(Conflict, match="已结案且裁判已生效"):
        services.typical_case_select(actor=world.president, case=open_case, data=data)
    with pytest.raises(Conflict):
        services.typical_case_select(actor=world.president, case=not_effective, data=data)
    with pytest.raises(Forbidden):
        services.typical_case_select(actor=world.president, case=other, data=data)
    withdrawn = _effective_case(world)
    Case.objects.filter(pk=withdrawn.pk).update(closing_method="withdrawal")
    assert withdrawn.pk not in [c.pk for c in selectors.typical_candidates(user=world.president)]
    with pytest.raises(Conflict, match="撤诉"):
        services.typical_case_select(actor=world.president, case=withdrawn, data=data)
    with pytest.raises(Forbidden):
        services.typical_case_select(actor=world.judge, case=_effective_case(world), data=data)
    with pytest.raises(Invalid, match="请填写裁判要旨"):
        services.typical_case_select(actor=world.president, case=_effective_case(world),
                                     data=TypicalCaseData(title="t", facts="f"))  # fmt: skip
    assert not LibraryCase.objects.filter(kind=LibraryKind.TYPICAL, court=world.court).exists()  # nothing half-written
    judge = _client(world.judge)
    assert judge.get("/knowledge/library/typical/").status_code == 403
    assert judge.get("/knowledge/library/qa/experts/").status_code == 403
    assert _client(world.party).get("/knowledge/library/typical/").status_code == 403
    president = _client(world.president)
    assert president.get(f"/knowledge/library/typical/select/{other.pk}/").status_code == 404  # another court's case
    # a published reference case is not the court's to edit or retire
    assert president.get(f"/knowledge/library/typical/{world.loan_ref.pk}/edit/").status_code == 404
    with pytest.raises(Forbidden):
        services.typical_case_retire(actor=world.president, library_case=world.loan_ref)


def test_a_new_courts_president_designates_experts_from_the_landing_page_and_questions_go_to_their_field(
    world: World,
) -> None:
    ExpertDesignation.objects.all().delete()  # a court with no expert yet: nothing seeded
    criminal_expert = user_with_role(Role.DIVISION_HEAD, world.court, full_name="刑庭庭长")
    president = _client(world.president)
    landing = president.get("/").content.decode()
    assert 'href="/knowledge/library/qa/experts/"' in landing and 'href="/knowledge/library/typical/"' in landing
    page = president.get("/knowledge/library/qa/experts/").content.decode()
    assert "郑专家" in page and "刑庭庭长" in page and "陈法官" in page
    assert "当事人甲" not in page and "李法官" not in page  # a party, another court's judge: not designatable
    assert president.post("/knowledge/library/qa/experts/", {"court": world.court.pk, "user": world.expert.pk,
                                                             "field": "民商事审判"}).status_code == 302  # fmt: skip
    president.post("/knowledge/library/qa/experts/", {"court": world.court.pk, "user": criminal_expert.pk,
                                                      "field": "刑事审判"})  # fmt: skip
    refused = president.post("/knowledge/library/qa/experts/", {"court": world.court.pk, "user": world.party.pk})
    assert refused.status_code == 400 and not ExpertDesignation.objects.filter(user=world.party).exists()
    assert president.post("/knowledge/library/qa/experts/", {"court": "x", "user": "y"}).status_code == 400
    assert ExpertDesignation.objects.filter(court=world.court, active=True).count() == 2
    # the board offers the fields; a question of a field goes to that field's expert only
    board = _client(world.judge).get("/knowledge/library/qa/").content.decode()
    assert '<option value="刑事审判">' in board and '<option value="民商事审判">' in board
    _client(world.judge).post("/knowledge/library/qa/ask/", {"court": world.court.pk, "title": "醉驾情节轻微能否不起诉？",
                                                             "field": "刑事审判"})  # fmt: skip
    q = Question.objects.get()
    assert q.field == "刑事审判"
    assert [x.pk for x in selectors.questions_awaiting(user=criminal_expert)] == [q.pk]
    assert selectors.questions_awaiting(user=world.expert) == []
    with pytest.raises(Forbidden):
        services.answer_give(actor=world.expert, question=q, body="民事专家不答刑事问题")
    with pytest.raises(Invalid, match="没有该领域"):
        services.question_ask(actor=world.judge, court=world.court, title="t", field="知识产权")
    unfielded = services.question_ask(actor=world.judge, court=world.court, title="没有领域的问题")
    assert unfielded in selectors.questions_awaiting(user=world.expert)
    assert unfielded in selectors.questions_awaiting(user=criminal_expert)
    # revoke through the page: the field has no expert left, so its question goes to the court's other experts
    designation = ExpertDesignation.objects.get(user=criminal_expert)
    assert president.post(f"/knowledge/library/qa/experts/{designation.pk}/revoke/").status_code == 302
    designation.refresh_from_db()
    assert not designation.active
    assert AuditLog.objects.filter(action=AuditAction.QA_EXPERT_REVOKE, target_id=str(designation.pk)).exists()
    assert selectors.questions_awaiting(user=criminal_expert) == []
    assert q in selectors.questions_awaiting(user=world.expert)
    assert services.answer_give(actor=world.expert, question=q, body="可以。").pk
    with pytest.raises(Conflict):
        services.expert_revoke(actor=world.president, designation=designation)
    assert _client(world.judge).post(f"/knowledge/library/qa/experts/{designation.pk}/revoke/").status_code == 403


def test_reasons_show_amounts_sentence_and_the_statutes_applied_linked_to_their_pages(world: World) -> None:
    theft = lib(LibraryKind.REFERENCE, "入户盗窃参考案例", "被告人甲入户盗窃现金人民币6000元及手机一部，后被抓获，如实供述。",
                "盗窃罪", result="被告人甲犯盗窃罪，判处有期徒刑一年六个月，并处罚金人民币五千元。",
                reasoning="依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款之规定，判决如下")  # fmt: skip
    results = selectors.similar_cases_for_text(facts="被告人乙入户盗窃现金人民币5000元，后被民警抓获。",
                                               court_id=world.court.pk, user=world.judge, k=3)  # fmt: skip
    hit = next(r for r in results if r.key == f"lib:{theft.pk}")
    reasons = {r.label: r for r in hit.reasons}
    assert reasons["金额相近"].value == "本案 5000元 / 该案 6000元"
    assert reasons["刑罚或判项"].value.startswith("判处有期徒刑一年六个月，并处罚金")
    assert "《中华人民共和国刑法》第二百六十四条" in reasons["适用法条"].value
    assert selectors.sentence_in("对被告人免予刑事处罚。") == "免予刑事处罚"
    assert selectors.statutes_in("依照《中华人民共和国刑法》第一百三十三条之一第一款第（二）项之规定") == [
        "《中华人民共和国刑法》第一百三十三条之一"
    ]


def test_the_key_circumstances_rank_a_case_with_the_same_circumstances_higher() -> None:
    assert circumstances("被告人入户盗窃，后自首。") >= {"入户", "盗窃", "自首"}
    assert circumstance_overlap(frozenset({"入户", "自首"}), ["入户", "自首"]) == pytest.approx(1.0)
    assert circumstance_overlap(frozenset(), ["入户"]) == 0.0
    pool = [
        Candidate("1", "被告人甲在商场盗窃他人钱包一个，内有现金人民币800元。", frozenset({"盗窃罪"})),
        Candidate("2", "被告人乙入户盗窃现金人民币900元，案发后自首。", frozenset({"盗窃罪"})),
    ]
    ranked = rank_pool("被告人丙入户盗窃现金人民币850元，案发后主动投案自首。", pool)
    assert ranked[0].cid == "2" and ranked[0].circumstance > ranked[1].circumstance


def test_typical_case_amount_is_checked() -> None:
    with pytest.raises(Invalid):
        services._typical_fields(TypicalCaseData(title="t", facts="f", summary="s", amount=Decimal("-1")))


def test_the_persisted_index_keeps_each_entrys_key_circumstances(tmp_path: Path) -> None:
    from smartcourt.knowledge.library.index import IndexEntry, SimilarIndex

    entries = [
        IndexEntry("lib:1", 0, "被告人甲在商场盗窃他人钱包一个，内有现金人民币800元。", ["盗窃罪"]),
        IndexEntry("lib:2", 0, "被告人乙入户盗窃现金人民币900元，案发后自首。", ["盗窃罪"]),
    ]
    SimilarIndex.build(entries, signature="s").save(tmp_path / "ix")
    loaded = SimilarIndex.load(tmp_path / "ix")
    assert loaded is not None and {"入户", "自首"} <= set(loaded.circs[1])
    top = loaded.top("被告人丙入户盗窃现金人民币850元，案发后主动投案自首。", k=2)
    assert top[0].cid == "lib:2" and top[0].circumstance > 0
    assert selectors.index_signature().startswith(selectors.INDEX_FORMAT)
