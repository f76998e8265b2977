"""Case pages: the list with filters and search, the case page (parties, deadlines, timeline, assignment)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartcourt.core.links import id_path
from smartcourt.core.params import filter_values
from smartcourt.core.privacy import personal_data
from smartcourt.core.services import AuditAction, audit_record, personal_data_reads_record
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows, permits
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import user_get, user_grant_courts, user_is_person, users_with_role
from smartcourt.legaltime.selectors import (
    deduction_options,
    trial_period_adjustment_get,
    trial_period_adjustment_list,
)

from . import selectors, services, services_approvals
from .forms import (
    CaseFilterForm,
    DeductionEndForm,
    DeductionStartForm,
    DesignateForm,
    ExtensionForm,
    PowerOfAttorneyReviewForm,
    ProcedureChangeForm,
    RepresentationEndForm,
    TagForm,
    TeamForm,
    TransitionForm,
)
from .models import CaseState, SupervisionTag
from .rules.transitions import STATE_LABELS, allowed_targets
from .selectors_approvals import approval_requests_for_case, assignment_may_inspect
from .selectors_pages import case_count_of_page, case_page

if TYPE_CHECKING:
    from smartcourt.courts.models import User

    from .models import Case


def _person(request: HttpRequest) -> User:
    """The signed-in person (login_required lets no one else through; this narrows the type)."""
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


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
        cause_name=(data.get("cause_name") or "").strip(),
        tag=data.get("tag") or "",
        overdue=period == "overdue",
        due_within=int(period) if period.isdigit() else None,
        filed_from=data.get("filed_from"),
        filed_to=data.get("filed_to"),
        closed_from=data.get("closed_from"),
        closed_to=data.get("closed_to"),
        open_only=bool(data.get("open")),
    )


def _division_choices(request: HttpRequest, form: CaseFilterForm) -> list:
    """The division filter's choices, for court staff (parties and lawyers filter their own few cases by name)."""
    user = request.user
    if not (user_is_person(user) and user.requires_two_factor):
        return []
    return selectors.case_filter_divisions(
        user=user, court_id=form.cleaned_data.get("court") if form.is_valid() else None
    )


# The list's state badges (the case page has its own); any other state is grey.
_STATE_BADGES: dict[str, str] = {
    CaseState.IN_TRIAL: "text-bg-primary",
    CaseState.SUSPENDED: "text-bg-warning",
    CaseState.REGISTERED: "text-bg-info",
}


def _list_rows(cases: list[Case]) -> list[dict[str, Any]]:
    """The list's rows as the text each cell shows. Template rendering was two thirds of the list's CPU (issue 15):
    per row a `{% url %}`, three `|date` filters, a lazy state label and an if-chain for the badge. Here the link is
    one reversal for the page (`id_path`), a date is its ISO text (what `|date:"Y-m-d"` gives), the state labels are
    translated once per page, and the template only places values."""
    detail = id_path("cases:detail")
    labels = selectors.case_labels("state")  # in the request's language
    today = timezone.localdate()
    rows = []
    for case in cases:
        # the clock runs while registered or in trial (selectors.RUNNING_STATES): a suspended or closed case's
        # stored due date is not shown
        due = case.trial_due_on if case.state in selectors.RUNNING_STATES else None
        rows.append(
            {
                "url": detail(case.pk),
                "number": case.number,
                "title": case.title,
                "cause": case.cause.name if case.cause else "",
                "judge": case.judge.get_full_name() if case.judge else "",
                "state": labels.get(case.state, case.state),
                "badge": _STATE_BADGES.get(case.state, "text-bg-secondary"),
                "filed": case.filed_on.isoformat() if case.filed_on else "",
                "due": due.isoformat() if due else "",
                "overdue": due is not None and due < today,
            }
        )
    return rows


def _choice_options(form: CaseFilterForm, name: str) -> list[tuple[str, str, bool]]:
    """A select's (value, label, selected) for the filter form: its current value read once, not once per option."""
    current = form[name].value()
    choices = cast("list[tuple[str, str]]", cast("forms.ChoiceField", form.fields[name]).choices)  # flat, fixed
    return [(value, str(label), value == current) for value, label in choices]


@login_required
@personal_data
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CaseFilterForm(request.GET or None)
    qs = selectors.case_list(user=user, filters=_filters_from(request, form))
    # Keyset pages and a bounded count (selectors_pages, ADR 0024): no OFFSET, no full count at a province's size.
    shown = selectors.case_list_shown(qs)
    after, before = request.GET.get("after", ""), request.GET.get("before", "")
    page = case_page(shown, after=after, before=before)
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    # the person's courts come with their grants, which this request has read (no query of their own)
    courts = user_grant_courts(user=user) if user_is_person(user) else []
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "rows": _list_rows(page.rows),
            "pager": page,
            "count": case_count_of_page(qs, page, first=not (after or before)),
            "query": query.urlencode(),
            "courts": courts,
            "many_courts": len(courts) > 1,
            "selected_court": form.cleaned_data.get("court") if form.is_bound else None,
            "selected_judge": form.cleaned_data.get("judge") if form.is_bound else None,
            "selected_division": form.cleaned_data.get("division") if form.is_bound else None,
            "judges": list(selectors.case_filter_judges(user=user)) if user.requires_two_factor else [],
            "divisions": _division_choices(request, form),
            "options": {name: _choice_options(form, name) for name in ("state", "kind", "period", "tag")},
        },
    )


# What the case page (its panels included) asks the permission table about the case: answered in one query.
CASE_PAGE_CHECKS = (
    (Resource.CASE_PARTY_PII, Action.VIEW),
    (Resource.CASE, Action.CHANGE),
    (Resource.CASE, Action.ASSIGN),
    (Resource.CASE_TEAM, Action.CHANGE),
    (Resource.CASE_TEAM, Action.APPROVE),
    (Resource.DOSSIER, Action.VIEW),
    (Resource.ASSIGNMENT, Action.VIEW),
    (Resource.SERVICE, Action.VIEW),
    (Resource.SERVICE, Action.CHANGE),
    (Resource.DOCUMENT, Action.VIEW),  # the documents tab (documents app)
    (Resource.DOCUMENT, Action.CHANGE),
    # the hearings panel (its tab and its scheduling form) and the assistant tab (similar cases): no query of their own
    (Resource.HEARING, Action.VIEW),
    (Resource.HEARING, Action.CHANGE),
    (Resource.CASE, Action.VIEW),
)


# The tabs rendered only when asked (ADR 0025, issue 15): the page renders the open one (`?tab=`) and the cheap
# ones; each of these holds a placeholder that app.js replaces with `cases:tab`'s fragment when the tab is first shown.
LAZY_TABS = ("team", "hearings", "assistant", "documents")
CASE_TABS = ("overview", "parties", "timeline", "assignment", *LAZY_TABS, "actions")


def _case_for_page(request: HttpRequest, case_id: int) -> tuple[User, Case]:
    """The case (404 if this person may not see it) and the page's permission questions asked in one query."""
    user = _person(request)
    # one query for the case and the page's questions (ADR 0025; the questions were a query of their own before)
    case = selectors.case_get_for_page(case_id=case_id, user=user, checks=CASE_PAGE_CHECKS)
    return user, case


def _tab_context(*, user: User, case: Case, tab: str) -> dict[str, Any]:
    """What the lazy tab `tab`'s panel needs beyond the case: computed only when that tab is rendered."""
    if tab == "team":
        team = selectors.case_team_current(case=case)
        can_form_team = allows(user=user, resource=Resource.CASE_TEAM, action=Action.CHANGE, obj=case)
        return {
            "team": team,
            "team_history": selectors.case_team_history(case=case)[:50],
            "can_form_team": can_form_team,
            "team_choices": selectors.case_team_choices(case=case) if can_form_team else None,
            "team_panel_ids": {m.user_id for m in team if m.role == "panel_judge"},
            "team_presiding_id": next((m.user_id for m in team if m.presiding), None),
            "team_designator_id": next((m.designated_by_id for m in team if m.presiding), None),
            "may_designate": allows(user=user, resource=Resource.CASE_TEAM, action=Action.APPROVE, obj=case),
        }
    if tab == "documents":
        return {"can_read_dossier": allows(user=user, resource=Resource.DOSSIER, action=Action.VIEW, obj=case)}
    return {}


@login_required
@personal_data
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _case_for_page(request, case_id)
    show_pii = selectors.case_may(user=user, case=case, action=Action.VIEW, resource=Resource.CASE_PARTY_PII)
    parties = list(selectors.case_parties(case=case))
    if show_pii:  # 个人信息保护法: every view of personal data is logged with who, when, why (a row per party)
        personal_data_reads_record(
            actor=user,
            reads=[(f"person:{party.person_id}", party.person) for party in parties],
            reason=_("办理案件 %(number)s 查阅当事人信息") % {"number": case.number},
            request=request,
        )
    types = [t for t in request.GET.getlist("event") if t]
    can_change = selectors.case_may(user=user, case=case, action=Action.CHANGE)
    can_assign = selectors.case_may(user=user, case=case, action=Action.ASSIGN)
    adjustments = trial_period_adjustment_list(case_id=case.pk)
    powers = list(selectors.powers_of_attorney_for_case(case=case, user=user))
    # the requests and the forms are on the actions tab alone, which only those who may change or assign have
    actions = can_change or can_assign
    requests = approval_requests_for_case(case=case) if actions else []
    pending = [r for r in requests if r.state == "pending"]
    tab = request.GET.get("tab", "overview")
    if (
        tab not in CASE_TABS
        or (tab == "actions" and not (can_change or can_assign))
        or (tab == "assistant" and not permits(user=user, resource=Resource.CASE_LIBRARY, action=Action.VIEW))
    ):
        tab = "overview"  # a link to a tab this person does not have opens the first one, never a blank page
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "parties": parties,
            "show_pii": show_pii,
            "timeline": selectors.case_timeline(case=case, types=types),
            "event_filter": types,
            "period": selectors.case_trial_period(case=case, adjustments=adjustments),
            "adjustments": adjustments,
            "deduction_options": deduction_options(case_kind=case.kind, procedure=case.procedure) if actions else [],
            "assignments": selectors.case_assignments(case=case),
            "tags": case.supervision_tags.filter(removed_at__isnull=True),  # kind and reason shown: no join
            "can_change": can_change,
            "can_assign": can_assign,
            "transitions": allowed_targets(case.state) if can_change else [],
            "closing_needed": CaseState.CLOSED,
            "state_labels": STATE_LABELS,
            "transition_form": TransitionForm() if actions else None,
            "designate_form": DesignateForm() if actions else None,
            "tag_form": TagForm() if actions else None,
            "tag_kinds": SupervisionTag.Kind.choices,
            "judges": users_with_role(role=Role.JUDGE, court=case.court) if can_assign else [],
            "tab": tab,
            "open_deductions": [
                a
                for a in adjustments
                if a.deduction is not None and not a.deduction.entered_by_suspension and a.ended_on is None
            ],
            "approval_requests": requests,
            "pending_extension": next((r for r in pending if r.kind == "extension"), None),
            "pending_assignment": next((r for r in pending if r.kind != "extension"), None),
            "extension_form": ExtensionForm() if actions else None,
            "can_inspect_assignment": user_is_person(user) and assignment_may_inspect(user=user, case=case),
            "today": timezone.localdate(),
            # asked only when there is something to ask about: representatives on the parties tab, a pending power
            "may_end_representation": (
                selectors.representations_user_may_end(user=user, case=case)
                if any(p.representatives.all() for p in parties)
                else set()
            ),
            "representation_end_form": RepresentationEndForm(),
            "powers": powers,
            "reviewable_powers": set(
                selectors.powers_of_attorney_for_case(case=case, user=user, action=Action.APPROVE)
                .filter(pk__in=[pw.pk for pw in powers if pw.state == "pending"])
                .values_list("pk", flat=True)
            )
            if any(pw.state == "pending" for pw in powers)
            else set(),
            **(_tab_context(user=user, case=case, tab=tab) if tab in LAZY_TABS else {}),
        },
    )


@login_required
@require_GET
@personal_data
def case_tab(request: HttpRequest, case_id: int, tab: str) -> HttpResponse:
    """One lazy tab's panel of the case page (the same include the page renders when the tab is open), fetched by
    app.js when the tab is first shown; the same checks as the page: 404 for a case this person may not see."""
    user, case = _case_for_page(request, case_id)
    if tab not in LAZY_TABS:
        raise Http404
    if tab == "assistant" and not permits(user=user, resource=Resource.CASE_LIBRARY, action=Action.VIEW):
        raise Http404  # the page offers no such tab to this person
    context = {"case": case, "tab": tab, **_tab_context(user=user, case=case, tab=tab)}
    return render(request, f"cases/panels/case_{tab}.html", context)


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
def case_assignment_request(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask for a designated assignment or a change of judge; the rules route it to its approver's queue."""
    user = request.user
    if not user_is_person(user):  # login_required lets only a signed-in person through
        raise PermissionDenied
    case = selectors.case_get_for_user(case_id=case_id, user=user, action=Action.ASSIGN)
    form = DesignateForm(request.POST)
    if not form.is_valid():
        return _form_error(request, case_id, form)
    judge = user_get(user_id=form.cleaned_data["judge"])
    if judge is None:
        messages.error(request, _("所选法官不存在。"))
        return redirect(f"{reverse('cases:detail', args=[case_id])}?tab=actions")
    flash_action(
        request,
        lambda: services_approvals.assignment_request(
            case=case, actor=user, judge=judge, reason=form.cleaned_data["reason"]
        ),
        _("申请已提交，待审批人批准后生效；审批结果将通知您。"),
    )
    return redirect(f"{reverse('cases:detail', args=[case_id])}?tab=actions")


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


@login_required
@require_POST
def case_team(request: HttpRequest, case_id: int) -> HttpResponse:
    """Form the case's team (组成审判团队) from the case page; the service checks who may and who can be chosen."""
    user = _person(request)
    case = selectors.case_get_for_user(case_id=case_id, user=user)
    back = f"{reverse('cases:detail', args=[case_id])}?tab=team"
    choices = selectors.case_team_choices(case=case)
    form = TeamForm(request.POST, judge_ids=[u.pk for u in choices.judges])
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect(back)
    d = form.cleaned_data
    people = {}
    for key in ("assistant", "clerk", "presiding", "designated_by"):
        if d[key] is not None:
            people[key] = user_get(user_id=d[key])
            if people[key] is None:
                messages.error(request, _("所选人员不存在。"))
                return redirect(back)
    judges = {u.pk: u for u in choices.judges}
    flash_action(
        request,
        lambda: services.case_team_set(
            case=case,
            actor=user,
            assistant=people.get("assistant"),
            clerk=people.get("clerk"),
            panel=[judges[pk] for pk in d["panel"]],
            presiding=people.get("presiding"),
            designated_by=people.get("designated_by"),
        ),
        _("审判团队已确定，已记入案件时间线。"),
    )
    return redirect(back)


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
def case_extension_request(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask to extend the trial period; the rules name the approver and refuse what the law does not allow."""
    user = request.user
    if not user_is_person(user):  # login_required lets only a signed-in person through
        raise PermissionDenied
    case = selectors.case_get_for_user(case_id=case_id, user=user, action=Action.CHANGE)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, case_id, form)
    d = form.cleaned_data
    flash_action(
        request,
        lambda: services_approvals.extension_request(
            case=case,
            actor=user,
            reason=d["reason"],
            months=d["months"] or 0,
            days=d["days"] or 0,
            approver_level=d["approver_level"] or None,
        ),
        _("延长审限申请已提交，待审批人批准后审限才会延长；审批结果将通知您。"),
    )
    return redirect(f"{reverse('cases:detail', args=[case_id])}?tab=actions")


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


@login_required
@require_POST
def power_of_attorney_review(request: HttpRequest, case_id: int, power_id: int) -> HttpResponse:
    """The court's review of a power of attorney (审查授权委托书) from the case's parties tab."""
    user = _person(request)
    case = selectors.case_get_for_user(case_id=case_id, user=user)
    power = selectors.power_of_attorney_get_for_user(case=case, power_id=power_id, user=user, action=Action.APPROVE)
    form = PowerOfAttorneyReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
    else:
        accept = form.cleaned_data["decision"] == "accept"
        flash_action(
            request,
            lambda: services.power_of_attorney_review(
                power=power, actor=user, accept=accept, note=form.cleaned_data["note"] or ""
            ),
            _("已接受授权委托书：代理人自今日起可查阅本案和电子卷宗。")
            if accept
            else _("已决定不予接受，并通知委托人和律师。"),
        )
    return redirect(f"{reverse('cases:detail', args=[case_id])}?tab=parties")


@login_required
@require_GET
def power_of_attorney_document(request: HttpRequest, case_id: int, power_id: int) -> HttpResponse:
    """The signed power of attorney, for the party who submitted it and the case's team (read logged)."""
    user = _person(request)
    case = selectors.case_get_for_user(case_id=case_id, user=user)
    power = selectors.power_of_attorney_get_for_user(case=case, power_id=power_id, user=user)
    document = selectors.power_of_attorney_content(power_id=power.pk)
    if document is None:
        raise PermissionDenied
    audit_record(
        actor=user,
        action=AuditAction.CASE_POWER_OF_ATTORNEY_READ,
        target=case,
        kind="read",
        data_subject=f"person:{power.party.person_id}",
        reason=_("审查或查阅授权委托书"),
        request=request,
        extra={"power_of_attorney": power.pk},
    )
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(document.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
