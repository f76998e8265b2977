"""The element guide: every article it cites is in the shipped statute set; its pages; the checklist filing reads
through core.elements; element_checklist(case) marks the elements the case file's OCR'd text covers."""

from __future__ import annotations

import pytest
from django.test import Client

from smartcourt.cases.models import CauseOfAction
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.elements import evidence_checklist
from smartcourt.core.statutes import article
from smartcourt.courts.tests.factories import CourtFactory
from smartcourt.dossier.models import DossierDocument, DossierPage
from smartcourt.knowledge.guide import CAUSES, cause_for
from smartcourt.knowledge.selectors import element_checklist

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_statutes")]

REQUIRED = ("民间借贷纠纷", "买卖合同纠纷", "机动车交通事故责任纠纷", "劳动争议", "离婚纠纷", "盗窃罪", "危险驾驶罪")


def test_the_required_causes_are_covered_and_every_article_exists() -> None:
    assert {c.name for c in CAUSES} >= set(REQUIRED)
    for cause in CAUSES:
        assert cause.elements and cause.articles
        for address in cause.all_articles:
            assert article(address) is not None, f"{cause.name}: {address} is not in the shipped statutes"


def test_guide_pages() -> None:
    client = Client()
    html = client.get("/knowledge/guide/").content.decode()
    assert all(name in html for name in REQUIRED)
    response = client.get("/knowledge/guide/private-lending/")
    html = response.content.decode()
    assert response.status_code == 200 and "款项实际交付" in html and "第六百七十九条" in html
    assert client.get("/knowledge/guide/nothing/").status_code == 404


def test_filing_reads_the_checklist_through_core() -> None:
    items = evidence_checklist("民间借贷纠纷")
    assert [i.element for i in items][:2] == ["借贷合意", "款项实际交付"]
    assert "借条、借据、欠条" in items[0].evidence and items[0].guide_url == "/knowledge/guide/private-lending/"
    assert evidence_checklist("追索劳动报酬纠纷")[0].element == "劳动关系存在"
    assert evidence_checklist("不存在的案由") == [] and evidence_checklist("") == []
    assert cause_for("劳动争议纠纷") is cause_for("劳动争议")


def _page(case, text: str, n: int) -> None:  # type: ignore[no-untyped-def]
    document = DossierDocument.objects.filter(case=case).first() or DossierDocument.objects.create(
        case=case, title="证据", source="upload", sha256="0" * 64, storage_name="x", content_type="image/png", size=1
    )
    DossierPage.objects.create(
        document=document,
        case=case,
        number=n,
        sha256=f"{n:064d}",
        storage_name=f"p{n}",
        content_type="image/png",
        ocr_text=text,
        ocr_state="done",
    )


def test_element_checklist_marks_what_the_ocr_text_covers() -> None:
    cause = CauseOfAction.objects.create(kind="civil", code="T-LOAN", name="民间借贷纠纷", level=3)
    case = make_case(court=CourtFactory(), cause=cause)
    _page(case, "借条\n今借到张三人民币五万元整，月息一分。", 1)
    _page(case, "中国工商银行 转账凭证 金额 50,000.00", 2)
    checklist = element_checklist(case)
    covered = {s.element: s.covered for s in checklist}
    assert covered == {
        "借贷合意": True,
        "款项实际交付": True,
        "还款期限届满": False,
        "利息约定": True,
        "借款人未按期还款": False,
    }
    assert next(s for s in checklist if s.element == "借贷合意").matched == ["借条"]
    other = make_case(court=CourtFactory())
    assert element_checklist(other) == []


def test_the_filing_evidence_step_shows_the_checklist_of_its_cause(client) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from smartcourt.filing.tests.online.helpers import complete_draft, world

    w = world()
    client.force_login(w.party)
    filing = complete_draft(w)
    body = client.get(reverse("filing:wizard_step", args=[filing.pk, "evidence"])).content.decode()
    assert 'data-testid="evidence-checklist"' in body and "民间借贷纠纷：建议提交的证据" in body
    assert "款项实际交付" in body and 'href="/knowledge/guide/private-lending/"' in body
