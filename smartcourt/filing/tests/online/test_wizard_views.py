"""The wizard and review pages over HTTP: each step renders, refusals show their Chinese message on the field,
a double submit files once, the officer's pages show the clock and the decisions work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartcourt.courts.tests.factories import login_verified
from smartcourt.filing.models import Evidence, Filing, FilingState

from .helpers import EXE, PDF, complete_draft, submitted, upload, world

pytestmark = pytest.mark.django_db


def test_start_needs_consent_then_each_step_renders(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    page = client.post(reverse("filing:wizard"), {})
    assert "在线立案须经您同意" in page.content.decode()
    assert not Filing.objects.exists()
    response = client.post(reverse("filing:wizard"), {"consent": "on", "consent_service": "on"})
    filing = Filing.objects.get()
    assert response.url == reverse("filing:wizard_step", args=[filing.pk, "basics"])
    assert set(filing.consents.values_list("step", flat=True)) == {"filing", "service"}
    for step in ("basics", "parties", "claims", "court", "facts", "evidence", "preview"):
        body = client.get(reverse("filing:wizard_step", args=[filing.pk, step])).content.decode()
        assert 'data-testid="wizard"' in body and "<script>" not in body  # no inline script (CSP)


def test_bad_amount_and_bad_id_show_on_their_fields(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    filing = complete_draft(w)
    url = reverse("filing:wizard_step", args=[filing.pk, "claims"])
    body = client.post(
        url, {"claims-count": "1", "claims-0-text": "还款", "claims-0-amount": "一百万"}
    ).content.decode()
    assert 'data-testid="error-amount"' in body and "请用阿拉伯数字填写" in body
    url = reverse("filing:wizard_step", args=[filing.pk, "parties"])
    post = {
        "parties-count": "2",
        "filer": "0",
        "parties-0-role": "plaintiff",
        "parties-0-kind": "natural",
        "parties-0-name": "刘小红",
        "parties-0-id_number": "320508198806150023",
        "parties-0-phone": "13800138000",
        "parties-0-address": "苏州市姑苏区",
        "parties-1-role": "defendant",
        "parties-1-kind": "natural",
        "parties-1-name": "王大明",
        "parties-1-address": "苏州市姑苏区",
    }
    body = client.post(url, post).content.decode()
    assert 'data-testid="error-id_number"' in body and "校验码不正确" in body
    filing.refresh_from_db()
    assert filing.parties.get(role="plaintiff").id_number == "320508198806150024"  # unchanged


def test_executable_upload_over_http_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    filing = complete_draft(w, evidence=0)
    url = reverse("filing:wizard_step", args=[filing.pk, "evidence"])
    body = client.post(url, {"title": "借条", "file": upload("借条.pdf", EXE)}).content.decode()
    assert "Windows 可执行程序" in body and not Evidence.objects.exists()
    response = client.post(url, {"title": "借条", "file": upload("借条.pdf", PDF)})
    assert response.status_code == 302 and Evidence.objects.count() == 1


def test_double_submit_over_http_files_once(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    filing = complete_draft(w)
    data = {"signature_name": "刘小红", "confirm": "on", "submission_key": "same-key"}
    first = client.post(reverse("filing:wizard_submit", args=[filing.pk]), data)
    second = client.post(reverse("filing:wizard_submit", args=[filing.pk]), data)
    assert first.status_code == second.status_code == 302
    assert filing.events.filter(type="filing.submitted").count() == 1
    detail = client.get(reverse("portal:filing_detail", args=[filing.pk]) + "?submitted=1").content.decode()
    assert "已提交" in detail and filing.reference in detail


def test_complaint_pdf_renders(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    filing = complete_draft(w)
    response = client.get(reverse("filing:complaint_pdf", args=[filing.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_officer_reviews_over_http(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    filing = submitted(w)
    login_verified(client, w.officer)
    queue = client.get(reverse("filing:review_queue")).content.decode()
    assert filing.reference in queue and filing.review_due_on.isoformat() in queue
    url = reverse("filing:review_detail", args=[filing.pk])
    page = client.get(url).content.decode()
    assert "第一百二十六条" in page and "起算" in page
    client.post(url, {"decision": "correct", "defect": ["id_copy"], "items": "请补充借条照片", "due_days": "10"})
    filing.refresh_from_db()
    assert filing.state == FilingState.CORRECTION and len(filing.corrections.get().items) == 2


def test_party_cannot_open_the_review_pages(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    filing = submitted(w)
    client.force_login(w.party)
    assert client.get(reverse("filing:review_queue")).status_code == 403
    assert client.get(reverse("filing:review_detail", args=[filing.pk])).status_code in (403, 404)


def test_another_party_cannot_see_a_filing(client) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.courts.tests.factories import user_with_role

    w = world()
    filing = submitted(w)
    client.force_login(user_with_role("party", w.court))
    assert client.get(reverse("portal:filing_detail", args=[filing.pk])).status_code == 404
    assert client.get(reverse("filing:complaint_pdf", args=[filing.pk])).status_code == 404


def test_choosing_another_court_is_honoured(client) -> None:  # type: ignore[no-untyped-def]
    """The suggestion's radio button is always checked; a court picked under "选择其他法院" wins over it."""
    from smartcourt.filing import services

    w = world()
    client.force_login(w.party)
    filing = complete_draft(w)
    url = reverse("filing:wizard_step", args=[filing.pk, "court"])
    refused = client.post(url, {"court": w.court.pk, "court_other": w.other.pk}).content.decode()
    assert 'data-testid="error-court"' in refused  # 昆山 has no jurisdiction here: refused, not silently ignored
    filing.refresh_from_db()
    assert filing.court_id == w.court.pk
    services.filing_claims_set(filing=filing, actor=w.party, claims=[services.ClaimIn("判令被告归还借款本金", "50000")],
                               performance_place="江苏省昆山市前进中路1号")  # fmt: skip
    response = client.post(url, {"court": w.court.pk, "court_other": w.other.pk})
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.court_id == w.other.pk  # the performance place's court (民诉法 Art. 24), as chosen
    page = client.get(url).content.decode()
    assert f'name="court" value="{w.other.pk}" checked' in page  # now a suggestion itself: its button is checked


def test_the_preview_shows_the_fee_before_submitting(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    filing = complete_draft(w, amount="1000000")
    page = client.get(reverse("filing:wizard_step", args=[filing.pk, "preview"])).content.decode()
    assert 'data-testid="fee-estimate"' in page
    assert 'data-testid="fee-amount">13800.00<' in page  # 诉讼费用交纳办法 Art. 13(1): 1,000,000 → 13,800
    assert "第二十二条" in page
