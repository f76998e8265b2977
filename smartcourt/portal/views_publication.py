"""Publication pages (裁判文书公开): the staff's tasks and the side-by-side review (original left, anonymised right,
replacements highlighted); the public portal's search and judgment pages with the signature status and the ledger
proof; 审判流程公开 for a party: their case's events, hearings and documents."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from smartcourt.cases import selectors as case_selectors
from smartcourt.core.errors import ApplicationError, Forbidden, NotFound
from smartcourt.core.intake.store import blob_open
from smartcourt.core.params import int_param
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import Action, Resource, allows, permits, public
from smartcourt.courts.selectors import court_list, user_is_person
from smartcourt.ledger.selectors import ledger_status_for_sha256

from .anonymise import suspected_names
from .models import PublicationState
from .publication import selectors, services
from .rules import publication as rules

PAGE = 20
LEDGER_LABELS = {"recorded": "已存证", "pending": "存证排队中", "unknown": "未查到存证"}


def _person(request: HttpRequest) -> Any:
    if not user_is_person(request.user):
        raise Forbidden()
    return request.user


# ---------------------------------------------------------------- staff: tasks and review


@login_required
@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    """裁判文书公开任务: the tasks of the cases this person may see, the overdue first."""
    user = _person(request)
    if not permits(user=user, resource=Resource.PUBLICATION, action=Action.VIEW, include_own=True):
        raise Forbidden()
    state = request.GET.get("state", "pending")
    if state not in PublicationState.values and state != "all":
        state = "pending"
    rows = list(selectors.publication_tasks_for_user(user=user, state="" if state == "all" else state)[:200])
    return render(
        request,
        "portal/publication/tasks.html",
        {"rows": rows, "state": state, "states": PublicationState.choices, "today": timezone.localdate()},
    )


def _task_context(request: HttpRequest, task: Any) -> dict[str, Any]:
    user = request.user
    original, anonymised = selectors.diff_segments(task)
    edited = "".join(s.text for s in anonymised) != task.anonymised_text
    counts: dict[str, int] = {}
    for r in task.replacements:
        label = selectors.TYPE_LABELS.get(r["type"], r["type"])
        counts[label] = counts.get(label, 0) + 1
    suggestion = None
    if task.suggested_exclusion:
        reason = rules.ExclusionReason(task.suggested_exclusion)
        suggestion = {"label": reason.label, "citation": rules.exclusion_citation(reason), "why": task.suggested_note}
    return {
        "task": task,
        "suspects": list(dict.fromkeys(name for _s, _e, name in suspected_names(task.full_text, task.parties))),
        "original": original,
        "anonymised": anonymised,
        "edited": edited,
        "counts": sorted(counts.items()),
        "suggestion": suggestion,
        "reasons": rules.ExclusionReason.choices,
        "can_review": allows(user=user, resource=Resource.PUBLICATION, action=Action.REVIEW, obj=task.case),
        "can_exclude": allows(user=user, resource=Resource.PUBLICATION, action=Action.APPROVE, obj=task.case),
        "deadline_citation": rules.DEADLINE,
        "names_citation": rules.ANONYMISE_NAMES,
        "delete_citation": rules.DELETE_DATA,
        "exclusion_label": rules.ExclusionReason(task.exclusion_reason).label if task.exclusion_reason else "",
        "exclusion_citation": rules.exclusion_citation(task.exclusion_reason) if task.exclusion_reason else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def task_review(request: HttpRequest, publication_id: int) -> HttpResponse:
    """The side-by-side review: the original beside the anonymised text; confirm, exclude (with the reason) or
    publish. A refusal is shown in Chinese and nothing changes."""
    user = _person(request)
    task = selectors.publication_task_get(user=user, task_id=publication_id)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "review":
                text = request.POST.get("text")
                services.publication_review(
                    task,
                    actor=user,
                    text=text if request.POST.get("edit") == "1" else None,
                    publish_note=request.POST.get("publish_note", ""),
                )
                messages.success(request, "已确认隐名处理。核对无误后可以公布。")
            elif action == "exclude":
                services.publication_exclude(
                    task, reason=request.POST.get("reason", ""), note=request.POST.get("note", ""), actor=user
                )
                messages.success(request, "已记录不公开的决定和理由。")
            elif action == "publish":
                services.publication_publish(task, actor=user)
                messages.success(request, "已公布，公布文本的PDF已存证。")
            else:
                raise NotFound()
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise
            messages.error(request, str(exc.message))
            status = exc.status
            task = selectors.publication_task_get(user=user, task_id=publication_id)
        else:
            return redirect(reverse("portal:publication_task", args=[task.pk]))
    return render(request, "portal/publication/review.html", _task_context(request, task), status=status)


# ---------------------------------------------------------------- the public portal


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@public("published judgments: anonymised texts the court has published for everyone (法释〔2016〕19号)")
@require_GET
def judgments(request: HttpRequest) -> HttpResponse:
    """裁判文书公开: full-text search (jieba), court, cause, effective date."""
    q = (request.GET.get("q") or "").strip()[:100]
    court_id = int_param(request.GET.get("court"))
    cause = (request.GET.get("cause") or "").strip()[:50]
    date_from = _date(request.GET.get("from", ""))
    date_to = _date(request.GET.get("to", ""))
    error = ""
    if (request.GET.get("from") and date_from is None) or (request.GET.get("to") and date_to is None):
        error = "日期格式应为 年-月-日，如 2026-03-02。"
    page = int_param(request.GET.get("page"), default=1, min_value=1, max_value=500) or 1
    qs = selectors.published_judgments(q=q, court_id=court_id, cause=cause, date_from=date_from, date_to=date_to)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    return render(
        request,
        "portal/publication/judgments.html",
        {
            "rows": rows[:PAGE],
            "has_next": len(rows) > PAGE,
            "page": page,
            "q": q,
            "court_id": court_id,
            "cause": cause,
            "date_from": request.GET.get("from", "") if date_from else "",
            "date_to": request.GET.get("to", "") if date_to else "",
            "courts": court_list().only("pk", "name"),
            "error": error,
        },
        status=400 if error else 200,
    )


@public("a published judgment: the anonymised text, its PDF's hash and the ledger's status, for everyone")
@require_GET
def judgment(request: HttpRequest, judgment_id: int) -> HttpResponse:
    task = selectors.published_get(task_id=judgment_id)
    published_status = ledger_status_for_sha256(sha256=task.published_pdf_sha256)
    signed_status = ledger_status_for_sha256(sha256=task.signed_pdf_sha256) if task.signed_pdf_sha256 else ""
    return render(
        request,
        "portal/publication/judgment.html",
        {
            "task": task,
            "paragraphs": selectors.published_paragraphs(task),
            "published_status": published_status,
            "published_label": LEDGER_LABELS.get(published_status, published_status),
            "signed_status": signed_status,
            "signed_label": LEDGER_LABELS.get(signed_status, signed_status),
            "verify_url": f"{reverse('ledger:verify')}?sha256={task.published_pdf_sha256}",
            "signed_verify_url": f"{reverse('ledger:verify')}?sha256={task.signed_pdf_sha256}",
            "signed_check": selectors.signed_original_check(task),
            "citation": rules.ANONYMISE_NAMES,
        },
    )


@public("the PDF of a published judgment: the same anonymised text, as anchored in the ledger")
@require_GET
def judgment_pdf(request: HttpRequest, judgment_id: int) -> FileResponse:
    task = selectors.published_get(task_id=judgment_id)
    response = FileResponse(
        blob_open(task.published_pdf_name), content_type="application/pdf", filename=f"{task.case_number}.pdf"
    )
    response["Content-Disposition"] = f'inline; filename="judgment-{task.pk}.pdf"'
    return response


# ---------------------------------------------------------------- 审判流程公开 for a party

PARTY_EVENT_PREFIXES = ("case.", "hearing.", "service.", "publication.", "period.", "fee.", "party.")
PARTY_EVENT_HIDDEN = {"case.assignment_requested", "case.assignment_refused", "case.assignment_withdrawn",
                      "case.supervision_tagged", "publication.opened", "publication.reviewed", "publication.excluded"}  # fmt: skip


@login_required
@require_GET
@personal_data
def case_process(request: HttpRequest, case_id: int) -> HttpResponse:
    """审判流程公开: a party's (or their lawyer's) case: its stages, hearings, the documents served on them and the
    judgments published — what the court's process-openness platform shows the people in the case."""
    user = _person(request)
    case = case_selectors.case_get_for_user(case_id=case_id, user=user)
    if not allows(user=user, resource=Resource.CASE, action=Action.VIEW, obj=case):
        raise Forbidden()
    events = [
        e
        for e in case_selectors.case_timeline(case=case)
        if e.type.startswith(PARTY_EVENT_PREFIXES) and e.type not in PARTY_EVENT_HIDDEN
    ]
    from smartcourt.cases.services import CaseEventType
    from smartcourt.hearings.selectors import hearings_for_case
    from smartcourt.service.selectors import service_tasks_for_recipient

    labels = dict(CaseEventType.choices)
    hearings = (
        list(hearings_for_case(case=case))
        if allows(user=user, resource=Resource.HEARING, action=Action.VIEW, obj=case)
        else []
    )
    served = list(service_tasks_for_recipient(user=user).filter(case=case).order_by("-created_at")[:50])
    published = list(selectors.published_judgments().filter(case=case))
    return render(
        request,
        "portal/publication/case_process.html",
        {
            "case": case,
            "events": [{"event": e, "label": labels.get(e.type, e.type)} for e in events],
            "hearings": hearings,
            "served": served,
            "published": published,
            "can_read_dossier": allows(user=user, resource=Resource.DOSSIER, action=Action.VIEW, obj=case),
        },
    )
