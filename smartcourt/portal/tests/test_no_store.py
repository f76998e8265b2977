"""Every page and API answer carrying personal data says `Cache-Control: no-store`: no proxy keeps a copy, and the
back button of a shared counter computer does not bring a litigant's data back after sign-out. Views are marked with
`core.privacy.personal_data`; the routes listed here must carry the mark, and a sample is fetched over HTTP."""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse

from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.tests.factories import login_verified
from smartcourt.filing.tests.online.helpers import complete_draft, submitted, world

# (route name, args): case pages, party pages, the dossier, filing drafts and review, the portal's "my" pages, the
# real-name queue, service tasks, paper files, the workbench and the outbox.
PERSONAL_ROUTES = [
    ("workbench", []),
    ("accounts:data_access", []),
    ("courts:outbox", []),
    ("cases:list", []),
    ("cases:detail", [1]),
    ("dossier:viewer", [1]),
    ("dossier:search", [1]),
    ("dossier:scan", [1]),
    ("dossier:scanning", []),
    ("dossier:review_queue", []),
    ("dossier:page_file", [1, 1]),
    ("dossier:page_image", [1, 1]),
    ("dossier:document_file", [1, 1]),
    ("dossier:export_file", [1, 1]),
    ("paper_files:list", []),
    ("paper_files:detail", [1]),
    ("paper_files:lookup", []),
    ("paper_files:borrowings", []),
    ("paper_files:labels", []),
    ("filing:wizard", []),
    ("filing:wizard_step", [1, "facts"]),
    ("filing:wizard_submit", [1]),
    ("filing:complaint_pdf", [1]),
    ("filing:evidence_download", [1]),
    ("filing:review_queue", []),
    ("filing:review_detail", [1]),
    ("filing:cross_region", []),
    ("portal:verify", []),
    ("portal:my_filings", []),
    ("portal:filing_detail", [1]),
    ("portal:my_cases", []),
    ("portal:verification_queue", []),
    ("portal:verification_detail", [1]),
    ("portal:id_photo", [1]),
    ("portal:kiosk", ["苏0508"]),
    ("portal:kiosk_receipt", ["WL1"]),
    ("service:queue", []),
    ("service:batch", []),
    ("service:task", [1]),
    ("service:capture", [1]),
    ("service:document", [1]),
    ("service:certificate", [1]),
    ("service:inbox", []),
    ("service:inbox_detail", [1]),
    ("service:open", ["t"]),
    ("service:open_document", ["t"]),
    ("service:address", [1]),
]


def test_the_mark_sets_no_store_and_survives_other_decorators() -> None:
    from smartcourt.core.privacy import is_personal_data, personal_data

    @login_required
    @personal_data
    def page(request):  # type: ignore[no-untyped-def]
        response = HttpResponse("身份证号 320508199512120019")
        response["Cache-Control"] = "public, max-age=600"  # an inner layer's wish never wins
        return response

    request = RequestFactory().get("/")
    request.user = type("U", (), {"is_authenticated": True})()
    response = page(request)
    assert is_personal_data(page)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"] and "max-age" not in response["Cache-Control"]


@pytest.mark.parametrize(("name", "args"), PERSONAL_ROUTES, ids=[n for n, _ in PERSONAL_ROUTES])
def test_every_personal_data_route_is_marked(name: str, args: list) -> None:
    view = resolve(reverse(name, args=args)).func
    assert getattr(view, "personal_data", False), f"{name} shows personal data: mark it @personal_data"


@pytest.mark.django_db
def test_personal_data_pages_and_api_answers_are_not_stored(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    draft, filed = complete_draft(w), submitted(w)

    def no_store(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert "no-store" in response.get("Cache-Control", ""), url

    client.force_login(w.party)
    for url in (
        reverse("filing:wizard"),
        reverse("filing:wizard_step", args=[draft.pk, "parties"]),
        reverse("filing:complaint_pdf", args=[draft.pk]),
        reverse("portal:my_filings"),
        reverse("portal:filing_detail", args=[filed.pk]),
        reverse("portal:my_cases"),
        reverse("portal:verify"),
        reverse("service:inbox"),
        "/api/v1/me",
    ):
        no_store(url)
    client.logout()
    login_verified(client, w.officer)
    no_store(reverse("filing:review_queue"))
    no_store(reverse("filing:review_detail", args=[filed.pk]))
    case = make_case(court=w.court, division=w.division, judge=w.judge, plaintiff="刘小红", defendant="王大明")
    client.logout()
    login_verified(client, w.judge)
    for url in ("/", reverse("cases:list"), reverse("cases:detail", args=[case.pk]), f"/api/v1/cases/{case.pk}"):
        no_store(url)


@pytest.mark.django_db
def test_public_pages_stay_cacheable(client) -> None:  # type: ignore[no-untyped-def]
    for url in (reverse("filing:fee_calculator"), reverse("portal:lookup"), "/api/v1/fees/kinds"):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", ""), url
