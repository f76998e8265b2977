"""Case pages: the list with filters and search, the case page (parties, deadlines, timeline, assignment)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcourt.core.params import filter_values
from smartcourt.core.services import personal_data_read_record
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import user_courts, user_get, user_is_person, users_with_role
from smartcourt.legaltime.selectors import (
    deduction_options,
    trial_period_adjustment_get,
    trial_period_adjustment_list,
)

from . import selectors, services
from .forms import (
    CaseFilterForm,
    DeductionEndForm,
    DeductionStartForm,
    DesignateForm,
    ExtensionForm,
    ProcedureChangeForm,
    RepresentationEndForm,
    TagForm,
    TransitionForm,
)
from .models import CaseState, SupervisionTag
from .rules.transitions import STATE_LABELS, allowed_targets


def _filters_from(request: HttpRequest, form: CaseFilterForm) -> selectors.CaseFilters:
    data = filter_values(request, form)
    period = data.get("period") or ""
    return selectors.CaseFilters(
        q=data.get("q") or "",
        state=data.get("state") or "",
        kind=data.get("kind") or "",
        court=data.get("court"),
        judge=data.get("judge"),
        division=data.get("division"),
        cause=data.get("cause"),
        tag=data.get("tag") or "",
        overdue=period == "overdue",
        due_within=int(period) if period.isdigit() else None,
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    qs = selectors.case_list(user=request.user, filters=_filters_from(request, form))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "courts": user_courts(user=request.user),
            "selected_court": form.cleaned_data.get("court") if form.is_bound else None,
            "selected_judge": form.cleaned_data.get("judge") if form.is_bound else None,
            "judges": selectors.case_filter_judges(user=request.user) if request.user.requires_two_factor else [],
            "template": "cases/_case_rows.html",
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user)
    user = request.user
    show_pii = selectors.case_may(user=user, case=case, action=Action.VIEW, resource=Resource.CASE_PARTY_PII)
    parties = list(selectors.case_parties(case=case))
    if show_pii:
        for party in parties:  # 个人信息保护法: every view of personal data is logged with who, when, why
            personal_data_read_record(
                actor=user,
                subject=f"person:{party.person_id}",
                target=party.person,
                reason=_("办理案件 %(number)s 查阅当事人信息") % {"number": case.number},
                request=request,
            )
    types = [t for t in request.GET.getlist("event") if t]
    can_change = selectors.case_may(user=user, case=case, action=Action.CHANGE)
    can_assign = selectors.case_may(user=user, case=case, action=Action.ASSIGN)
    adjustments = trial_period_adjustment_list(case_id=case.pk)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "parties": parties,
            "show_pii": show_pii,
            "timeline": selectors.case_timeline(case=case, types=types),
            "event_filter": types,
            "period": selectors.case_trial_period(case=case),
            "adjustments": adjustments,
            "deduction_options": deduction_options(case_kind=case.kind, procedure=case.procedure),
            "assignments": selectors.case_assignments(case=case),
            "tags": case.supervision_tags.filter(removed_at__isnull=True).select_related("supervisor"),
            "can_change": can_change,
            "can_assign": can_assign,
            "can_read_dossier": allows(user=user, resource=Resource.DOSSIER, action=Action.VIEW, obj=case),
            "transitions": allowed_targets(case.state) if can_change else [],
            "closing_needed": CaseState.CLOSED,
            "state_labels": STATE_LABELS,
            "transition_form": TransitionForm(),
            "designate_form": DesignateForm(),
            "tag_form": TagForm(),
            "tag_kinds": SupervisionTag.Kind.choices,
            "judges": users_with_role(role=Role.JUDGE, court=case.court) if can_assign else [],
            "approvers": selectors.case_approvers(case=case, resource=Resource.ASSIGNMENT) if can_assign else [],
            "tab": request.GET.get("tab", "overview"),
            "open_deductions": [
                a
                for a in adjustments
                if a.deduction is not None and not a.deduction.entered_by_suspension and a.ended_on is None
            ],
            "presidents": selectors.case_approvers(case=case, resource=Resource.TRIAL_PERIOD) if can_change else [],
            "today": timezone.localdate(),
            "may_end_representation": selectors.representations_user_may_end(user=user, case=case),
            "representation_end_form": RepresentationEndForm(),
        },
    )


def _run(request: HttpRequest, case_id: int, action, success: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    flash_action(request, action, success)
    return redirect("cases:detail", case_id=case_id)


@login_required
@require_POST
def case_transition(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择有效的案件状态。"))
        return redirect("cases:detail", case_id=case_id)
    data = form.cleaned_data
    return _run(
        request,
        case_id,
        lambda: services.case_transition(
            case=case,
            target=data["target"],
            actor=request.user,
            closing_method=data["closing_method"] or "",
            note=data["note"] or "",
        ),
        _("案件状态已更新。"),
    )


@login_required
@require_POST
def case_assign_random(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user, action=Action.ASSIGN)
    return _run(
        request, case_id, lambda: services.case_assign_random(case=case, actor=request.user), _("已完成随机分案。")
    )


@login_required
@require_POST
def case_assign_designated(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user, action=Action.ASSIGN)
    form = DesignateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择承办法官、批准人并填写理由。"))
        return redirect("cases:detail", case_id=case_id)
    data = form.cleaned_data
    judge = user_get(user_id=data["judge"])
    approver = user_get(user_id=data["approver"])
    if judge is None or approver is None:
        messages.error(request, _("所选法官或批准人不存在。"))
        return redirect("cases:detail", case_id=case_id)
    return _run(
        request,
        case_id,
        lambda: services.case_assign_designated(
            case=case,
            judge=judge,
            actor=request.user,
            approver=approver,
            reason=data["reason"],
            reassignment=data["reassignment"],
        ),
        _("承办法官已确定。"),
    )


@login_required
@require_POST
def case_tag(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user)
    form = TagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择四类案件类别并填写理由。"))
        return redirect("cases:detail", case_id=case_id)
    return _run(
        request,
        case_id,
        lambda: services.case_tag_supervision(
            case=case, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"], actor=request.user
        ),
        _("已标记并通知监管院庭长。"),
    )


def _form_error(request: HttpRequest, case_id: int, form: forms.Form) -> HttpResponse:
    first = next(iter(form.errors.values()))[0] if form.errors else _("请检查填写的内容。")
    messages.error(request, first)
    return redirect(f"{reverse('cases:detail', args=[case_id])}?tab=actions")


@login_required
@require_POST
def case_deduction_start(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    form = DeductionStartForm(request.POST, case_kind=case.kind, procedure=case.procedure)
    if not form.is_valid():
        return _form_error(request, case_id, form)
    d = form.cleaned_data
    return _run(
        request,
        case_id,
        lambda: services.case_deduction_start(
            case=case, kind=d["kind"], actor=request.user, started_on=d["started_on"], reason=d["reason"]
        ),
        _("已登记扣除审限期间。"),
    )


@login_required
@require_POST
def case_deduction_end(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    form = DeductionEndForm(request.POST)
    if not form.is_valid():
        return _form_error(request, case_id, form)
    adjustment = trial_period_adjustment_get(case_id=case.pk, adjustment_id=form.cleaned_data["adjustment"])
    return _run(
        request,
        case_id,
        lambda: services.case_deduction_end(
            case=case, adjustment=adjustment, actor=request.user, ended_on=form.cleaned_data["ended_on"]
        ),
        _("已登记扣除期间结束，审限继续计算。"),
    )


@login_required
@require_POST
def case_extension(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, case_id, form)
    d = form.cleaned_data
    approver = user_get(user_id=d["approver"])
    if approver is None:
        messages.error(request, _("所选批准人不存在。"))
        return redirect("cases:detail", case_id=case_id)
    return _run(
        request,
        case_id,
        lambda: services.case_extension_approve(
            case=case,
            actor=request.user,
            approver=approver,
            reason=d["reason"],
            months=d["months"] or 0,
            days=d["days"] or 0,
        ),
        _("延长审限已记录。"),
    )


@login_required
@require_POST
def case_procedure_change(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    form = ProcedureChangeForm(request.POST)
    if not form.is_valid():
        return _form_error(request, case_id, form)
    return _run(
        request,
        case_id,
        lambda: services.case_procedure_change(
            case=case, procedure=form.cleaned_data["procedure"], actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("程序已转换，审限已重新计算。"),
    )


@login_required
@require_POST
def representation_end(request: HttpRequest, case_id: int, representation_id: int) -> HttpResponse:
    """End a representation (解除委托 / 辞去委托) from the case's parties tab."""
    user = request.user
    if not user_is_person(user):  # login_required lets only a signed-in person through
        raise PermissionDenied
    case = selectors.case_get_for_user(case_id=case_id, user=user)
    representation = selectors.representation_get(case=case, representation_id=representation_id)
    form = RepresentationEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
    else:
        d = form.cleaned_data
        flash_action(
            request,
            lambda: services.representation_end(
                representation=representation,
                actor=user,
                reason=d["reason"],
                ends_on=d["ends_on"],
                note=d["note"] or "",
            ),
            _("代理终止已登记，已记入案件日志。"),
        )
    if selectors.case_visible_to(user=user).filter(pk=case_id).exists():
        return redirect(f"{reverse('cases:detail', args=[case_id])}?tab=parties")
    return redirect("workbench")  # a representative who withdrew no longer sees the case
