"""Hearing pages: the calendars (court, room, judge, remote site — day or week), a lawyer's or party's own calendar
across courts with its iCalendar export, a hearing's page with its actions, scheduling from the case page, remote
sites, escort requests and the figures. Thin: a selector, a service, a template."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartcourt.cases.selectors import case_get_for_user
from smartcourt.core.errors import ApplicationError
from smartcourt.core.params import int_param
from smartcourt.core.privacy import personal_data
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import court_list_by_ids, room_list, user_is_person, users_with_role
from smartcourt.legaltime.rules.deadlines import date_parse

from . import selectors, selectors_async, services, services_notices, views_transcript
from .forms import (
    HeldForm,
    NoteForm,
    PostponeForm,
    RescheduleForm,
    ScheduleForm,
    SiteForm,
    SiteStaffForm,
    aware,
    set_choices,
)
from .ics import calendar_ics
from .models import HearingChange, HearingStatus, ParticipantKind
from .rules import notice as N

if TYPE_CHECKING:
    from smartcourt.courts.models import User

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def _person(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


def _day(request: HttpRequest) -> date:
    text = request.GET.get("date", "")
    if not text:
        return timezone.localdate()
    try:
        return date_parse(text, field_label="日期")
    except ApplicationError:
        messages.error(request, _("日期格式应为 YYYY-MM-DD，已显示今天。"))
        return timezone.localdate()


def _span(day: date, view: str) -> tuple[date, date]:
    if view == "day":
        return day, day
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


# --- calendars -----------------------------------------------------------------------------------------------------


def _calendar(request: HttpRequest, *, room_id: int | None = None, judge_id: int | None = None) -> HttpResponse:
    user = _person(request)
    court_ids = selectors.calendar_courts(user=user)
    if not court_ids:
        raise PermissionDenied(_("您没有查看法院庭审日历的权限。"))
    courts = list(court_list_by_ids(court_ids=court_ids).order_by("path"))
    court_id = int_param(request.GET.get("court"), default=None, min_value=1)
    if court_id not in court_ids:
        court_id = next((c.pk for c in courts if c.pk in {g.court_id for g in user.grants.all()}), courts[0].pk)
    rooms = list(room_list(court=court_id))
    judges = list(users_with_role(role=Role.JUDGE, court=court_id))  # type: ignore[arg-type]
    sites = list(selectors.remote_sites_for_court(court_id=court_id))
    if room_id is not None and room_id not in {r.pk for r in rooms}:
        raise Http404  # a room page of a room this calendar does not have (or an id past 64 bits)
    if judge_id is not None and judge_id not in {j.pk for j in judges} and judge_id != user.pk:
        raise Http404
    room_id = room_id or int_param(request.GET.get("room"), default=None, min_value=1)
    judge_id = judge_id or int_param(request.GET.get("judge"), default=None, min_value=1)
    if room_id and room_id not in {r.pk for r in rooms}:
        room_id = None  # a filter left from another court: the whole court instead
    if judge_id and judge_id not in {j.pk for j in judges} and judge_id != user.pk:
        judge_id = None
    view = "day" if request.GET.get("view") == "day" else "week"
    day = _day(request)
    first, last = _span(day, view)
    rows = selectors.calendar_hearings(
        user=user, first=first, last=last,
        filters=selectors.CalendarFilter(court_id=court_id, room_id=room_id, judge_id=judge_id),
    )  # fmt: skip
    days = []
    for i in range((last - first).days + 1):
        d = first + timedelta(days=i)
        days.append({"date": d, "weekday": WEEKDAYS[d.weekday()], "today": d == timezone.localdate(),
                     "hearings": [h for h in rows if timezone.localtime(h.starts_at).date() == d]})  # fmt: skip
    step = 1 if view == "day" else 7
    room = next((r for r in rooms if r.pk == room_id), None)
    judge = next((j for j in judges if j.pk == judge_id), None) or (user if judge_id == user.pk else None)
    return render(
        request,
        "hearings/calendar.html",
        {
            "courts": courts, "court_id": court_id, "rooms": rooms, "judges": judges, "sites": sites,
            "room": room, "judge": judge, "room_id": room_id, "judge_id": judge_id, "view": view, "day": day,
            "first": first, "last": last, "days": days, "count": len(rows),
            "prev": (day - timedelta(days=step)).isoformat(), "next": (day + timedelta(days=step)).isoformat(),
            "today": timezone.localdate().isoformat(),
        },
    )  # fmt: skip


@login_required
@require_GET
@personal_data
def calendar(request: HttpRequest) -> HttpResponse:
    """The court's calendar (法院庭审日历), narrowed to a room or a judge by the filters; day or week."""
    return _calendar(request)


@login_required
@require_GET
@personal_data
def room_calendar(request: HttpRequest, room_id: int) -> HttpResponse:
    return _calendar(request, room_id=room_id)


@login_required
@require_GET
@personal_data
def judge_calendar(request: HttpRequest, user_id: int) -> HttpResponse:
    return _calendar(request, judge_id=user_id)


@login_required
@require_GET
@personal_data
def my_calendar(request: HttpRequest) -> HttpResponse:
    """A lawyer's or party's own sessions in every court (我的庭审), with the iCalendar export."""
    user = _person(request)
    today = timezone.localdate()
    rows = selectors.my_hearings(user=user, since=today - timedelta(days=30))
    upcoming = [h for h in rows if timezone.localtime(h.ends_at).date() >= today]
    past = [h for h in rows if timezone.localtime(h.ends_at).date() < today]
    rounds = selectors_async.my_open_rounds(user=user)
    return render(request, "hearings/mine.html", {"upcoming": upcoming, "past": past[::-1], "async_rounds": rounds})


@login_required
@require_GET
@personal_data
def my_calendar_ics(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    rows = selectors.my_hearings(user=user, since=timezone.localdate() - timedelta(days=90))
    seqs = dict(
        HearingChange.objects.filter(hearing__in=[h.pk for h in rows]).values("hearing_id").annotate(n=Count("pk"))
        .values_list("hearing_id", "n")
    )  # fmt: skip
    body = calendar_ics(hearings=rows, name=_("我的庭审"), sequences={k: max(v - 1, 0) for k, v in seqs.items()})
    audit_record(actor=user, action=AuditAction.HEARING_CALENDAR_EXPORT, kind="read", extra={"hearings": len(rows)})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hearings.ics"'
    return response


# --- one hearing -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
@personal_data
def hearing_detail(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _person(request)
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user)
    case = hearing.case
    can_change = selectors.hearing_may(user=user, case=case, action=Action.CHANGE)
    staff_view = allows(user=user, resource=Resource.SERVICE, action=Action.VIEW, obj=case)
    participants = selectors.hearing_participants(hearing=hearing)
    notices = selectors.appearance_notices_current(hearing=hearing)
    for p in participants:
        p.appearance = notices.get(p.pk)  # type: ignore[attr-defined]
    rooms = [(r.pk, r.name) for r in room_list(court=case.court_id)]
    rule = N.notice_rule_for(hearing_kind=hearing.kind, case_kind=case.kind, procedure=case.procedure)
    # links only where they open: a lawyer reads the session but not the court's calendars or sites, the police
    # read the court's calendar but not the case
    links = {
        "can_view_case": allows(user=user, resource=Resource.CASE, action=Action.VIEW, obj=case),
        "can_calendar": hearing.court_id in selectors.calendar_courts(user=user),
        "can_view_sites": hearing.court_id
        in grant_courts(user=user, resource=Resource.REMOTE_SITE, action=Action.VIEW),
        "ended": hearing.ends_at <= timezone.now(),
        "can_transcript": views_transcript.transcript_visible(user=user, hearing=hearing, can_change=can_change),
    }
    return render(
        request,
        "hearings/detail.html",
        {
            **links,
            "hearing": hearing, "case": case, "bench": selectors.hearing_bench(hearing=hearing),
            "participants": participants, "changes": selectors.hearing_changes(hearing=hearing),
            "escorts": selectors.hearing_escorts(hearing=hearing), "can_change": can_change,
            "staff_view": staff_view, "notice_rule": rule,
            "appearance_open": any(n.state in ("pending", "no_contact") for n in notices.values()),
            "appearance_basis": N.CRIMINAL if case.kind == "criminal" else N.CIVIL,
            "missing_summons": [p for p in participants if p.kind == ParticipantKind.PARTY and not p.summons_task_id],
            "reschedule_form": RescheduleForm(rooms=rooms) if can_change else None,
            "postpone_form": PostponeForm(case=case) if can_change else None,
            "cancel_form": NoteForm() if can_change else None,
            "held_form": HeldForm(initial={
                "day": timezone.localtime(hearing.starts_at).date(),
                "start": timezone.localtime(hearing.starts_at).time(), "end": timezone.localtime(hearing.ends_at).time(),
            }) if can_change else None,
            "next_hearing": getattr(hearing, "next", None) if hearing.status == HearingStatus.POSTPONED else None,
        },
    )  # fmt: skip


def _back(hearing_id: int) -> HttpResponse:
    return redirect("hearings:detail", hearing_id=hearing_id)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)


SCHEDULE_FIELDS = ("kind", "mode", "room", "day", "start", "end", "presiding", "clerk", "site", "witnesses",
                   "interpreter", "interpreter_language", "public", "not_public_reason", "rest_day_confirmed", "notes")  # fmt: skip


def _schedule_draft_keep(request: HttpRequest, case_id: int) -> None:
    """Keep what the clerk typed after a refusal, for the case page's form to show again (one page view)."""
    draft: dict[str, Any] = {k: request.POST.get(k, "")[:300] for k in SCHEDULE_FIELDS}
    draft["panel"] = [v[:20] for v in request.POST.getlist("panel")[:10]]
    request.session[f"hearings.schedule_draft.{case_id}"] = draft


@login_required
@require_POST
def schedule(request: HttpRequest, case_id: int) -> HttpResponse:
    """The scheduling form of the case page (排期): refusals come back as the case page's flash messages."""
    user = _person(request)
    case = case_get_for_user(case_id=case_id, user=user)
    back = f"{reverse('cases:detail', args=[case.pk])}?tab=hearings"
    if not selectors.hearing_may(user=user, case=case, action=Action.CHANGE):
        raise PermissionDenied(_("您不能为本案排期。"))
    form = ScheduleForm(request.POST, choices=selectors.schedule_choices(case=case))
    if not form.is_valid():
        _form_errors(request, form)
        _schedule_draft_keep(request, case.pk)
        return redirect(back)
    d = form.cleaned_data
    extra = [
        services.ParticipantIn(kind=ParticipantKind.WITNESS, name=n.strip())
        for n in d["witnesses"].replace(",", "、").replace("，", "、").split("、") if n.strip()
    ]  # fmt: skip
    if d["interpreter"].strip():
        extra.append(services.ParticipantIn(kind=ParticipantKind.INTERPRETER, name=d["interpreter"],
                                            language=d["interpreter_language"]))  # fmt: skip
    data = services.HearingIn(
        kind=d["kind"], mode=d["mode"], starts_at=d["starts_at"], ends_at=d["ends_at"], presiding_id=d["presiding"],
        room_id=d["room"], panel_ids=tuple(d["panel"]), clerk_id=d["clerk"], site_id=d["site"],
        extra_participants=tuple(extra), public=d["public"], not_public_reason=d["not_public_reason"],
        notes=d["notes"], rest_day_confirmed=d["rest_day_confirmed"],
    )  # fmt: skip
    try:
        result = services.hearing_schedule(case=case, data=data, actor=user)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        _schedule_draft_keep(request, case.pk)
        return redirect(back)
    messages.success(request, _("已排期：%(when)s。传票已交送达中心送达。") % {
        "when": timezone.localtime(result.hearing.starts_at).strftime("%Y-%m-%d %H:%M")})  # fmt: skip
    for w in result.warnings:
        messages.warning(request, w)
    return redirect("hearings:detail", hearing_id=result.hearing.pk)


@login_required
@require_POST
def reschedule(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _person(request)
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=Action.CHANGE)
    form = RescheduleForm(request.POST, rooms=[(r.pk, r.name) for r in room_list(court=hearing.court_id)])
    if not form.is_valid():
        _form_errors(request, form)
        return _back(hearing_id)
    d = form.cleaned_data
    flash_action(
        request,
        lambda: services.hearing_reschedule(
            hearing=hearing,
            actor=user,
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            room_id=d["room"],
            note=d["note"],
            rest_day_confirmed=d["rest_day_confirmed"],
        ),
        _("已改期，原传票已撤销，新传票已交送达。"),
    )
    return _back(hearing_id)


@login_required
@require_POST
def postpone(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _person(request)
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=Action.CHANGE)
    form = PostponeForm(request.POST, case=hearing.case)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(hearing_id)
    d = form.cleaned_data
    try:
        result = services.hearing_postpone(
            hearing=hearing, actor=user, reason=d["reason"], note=d["note"], session_held=d["session_held"],
            on_party_application=d["on_party_application"], parties_agree=d["parties_agree"],
            president_approval=d["president_approval"], next_starts_at=d.get("next_starts_at"),
            next_ends_at=d.get("next_ends_at"), rest_day_confirmed=d["rest_day_confirmed"],
        )  # fmt: skip
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return _back(hearing_id)
    messages.success(request, _("已延期开庭。") + result.clock)
    return _back(result.next_hearing.pk if result.next_hearing else hearing_id)


@login_required
@require_POST
def cancel(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _person(request)
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=Action.CHANGE)
    form = NoteForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(hearing_id)
    flash_action(request, lambda: services.hearing_cancel(hearing=hearing, actor=user, note=form.cleaned_data["note"]),
                 _("庭审已取消。"))  # fmt: skip
    return _back(hearing_id)


@login_required
@require_POST
def record_held(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _person(request)
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=Action.CHANGE)
    form = HeldForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(hearing_id)
    d = form.cleaned_data
    flash_action(
        request,
        lambda: services.hearing_record_held(
            hearing=hearing, actor=user, started_at=aware(d["day"], d["start"]), ended_at=aware(d["day"], d["end"])
        ),
        _("已登记开庭完毕。"),
    )
    return _back(hearing_id)


@login_required
@require_POST
def summons_issue(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _person(request)
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=Action.CHANGE)
    flash_action(request, lambda: services.hearing_summons_issue(hearing=hearing, actor=user), _("已发出传票。"))
    return _back(hearing_id)


@login_required
@require_POST
def appearance_dispatch(request: HttpRequest, hearing_id: int) -> HttpResponse:
    """Send the appearance notices still pending, and again those that found no contact (出庭通知书)."""
    user = _person(request)
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=Action.CHANGE)
    flash_action(
        request,
        lambda: services_notices.appearance_notices_reissue(hearing=hearing, actor=user),
        _("已发出出庭通知书。"),
    )
    return _back(hearing_id)


@login_required
@require_POST
def appearance_posted(request: HttpRequest, hearing_id: int, notice_id: int) -> HttpResponse:
    user = _person(request)
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=Action.CHANGE)
    notice = selectors.appearance_notice_get(hearing=hearing, notice_id=notice_id)
    if notice is None:
        raise Http404(_("该出庭通知书不存在。"))
    flash_action(
        request,
        lambda: services_notices.appearance_notice_posted(
            notice=notice, actor=user, tracking=request.POST.get("tracking", "")
        ),
        _("已登记邮寄。"),
    )
    return _back(hearing_id)


# --- remote sites ----------------------------------------------------------------------------------------------------


@login_required
@personal_data
def sites(request: HttpRequest) -> HttpResponse:
    """The court's remote sites (驻所科技法庭、共享法庭); trial management sets them up."""
    user = _person(request)
    rows = list(
        selectors.remote_sites_visible_to(user=user).select_related("court").order_by("court__path", "kind", "name")
    )
    change_courts = sorted(grant_courts(user=user, resource=Resource.REMOTE_SITE, action=Action.CHANGE))
    if (
        not rows
        and not change_courts
        and not grant_courts(user=user, resource=Resource.REMOTE_SITE, action=Action.VIEW)
    ):
        raise PermissionDenied(_("您没有查看远程庭审场所的权限。"))
    courts = [(c.pk, c.name) for c in court_list_by_ids(court_ids=change_courts)]
    form = SiteForm(request.POST or None)
    set_choices(form, "court", courts)
    if request.method == "POST":
        if not change_courts:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                site = services.remote_site_create(
                    court_id=d["court"], kind=d["kind"], name=d["name"], host=d["host"], actor=user,
                    address=d["address"], phone=d["phone"],
                )  # fmt: skip
            except ApplicationError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("已设立：%(name)s") % {"name": site.name})
                return redirect("hearings:site", site_id=site.pk)
        else:
            _form_errors(request, form)
    return render(request, "hearings/sites.html", {"sites": rows, "form": form if change_courts else None})


@login_required
@personal_data
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    """A remote site's own schedule (day/week) and its staff."""
    user = _person(request)
    site = selectors.remote_site_get_for_user(site_id=site_id, user=user)
    can_change = allows(user=user, resource=Resource.REMOTE_SITE, action=Action.CHANGE, obj=site)
    form = SiteStaffForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            flash_action(request, lambda: services.remote_site_staff_add(site=site, actor=user, name=d["name"],
                                                                          duty=d["duty"], phone=d["phone"]),
                         _("已增加工作人员。"))  # fmt: skip
            return redirect("hearings:site", site_id=site.pk)
        _form_errors(request, form)
    view = "day" if request.GET.get("view") == "day" else "week"
    day = _day(request)
    first, last = _span(day, view)
    visible = {h.pk for h in selectors.hearing_visible_to(user=user).filter(participants__remote_site=site)}
    rows = selectors.site_hearings(site=site, first=first, last=last)
    step = 1 if view == "day" else 7
    return render(
        request,
        "hearings/site.html",
        {
            "site": site, "staff": site.staff.select_related("user").order_by("duty", "name"), "rows": rows,
            "visible": visible, "can_change": can_change, "form": form if can_change else None, "view": view,
            "first": first, "last": last, "prev": (day - timedelta(days=step)).isoformat(),
            "next": (day + timedelta(days=step)).isoformat(),
        },
    )  # fmt: skip


# --- escorts and figures ---------------------------------------------------------------------------------------------


@login_required
@require_GET
@personal_data
def escorts(request: HttpRequest) -> HttpResponse:
    """The court police's escort requests (提押申请)."""
    user = _person(request)
    if not grant_courts(user=user, resource=Resource.ESCORT, action=Action.VIEW):
        raise PermissionDenied(_("只有司法警察可以查看提押申请。"))
    state = request.GET.get("state", "requested")
    state = state if state in ("requested", "acknowledged", "cancelled", "all") else "requested"
    rows = selectors.escorts_visible_to(user=user, state=None if state == "all" else state)[:200]
    return render(request, "hearings/escorts.html", {"escorts": rows, "state": state})


@login_required
@require_POST
def escort_acknowledge(request: HttpRequest, escort_id: int) -> HttpResponse:
    user = _person(request)
    escort = selectors.escort_get_for_user(escort_id=escort_id, user=user)
    flash_action(request, lambda: services.escort_acknowledge(escort=escort, actor=user), _("已确认提押。"))
    return redirect("hearings:escorts")


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """Hearing figures of the courts whose calendar the person reads (庭审统计)."""
    user = _person(request)
    court_ids = selectors.calendar_courts(user=user)
    if not court_ids:
        raise PermissionDenied(_("您没有查看庭审统计的权限。"))
    today = timezone.localdate()
    first = today.replace(month=1, day=1)
    stats = selectors.hearing_statistics(court_ids=court_ids, first=first, last=today)
    return render(request, "hearings/stats.html", {"stats": stats, "first": first, "last": today})
