"""The asynchronous cross-examination page of a case (异步质证): the rule and its citations, each party's consent,
the rounds; for the judge the forms to open, close, reply and switch to a live hearing; for a party or its lawyer
the other side's evidence with its files and an opinion form per item. Thin: selectors, a service, a template."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartcourt.cases.selectors import case_visible_to
from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake.store import blob_open
from smartcourt.core.params import int_param
from smartcourt.core.privacy import personal_data
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows
from smartcourt.courts.selectors import user_is_person

from . import selectors_async as S
from . import services_async as svc
from .models import AsyncKind, AsyncRoundState, TrialStep
from .rules import asynchronous as A

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User

MAX_ATTACHMENT = 20 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


def _case(user: User, case_id: int) -> Case:
    case = (
        case_visible_to(user=user, action=Action.VIEW, resource=Resource.HEARING)
        .select_related("court", "cause")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404(_("案件不存在或您无权查看。"))
    return case


def _back(case_id: int) -> HttpResponse:
    return redirect("hearings:async", case_id=case_id)


@login_required
@require_GET
@personal_data
def async_page(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    can_change = allows(user=user, resource=Resource.HEARING, action=Action.CHANGE, obj=case)
    can_dossier = allows(user=user, resource=Resource.DOSSIER, action=Action.VIEW, obj=case)
    can_case = allows(user=user, resource=Resource.CASE, action=Action.VIEW, obj=case)
    parties = S.case_parties_all(case=case)
    mine = S.parties_acting_for(case=case, user=user)
    mine_ids = {p.pk for p in mine}
    consents = {k: S.consents_latest(case=case, kind=k) for k in AsyncKind.values}
    consent_rows = [
        {"party": p, "mine": p.pk in mine_ids,
         "answers": [(k, AsyncKind(k).label, consents[k].get(p.pk)) for k in AsyncKind.values]}
        for p in parties
    ]  # fmt: skip
    checks = {
        k: A.async_allowed(
            kind=k, case_kind=case.kind, procedure=case.procedure,
            consents={pid: (row.consented if row else None) for pid, row in consents[k].items()},
            party_names={p.pk: S.party_label(p) for p in parties},
        )
        for k in AsyncKind.values
    }  # fmt: skip
    rounds = list(S.rounds_of_case(case=case))
    current = next((r for r in rounds if r.state == AsyncRoundState.OPEN), None)
    shown = current or (rounds[0] if rounds else None)
    evidence = S.evidence_views(rounds=S.round_chain(round=shown)) if shown else []
    items_by_doc: dict[int, int] = {}
    if shown is not None:
        items_by_doc = {it.document_id: it.pk for it in shown.items.all()}
    rows: list[dict[str, Any]] = []
    for ev in evidence:
        targets = []
        if current is not None and ev.document_id in items_by_doc:
            for p in mine:
                if current.replies_to_id is None and ev.submitted_by_id == p.pk:
                    continue
                targets.append(p)
        rows.append({"ev": ev, "item_id": items_by_doc.get(ev.document_id), "targets": targets})
    today = timezone.localdate()
    return render(
        request,
        "hearings/async.html",
        {
            "case": case, "can_change": can_change, "can_dossier": can_dossier, "can_case": can_case,
            "rule_text": A.RULE_TEXT, "citations": (A.ART_20, A.ART_21, A.ART_4, A.ART_5),
            "consent_rows": consent_rows, "checks": checks, "mine": mine, "rounds": rounds, "current": current,
            "shown": shown, "rows": rows, "aspects": A.ASPECTS, "overdue": bool(current and today > current.deadline),
            "candidates": S.evidence_candidates(case=case) if can_change and current is None else [],
            "parties": parties, "default_days": A.DEFAULT_DAYS,
            "last_closed": next((r for r in rounds if r.state == AsyncRoundState.CLOSED), None),
            **_trial_context(shown, current, mine, can_change, today),
        },
    )  # fmt: skip


def _trial_context(shown: Any, current: Any, mine: list, can_change: bool, today: Any) -> dict[str, Any]:
    """The steps of a non-synchronous trial round (非同步审理): their statements, the open step, what the judge may
    open next, the parties the user may speak for."""
    if shown is None or shown.kind != AsyncKind.TRIAL:
        return {"trial": False}
    steps = S.trial_steps(round=shown)
    open_step = next((s for s in steps if s.closed_at is None), None) if current is not None else None
    held = {s.step for s in steps}
    return {
        "trial": True, "steps": steps, "open_step": open_step,
        "step_overdue": bool(open_step and today > open_step.deadline),
        "step_hint": A.STEP_HINTS.get(open_step.step, "") if open_step else "", "speak_for": mine if open_step else [],
        "next_steps": [(c, TrialStep(c).label) for c in A.STEP_ORDER if c not in held]
        if can_change and current is not None and open_step is None else [],
    }  # fmt: skip


MAX_CLIP = 200 * 1024 * 1024


@login_required
@require_POST
def async_step_open(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    rnd = _round(case, request)
    days = int_param(request.POST.get("days")) or 0
    flash_action(
        request,
        lambda: svc.async_trial_step_open(round=rnd, step=request.POST.get("step", ""), days=days, actor=user),
        _("已开始该庭审环节，当事人可在期限内提交陈述。"),
    )
    return _back(case.pk)


def _step(case: Case, request: HttpRequest) -> Any:
    rnd = _round(case, request)
    step = S.trial_step_get(round=rnd, step_id=int_param(request.POST.get("step")) or 0)
    if step is None:
        raise Http404(_("该庭审环节不存在。"))
    return step


@login_required
@require_POST
def async_step_close(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    step = _step(case, request)
    flash_action(request, lambda: svc.async_trial_step_close(step=step, actor=user), _("该庭审环节已结束。"))
    return _back(case.pk)


@login_required
@require_POST
def async_statement(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    step = _step(case, request)
    party_id = int_param(request.POST.get("party"))
    if party_id is None:
        messages.error(request, _("请选择陈述的当事人。"))
        return _back(case.pk)
    clip = None
    upload = request.FILES.get("clip")
    if upload is not None and upload.size:
        if upload.size > MAX_CLIP:
            messages.error(request, _("陈述视频或录音不能超过200MB。"))
            return _back(case.pk)
        clip = svc.AttachmentIn(upload.read(), upload.name or "陈述")
    flash_action(
        request,
        lambda: svc.async_statement_submit(
            step=step, party_id=party_id, text=request.POST.get("text", ""), actor=user, clip=clip
        ),
        _("陈述已提交。"),
    )
    return _back(case.pk)


@login_required
@require_GET
@personal_data
def async_statement_media(request: HttpRequest, case_id: int, statement_id: int) -> HttpResponseBase:
    user = _user(request)
    statement = S.statement_get_for_user(statement_id=statement_id, user=user)
    if statement is None or statement.step.round.case_id != case_id:
        raise Http404(_("该陈述不存在或您无权查看。"))
    response = FileResponse(blob_open(statement.media_name), content_type=statement.media_type)
    response["Content-Length"] = str(statement.media_size)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def async_consent(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    party_id = int_param(request.POST.get("party"))
    kind = request.POST.get("kind", "")
    answer = request.POST.get("consented", "")
    if party_id is None or answer not in ("yes", "no"):
        messages.error(request, _("请选择当事人并表示同意或不同意。"))
        return _back(case.pk)
    flash_action(
        request,
        lambda: svc.async_consent_record(
            case=case, party_id=party_id, kind=kind, consented=answer == "yes", actor=user,
            note=request.POST.get("note", ""),
        ),
        _("已记录您的意见。"),
    )  # fmt: skip
    return _back(case.pk)


@login_required
@require_POST
def async_open(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    if not allows(user=user, resource=Resource.HEARING, action=Action.CHANGE, obj=case):
        raise PermissionDenied
    items = []
    for raw in request.POST.getlist("document"):
        doc_id = int_param(raw)
        party_id = int_param(request.POST.get(f"submitted_by_{raw}"))
        if doc_id is None or party_id is None:
            messages.error(request, _("请为每项所选证据选择举证方。"))
            return _back(case.pk)
        items.append(svc.ItemIn(doc_id, party_id))
    days = int_param(request.POST.get("days")) or 0
    kind = request.POST.get("kind", AsyncKind.EVIDENCE)
    flash_action(
        request,
        lambda: svc.async_round_open(
            case=case, items=items, days=days, actor=user, kind=kind, instructions=request.POST.get("instructions", "")
        ),
        _("已开启异步质证，当事人可在期限内发表质证意见。"),
    )
    return _back(case.pk)


def _round(case: Case, request: HttpRequest) -> Any:
    rnd = S.round_get(round_id=int_param(request.POST.get("round")) or 0)
    if rnd is None or rnd.case_id != case.pk:
        raise Http404(_("该轮质证不存在。"))
    return rnd


@login_required
@require_POST
def async_opinion(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    rnd = _round(case, request)
    item_id = int_param(request.POST.get("item"))
    party_id = int_param(request.POST.get("party"))
    if item_id is None or party_id is None:
        messages.error(request, _("请选择证据和发表意见的当事人。"))
        return _back(case.pk)
    p = request.POST
    opinion = svc.OpinionIn(
        authenticity=p.get("authenticity", ""), legality=p.get("legality", ""), relevance=p.get("relevance", ""),
        authenticity_reason=p.get("authenticity_reason", ""), legality_reason=p.get("legality_reason", ""),
        relevance_reason=p.get("relevance_reason", ""),
    )  # fmt: skip
    attachment = None
    upload = request.FILES.get("attachment")
    if upload is not None:
        if upload.size and upload.size > MAX_ATTACHMENT:
            messages.error(request, _("附件不能超过20MB。"))
            return _back(case.pk)
        attachment = svc.AttachmentIn(upload.read(), upload.name or "附件")
    flash_action(
        request,
        lambda: svc.async_opinion_submit(
            round=rnd, item_id=item_id, party_id=party_id, opinion=opinion, actor=user, attachment=attachment
        ),
        _("质证意见已提交。"),
    )
    return _back(case.pk)


@login_required
@require_POST
def async_close(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    rnd = _round(case, request)
    flash_action(
        request,
        lambda: svc.async_round_close(round=rnd, actor=user, note=request.POST.get("note", "")),
        _("本轮质证已结束，质证报告已归入电子卷宗。"),
    )
    return _back(case.pk)


@login_required
@require_POST
def async_reply(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    rnd = _round(case, request)
    days = int_param(request.POST.get("days")) or 0
    flash_action(request, lambda: svc.async_reply_round_open(round=rnd, days=days, actor=user), _("已开启回应轮。"))
    return _back(case.pk)


@login_required
@require_POST
def async_switch(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = _case(user, case_id)
    try:
        svc.async_switch_to_hearing(case=case, actor=user, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return _back(case.pk)
    messages.success(request, _("已转为开庭审理，请安排庭审。"))
    if allows(user=user, resource=Resource.CASE, action=Action.VIEW, obj=case):
        return redirect(f"/cases/{case.pk}/?tab=hearings")
    return _back(case.pk)
