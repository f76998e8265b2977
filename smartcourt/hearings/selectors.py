"""Reads of hearings: a case's sessions, the calendars (court, room, judge, remote site, a lawyer's own across every
court), the conflicts a booking would cause, the public hearing notices and the statistics. Every list reads the
one permission table through `hearing_visible_to`, so a calendar, a page and the API agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smartcourt.cases.selectors import case_visible_to
from smartcourt.core.errors import Forbidden, NotFound
from smartcourt.courts.noticeboard import HearingNotice
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts, visible_q

from .models import (
    ACTIVE_STATUSES,
    AppearanceNotice,
    EscortRequest,
    EscortState,
    Hearing,
    HearingBench,
    HearingChange,
    HearingChangeKind,
    HearingKind,
    HearingMode,
    HearingParticipant,
    HearingStatus,
    ParticipantKind,
    RemoteSite,
)
from .rules.booking import Clash
from .rules.postponement import PostponementReason

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser

    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User

HEARING_RELATED = ("case", "court", "room", "clerk", "case__cause")


def hearing_visible_to(*, user: User | AnonymousUser, action: Action = Action.VIEW) -> QuerySet[Hearing]:
    """The hearings of the cases on which the table gives `user` `action` on HEARING."""
    cases = case_visible_to(user=user, action=action, resource=Resource.HEARING)  # type: ignore[arg-type]
    return Hearing.objects.filter(case_id__in=cases.values("pk"))


def hearing_get_for_user(*, hearing_id: int, user: User, action: Action = Action.VIEW) -> Hearing:
    """The hearing if `user` may see it; a missing hearing and a hidden one raise the same NotFound."""
    hearing = hearing_visible_to(user=user).select_related(*HEARING_RELATED).filter(pk=hearing_id).first()
    if hearing is None:
        raise NotFound()
    if action != Action.VIEW and not hearing_may(user=user, case=hearing.case, action=action):
        raise Forbidden()
    return hearing


def hearing_may(*, user: User | AnonymousUser, case: Case, action: Action) -> bool:
    return allows(user=user, resource=Resource.HEARING, action=action, obj=case)


def hearings_for_case(*, case: Case) -> QuerySet[Hearing]:
    """Every session of the case, in time order (the caller has checked that the user may see the case's hearings)."""
    return (
        Hearing.objects.filter(case=case)
        .select_related(*HEARING_RELATED)
        .prefetch_related("bench__user", "participants__remote_site")
        .order_by("starts_at", "pk")
    )


def hearing_bench(*, hearing: Hearing) -> list[HearingBench]:
    return sorted(hearing.bench.select_related("user"), key=lambda b: (not b.presiding, b.pk))


def hearing_participants(*, hearing: Hearing) -> list[HearingParticipant]:
    order = list(ParticipantKind.values)
    rows = hearing.participants.select_related("remote_site", "summons_task", "party", "user")
    return sorted(rows, key=lambda p: (order.index(p.kind), p.pk))


def hearing_changes(*, hearing: Hearing) -> QuerySet[HearingChange]:
    """The history of the hearing's date, with the hearings it was postponed from (oldest first)."""
    chain = [hearing.pk]
    prev = hearing.previous_id
    while prev is not None and len(chain) < 20:
        chain.append(prev)
        prev = Hearing.objects.filter(pk=prev).values_list("previous_id", flat=True).first()
    return HearingChange.objects.filter(hearing_id__in=chain).select_related("actor").order_by("occurred_at", "pk")


def appearance_notices_current(*, hearing: Hearing) -> dict[int, AppearanceNotice]:
    """Each participant's latest appearance notice (出庭通知书) of this hearing."""
    out: dict[int, AppearanceNotice] = {}
    for n in AppearanceNotice.objects.filter(hearing=hearing).select_related("service_task").order_by("pk"):
        out[n.participant_id] = n
    return out


def appearance_notice_get(*, hearing: Hearing, notice_id: int) -> AppearanceNotice | None:
    return AppearanceNotice.objects.select_related("participant").filter(hearing=hearing, pk=notice_id).first()


def hearing_escorts(*, hearing: Hearing) -> QuerySet[EscortRequest]:
    return EscortRequest.objects.filter(hearing=hearing).select_related("participant", "acknowledged_by")


# --- calendars -------------------------------------------------------------------------------------------------------


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, last+1 00:00) in the court's time zone."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )


def calendar_courts(*, user: User) -> list[int]:
    """The courts whose whole calendar `user` reads (a court-wide HEARING/VIEW grant)."""
    return sorted(grant_courts(user=user, resource=Resource.HEARING, action=Action.VIEW))


@dataclass(frozen=True)
class CalendarFilter:
    court_id: int | None = None
    room_id: int | None = None
    judge_id: int | None = None
    site_id: int | None = None


def calendar_hearings(
    *, user: User, first: date, last: date, filters: CalendarFilter | None = None, include_inactive: bool = True
) -> list[Hearing]:
    """The hearings between `first` and `last` (inclusive) that `user` may see, narrowed by `filters`."""
    f = filters or CalendarFilter()
    start, end = day_bounds(first, last)
    qs = hearing_visible_to(user=user).filter(starts_at__lt=end, ends_at__gt=start)
    if f.court_id:
        qs = qs.filter(court_id=f.court_id)
    if f.room_id:
        qs = qs.filter(room_id=f.room_id)
    if f.judge_id:
        qs = qs.filter(Q(bench__user_id=f.judge_id) | Q(clerk_id=f.judge_id))
    if f.site_id:
        qs = qs.filter(participants__remote_site_id=f.site_id)
    if not include_inactive:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    return list(
        qs.distinct()
        .select_related(*HEARING_RELATED)
        .prefetch_related("bench__user", "participants__remote_site")
        .order_by("starts_at", "pk")[:2000]
    )


def hearings_on_bench(*, user: User, first: date, last: date, limit: int = 8) -> tuple[list[Hearing], int]:
    """The active sessions between `first` and `last` (inclusive) where `user` sits on the bench or is the clerk,
    that the table lets them see: the first `limit` in time order (with case and room) and how many there are. Two
    queries of the person's own sessions — not the court's whole calendar filtered in Python (ADR 0025)."""
    start, end = day_bounds(first, last)
    own = (
        hearing_visible_to(user=user)
        .filter(starts_at__lt=end, ends_at__gt=start, status__in=ACTIVE_STATUSES)
        .filter(Q(bench__user_id=user.pk) | Q(clerk_id=user.pk))
    )
    hearings = Hearing.objects.filter(pk__in=own.values("pk"))
    # the workbench's week panel (the only caller) shows time, kind, mode, case number and room name: those columns
    shown = ("starts_at", "kind", "mode", "status", "case__number", "room__name")
    rows = list(hearings.select_related("case", "room").only(*shown).order_by("starts_at", "pk")[:limit])
    return rows, (len(rows) if len(rows) < limit else hearings.count())


def _mine_q(user: User) -> Q:
    """Sessions where `user` is called by account, or where the party they are (or represent today) is called."""
    from smartcourt.cases.selectors import parties_represented_by

    mine = Q(participants__user=user) | Q(participants__party__person__user=user)
    return mine | Q(participants__party_id__in=parties_represented_by(user=user).values("pk"))


def my_hearings(*, user: User, since: date | None = None, until: date | None = None) -> list[Hearing]:
    """A lawyer's or a party's own sessions across every court: where they are called by account, or where the
    party they are (or represent today) is called — only on cases the table lets them see."""
    qs = hearing_visible_to(user=user).filter(_mine_q(user))
    if since is not None:
        qs = qs.filter(ends_at__gte=day_bounds(since, since)[0])
    if until is not None:
        qs = qs.filter(starts_at__lt=day_bounds(until, until)[1])
    return list(qs.distinct().select_related(*HEARING_RELATED).order_by("starts_at", "pk")[:1000])


def my_hearings_upcoming(*, user: User, since: date, limit: int = 6) -> tuple[list[Hearing], int]:
    """The active sessions of `my_hearings` from `since` on, for the workbench panel: the first `limit` in time order
    with the columns the panel shows (time, mode, court, case number) and how many there are. The person's sessions
    are picked by id in a subquery, so the rows need no DISTINCT over every joined column."""
    own = (
        hearing_visible_to(user=user)
        .filter(_mine_q(user))
        .filter(ends_at__gte=day_bounds(since, since)[0], status__in=ACTIVE_STATUSES)
        .values("pk")
    )
    hearings = Hearing.objects.filter(pk__in=own)
    shown = ("starts_at", "mode", "status", "case__number", "court__name", "court__short_name")
    rows = list(hearings.select_related("case", "court").only(*shown).order_by("starts_at", "pk")[:limit])
    return rows, (len(rows) if len(rows) < limit else hearings.count())


def hearings_of_caller(*, user: User, first: date, last: date) -> list[Hearing]:
    """The caller's own hearings between `first` and `last`: for court staff with a court-wide grant, every hearing
    of those courts; for everyone, the hearings they are called to (a lawyer's across every court)."""
    start, end = day_bounds(first, last)
    mine = {h.pk: h for h in my_hearings(user=user, since=first, until=last)}
    courts = calendar_courts(user=user)
    if courts:
        qs = (
            hearing_visible_to(user=user)
            .filter(court_id__in=courts, starts_at__lt=end, ends_at__gt=start)
            .select_related(*HEARING_RELATED)
            .order_by("starts_at", "pk")[:1000]
        )
        for h in qs:
            mine.setdefault(h.pk, h)
    return sorted(mine.values(), key=lambda h: (h.starts_at, h.pk))[:1000]


# --- conflicts -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingHolds:
    """What a booking holds (rules/booking.py): room, sites, people, licences."""

    room_id: int | None
    site_ids: frozenset[int]
    user_ids: frozenset[int]
    licences: frozenset[str]
    names: dict[str, str]  # lock key → how to name it in a refusal ("第一法庭", "审判员陈建国" …)

    def lock_keys(self) -> list[str]:
        keys = [f"user:{u}" for u in self.user_ids] + [f"site:{s}" for s in self.site_ids]
        keys += [f"licence:{n}" for n in self.licences]
        if self.room_id:
            keys.append(f"room:{self.room_id}")
        return sorted(keys)


def conflicts_find(
    *, holds: BookingHolds, starts_at: datetime, ends_at: datetime, exclude_ids: Iterable[int] = ()
) -> list[Clash]:
    """Every active booking in any court that overlaps [starts_at, ends_at) and holds something `holds` holds."""
    shared = Q(pk__in=[])
    if holds.room_id:
        shared |= Q(room_id=holds.room_id)
    if holds.user_ids:
        shared |= Q(bench__user_id__in=holds.user_ids) | Q(clerk_id__in=holds.user_ids)
        shared |= Q(participants__user_id__in=holds.user_ids)
    if holds.licences:
        shared |= Q(participants__licence_no__in=holds.licences)
    if holds.site_ids:
        shared |= Q(participants__remote_site_id__in=holds.site_ids)
    others = (
        Hearing.objects.filter(shared, status__in=ACTIVE_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk__in=list(exclude_ids))
        .distinct()
        .select_related("case", "court")
        .prefetch_related("bench", "participants")
        .order_by("starts_at")[:20]
    )
    found: list[Clash] = []
    for other in others:
        keys: set[str] = set()
        if holds.room_id and other.room_id == holds.room_id:
            keys.add(f"room:{holds.room_id}")
        people = {b.user_id for b in other.bench.all()} | ({other.clerk_id} if other.clerk_id else set())
        people |= {p.user_id for p in other.participants.all() if p.user_id}
        keys |= {f"user:{u}" for u in people & holds.user_ids}
        keys |= {f"licence:{p.licence_no}" for p in other.participants.all() if p.licence_no in holds.licences}
        keys |= {f"site:{p.remote_site_id}" for p in other.participants.all() if p.remote_site_id in holds.site_ids}
        for key in sorted(keys):
            found.append(
                Clash(
                    what=holds.names.get(key, key),
                    other_case=other.case.number,
                    other_court=other.court.name,
                    other_start=timezone.localtime(other.starts_at),
                    other_end=timezone.localtime(other.ends_at),
                )
            )
    return found


# --- public notices (开庭公告) ----------------------------------------------------------------------------------------


def _masked(name: str, kind: str) -> str:
    """A natural person's name as announced (surname + 某某), whatever its length (a long or foreign name is a
    person's name too); an organisation's name in full."""
    if kind != "natural":
        return name
    return (name[:1] + "某某") if name else ""


def hearing_notices_public(today: date, limit: int) -> list[HearingNotice]:
    """The noticeboard's source (courts.noticeboard): public trial sessions from `today` on (民诉法 Art. 139)."""
    start, _end = day_bounds(today, today)
    rows = (
        Hearing.objects.filter(
            kind=HearingKind.TRIAL, status=HearingStatus.SCHEDULED, public=True, starts_at__gte=start
        )
        .select_related("case", "court", "room", "case__cause")
        .prefetch_related("case__parties__person")
        .order_by("starts_at", "pk")[:limit]
    )
    notices = []
    for h in rows:
        parties = list(h.case.parties.all())
        claimants = [_masked(p.person.name, p.person.kind) for p in parties if p.role in _CLAIMANT_ROLES]
        others = [_masked(p.person.name, p.person.kind) for p in parties if p.role in _RESPONDENT_ROLES]
        if h.case.kind == "criminal":
            text = "被告人" + "、".join(others or claimants)
        else:
            text = "、".join(claimants) + ("诉" + "、".join(others) if others else "")
        place = h.room.name if h.room else str(HearingMode(h.mode).label)
        notices.append(
            HearingNotice(
                court=h.court.name,
                case_number=h.case.number,
                parties=text,
                # never the case title: it carries the parties' full names
                cause=h.case.cause.name if h.case.cause else h.case.get_kind_display(),
                starts_at=timezone.localtime(h.starts_at),
                place=place,
            )
        )
    return notices


_CLAIMANT_ROLES = {"plaintiff", "appellant", "applicant", "private_prosecutor", "retrial_applicant", "creditor"}
_RESPONDENT_ROLES = {"defendant", "appellee", "respondent", "accused", "debtor"}


# --- statistics -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HearingStatistics:
    held: int
    online_share: float | None  # held online or with a remote site ÷ held
    average_minutes: float | None
    one_hearing_rate: float | None  # 一次开庭率: closed cases heard exactly once ÷ closed cases heard at all
    closed_heard: int
    postponements: list[tuple[str, str, int]]  # (reason code, label, count)

    def as_dict(self) -> dict[str, Any]:
        return {
            "held": self.held,
            "online_share": self.online_share,
            "average_minutes": self.average_minutes,
            "one_hearing_rate": self.one_hearing_rate,
            "closed_heard": self.closed_heard,
            "postponements": [{"reason": r, "label": label, "count": n} for r, label, n in self.postponements],
        }


def hearing_statistics(*, court_ids: Iterable[int], first: date, last: date) -> HearingStatistics:
    """Figures for dashboards over [first, last] in the given courts: sessions held (开庭 with a recorded start and
    end), the online share, the average duration, the one-hearing conclusion rate of the cases closed in the
    period, and postponements by reason."""
    from smartcourt.cases.selectors import cases_closed_between

    ids = list(court_ids)
    start, end = day_bounds(first, last)
    held = Hearing.objects.filter(
        court_id__in=ids, status=HearingStatus.CONCLUDED, actual_started_at__gte=start, actual_started_at__lt=end
    )
    rows = list(held.values_list("mode", "actual_started_at", "actual_ended_at"))
    n = len(rows)
    online = sum(1 for mode, _a, _b in rows if mode in (HearingMode.ONLINE, HearingMode.REMOTE_SITE))
    minutes = [(b - a).total_seconds() / 60 for _m, a, b in rows if a and b and b > a]
    closed = cases_closed_between(court_ids=ids, first=first, last=last).values("pk")
    per_case = (
        Hearing.objects.filter(case_id__in=closed, kind=HearingKind.TRIAL, status=HearingStatus.CONCLUDED)
        .values("case_id")
        .annotate(n=Count("pk"))
    )
    counts = [r["n"] for r in per_case]
    by_reason = (
        HearingChange.objects.filter(
            kind=HearingChangeKind.POSTPONED, hearing__court_id__in=ids, occurred_at__gte=start, occurred_at__lt=end
        )
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")
    )
    return HearingStatistics(
        held=n,
        online_share=round(online / n, 4) if n else None,
        average_minutes=round(sum(minutes) / len(minutes), 1) if minutes else None,
        one_hearing_rate=round(sum(1 for c in counts if c == 1) / len(counts), 4) if counts else None,
        closed_heard=len(counts),
        postponements=[
            (r["reason"], PostponementReason(r["reason"]).label if r["reason"] else "", r["n"]) for r in by_reason
        ],
    )


# --- remote sites and escorts ----------------------------------------------------------------------------------------


def remote_sites_visible_to(*, user: User, action: Action = Action.VIEW) -> QuerySet[RemoteSite]:
    return RemoteSite.objects.filter(visible_q(user=user, resource=Resource.REMOTE_SITE, action=action)).distinct()


def remote_site_get_for_user(*, site_id: int, user: User, action: Action = Action.VIEW) -> RemoteSite:
    site = remote_sites_visible_to(user=user).select_related("court").filter(pk=site_id).first()
    if site is None:
        raise NotFound()
    if action != Action.VIEW and not allows(user=user, resource=Resource.REMOTE_SITE, action=action, obj=site):
        raise Forbidden()
    return site


def remote_sites_for_court(*, court_id: int) -> QuerySet[RemoteSite]:
    """Active sites a hearing of this court may use (its own; a court's sites serve its own cases)."""
    return RemoteSite.objects.filter(court_id=court_id, active=True).order_by("kind", "name")


def site_hearings(*, site: RemoteSite, first: date, last: date) -> list[Hearing]:
    """The site's own schedule: sessions with a participant attending from it (any status)."""
    start, end = day_bounds(first, last)
    return list(
        Hearing.objects.filter(participants__remote_site=site, starts_at__lt=end, ends_at__gt=start)
        .distinct()
        .select_related(*HEARING_RELATED)
        .order_by("starts_at")
    )


def escorts_visible_to(*, user: User, state: str | None = None) -> QuerySet[EscortRequest]:
    cases = case_visible_to(user=user, resource=Resource.ESCORT)
    qs = EscortRequest.objects.filter(hearing__case_id__in=cases.values("pk"))
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("hearing", "hearing__case", "hearing__room", "participant", "acknowledged_by").order_by(
        "hearing__starts_at", "pk"
    )


def escort_get_for_user(*, escort_id: int, user: User) -> EscortRequest:
    escort = escorts_visible_to(user=user).filter(pk=escort_id).first()
    if escort is None:
        raise NotFound()
    return escort


def escorts_open_count(*, user: User) -> int:
    return escorts_visible_to(user=user, state=EscortState.REQUESTED).count()


def schedule_choices(*, case: Case) -> dict[str, list[tuple[Any, str]]]:
    """What the scheduling form offers for a case: its court's rooms, judges, clerks and remote sites."""
    from smartcourt.courts.roles import Role
    from smartcourt.courts.selectors import room_list, users_with_role

    def named(users: Any) -> list[tuple[Any, str]]:
        return [(u.pk, u.get_full_name() or u.username) for u in users]

    return {
        "rooms": [(r.pk, f"{r.name}（{r.get_kind_display()}）") for r in room_list(court=case.court_id)],
        "judges": named(users_with_role(role=Role.JUDGE, court=case.court)),
        "clerks": named(users_with_role(role=Role.CLERK, court=case.court)),
        "sites": [
            (s.pk, f"{s.name}（{s.get_kind_display()}）") for s in remote_sites_for_court(court_id=case.court_id)
        ],
    }


def cases_to_schedule(*, user: User, limit: int = 5) -> list[Case]:
    """Open cases on `user`'s team (judge, assistant, clerk, panel) that the table lets them schedule and that have
    no session booked: the workbench's way to the scheduling form (待排期)."""
    from smartcourt.cases.selectors import cases_of_team_member

    booked = Hearing.objects.filter(status__in=ACTIVE_STATUSES).values("case_id")
    allowed = case_visible_to(user=user, action=Action.CHANGE, resource=Resource.HEARING).values("pk")
    return list(
        cases_of_team_member(user=user)
        .filter(pk__in=allowed, state__in=("registered", "in_trial"))
        .exclude(pk__in=booked)
        .only("number", "title", "trial_due_on")  # what the workbench's week panel (the only caller) shows
        .order_by("trial_due_on", "pk")[:limit]
    )


# --- asynchronous cross-examination (ADR 0032): the interface other apps call --------------------------------------

from .selectors_async import EvidenceView as EvidenceView  # noqa: E402
from .selectors_async import OpinionView as OpinionView  # noqa: E402
from .selectors_async import evidence_with_opinions as evidence_with_opinions  # noqa: E402
