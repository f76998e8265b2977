"""Pages of cross-court and entrusted enforcement and of the assistance network (ADR 0043): the case page's actions
(designate, hand over, entrust, send a task), the receiving and entrusted courts' inbox with the handover and the
entrustment pages, a grid worker's landing page and task page, and the papers and photos. Thin: a selector, a
service, a template; every page asks the permission table."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from smartcourt.cases.selectors import case_parties, case_party_get
from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake.store import blob_open
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows, permits
from smartcourt.courts.selectors import court_list, user_get, user_is_person
from smartcourt.documents.services import document_pdf_produce

from . import selectors
from . import selectors_crosscourt as X
from . import services_crosscourt as S
from .models import AssistanceKind, AssistanceTask, CrossCourt, EntrustedMatter, Entrustment, EntrustmentReport

if TYPE_CHECKING:
    from smartcourt.cases.models import CaseParty
    from smartcourt.courts.models import Court, User
    from smartcourt.documents.models import Document

    from .models import EnforcementFile


def _person(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


def _gate(user: User, *resources: Resource) -> None:
    """Before a record is looked up: whether the person holds any role that reads one of `resources` at all (a grid
    worker's tasks, the entrusted court's entrustments …, or the case's side); 404 for everyone else."""
    if not any(permits(user=user, resource=r, action=Action.VIEW, include_own=True) for r in resources):
        raise Http404


def _case_allows(user: User, file: EnforcementFile, action: Action = Action.VIEW) -> bool:
    return allows(user=user, resource=Resource.ENFORCEMENT, action=action, obj=file.case)


def _case_staff(user: User, file: EnforcementFile) -> bool:
    """The court's side of the case (its officers, heads and leaders, the receiving court's): the network's tasks,
    the entrustments and the handover are theirs, never the parties' (a debtor must not read where they are sought)."""
    if permits(user=user, resource=Resource.ENFORCEMENT, action=Action.VIEW) and _case_allows(user, file):
        return True
    return _case_allows(user, file, Action.CHANGE)  # e.g. a judge who enforces their own case


def _court(raw: str) -> Court:
    court = court_list().filter(pk=int(raw)).first() if raw.isdigit() else None
    if court is None:
        raise ApplicationError("请选择法院。")
    return court


def _user(raw: str) -> User:
    user = user_get(user_id=int(raw), active_only=True) if raw.isdigit() else None
    if user is None:
        raise ApplicationError("请选择人员。")
    return user


def _party(file: EnforcementFile, raw: str) -> CaseParty | None:
    if not raw:
        return None
    party = case_party_get(party_id=int(raw)) if raw.isdigit() else None
    if party is None or party.case_id != file.case_id:
        raise ApplicationError("请选择本案的被执行人。")
    return party


def _date(raw: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ApplicationError("日期格式应为 YYYY-MM-DD。") from None


@login_required
@require_POST
def crosscourt_act(request: HttpRequest, file_id: int, name: str) -> HttpResponse:
    """The case page's cross-court actions; the services ask the table and the rules."""
    user = _person(request)
    file = selectors.file_get(file_id=file_id)
    if file is None or not _case_allows(user, file):
        raise Http404
    p = request.POST

    def designate() -> object:
        return S.designation_decide(
            file=file, actor=user, designating_court=_court(p.get("designating_court", "")),
            to_court=_court(p.get("to_court", "")), kind=p.get("kind", ""), ground=p.get("ground", ""),
            reason=p.get("reason", ""),
        )  # fmt: skip

    def crosscourt() -> CrossCourt:
        raw = p.get("crosscourt", "")
        row = CrossCourt.objects.filter(file=file, pk=int(raw)).first() if raw.isdigit() else None
        if row is None:
            raise ApplicationError("请选择指定执行记录。")
        return row

    def task() -> AssistanceTask:
        raw = p.get("task", "")
        row = AssistanceTask.objects.filter(file=file, pk=int(raw)).first() if raw.isdigit() else None
        if row is None:
            raise ApplicationError("请选择协助执行任务。")
        return row

    def entrustment() -> Entrustment:
        raw = p.get("entrustment", "")
        row = Entrustment.objects.filter(file=file, pk=int(raw)).first() if raw.isdigit() else None
        if row is None:
            raise ApplicationError("请选择委托。")
        return row

    def assign() -> object:
        party = _party(file, p.get("party", ""))
        if party is None:
            raise ApplicationError("请选择被执行人。")
        return S.assistance_assign(
            file=file, actor=user, worker=_user(p.get("worker", "")), party=party, kind=p.get("kind", ""),
            due_on=_date(p.get("due_on", "")), address=p.get("address", ""), instructions=p.get("instructions", ""),
        )  # fmt: skip

    actions: dict[str, tuple[Any, str]] = {
        "designate": (designate, "已作出指定执行裁定，待原执行法院移交。"),
        "handover": (lambda: S.handover_record(crosscourt=crosscourt(), actor=user, note=p.get("note", "")),
                     "已移交，待接收法院确认。"),
        "entrust": (
            lambda: S.entrustment_send(
                file=file, actor=user, to_court=_court(p.get("to_court", "")), matter=p.get("matter", ""),
                detail=p.get("detail", ""), party=_party(file, p.get("party", "")),
            ),
            "已发出委托执行函。",
        ),
        "cancel_entrustment": (
            lambda: S.entrustment_cancel(entrustment=entrustment(), actor=user, reason=p.get("reason", "")),
            "已撤回委托。",
        ),
        "assign_task": (assign, "已发出协助执行任务。"),
        "cancel_task": (lambda: S.assistance_cancel(task=task(), actor=user, reason=p.get("reason", "")), "已撤回任务。"),
    }  # fmt: skip
    if name not in actions:
        raise Http404
    call, success = actions[name]
    flash_action(request, call, success)
    return redirect("enforcement:detail", file_id=file.pk)


@login_required
@require_GET
def crosscourt_inbox(request: HttpRequest) -> HttpResponse:
    """异地执行协作: the designations this court receives and the measures other courts entrusted to it."""
    user = _person(request)
    today = timezone.localdate()
    handovers = list(X.handovers_for(user=user)[:100])
    entrustments = [(e, X.entrustment_due(e, today=today)) for e in X.entrustments_for(user=user)[:200]]
    return render(request, "enforcement/crosscourt/inbox.html", {"handovers": handovers, "entrustments": entrustments})


@login_required
def handover_detail(request: HttpRequest, crosscourt_id: int) -> HttpResponse:
    """What was handed over, and the receiving court's acknowledgement (with the officer it names)."""
    user = _person(request)
    _gate(user, Resource.ENFORCEMENT_HANDOVER, Resource.ENFORCEMENT)
    cc = X.crosscourt_get(crosscourt_id=crosscourt_id)
    if cc is None:
        raise Http404
    receiving = allows(user=user, resource=Resource.ENFORCEMENT_HANDOVER, action=Action.VIEW, obj=cc)
    if not receiving and not _case_staff(user, cc.file):
        raise Http404
    can_ack = cc.state == CrossCourt.State.HANDED_OVER and allows(
        user=user, resource=Resource.ENFORCEMENT_HANDOVER, action=Action.CHANGE, obj=cc
    )
    if request.method == "POST":
        if not can_ack:
            raise PermissionDenied
        flash_action(
            request,
            lambda: S.handover_acknowledge(
                crosscourt=cc, actor=user, officer=_user(request.POST.get("officer", "")),
                note=request.POST.get("note", ""),
            ),
            "已确认接收。",
        )  # fmt: skip
        return redirect("enforcement:handover", crosscourt_id=cc.pk)
    handover = getattr(cc, "handover", None)
    return render(
        request,
        "enforcement/crosscourt/handover.html",
        {
            "cc": cc,
            "handover": handover,
            "can_ack": can_ack,
            "officers": S.receiving_officers(court=cc.to_court) if can_ack else [],
            "case_link": _case_staff(user, cc.file),
        },
    )


@login_required
def entrustment_detail(request: HttpRequest, entrustment_id: int) -> HttpResponse:
    """One entrustment: the letter, the deadlines, what was reported; the entrusted court's head accepts it and names
    the officer, the officer reports back."""
    user = _person(request)
    _gate(user, Resource.ENFORCEMENT_ENTRUSTMENT, Resource.ENFORCEMENT)
    e = X.entrustment_get(entrustment_id=entrustment_id)
    if e is None:
        raise Http404
    entrusted = allows(user=user, resource=Resource.ENFORCEMENT_ENTRUSTMENT, action=Action.VIEW, obj=e)
    entrusting = _case_staff(user, e.file)
    if not entrusted and not entrusting:
        raise Http404
    can_act = allows(user=user, resource=Resource.ENFORCEMENT_ENTRUSTMENT, action=Action.CHANGE, obj=e)
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        name = request.POST.get("action", "")
        if name == "accept":
            flash_action(
                request,
                lambda: S.entrustment_accept(entrustment=e, actor=user, officer=_user(request.POST.get("officer", ""))),
                "已受理。",
            )
        elif name == "report":
            flash_action(
                request,
                lambda: S.entrustment_report(
                    entrustment=e, actor=user, kind=request.POST.get("kind", ""), note=request.POST.get("note", "")
                ),
                "已函复委托法院。",
            )
        else:
            messages.error(request, "请求的操作不存在。")
        return redirect("enforcement:entrustment", entrustment_id=e.pk)
    return render(
        request,
        "enforcement/crosscourt/entrustment.html",
        {
            "e": e,
            "due": X.entrustment_due(e),
            "reports": e.reports.select_related("reported_by"),
            "can_accept": can_act and e.state == Entrustment.State.SENT,
            "can_report": can_act and e.state == Entrustment.State.ACCEPTED,
            "officers": S.receiving_officers(court=e.to_court) if can_act else [],
            "report_kinds": EntrustmentReport.Kind.choices,
            "case_link": entrusting,
        },
    )


@login_required
@require_GET
def assistance_mine(request: HttpRequest) -> HttpResponse:
    """A grid worker's landing page: their tasks, open ones by deadline with the overdue marked, then those done."""
    user = _person(request)
    today = timezone.localdate()
    tasks = [(t, X.task_due(t, today=today)) for t in X.tasks_for_worker(user=user)[:200]]
    return render(request, "enforcement/crosscourt/assistance_mine.html", {"tasks": tasks})


@login_required
def assistance_task(request: HttpRequest, task_id: int) -> HttpResponse:
    """One task: what to do, where, by when; the worker's report with a note and a photo."""
    user = _person(request)
    _gate(user, Resource.ENFORCEMENT_ASSISTANCE, Resource.ENFORCEMENT)
    task = X.task_get(task_id=task_id)
    if task is None:
        raise Http404
    mine = allows(user=user, resource=Resource.ENFORCEMENT_ASSISTANCE, action=Action.VIEW, obj=task)
    officer = _case_staff(user, task.file)
    if not mine and not officer:
        raise Http404
    can_report = task.state == AssistanceTask.State.OPEN and allows(
        user=user, resource=Resource.ENFORCEMENT_ASSISTANCE, action=Action.CHANGE, obj=task
    )
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied
        upload = request.FILES.get("photo")
        flash_action(
            request,
            lambda: S.assistance_report(
                task=task, actor=user, outcome=request.POST.get("outcome", ""), note=request.POST.get("note", ""),
                photo=upload.read() if upload is not None else None,
                photo_name=(upload.name or "") if upload is not None else "",
            ),
            "已反馈，执行法院可以看到。",
        )  # fmt: skip
        return redirect("enforcement:assistance_task", task_id=task.pk)
    return render(
        request,
        "enforcement/crosscourt/assistance_task.html",
        {
            "task": task,
            "due": X.task_due(task),
            "can_report": can_report,
            "outcomes": AssistanceTask.Outcome.choices,
            "case_link": officer,
        },
    )


def _document_response(document: Document | None, title: str) -> FileResponse:
    if document is None:
        raise Http404
    if not document.pdf_storage_name:
        document = document_pdf_produce(document_id=document.pk)
    if document.pdf_storage_name:
        return FileResponse(
            blob_open(document.pdf_storage_name), content_type="application/pdf", filename=f"{title}.pdf"
        )
    if not document.docx_storage_name:
        raise Http404
    return FileResponse(
        blob_open(document.docx_storage_name),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename=f"{title}.docx",
    )


@login_required
@require_GET
def crosscourt_paper(request: HttpRequest, what: str, pk: int) -> FileResponse:
    """A cross-court paper: the designation ruling, the entrustment letter, the assistance notice — to whoever may
    see what it belongs to (the case's side, the receiving or entrusted court, the worker)."""
    user = _person(request)
    _gate(user, Resource.ENFORCEMENT, Resource.ENFORCEMENT_HANDOVER, Resource.ENFORCEMENT_ENTRUSTMENT,
          Resource.ENFORCEMENT_ASSISTANCE)  # fmt: skip
    if what == "ruling":
        cc = X.crosscourt_get(crosscourt_id=pk)
        if cc is None or not (
            _case_staff(user, cc.file)
            or allows(user=user, resource=Resource.ENFORCEMENT_HANDOVER, action=Action.VIEW, obj=cc)
        ):
            raise Http404
        return _document_response(cc.ruling, "指定执行裁定书")
    if what == "letter":
        e = X.entrustment_get(entrustment_id=pk)
        if e is None or not (
            _case_staff(user, e.file)
            or allows(user=user, resource=Resource.ENFORCEMENT_ENTRUSTMENT, action=Action.VIEW, obj=e)
        ):
            raise Http404
        return _document_response(e.letter, "委托执行函")
    if what == "notice":
        t = X.task_get(task_id=pk)
        if t is None or not (
            _case_staff(user, t.file)
            or allows(user=user, resource=Resource.ENFORCEMENT_ASSISTANCE, action=Action.VIEW, obj=t)
        ):
            raise Http404
        return _document_response(t.notice, "协助执行通知书")
    raise Http404


@login_required
@require_GET
def assistance_photo(request: HttpRequest, task_id: int) -> FileResponse:
    user = _person(request)
    _gate(user, Resource.ENFORCEMENT_ASSISTANCE, Resource.ENFORCEMENT)
    t = X.task_get(task_id=task_id)
    if t is None or not t.photo_name:
        raise Http404
    if not (
        _case_staff(user, t.file)
        or allows(user=user, resource=Resource.ENFORCEMENT_ASSISTANCE, action=Action.VIEW, obj=t)
    ):
        raise Http404
    return FileResponse(blob_open(t.photo_name), content_type=f"image/{t.photo_kind or 'jpeg'}")


def panel_context(
    *, user: User, file: EnforcementFile, can_change: bool | None = None, debtors: list[CaseParty] | None = None
) -> dict[str, Any]:
    """What the case page's cross-court panel shows (its template tag calls this, with what the page already knows:
    whether the person may act, the debtors): a few queries for a case no other court took part in, the network's
    tasks and the forms only for the court's side."""
    case = file.case
    today = timezone.localdate()
    arrangements = X.file_crosscourts(file=file)
    file._crosscourts = arrangements  # type: ignore[attr-defined]  # the timeline's court labels read them too
    entrustments = [(e, X.entrustment_due(e, today=today)) for e in X.file_entrustments(file=file)]
    if can_change is None:
        can_change = file.closed_on is None and _case_allows(user, file, Action.CHANGE)
    staff = can_change or (
        permits(user=user, resource=Resource.ENFORCEMENT, action=Action.VIEW) and _case_allows(user, file)
    )
    if not staff:  # a party or their lawyer: which court enforces and what was entrusted, nothing of the network
        entrustments = [(e, d) for e, d in entrustments if e.state != Entrustment.State.CANCELLED]
    tasks = [(t, X.task_due(t, today=today)) for t in X.file_tasks(file=file)] if staff else []
    designer = (
        file.closed_on is None
        and permits(user=user, resource=Resource.ENFORCEMENT_DESIGNATION, action=Action.APPROVE)
        and allows(user=user, resource=Resource.ENFORCEMENT_DESIGNATION, action=Action.APPROVE, obj=case)
    )
    above, receiving = X.designation_choices(user=user, case=case) if designer else ([], [])
    active = [cc.to_court for cc in arrangements if cc.state == CrossCourt.State.ACTIVE]
    participating = [case.court, *[c for c in active if c.pk != case.court_id]]
    return {
        "file": file,
        "staff": staff,
        "arrangements": arrangements,
        "entrustments": entrustments,
        "tasks": tasks,
        "can_change": can_change,
        "designating_courts": above,
        "receiving_courts": receiving,
        "entrust_courts": X.entrustable_courts(exclude=[c.pk for c in participating]) if can_change else [],
        "workers": X.network_workers(courts=participating) if can_change else [],
        "debtors": (
            (debtors if debtors is not None else [p for p in case_parties(case=case) if p.role == "judgment_debtor"])
            if can_change
            else []
        ),
        "matters": EntrustedMatter.choices,
        "task_kinds": AssistanceKind.choices,
        "grounds": list(S.R.DESIGNATION_GROUND_LABELS.items()),
        "kinds": [("designated", "指定执行"), ("joint", "共同执行")],
        "basis_designation": f"{S.R.DESIGNATION_ON_APPLICATION}、{S.R.DESIGNATION_LONG_PENDING}",
        "basis_entrust": S.R.ENTRUSTED_ACT,
        "basis_assist": S.R.ASSISTANCE,
        "overdue_tasks": sum(1 for _, d in tasks if d.overdue),
    }
