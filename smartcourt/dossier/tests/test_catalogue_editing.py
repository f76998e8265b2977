"""The dossier parts of issue 14, item 8: a clerk renames catalogue titles (audited, on the timeline); a party's
evidence keeps its place whatever its text says; the classifier explains itself in sentences, never patterns; the
viewer refreshes itself when OCR finishes (htmx polling, no inline script)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from smartcourt.cases.models import Case, CaseEvent, CaseParty, Representation
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake.sniff import SCAN_KINDS, accept_attribute
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role
from smartcourt.dossier.models import DossierDocument
from smartcourt.dossier.rules import catalogue
from smartcourt.dossier.services import dossier_document_add, dossier_document_rename, dossier_page_ocr
from smartcourt.dossier.tests import samples

pytestmark = pytest.mark.django_db
PATTERN_SIGNS = re.compile(r"[|()\\\[\]?*+^$]")
JUDGMENT_TEXT = (
    "苏州市姑苏区人民法院\n民 事 判 决 书\n（2023）苏0508民初1号\n本院认为，\n判决如下：\n审判长 张三\n书记员 李四"
)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    court = CourtFactory()
    division = DivisionFactory(court=court)
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    lawyer = user_with_role(Role.LAWYER, court, full_name="周律师")
    case = make_case(court=court, division=division, judge=judge)
    Case.objects.filter(pk=case.pk).update(clerk=clerk)
    case.refresh_from_db()
    Representation.objects.create(
        party=CaseParty.objects.get(case=case, role="plaintiff"), kind="lawyer", name="周律师", user=lawyer
    )
    doc = dossier_document_add(case=case, title="扫描件0001", content=samples.text_pdf("民事起诉状", ["诉讼请求：还款"]),
                               filename="0001.pdf", source="scan", actor=clerk)  # fmt: skip
    return {"case": case, "doc": doc, "clerk": clerk, "lawyer": lawyer}


def _scanned(case, title: str, *, party: bool = False) -> DossierDocument:  # type: ignore[no-untyped-def]
    """A one-page scan (an image: no text layer, so its page waits for OCR)."""
    png = samples.page_png("", ["（图像，无文字层）"])
    return dossier_document_add(case=case, title=title, content=png, filename=f"{title}.png", source="filing",
                                actor=SYSTEM, submitted_by_party=party)  # fmt: skip


# --- renaming catalogue titles ------------------------------------------------------------------------------------


def test_a_clerk_renames_a_title_audited_and_on_the_timeline(world) -> None:  # type: ignore[no-untyped-def]
    doc, clerk = world["doc"], world["clerk"]
    renamed = dossier_document_rename(document=doc, title="  民事起诉状（原告 张三） ", actor=clerk, note="按原件")
    assert renamed.title == "民事起诉状（原告 张三）" and renamed.category == doc.category
    event = CaseEvent.objects.get(case=world["case"], type="dossier.document_renamed")
    assert event.actor == clerk and "“扫描件0001”更名为“民事起诉状（原告 张三）”" in event.summary
    assert event.payload["old"] == {"title": "扫描件0001"} and event.payload["new"]["title"] == renamed.title
    audit = AuditLog.objects.get(action="dossier.document_rename", target_id=str(doc.pk))
    assert audit.actor == clerk and audit.reason == "按原件" and audit.extra["old"] == "扫描件0001"
    dossier_document_rename(document=renamed, title="民事起诉状（原告 张三）", actor=clerk)  # unchanged: nothing new
    assert CaseEvent.objects.filter(type="dossier.document_renamed").count() == 1


@pytest.mark.parametrize(("title", "words"), [("   ", "请填写文件名称"), ("名" * 201, "不能超过200个字")])
def test_a_bad_title_is_refused_and_nothing_written(world, title, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError, match=words):
        dossier_document_rename(document=world["doc"], title=title, actor=world["clerk"])
    world["doc"].refresh_from_db()
    assert world["doc"].title == "扫描件0001"
    assert not CaseEvent.objects.filter(type="dossier.document_renamed").exists()
    assert not AuditLog.objects.filter(action="dossier.document_rename").exists()


def test_the_catalogue_page_renames_for_the_clerk_only(client, world) -> None:  # type: ignore[no-untyped-def]
    case, doc = world["case"], world["doc"]
    url = reverse("dossier:rename", args=[case.pk, doc.pk])
    client.force_login(world["lawyer"])
    viewer = client.get(reverse("dossier:viewer", args=[case.pk])).content.decode()
    assert 'data-testid="rename-form"' not in viewer
    assert client.post(url, {"title": "改名"}).status_code in (403, 404)
    client.logout()
    login_verified(client, world["clerk"])
    viewer = client.get(reverse("dossier:viewer", args=[case.pk])).content.decode()
    assert 'data-testid="rename-form"' in viewer and f'action="{url}"' in viewer
    response = client.post(url, {"title": "民事起诉状"})
    assert response.status_code == 302 and response["Location"] == reverse("dossier:viewer", args=[case.pk])
    viewer = client.get(response["Location"]).content.decode()
    assert "“扫描件0001”已更名为“民事起诉状”" in viewer and '<span class="sc-cat-title">民事起诉状</span>' in viewer


def test_the_api_renames_and_refuses_an_empty_title_with_json(client, world) -> None:  # type: ignore[no-untyped-def]
    case, doc = world["case"], world["doc"]
    login_verified(client, world["clerk"])
    url = f"/api/v1/dossier/cases/{case.pk}/documents/{doc.pk}/title"
    ok = client.post(url, {"title": "民事起诉状"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["title"] == "民事起诉状"
    bad = client.post(url, {"title": ""}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "dossier.empty_title" and "请填写" in bad.json()["message"]


# --- a party's evidence keeps its place -------------------------------------------------------------------------


def test_a_partys_copy_of_a_judgment_stays_evidence_after_ocr(world, fake_ocr) -> None:  # type: ignore[no-untyped-def]
    case = world["case"]
    offered = _scanned(case, "（2023）苏0508民初1号判决书", party=True)
    scanned = _scanned(case, "扫描件0002")  # the same kind of page, scanned by the court: the classifier decides
    assert offered.category == "evidence" and offered.category_source == "party"
    assert "当事人提交的证据材料" in offered.category_reasons[0]
    fake_ocr.queue = [JUDGMENT_TEXT, JUDGMENT_TEXT]
    for document in (offered, scanned):
        dossier_page_ocr(page_id=document.pages.get().pk)
        document.refresh_from_db()
    assert (offered.category, offered.category_source) == ("evidence", "party")  # not re-catalogued from its text
    assert (offered.title, scanned.category) == ("（2023）苏0508民初1号判决书", "judgment")


def test_a_party_document_titled_as_a_partys_own_kind_goes_there(world) -> None:  # type: ignore[no-untyped-def]
    power = _scanned(world["case"], "授权委托书", party=True)
    listing = _scanned(world["case"], "原告证据目录", party=True)
    assert (power.category, listing.category) == ("identity_material", "evidence_list")
    placed = catalogue.classify_party_submission(title="民事裁定书（另案）", filename="裁定.pdf")
    assert placed.category == "evidence"  # a court's document, offered by a party, is that party's evidence


def test_evidence_from_an_accepted_filing_is_filed_as_the_partys(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.filing import services as filing_services
    from smartcourt.filing.tests.online.helpers import complete_draft, upload
    from smartcourt.filing.tests.online.helpers import world as filing_world

    w = filing_world()
    filing = complete_draft(w, evidence=0)
    judgment = samples.text_pdf("民事判决书", ["本院认为，借贷关系成立。", "判决如下：", "审判长 张三"])
    filing_services.evidence_add(
        filing=filing, actor=w.party, upload=upload("判决书.pdf", judgment), title="前案判决书"
    )
    filing = filing_services.filing_submit(filing=filing, actor=w.party, signature_name="刘小红", confirm=True,
                                           submission_key="party-evidence")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        case = filing_services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    evidence = DossierDocument.objects.get(case=case, title="前案判决书")
    assert (evidence.category, evidence.category_source) == ("evidence", "party")


# --- reasons a person can read ----------------------------------------------------------------------------------

OCR_DEV = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "ocr-dev"


def _sample_texts() -> list[str]:
    texts = [
        "民事起诉状\n原告：张三\n诉讼请求：\n此致\n苏州市姑苏区人民法院",
        "证据\n借条原件一份\n转账记录\n发票\n证据1",
        "交纳诉讼费用通知书\n依照诉讼费用交纳办法\n逾期不交",
        "授权委托书\n委托人：张三\n受托人：李四\n代理权限：特别授权",
        JUDGMENT_TEXT,
    ]
    if OCR_DEV.exists():
        texts += [p.read_text(encoding="utf-8") for p in sorted(OCR_DEV.glob("*.txt"))]
    return texts


@pytest.mark.parametrize("text", _sample_texts())
def test_no_reason_shows_a_pattern(text: str) -> None:
    result = catalogue.classify(pages=[text], title="（2023）借条(1)", filename="证据1.pdf")
    for reason in result.reasons:
        assert not PATTERN_SIGNS.search(reason.replace("（2023）借条(1)", "")), reason


def test_reasons_quote_the_words_found() -> None:
    result = catalogue.classify(pages=["民事起诉状\n诉讼请求：还款\n此致"], title="起诉状")
    assert result.reasons == ("首页标题含“民事起诉状”", "名称含“起诉状”", "正文含“诉讼请求：”“此致”")
    evidence = catalogue.classify(pages=["借条\n今借到人民币\n转账记录（复印件）"])
    assert "正文含“复印件”“借条”" in evidence.reasons


def test_the_review_queue_shows_sentences_even_for_reasons_stored_as_patterns(client, world) -> None:  # type: ignore[no-untyped-def]
    doc = world["doc"]
    DossierDocument.objects.filter(pk=doc.pk).update(
        category_confidence=0.3, ocr_state="done", category_reasons=["正文含“(复印件|原件)”“证据\\d”"]
    )
    login_verified(client, world["clerk"])
    page = client.get(reverse("dossier:review_queue")).content.decode()
    assert "正文含该类文书的常用语" in page and "(复印件|原件)" not in page


# --- the viewer follows OCR ---------------------------------------------------------------------------------------


def test_the_viewer_polls_while_ocr_is_pending_and_refreshes_when_done(client, world, fake_ocr) -> None:  # type: ignore[no-untyped-def]
    case = world["case"]
    pending = _scanned(case, "扫描件0003")
    status_url = reverse("dossier:ocr_status", args=[case.pk])
    login_verified(client, world["clerk"])
    viewer = client.get(reverse("dossier:viewer", args=[case.pk])).content.decode()
    assert f'hx-get="{status_url}"' in viewer and 'hx-trigger="every 5s"' in viewer and "1 页待文字识别" in viewer
    scripts = re.findall(r"<script\b[^>]*>", viewer)  # no inline script (CSP): files, or JSON data only
    assert scripts and all("src=" in tag or 'type="application/json"' in tag for tag in scripts), scripts
    polled = client.get(status_url)
    assert polled.status_code == 200 and 'hx-trigger="every 5s"' in polled.content.decode()
    assert "HX-Refresh" not in polled
    fake_ocr.queue = ["证据\n转账记录"]
    dossier_page_ocr(page_id=pending.pages.get().pk)
    done = client.get(status_url)
    assert done.status_code == 204 and done["HX-Refresh"] == "true"  # htmx reloads the viewer once
    viewer = client.get(reverse("dossier:viewer", args=[case.pk])).content.decode()
    assert "hx-trigger" not in viewer and "待文字识别" not in viewer  # nothing left to poll for


def test_the_status_is_only_for_those_who_may_read_the_dossier(client, world) -> None:  # type: ignore[no-untyped-def]
    stranger = user_with_role(Role.PARTY, world["case"].court, full_name="路人")
    client.force_login(stranger)
    assert client.get(reverse("dossier:ocr_status", args=[world["case"].pk])).status_code == 404


def test_the_scanning_pickers_accept_list_is_what_the_dossier_takes(client, world) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world["clerk"])
    page = client.get(reverse("dossier:scan", args=[world["case"].pk])).content.decode()
    assert f'accept="{accept_attribute(SCAN_KINDS)}"' in page and ".tif" in accept_attribute(SCAN_KINDS)
