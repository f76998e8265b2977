"""The filing wizard (网上立案): phone-first server-rendered steps; each step saves through one service call."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartcourt.cases.selectors_causes import cause_get_by_code, cause_search
from smartcourt.core.elements import evidence_checklist
from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake import sniff
from smartcourt.core.params import int_param
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import Action, public
from smartcourt.courts.selectors import court_list, user_is_person

from .. import services
from ..complaint_pdf import complaint_pdf
from ..forms import errors_by_field
from ..hooks import filer_defaults, identity_verified
from ..models import ConsentStep, Filing, FilingParty, FilingState
from ..rules import jurisdiction
from ..rules.fees import KIND_LABELS
from ..rules.filing_input import FilingInputError, PartyData
from ..selectors import filing as sel
from ..selectors import filing_fee_estimate
from ..services.filing import FILING_KINDS, _max_upload_bytes, court_infos, jurisdiction_for, triage_for

STEPS: tuple[tuple[str, str], ...] = (
    ("basics", "案由"),
    ("parties", "当事人"),
    ("claims", "诉讼请求"),
    ("court", "管辖法院"),
    ("facts", "事实与理由"),
    ("evidence", "证据"),
    ("preview", "预览提交"),
)
STEP_KEYS = [k for k, _ in STEPS]
FIELD_STEP = {
    "type_code": "basics",
    "cause": "basics",
    "parties": "parties",
    "claims": "claims",
    "court": "court",
    "facts": "facts",
    "evidence": "evidence",
    "performance_place": "claims",
}


def _nav(filing: Filing, current: str) -> list[dict[str, Any]]:
    index = STEP_KEYS.index(current)
    return [
        {
            "key": k,
            "label": label,
            "n": n + 1,
            "done": n < index,
            "current": k == current,
            "url": reverse("filing:wizard_step", args=[filing.pk, k]),
        }
        for n, (k, label) in enumerate(STEPS)
    ]


def _next(filing: Filing, step: str) -> HttpResponse:
    index = STEP_KEYS.index(step)
    return redirect("filing:wizard_step", filing.pk, STEP_KEYS[min(index + 1, len(STEP_KEYS) - 1)])


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def wizard(request: HttpRequest) -> HttpResponse:
    """Entry of online filing: notice of online litigation, consent, drafts to continue."""
    user = request.user
    errors: dict[str, str] = {}
    if request.method == "POST":
        if request.POST.get("consent") != "on":
            errors["consent"] = (
                "在线立案须经您同意（人民法院在线诉讼规则第四条）；不同意的，可到法院立案窗口提交纸质材料。"
            )
        else:
            lawyer = user.grants.filter(role="lawyer").exists()
            filing = services.filing_draft_create(filer=user, lawyer=lawyer)
            services.filing_consent_record(filing=filing, user=user, step=ConsentStep.FILING, agreed=True)
            if request.POST.get("consent_service") == "on":
                services.filing_consent_record(filing=filing, user=user, step=ConsentStep.SERVICE, agreed=True)
            return redirect("filing:wizard_step", filing.pk, "basics")
    filings = sel.filing_list_for_filer(user=user)
    return render(
        request,
        "filing/wizard_start.html",
        {
            "drafts": [f for f in filings if f.state in (FilingState.DRAFT, FilingState.CORRECTION)][:10],
            "recent": [f for f in filings if f.state not in (FilingState.DRAFT,)][:5],
            "errors": errors,
            "verified": identity_verified(user),
        },
    )


def _parties_from_post(request: HttpRequest) -> tuple[list[PartyData], int | None]:
    count = min(int_param(request.POST.get("parties-count")) or 0, 30)  # a forged count is no count
    parties = []
    for n in range(count):
        g = lambda name, n=n: (request.POST.get(f"parties-{n}-{name}") or "").strip()  # noqa: E731
        if not any(g(f) for f in ("name", "id_number", "credit_code", "phone", "address")):
            continue
        parties.append(
            PartyData(
                g("role") or "defendant",
                g("kind") or "natural",
                g("name"),
                g("id_number"),
                g("credit_code"),
                g("phone"),
                g("address"),
                g("legal_representative"),
            )
        )
    filer = request.POST.get("filer")
    return parties, int_param(filer)


def _party_rows(filing: Filing, user: Any, posted: list[PartyData] | None = None, add: str = "") -> list[dict]:
    if posted is not None:
        rows = [p.__dict__ | {"is_filer": False} for p in posted]
    else:
        rows = [
            {
                f: getattr(p, f)
                for f in (
                    "role",
                    "kind",
                    "name",
                    "id_number",
                    "credit_code",
                    "phone",
                    "address",
                    "legal_representative",
                )
            }
            | {"is_filer": p.is_filer}
            for p in filing.parties.all()
        ]
    if not rows:
        defaults = {} if filing.filer_is_lawyer else filer_defaults(user)
        rows = [
            {
                "role": "plaintiff",
                "kind": "natural",
                "name": defaults.get("name", ""),
                "id_number": defaults.get("id_number", ""),
                "credit_code": "",
                "phone": defaults.get("phone", ""),
                "address": defaults.get("address", ""),
                "legal_representative": "",
                "is_filer": not filing.filer_is_lawyer,
            },
            {
                "role": "defendant",
                "kind": "natural",
                "name": "",
                "id_number": "",
                "credit_code": "",
                "phone": "",
                "address": "",
                "legal_representative": "",
                "is_filer": False,
            },
        ]
    if add in ("plaintiff", "defendant", "third_party"):
        rows.append(
            {
                "role": add,
                "kind": "natural",
                "name": "",
                "id_number": "",
                "credit_code": "",
                "phone": "",
                "address": "",
                "legal_representative": "",
                "is_filer": False,
            }
        )
    return rows


def _claim_rows(filing: Filing, posted: list[services.ClaimIn] | None = None, add: bool = False) -> list[dict]:
    rows = (
        [c.__dict__ for c in posted]
        if posted is not None
        else [{"text": c.get("text", ""), "amount": c.get("amount") or ""} for c in (filing.claims or [])]
    )
    while len(rows) < 2 or add:
        rows.append({"text": "", "amount": ""})
        add = False
    return rows


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def wizard_step(request: HttpRequest, filing_id: int, step: str) -> HttpResponse:
    if step not in STEP_KEYS:
        raise Http404
    # The filer's and their lawyer's alone: a draft is a 404 to anyone else, a submitted filing a 403 to the court.
    filing = sel.filing_get_for_user(filing_id=filing_id, user=request.user, action=Action.CHANGE)
    if filing.state not in (FilingState.DRAFT, FilingState.CORRECTION):
        return redirect("portal:filing_detail", filing.pk)
    user = request.user
    errors: dict[str, str] = {}
    ctx: dict[str, Any] = {}
    posted_parties = posted_claims = None
    add = request.POST.get("add", "")
    if request.method == "POST" and step != "evidence" and step != "preview" and not add:
        try:
            if step == "basics":
                code = (request.POST.get("cause") or "").strip()
                cause = cause_get_by_code(code=code) if code else None
                services.filing_basics_set(
                    filing=filing, actor=user, type_code=request.POST.get("type_code", "民初"), cause=cause
                )
            elif step == "parties":
                posted_parties, filer_index = _parties_from_post(request)
                services.filing_parties_set(filing=filing, actor=user, parties=posted_parties, filer_index=filer_index)
            elif step == "claims":
                count = min(int_param(request.POST.get("claims-count")) or 0, 20)
                posted_claims = [
                    services.ClaimIn(
                        request.POST.get(f"claims-{n}-text", ""), request.POST.get(f"claims-{n}-amount", "")
                    )
                    for n in range(count)
                ]
                services.filing_claims_set(
                    filing=filing,
                    actor=user,
                    claims=posted_claims,
                    performance_place=request.POST.get("performance_place", ""),
                    foreign_element=request.POST.get("foreign_element") == "on",
                )
            elif step == "court":
                # "choose another court" wins over the suggestion whose radio button is always checked
                raw = request.POST.get("court_other") or request.POST.get("court") or ""
                court_id = int_param(raw, min_value=1)
                court = court_list().filter(pk=court_id).first() if court_id is not None else None
                services.filing_court_set(filing=filing, actor=user, court=court)
            elif step == "facts":
                services.filing_facts_set(filing=filing, actor=user, facts=request.POST.get("facts", ""))
            return _next(filing, step)
        except ApplicationError as exc:
            errors = errors_by_field(exc)
    elif request.method == "POST" and step == "parties" and add:
        posted_parties, _filer = _parties_from_post(request)
    elif request.method == "POST" and step == "claims" and add:
        count = min(int_param(request.POST.get("claims-count")) or 0, 20)
        posted_claims = [
            services.ClaimIn(request.POST.get(f"claims-{n}-text", ""), request.POST.get(f"claims-{n}-amount", ""))
            for n in range(count)
        ]
    elif request.method == "POST" and step == "evidence":
        upload = request.FILES.get("file")
        if upload is None:
            errors["evidence.file"] = "请选择要上传的文件（PDF、JPEG、PNG 或 DOCX）。"
        else:
            try:
                services.evidence_add(
                    filing=filing,
                    actor=user,
                    upload=upload,
                    title=request.POST.get("title", ""),
                    source=request.POST.get("source", ""),
                    purpose=request.POST.get("purpose", ""),
                )
                return redirect("filing:wizard_step", filing.pk, "evidence")
            except ApplicationError as exc:
                errors = errors_by_field(exc)
    filing.refresh_from_db()
    if step == "basics":
        ctx["common_causes"] = sel.common_causes()
    elif step == "parties":
        ctx["rows"] = _party_rows(filing, user, posted_parties, add)
        for n, row in enumerate(ctx["rows"]):
            prefix = f"parties.{n}."
            row["errors"] = {k[len(prefix) :]: v for k, v in errors.items() if k.startswith(prefix)}
        ctx["filer_index"] = next((n for n, r in enumerate(ctx["rows"]) if r.get("is_filer")), None)
    elif step == "claims":
        ctx["rows"] = _claim_rows(filing, posted_claims, add == "claim")
        for n, row in enumerate(ctx["rows"]):
            prefix = f"claims.{n}."
            row["errors"] = {k[len(prefix) :]: v for k, v in errors.items() if k.startswith(prefix)}
        ctx["contract"] = jurisdiction.is_contract_cause(filing.cause.name if filing.cause else "")
    elif step == "court":
        result = jurisdiction_for(filing, court_infos())
        ctx["result"] = result
        ctx["suggestions"] = result.suggestions
        ctx["courts"] = court_list().filter(level__in=["basic", "intermediate"])
        ctx["suggested_ids"] = {s.court.id for s in result.suggestions}
        ctx["citations"] = [jurisdiction.ART_22, jurisdiction.ART_24]
    elif step == "evidence":
        ctx["evidence"] = sel.filing_evidence(filing=filing)
        ctx["max_mb"] = _max_upload_bytes() // 1048576
        ctx["accept"] = sniff.accept_attribute(FILING_KINDS)  # no .tif: filing does not take TIFF
        ctx["checklist"] = evidence_checklist(filing.cause.name if filing.cause else "")  # the element guide's
    elif step == "preview":
        ctx["problems"] = [
            {"field": p.field, "message": p.message, "step": FIELD_STEP.get(p.field.split(".")[0], "preview")}
            for p in services.filing_problems(filing)
        ]
        ctx["submission_key"] = uuid.uuid4().hex
        ctx["verified"] = identity_verified(user)
        ctx["correction"] = sel.correction_open(filing=filing)
        ctx["triage"] = triage_for(filing) if filing.court_id else None
        ctx["fee"] = filing_fee_estimate(filing=filing)
        ctx["fee_kind"] = KIND_LABELS.get(ctx["fee"].kind, "") if ctx["fee"] else ""
    ctx.update(
        {
            "filing": filing,
            "step": step,
            "steps": _nav(filing, step),
            "errors": errors,
            "step_label": dict(STEPS)[step],
            "step_n": STEP_KEYS.index(step) + 1,
            "step_total": len(STEPS),
            "prev": STEP_KEYS[STEP_KEYS.index(step) - 1] if step != "basics" else None,
            "correction": sel.correction_open(filing=filing),
        }
    )
    return render(request, f"filing/wizard/{step}.html", ctx)


@login_required
@require_POST
@personal_data
def wizard_submit(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = sel.filing_get_for_user(filing_id=filing_id, user=request.user, action=Action.CHANGE)
    try:
        filing = services.filing_submit(
            filing=filing,
            actor=request.user,
            signature_name=request.POST.get("signature_name", ""),
            confirm=request.POST.get("confirm") == "on",
            submission_key=request.POST.get("submission_key", ""),
        )
    except ApplicationError as exc:
        filing.refresh_from_db()
        if filing.state not in (FilingState.DRAFT, FilingState.CORRECTION):
            return redirect("portal:filing_detail", filing.pk)
        problems = [
            {"field": p.field, "message": p.message, "step": FIELD_STEP.get(p.field.split(".")[0], "preview")}
            for p in services.filing_problems(filing)
        ]
        return render(
            request,
            "filing/wizard/preview.html",
            {
                "filing": filing,
                "step": "preview",
                "steps": _nav(filing, "preview"),
                "errors": errors_by_field(exc),
                "problems": problems,
                "submission_key": request.POST.get("submission_key") or uuid.uuid4().hex,
                "verified": identity_verified(request.user),
                "step_label": "预览提交",
                "step_n": 7,
                "step_total": 7,
                "prev": "evidence",
                "correction": sel.correction_open(filing=filing),
                "signature_name": request.POST.get("signature_name", ""),
            },
            status=400,
        )
    return redirect(reverse("portal:filing_detail", args=[filing.pk]) + "?submitted=1")


@login_required
@require_POST
def evidence_delete(request: HttpRequest, filing_id: int, evidence_id: int) -> HttpResponse:
    user = request.user
    if not user_is_person(user):  # login_required lets only a signed-in person through
        raise Http404
    filing = sel.filing_get_for_user(filing_id=filing_id, user=user, action=Action.CHANGE)
    item = sel.filing_evidence(filing=filing).filter(pk=evidence_id).first()
    if item is None:
        raise Http404
    services.evidence_remove(evidence=item, actor=user)
    return redirect("filing:wizard_step", filing_id, "evidence")


@login_required
@require_GET
@personal_data
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    item = sel.evidence_get_for_user(evidence_id=evidence_id, user=request.user)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
@personal_data
def complaint_preview(request: HttpRequest, filing_id: int) -> HttpResponse:
    """The complaint as it will be filed (PDF), generated from the saved draft."""
    filing = sel.filing_get_for_user(filing_id=filing_id, user=request.user)
    data = complaint_pdf(filing, draft=filing.state in (FilingState.DRAFT, FilingState.CORRECTION))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="complaint-{filing.reference}.pdf"'
    return response


@public("the cause-of-action catalogue, the same for everyone signed in")
@login_required
@require_GET
def cause_options(request: HttpRequest) -> HttpResponse:
    """htmx: matching civil causes as <option>s for the cause select (characters or pinyin initials)."""
    q = (request.GET.get("q") or "").strip()
    causes = [c for c in cause_search(q=q, kind="civil", limit=30) if c.selectable] if q else []
    return render(request, "filing/wizard/_cause_options.html", {"causes": causes, "q": q})


__all__ = ["FilingInputError", "FilingParty"]
