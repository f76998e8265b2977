"""Reads for the case core; every list and page goes through `case_visible_to`, so they agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from smartcourt.core.errors import Forbidden, NotFound
from smartcourt.courts.permissions import Action, Resource, allows, get_with_answers, visible_q
from smartcourt.legaltime.selectors import ClockCase, trial_period_status

from .models import (
    AssignmentDraw,
    Case,
    CaseEvent,
    CaseEventType,
    CaseKind,
    CaseParty,
    CaseState,
    CaseTeamMember,
    CauseOfAction,
    Person,
    PowerOfAttorney,
    Procedure,
    Representation,
    SupervisionTag,
    TeamRole,
)
from .models import PartyRole as PartyRole  # re-exported: the vocabulary other apps use without cases.models
from .permissions import representation_in_force_q
from .rules import disclosure
from .search import case_search_filter

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser

    from smartcourt.courts.models import Court, Division, User
    from smartcourt.legaltime.models import TrialPeriodAdjustment
    from smartcourt.legaltime.rules.trial_period import TrialPeriodStatus

# The one meaning of both, for the trial-period clock too: an open case has a clock (shown, stored in
# `trial_due_on`); it runs in RUNNING_STATES and is paused while the case is suspended (中止, the open suspension
# is a deduction on legaltime's clock), so a suspended case is never "due" or "overdue" in lists and alerts.
OPEN_STATES = (CaseState.REGISTERED, CaseState.IN_TRIAL, CaseState.SUSPENDED)
RUNNING_STATES = (CaseState.REGISTERED, CaseState.IN_TRIAL)


def case_visible_to(*, user: User, action: Action = Action.VIEW, resource: Resource = Resource.CASE) -> QuerySet[Case]:
    """The cases on which the permission table lets `user` do `action` on `resource` (the case itself by default;
    another app's resource scoped on the case, e.g. Resource.DOSSIER or Resource.SERVICE, otherwise)."""
    return Case.objects.filter(visible_q(user=user, resource=resource, action=action))


def case_get_for_user(*, case_id: int, user: User, action: Action = Action.VIEW) -> Case:
    """The case if `user` may see it; a missing case and a hidden one raise the same NotFound."""
    case = (
        case_visible_to(user=user)
        .select_related("court", "division", "judge", "assistant", "clerk", "cause")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound()
    if action != Action.VIEW and not allows(user=user, resource=Resource.CASE, action=action, obj=case):
        raise Forbidden()  # 403 only where the case's existence is no secret to this user
    return case


def case_get_for_page(*, case_id: int, user: User, checks: Iterable[tuple[Resource, Action]]) -> Case:
    """`case_get_for_user` (VIEW) with the page's permission questions about the case (`checks`) asked in the same
    query (`permissions.get_with_answers`); a missing case and a hidden one raise the same NotFound."""
    case = get_with_answers(
        user=user,
        queryset=case_visible_to(user=user).select_related("court", "division", "judge", "assistant", "clerk", "cause"),
        pk=case_id,
        checks=checks,
    )
    if case is None:
        raise NotFound()
    return case


def case_get(*, case_id: int) -> Case | None:
    """The case for the platform's own background work (a hand-off's receiver), which acts for no user: no access
    check, so a request must use `case_get_for_user`."""
    return Case.objects.select_related("court").filter(pk=case_id).first()


def case_get_strict(*, case_id: int, lock: bool = False, with_court: bool = False) -> Case:
    """The case row another app's write works under: locked (`select_for_update`, one writer per case) when `lock`,
    its court joined when `with_court` (a locked join locks the court row too, so only where that was meant).
    No access check; a missing case raises Case.DoesNotExist like `.get()`."""
    qs = Case.objects.all()
    if lock:
        qs = qs.select_for_update()
    if with_court:
        qs = qs.select_related("court")
    return qs.get(pk=case_id)


def case_list_by_numbers(*, court: Court, numbers: Iterable[str]) -> QuerySet[Case]:
    """The court's cases with these case numbers (案号), with their court; no access check."""
    return Case.objects.filter(court=court, number__in=list(numbers)).select_related("court")


def case_may(*, user: User, case: Case, action: Action, resource: Resource = Resource.CASE) -> bool:
    return allows(user=user, resource=resource, action=action, obj=case)


@dataclass
class CaseFilters:
    q: str = ""
    court: int | None = None
    division: int | None = None
    judge: int | None = None
    state: str = ""
    cause: int | None = None
    cause_name: str = ""
    kind: str = ""
    tag: str = ""
    due_within: int | None = None  # days left on the trial period
    overdue: bool = False
    filed_from: date | None = None
    filed_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None
    open_only: bool = False  # 未结: registered, in trial or suspended


def case_list(*, user: User, filters: CaseFilters | None = None, today: date | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    qs = case_visible_to(user=user)
    if f.court:
        qs = qs.filter(court_id=f.court)
    if f.division:
        qs = qs.filter(division_id=f.division)
    if f.judge:
        qs = qs.filter(judge_id=f.judge)
    if f.state:
        qs = qs.filter(state=f.state)
    # The cause filters read the few matching causes first (a small table), so the case query is a plain
    # `cause_id IN (…)` on the case row instead of joins to the cause tree on millions of rows.
    if f.cause:
        tree = Q(pk=f.cause) | Q(parent_id=f.cause) | Q(parent__parent_id=f.cause)
        qs = qs.filter(cause_id__in=list(CauseOfAction.objects.filter(tree).values_list("pk", flat=True)))
    if f.cause_name:
        named = CauseOfAction.objects.filter(name__contains=f.cause_name.strip())
        qs = qs.filter(cause_id__in=list(named.values_list("pk", flat=True)))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.tag:
        tagged = SupervisionTag.objects.filter(kind=f.tag, removed_at__isnull=True).values("case_id")
        qs = qs.filter(pk__in=tagged)
    today = today or timezone.localdate()
    if f.due_within is not None:
        qs = qs.filter(
            state__in=RUNNING_STATES, trial_due_on__gte=today, trial_due_on__lte=today + timedelta(days=f.due_within)
        )
    if f.overdue:
        qs = qs.filter(state__in=RUNNING_STATES, trial_due_on__lt=today)
    if f.open_only:
        qs = qs.filter(state__in=OPEN_STATES)
    for lookup, value in (
        ("filed_on__gte", f.filed_from),
        ("filed_on__lte", f.filed_to),
        ("closed_on__gte", f.closed_from),
        ("closed_on__lte", f.closed_to),
    ):
        if value is not None:
            qs = qs.filter(**{lookup: value})
    qs = case_search_filter(qs, f.q)
    return qs.select_related("court", "judge", "cause", "division").order_by("-filed_on", "-id")


_CODED_FIELDS: dict[str, type[models.TextChoices]] = {"state": CaseState, "procedure": Procedure, "kind": CaseKind}


def case_labels(field: str) -> dict[str, str]:
    """The labels of a coded field of the case ("state", "procedure", "kind") in the active language, for a page
    that shows many cases: `get_state_display()` rebuilds the field's choice table and casts its lazy label on every
    call (issue 15)."""
    return {value: str(label) for value, label in _CODED_FIELDS[field].choices}


def case_with_user_as_party(queryset: QuerySet[Case], *, user: User) -> QuerySet[Case]:
    """`queryset` with `user_is_party` on each case: whether `user` is one of its parties (not a representative),
    what `case_ids_with_party_user` answers, in the same query."""
    parties = CaseParty.objects.filter(case_id=OuterRef("pk"), person__user=user)
    return queryset.annotate(user_is_party=Exists(parties))


def case_list_shown(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """`case_list`'s cases with only the columns the list page shows (and its keyset cursor reads): a row of the
    case, its court, division, judge and cause is ~80 columns, and building those objects was a third of reading
    the page's 25 rows (issue 15). The court and division are not shown, so they are not joined."""
    return (
        queryset.select_related(None)
        .select_related("judge", "cause")
        .only(
            *("id", "number", "title", "state", "filed_on", "trial_due_on", "cause__name"),
            *("judge__full_name", "judge__username"),  # `get_full_name` falls back to the username
        )
    )


def case_filter_judges(*, user: User) -> QuerySet[User]:
    """Judges of the courts whose cases `user` sees (for the list's judge filter)."""
    from smartcourt.courts.roles import Role
    from smartcourt.courts.selectors import court_list, users_granted_role_in

    # One EXISTS probe per court (an index lookup each), not DISTINCT court over every visible case: at a province's
    # 10,000,000 cases that read a court's whole index on every list page (40 ms).
    visible = case_visible_to(user=user).filter(court_id=OuterRef("pk"))
    courts = court_list().filter(Exists(visible)).values("pk")
    judges = users_granted_role_in(role=Role.JUDGE, court_ids=courts).only("id", "full_name", "username")
    return judges.order_by("full_name")[:300]  # an option shows `get_full_name`: the name, else the username


def case_filter_divisions(*, user: User, court_id: int | None = None) -> list[Division]:
    """Divisions (庭室) for the list's division filter: those of the chosen court, or of the courts where `user`
    holds a role."""
    from smartcourt.courts.selectors import division_list_for_courts, user_grant_courts

    # the person's courts come with their grants (read once per request): no query of their own
    court_ids = [court_id] if court_id else [court.pk for court in user_grant_courts(user=user)]
    divisions = division_list_for_courts(court_ids=court_ids).only("id", "name", "court__name", "court__short_name")
    return list(divisions[:200])  # an option shows the division's name, after its court's where there are several


def case_approvers(*, case: Case, resource: Resource) -> list[User]:
    """Who the permission table lets approve on this case: a designated assignment (Resource.ASSIGNMENT) or a
    trial-period extension (Resource.TRIAL_PERIOD); candidates are the holders of a role the table names."""
    from smartcourt.courts.permissions import roles_with, users_allowed
    from smartcourt.courts.selectors import users_active_with_roles

    roles = roles_with(resource=resource, action=Action.APPROVE)
    # Every scope the table can grant here is the case's court or a court above it: those courts' role holders.
    courts = [int(pk) for pk in case.court.path.strip("/").split("/")] if case.court.path_is_valid() else []
    candidates = users_active_with_roles(roles=roles, court_ids=courts).order_by("full_name", "id")
    return users_allowed(resource=resource, action=Action.APPROVE, obj=case, candidates=candidates)


def case_parties(*, case: Case) -> QuerySet[CaseParty]:
    return (
        CaseParty.objects.filter(case=case)
        .select_related("person")
        .prefetch_related("representatives")
        .order_by("role", "position")
    )


def case_parties_by_role(*, cases: Iterable[Case], roles: Iterable[str]) -> QuerySet[CaseParty]:
    """The parties of several cases in the given roles (诉讼地位), with their person, in case/role/position order."""
    return (
        CaseParty.objects.filter(case__in=list(cases), role__in=list(roles))
        .select_related("person")
        .order_by("case_id", "role", "position")
    )


def case_party_get(*, party_id: int) -> CaseParty | None:
    """One party with its person and case; no access check (the caller checks the case)."""
    return CaseParty.objects.select_related("person", "case").filter(pk=party_id).first()


def person_get(*, person_id: int, lock: bool = False) -> Person:
    """One person (locked with `select_for_update` when `lock`); a missing one raises Person.DoesNotExist."""
    qs = Person.objects.select_for_update() if lock else Person.objects.all()
    return qs.get(pk=person_id)


def representation_get(*, case: Case, representation_id: int) -> Representation:
    rep = Representation.objects.filter(party__case=case, pk=representation_id).select_related("party").first()
    if rep is None:
        raise NotFound()
    return rep


def representations_user_may_end(*, user: User | AnonymousUser, case: Case) -> set[int]:
    """Ids of the case's representations `user` may end (REPRESENTATION/CHANGE), for the parties tab."""
    qs = Representation.objects.filter(
        visible_q(user=user, resource=Resource.REPRESENTATION, action=Action.CHANGE), party__case=case
    )
    return set(qs.values_list("pk", flat=True))


def parties_represented_by(*, user: User, on: date | None = None) -> QuerySet[CaseParty]:
    """The case parties `user` represents with a representation in force on `on` (default today): what a
    representative receives as "mine" (service inbox) ends with the representation, like case access does."""
    return CaseParty.objects.filter(
        pk__in=Representation.objects.filter(representation_in_force_q(on=on), user=user).values("party_id")
    )


def case_timeline(*, case: Case, types: list[str] | None = None) -> QuerySet[CaseEvent]:
    qs = CaseEvent.objects.filter(case=case).select_related("actor").order_by("occurred_at", "id")
    if types:  # "case" selects case.registered, case.assigned …
        condition = Q()
        for prefix in types:
            condition |= Q(type__startswith=f"{prefix}.")
        qs = qs.filter(condition)
    return qs


def case_assignments(*, case: Case) -> QuerySet[AssignmentDraw]:
    return AssignmentDraw.objects.filter(case=case).select_related(
        "judge", "decided_by", "approved_by", "previous_judge"
    )


def person_cases(*, person: Person) -> QuerySet[Case]:
    """Every case of one person (one Person row per identity, so this is one query)."""
    return Case.objects.filter(parties__person=person).distinct().order_by("-filed_on")


def case_counts_by_state(*, user: User) -> dict[str, int]:
    rows = case_visible_to(user=user).values("state").annotate(n=Count("id"))
    return {r["state"]: r["n"] for r in rows}


@dataclass(frozen=True)
class SupervisionFigures:
    by_state: dict[str, int]  # the visible cases by state
    overdue: int  # running (not suspended) and past their trial period's end (超审限)
    long_pending: int  # open and filed more than a year ago (超12个月未结)


def case_supervision_figures(*, user: User, today: date) -> SupervisionFigures:
    """The supervision panel's figures over the cases `user` may see: one grouped query (the state counts with the
    overdue and long-pending ones counted alongside per state), not three."""
    year_ago = today.replace(year=today.year - 1)
    rows = (
        case_visible_to(user=user)
        .values("state")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=Q(trial_due_on__lt=today)),
            long_pending=Count("id", filter=Q(filed_on__lt=year_ago)),
        )
        .order_by()
    )
    by_state, overdue, long_pending = {}, 0, 0
    for r in rows:
        by_state[r["state"]] = r["n"]
        if r["state"] in RUNNING_STATES:
            overdue += r["overdue"]
        if r["state"] in OPEN_STATES:
            long_pending += r["long_pending"]
    return SupervisionFigures(by_state=by_state, overdue=overdue, long_pending=long_pending)


def case_clock(*, case: Case) -> ClockCase:
    """The plain values legaltime's trial-period clock reads of this case."""
    return ClockCase(case_id=case.pk, kind=case.kind, procedure=case.procedure, filed_on=case.filed_on)


def case_trial_period(
    *, case: Case, today: date | None = None, adjustments: list[TrialPeriodAdjustment] | None = None
) -> TrialPeriodStatus | None:
    """The trial period (审限) of an open case: due date, days left, explanation lines — or None if it has none.
    `adjustments`: the case's recorded adjustments when the caller read them already (the case page does)."""
    if case.state not in OPEN_STATES:
        return None
    return trial_period_status(
        subject=case_clock(case=case), today=today or timezone.localdate(), adjustments=adjustments
    )


def judge_due_alerts(
    *, user: User, thresholds: tuple[int, ...] = (30, 15, 7, 3), today: date | None = None
) -> list[Case]:
    """Open cases of this judge / assistant / clerk whose trial period ends within the largest threshold."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=max(thresholds))
    return list(
        Case.objects.filter(
            # a suspended case's clock is stopped: it is not due while suspended
            Q(judge=user) | Q(assistant=user) | Q(clerk=user),
            state__in=RUNNING_STATES,
            trial_due_on__lte=horizon,
        ).order_by("trial_due_on")[:20]  # the workbench shows each one's number and due date: no join
    )


# ---------------------------------------------------------------- the case's team (审判团队)

_TEAM_ORDER = list(TeamRole.values)


def _team_sorted(rows: Iterable[CaseTeamMember]) -> list[CaseTeamMember]:
    return sorted(rows, key=lambda m: (not m.presiding, _TEAM_ORDER.index(m.role), m.started_at, m.pk))


def case_team_current(*, case: Case) -> list[CaseTeamMember]:
    """Who is on the case's team now, presiding judge first, then the judge in charge, the panel, assistant, clerk."""
    rows = CaseTeamMember.objects.filter(case=case, ended_at__isnull=True).select_related("user", "designated_by")
    return _team_sorted(rows)


def case_team_at(*, case: Case, when: datetime) -> list[CaseTeamMember]:
    """Who was on the case's team at the instant `when`."""
    rows = (
        CaseTeamMember.objects.filter(case=case, started_at__lte=when)
        .exclude(ended_at__lte=when)
        .select_related("user", "designated_by")
    )
    return _team_sorted(rows)


def case_team_history(*, case: Case) -> QuerySet[CaseTeamMember]:
    """Every place anyone has held on the case's team, with when they joined and left (newest first)."""
    return (
        CaseTeamMember.objects.filter(case=case)
        .select_related("user", "designated_by", "added_by", "ended_by")
        .order_by("-started_at", "-id")
    )


@dataclass(frozen=True)
class TeamChoices:
    """Who may be chosen for each place of a case's team: holders of the role at the case's court."""

    judges: list[User]
    assistants: list[User]
    clerks: list[User]
    designators: list[User]


def case_team_choices(*, case: Case) -> TeamChoices:
    from smartcourt.courts.roles import Role
    from smartcourt.courts.selectors_teams import role_holders

    return TeamChoices(
        judges=list(role_holders(role=Role.JUDGE, court=case.court)),
        assistants=list(role_holders(role=Role.JUDGE_ASSISTANT, court=case.court)),
        clerks=list(role_holders(role=Role.CLERK, court=case.court)),
        designators=case_approvers(case=case, resource=Resource.CASE_TEAM),
    )


def cases_of_team_member(*, user: User) -> QuerySet[Case]:
    """Open cases on whose team `user` is today: judge in charge, panel judge, assistant or clerk."""
    on_team = CaseTeamMember.objects.filter(user=user, ended_at__isnull=True).values("case_id")
    return Case.objects.filter(
        Q(judge=user) | Q(assistant=user) | Q(clerk=user) | Q(pk__in=on_team), state__in=OPEN_STATES
    )


# ---------------------------------------------------------------- powers of attorney (授权委托书)


def case_parties_of_user(*, case: Case, user: User) -> QuerySet[CaseParty]:
    """The parties of `case` that `user` is (their account is linked to the party's person)."""
    return CaseParty.objects.filter(case=case, person__user=user).select_related("person").order_by("role", "position")


def case_ids_with_party_user(*, user: User, case_ids: Iterable[int]) -> list[int]:
    """Those of `case_ids` in which `user` is one of the parties."""
    return list(
        CaseParty.objects.filter(case_id__in=list(case_ids), person__user=user)
        .values_list("case_id", flat=True)
        .distinct()
    )


def powers_of_attorney_for_case(*, case: Case, user: User, action: Action = Action.VIEW) -> QuerySet[PowerOfAttorney]:
    """The case's powers of attorney `user` may see (VIEW) or review (APPROVE), newest first."""
    return (
        PowerOfAttorney.objects.filter(
            visible_q(user=user, resource=Resource.POWER_OF_ATTORNEY, action=action), party__case=case
        )
        .select_related("party__person", "lawyer", "reviewed_by", "representation")
        .order_by("-created_at", "-id")
    )


def power_of_attorney_get_for_user(
    *, case: Case, power_id: int, user: User, action: Action = Action.VIEW
) -> PowerOfAttorney:
    """One power of attorney of `case` that `user` may see; Forbidden if they may see it but not `action` it."""
    power = powers_of_attorney_for_case(case=case, user=user).filter(pk=power_id).first()
    if power is None:
        raise NotFound()
    if action != Action.VIEW and not allows(user=user, resource=Resource.POWER_OF_ATTORNEY, action=action, obj=power):
        raise Forbidden()
    return power


def powers_of_attorney_to_review(*, user: User) -> QuerySet[PowerOfAttorney]:
    """Powers of attorney waiting for `user`'s review (the cases whose judge, assistant or clerk they are)."""
    return (
        PowerOfAttorney.objects.filter(
            visible_q(user=user, resource=Resource.POWER_OF_ATTORNEY, action=Action.APPROVE),
            state=PowerOfAttorney.State.PENDING,
        )
        .select_related("party__person", "party__case", "lawyer")
        .order_by("created_at", "id")
    )


def powers_of_attorney_of_lawyer(*, user: User) -> QuerySet[PowerOfAttorney]:
    """The powers of attorney naming `user` as the lawyer (what they see before the court accepts one)."""
    return (
        PowerOfAttorney.objects.filter(lawyer=user)
        .select_related("party__person", "party__case__court")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class PowerOfAttorneyContent:
    """A power of attorney's stored bytes, checked against the SHA-256 recorded when it was submitted."""

    power_id: int
    case_id: int
    title: str
    filename: str
    content_type: str
    content: bytes


def power_of_attorney_content(*, power_id: int) -> PowerOfAttorneyContent | None:
    """The document of a power of attorney, for a page that has checked access or the dossier's hand-off receiver
    (no access check here). Raises ValueError if the stored bytes no longer match their recorded SHA-256."""
    import hashlib

    from smartcourt.core.intake.store import blob_read

    power = PowerOfAttorney.objects.select_related("party__person", "lawyer").filter(pk=power_id).first()
    if power is None:
        return None
    content = blob_read(power.document)
    if hashlib.sha256(content).hexdigest() != power.document_sha256:
        raise ValueError(f"power of attorney {power.pk}: stored bytes do not match their SHA-256")
    ext = power.document.rsplit(".", 1)[-1]
    return PowerOfAttorneyContent(
        power_id=power.pk,
        case_id=power.party.case_id,
        title=f"授权委托书（{power.party.person.name}委托{power.lawyer.get_full_name()}）",
        filename=power.document_name or f"授权委托书.{ext}",
        content_type=power.document_type,
        content=content,
    )


# --- public progress lookup (审判流程信息公开) -------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    on: date
    label: str


@dataclass(frozen=True)
class PublicProgress:
    """What a participant who proved a second fact is told about a case (rules/disclosure.py says why each part)."""

    number: str
    court_name: str
    title: str
    kind_label: str
    procedure_label: str
    state: str
    stage: disclosure.Stage
    filed_on: date
    closed_on: date | None
    closing_label: str
    trial_due_on: date | None
    judge: disclosure.JudgeDisclosure
    milestones: list[Milestone]


def case_public_progress(*, case: Case, participant_verified: bool) -> PublicProgress:
    """The progress of one case as the public lookup shows it: stage, next steps, the judge only where allowed."""
    minor_accused = case.parties.filter(role=PartyRole.ACCUSED, person__is_minor=True).exists()
    restriction = disclosure.process_restriction(kind=case.kind, minor_accused=minor_accused)
    judge = disclosure.judge_disclosure(
        judge_name=case.judge.get_full_name() if case.judge_id and case.judge else "",
        participant_verified=participant_verified,
        restriction=restriction,
    )
    labels = dict(CaseEventType.choices)
    milestones: list[Milestone] = []
    if restriction is None:
        events = CaseEvent.objects.filter(case=case, type__in=disclosure.PUBLIC_EVENT_TYPES)
        for occurred_at, type_ in events.order_by("occurred_at", "id").values_list("occurred_at", "type"):
            milestones.append(Milestone(timezone.localdate(occurred_at), str(labels.get(type_, type_))))
    return PublicProgress(
        number=case.number,
        court_name=case.court.name,
        title=case.title if restriction is None else "",
        kind_label=case.get_kind_display(),
        procedure_label=case.get_procedure_display(),
        state=case.state,
        stage=disclosure.stage_for(case.state),
        filed_on=case.filed_on,
        closed_on=case.closed_on,
        closing_label=case.get_closing_method_display() if case.closing_method else "",
        trial_due_on=case.trial_due_on if case.state in RUNNING_STATES else None,
        judge=judge,
        milestones=milestones,
    )


def cases_closed_between(*, court_ids: Iterable[int], first: date, last: date) -> QuerySet[Case]:
    """The courts' cases closed between `first` and `last`, both included: the denominator of rates over closed
    cases (e.g. the hearings app's 一次开庭率; take `.values("pk")` for an id subquery)."""
    return Case.objects.filter(court_id__in=list(court_ids), closed_on__gte=first, closed_on__lte=last)
