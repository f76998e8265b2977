"""Writes of hearings (庭审排期): schedule, reschedule, postpone, cancel, record as held; summonses; escorts; remote
sites. Each action: one transaction, its `HearingChange` row where the date changes, one case timeline event, one
audit row — or nothing when it is refused.

Scheduling checks, in this order, and refuses with a Chinese reason naming the article:
the table (HEARING/CHANGE on the case), the case's state, the planned time (future, 10 minutes to 12 hours, a working
day unless confirmed), the notice rule (民诉法 Art. 139 / 刑诉法 Art. 187, counted by legaltime from today, the day the
summons is issued), the room, bench, clerk, participants and sites belonging to the case and its court, and then —
with every bookable thing locked in key order — conflicts with active bookings in any court.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.cases.selectors import RUNNING_STATES, case_parties, case_party_get
from smartcourt.cases.services import CaseEventType, case_deduction_end, case_deduction_start, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts, permission_require
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import SYSTEM, room_get, user_get, users_with_role
from smartcourt.legaltime.selectors import calendar_load, deadline_due
from smartcourt.service.services import service_task_cancel

from . import summons as S
from .models import (
    ACTIVE_STATUSES,
    Attendance,
    BookingLock,
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
    RemoteSiteKind,
    RemoteSiteStaff,
)
from .rules import asynchronous as P_ONLINE
from .rules import booking as B
from .rules import notice as N
from .rules import postponement as P
from .selectors import BookingHolds, conflicts_find
from .services_notices import appearance_notices_plan, appearance_notices_withdraw

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User


class HearingInputError(ApplicationError):
    """Bad input for a hearing action; `extra["field"]` names the form field."""

    code = "hearing.invalid"
    message = _("庭审信息有误，请检查后重试。")

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message, extra={"field": field} if field else None)
        if code:
            self.code = code


class HearingConflict(Conflict):
    """The booking collides with another (room, site, judge, clerk, lawyer …), in any court."""

    code = "hearing.conflict"


class HearingStateError(Conflict):
    code = "hearing.state"


# --- input --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantIn:
    """One person called to the hearing. A party or a representative is named by its id in the case (its name,
    account and licence number come from there); a witness, an interpreter, an appraiser or the prosecutor by name."""

    kind: str
    name: str = ""
    party_id: int | None = None
    representation_id: int | None = None
    attendance: str = Attendance.IN_PERSON
    remote_site_id: int | None = None
    in_custody: bool = False
    language: str = ""
    licence_no: str = ""
    phone: str = ""  # a witness, interpreter or appraiser without an account: the SMS of the appearance notice
    address: str = ""  # … and where its paper is mailed


@dataclass(frozen=True)
class HearingIn:
    kind: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    presiding_id: int
    room_id: int | None = None
    panel_ids: tuple[int, ...] = ()
    clerk_id: int | None = None
    participants: tuple[ParticipantIn, ...] | None = None  # None: the case's parties and representatives in force
    extra_participants: tuple[ParticipantIn, ...] = ()  # witnesses, interpreters … added to the default list
    site_id: int | None = None  # where the accused / the parties attend from, when mode is remote_site
    public: bool = True
    not_public_reason: str = ""
    notes: str = ""
    rest_day_confirmed: bool = False


@dataclass
class _Checked:
    """A validated booking, ready to write."""

    room_id: int | None
    bench: list[tuple[User, bool]]
    clerk: User | None
    participants: list[dict[str, Any]]
    notice_latest_on: date | None
    notice_basis: str
    warnings: list[str] = field(default_factory=list)


# --- helpers ------------------------------------------------------------------------------------------------------


def _now_local() -> datetime:
    return timezone.localtime()


def _require(actor: Actor, case: Case) -> None:
    permission_require(
        actor=actor, resource=Resource.HEARING, action=Action.CHANGE, obj=case,
        message="您不是本案承办法官、法官助理或书记员（或其所在庭庭长），不能为本案排期。",
    )  # fmt: skip


def _case_open(case: Case) -> None:
    if case.state not in RUNNING_STATES:
        raise HearingStateError(f"案件当前状态为“{case.get_state_display()}”，只有已立案或审理中的案件可以安排庭审。")


def booking_lock(keys: list[str]) -> None:
    """Lock the rows of everything a booking holds, in key order (no deadlock between two bookings); rows are made
    on first use. Inside the caller's transaction: the second of two racing bookings waits, then sees the first."""
    if not keys:
        return
    BookingLock.objects.bulk_create([BookingLock(key=k) for k in keys], ignore_conflicts=True)
    list(BookingLock.objects.select_for_update().filter(key__in=keys).order_by("key").values_list("key", flat=True))


def _instants_check(starts_at: datetime, ends_at: datetime) -> None:
    """Aware, in order, of a usable length, in the future and at most two years ahead (before any local-time
    arithmetic: a year-9999 instant would overflow it)."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise HearingInputError("开庭时间须含时区。", field="starts_at")
    problem = B.duration_problem(starts_at, ends_at)
    if problem:
        raise HearingInputError(problem, field="ends_at")
    now = timezone.now()
    if starts_at <= now:
        raise HearingInputError("开庭时间应晚于当前时间。", field="starts_at")
    if starts_at - now > B.MAX_AHEAD:
        raise HearingInputError("只能安排两年以内的庭审。", field="starts_at")


def _time_check(starts_at: datetime, ends_at: datetime, *, rest_day_confirmed: bool) -> str:
    """Refuse a past or malformed time; a rest day needs confirming. Returns a warning line (or "")."""
    _instants_check(starts_at, ends_at)
    day = timezone.localtime(starts_at).date()
    if timezone.localtime(ends_at).date() != day:
        raise HearingInputError("一次庭审应在同一日内开始和结束。", field="ends_at")
    calendar = calendar_load()
    if not calendar.is_working_day(day):
        reason = calendar.rest_reason(day)
        if not rest_day_confirmed:
            raise HearingInputError(
                f"{day.isoformat()}为休息日（{reason}）。如确需在休息日开庭，请勾选“确认在休息日开庭”。",
                field="rest_day_confirmed",
                code="hearing.rest_day",
            )
        return f"在休息日开庭（{day.isoformat()}，{reason}），已确认。"
    if calendar.years_missing(day, day):
        return f"{day.year}年的节假日安排尚未录入，无法核对是否为休息日。"
    return ""


def notice_for(*, case: Case, kind: str, starts_at: datetime, today: date) -> N.NoticeCheck:
    """The notice rule applied to a hearing of `kind` on `case` starting at `starts_at`, notice given `today`."""
    rule = N.notice_rule_for(hearing_kind=kind, case_kind=case.kind, procedure=case.procedure)
    if rule.rule_code is None:
        return N.notice_check(rule=rule, notice_on=today, result=None)
    result = deadline_due(rule=rule.rule_code, start=timezone.localtime(starts_at).date())
    return N.notice_check(rule=rule, notice_on=today, result=result)


def _notice_check(case: Case, kind: str, starts_at: datetime) -> N.NoticeCheck:
    check = notice_for(case=case, kind=kind, starts_at=starts_at, today=timezone.localdate())
    if not check.ok:
        raise HearingInputError(check.message, field="starts_at", code="hearing.notice_too_short")
    return check


def _staff(user_id: int | None, role: Role, court: Court, label: str, field_name: str) -> User:
    user = user_get(user_id=user_id, active_only=True) if user_id else None
    if user is None or not users_with_role(role=role, court=court).filter(pk=user.pk).exists():
        raise HearingInputError(f"所选{label}不是{court.name}的{role.label}。", field=field_name)
    return user


def _site(site_id: int | None, case: Case, field_name: str = "site_id") -> RemoteSite:
    site = RemoteSite.objects.filter(pk=site_id, court_id=case.court_id, active=True).first() if site_id else None
    if site is None:
        raise HearingInputError("所选远程场所不存在或未启用（只能使用本院设立的场所）。", field=field_name)
    return site


def participants_default(
    *, case: Case, mode: str, site_id: int | None = None, notes: list[str] | None = None
) -> list[ParticipantIn]:
    """The case's parties and their representatives in force today, attending as the hearing's mode says: in a
    remote-site hearing the accused (or, in a civil case, every party) attends from the site; online, everyone who
    may is online — a party who refused online hearings, or has no account and no representative, attends offline
    (在线诉讼规则 Art. 4–5; `notes` receives a line for each, and for parties whose consent is not on record)."""
    from smartcourt.filing.selectors.filing import online_hearing_consents

    today = timezone.localdate()
    parties = list(case_parties(case=case))
    answers: dict[int, bool] = {}
    if mode == HearingMode.ONLINE:
        users = [p.person.user_id for p in parties if p.person.user_id]
        users += [r.user_id for p in parties for r in p.representatives.all() if r.user_id]
        answers = online_hearing_consents(case_id=case.pk, user_ids=users)
    out: list[ParticipantIn] = []
    for party in parties:
        reps = [r for r in party.representatives.all()
                if r.starts_on <= today and (r.ends_on is None or r.ends_on > today)]  # fmt: skip
        attendance = Attendance.IN_PERSON
        party_online = False
        if mode == HearingMode.ONLINE:
            said = [answers[u] for u in [party.person.user_id, *[r.user_id for r in reps]] if u in answers]
            party_online, line = P_ONLINE.online_attendance(
                name=f"{party.get_role_display()}{party.person.name}", answers=said,
                reachable=bool(party.person.user_id or any(r.user_id for r in reps)),
            )  # fmt: skip
            attendance = Attendance.ONLINE if party_online else Attendance.IN_PERSON
            if line and notes is not None:
                notes.append(line)
        elif mode == HearingMode.REMOTE_SITE and (case.kind != "criminal" or party.role == "accused"):
            attendance = Attendance.REMOTE_SITE
        in_custody = case.kind == "criminal" and party.role == "accused"
        out.append(
            ParticipantIn(
                kind=ParticipantKind.PARTY, party_id=party.pk, attendance=attendance, in_custody=in_custody,
                remote_site_id=site_id if attendance == Attendance.REMOTE_SITE else None,
            )
        )  # fmt: skip
        for rep in reps:
            kind = {
                "lawyer": ParticipantKind.LAWYER, "defender": ParticipantKind.DEFENDER,
            }.get(rep.kind, ParticipantKind.AGENT)  # fmt: skip
            rep_online = (
                mode == HearingMode.ONLINE and party_online and bool(rep.user_id)
                and answers.get(rep.user_id or 0) is not False
            )  # fmt: skip
            out.append(
                ParticipantIn(
                    kind=kind, representation_id=rep.pk,
                    attendance=Attendance.ONLINE if rep_online else Attendance.IN_PERSON,
                )
            )  # fmt: skip
    return out


def _participant_rows(case: Case, items: list[ParticipantIn]) -> list[dict[str, Any]]:
    """Resolve and check each participant against the case: its party, its representation, its site."""
    parties = {p.pk: p for p in case_parties(case=case)}
    reps = {r.pk: (r, p) for p in parties.values() for r in p.representatives.all()}
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        f = f"participants[{i}]"
        if item.kind not in ParticipantKind.values:
            raise HearingInputError("未知的参加人身份。", field=f)
        if item.attendance not in Attendance.values:
            raise HearingInputError("未知的参加方式。", field=f)
        row: dict[str, Any] = {"kind": item.kind, "attendance": item.attendance, "in_custody": bool(item.in_custody),
                     "language": (item.language or "").strip()[:32], "licence_no": "", "user_id": None,
                     "party_id": None, "representation_id": None, "remote_site_id": None,
                     "phone": (item.phone or "").strip()[:20], "address": (item.address or "").strip()[:200]}  # fmt: skip
        if item.kind == ParticipantKind.PARTY:
            party = parties.get(item.party_id or 0)
            if party is None:
                raise HearingInputError("所选当事人不是本案当事人。", field=f)
            row.update(party_id=party.pk, name=party.person.name, user_id=party.person.user_id)
        elif item.representation_id:
            found = reps.get(item.representation_id)
            if found is None:
                raise HearingInputError("所选代理人不是本案当事人的代理人。", field=f)
            rep, party = found
            if not (rep.starts_on <= today and (rep.ends_on is None or rep.ends_on > today)):
                raise HearingInputError(f"{rep.name}的代理已终止，不能通知其出庭。", field=f)
            row.update(representation_id=rep.pk, party_id=party.pk, name=rep.name, user_id=rep.user_id,
                       licence_no=(rep.licence_no or "").strip())  # fmt: skip
        else:
            name = (item.name or "").strip()
            if not name:
                raise HearingInputError("请填写参加人姓名。", field=f)
            if item.kind in (ParticipantKind.PARTY, ParticipantKind.LAWYER, ParticipantKind.AGENT,
                             ParticipantKind.DEFENDER) and not item.licence_no:  # fmt: skip
                raise HearingInputError("当事人和代理人须从本案当事人、代理人中选择。", field=f)
            row.update(name=name[:120], licence_no=(item.licence_no or "").strip()[:32])
        if row["phone"] and not re.fullmatch(r"\+?\d{6,19}", row["phone"]):
            raise HearingInputError("手机号码格式不正确。", field=f)
        if item.kind == ParticipantKind.INTERPRETER and not row["language"]:
            raise HearingInputError("请填写翻译人员的翻译语种。", field=f)
        if item.attendance == Attendance.REMOTE_SITE:
            row["remote_site_id"] = _site(item.remote_site_id, case, field_name=f).pk
        if row["in_custody"] and case.kind != "criminal":
            raise HearingInputError("只有刑事案件的被告人可以标记为在押。", field=f)
        rows.append(row)
    seen: set[tuple[object, ...]] = set()
    for row in rows:
        key = (row["kind"], row["party_id"], row["representation_id"], row["name"])
        if key in seen:
            raise HearingInputError(f"参加人{row['name']}重复。", field="participants")
        seen.add(key)
    return rows


def _check(case: Case, data: HearingIn, *, exclude_ids: tuple[int, ...] = ()) -> _Checked:
    if data.kind not in HearingKind.values:
        raise HearingInputError("未知的庭审类型。", field="kind")
    if data.mode not in HearingMode.values:
        raise HearingInputError("未知的庭审方式。", field="mode")
    warning = _time_check(data.starts_at, data.ends_at, rest_day_confirmed=data.rest_day_confirmed)
    notice = _notice_check(case, data.kind, data.starts_at)
    room = room_get(room_id=data.room_id) if data.room_id else None
    if data.room_id and (room is None or room.court_id != case.court_id):
        raise HearingInputError("所选法庭不属于本案审理法院。", field="room_id")
    if room is None and data.mode != HearingMode.ONLINE:
        raise HearingInputError("现场开庭和远程开庭须选择法庭（审判人员所在法庭）。", field="room_id")
    presiding = _staff(data.presiding_id, Role.JUDGE, case.court, "审判长（独任审判员）", "presiding_id")
    bench = [(presiding, True)]
    for pid in dict.fromkeys(data.panel_ids):
        if pid != presiding.pk:
            bench.append((_staff(pid, Role.JUDGE, case.court, "合议庭成员", "panel_ids"), False))
    clerk = _staff(data.clerk_id, Role.CLERK, case.court, "书记员", "clerk_id") if data.clerk_id else None
    if data.kind in (HearingKind.TRIAL, HearingKind.PRONOUNCEMENT) and clerk is None:
        raise HearingInputError("开庭和宣判须由书记员记录（民事诉讼法第一百五十条），请选择书记员。", field="clerk_id")
    consent_notes: list[str] = []
    if data.participants is None:
        site_id = _site(data.site_id, case).pk if data.mode == HearingMode.REMOTE_SITE else None
        items = participants_default(case=case, mode=data.mode, site_id=site_id, notes=consent_notes)
    else:
        items = list(data.participants)
    rows = _participant_rows(case, items + list(data.extra_participants))
    if not any(r["kind"] == ParticipantKind.PARTY for r in rows):
        raise HearingInputError("请至少通知一方当事人参加。", field="participants")
    if data.mode == HearingMode.REMOTE_SITE and not any(r["remote_site_id"] for r in rows):
        raise HearingInputError("远程开庭须有参加人在远程场所（驻所科技法庭或共享法庭）参加。", field="site_id")
    if not data.public and not (data.not_public_reason or "").strip():
        raise HearingInputError(
            "不公开审理须写明理由（涉及国家秘密、个人隐私或法律另有规定，民事诉讼法第一百三十七条）。",
            field="not_public_reason",
        )
    people = {u.pk: u for u, _p in bench}
    if clerk is not None:
        people[clerk.pk] = clerk
    names: dict[str, str] = {f"user:{u.pk}": f"审判人员{u.get_full_name() or u.username}" for u, _p in bench}
    if clerk is not None:
        names[f"user:{clerk.pk}"] = f"书记员{clerk.get_full_name() or clerk.username}"
    for r in rows:
        label = ParticipantKind(r["kind"]).label
        if r["user_id"]:
            names.setdefault(f"user:{r['user_id']}", f"{label}{r['name']}")
        if r["licence_no"]:
            names[f"licence:{r['licence_no']}"] = f"{label}{r['name']}（执业证号{r['licence_no']}）"
    sites = {r["remote_site_id"] for r in rows if r["remote_site_id"]}
    for sid in sites:
        names[f"site:{sid}"] = f"远程场所{RemoteSite.objects.get(pk=sid).name}"
    if room is not None:
        names[f"room:{room.pk}"] = f"{room.name}"
    holds = BookingHolds(
        room_id=room.pk if room else None,
        site_ids=frozenset(sites),
        user_ids=frozenset(set(people) | {r["user_id"] for r in rows if r["user_id"]}),
        licences=frozenset(r["licence_no"] for r in rows if r["licence_no"]),
        names=names,
    )
    booking_lock(holds.lock_keys())
    clashes = conflicts_find(holds=holds, starts_at=data.starts_at, ends_at=data.ends_at, exclude_ids=exclude_ids)
    if clashes:
        raise HearingConflict(
            "排期冲突，未保存：" + "".join(c.message() for c in clashes[:5]),
            extra={"conflicts": [c.what for c in clashes]},
        )
    return _Checked(
        room_id=room.pk if room else None, bench=bench, clerk=clerk, participants=rows,
        notice_latest_on=notice.latest, notice_basis=notice.message[:300],
        warnings=[w for w in [warning] if w] + consent_notes,
    )  # fmt: skip


def _write(case: Case, data: HearingIn, checked: _Checked, actor: Actor, previous: Hearing | None) -> Hearing:
    held_before = Hearing.objects.filter(case=case, kind=data.kind, status=HearingStatus.CONCLUDED).count()
    hearing = Hearing.objects.create(
        case=case, court_id=case.court_id, kind=data.kind, mode=data.mode, starts_at=data.starts_at,
        ends_at=data.ends_at, room_id=checked.room_id, clerk=checked.clerk, public=data.public,
        not_public_reason=(data.not_public_reason or "").strip()[:200] if not data.public else "",
        sequence=held_before + 1, previous=previous, notes=(data.notes or "").strip()[:300],
        notice_latest_on=checked.notice_latest_on, notice_basis=checked.notice_basis,
        scheduled_by=actor_user(actor),
    )  # fmt: skip
    HearingBench.objects.bulk_create([HearingBench(hearing=hearing, user=u, presiding=p) for u, p in checked.bench])
    HearingParticipant.objects.bulk_create([HearingParticipant(hearing=hearing, **row) for row in checked.participants])
    _escorts_request(hearing, actor)
    return hearing


def _change(hearing: Hearing, kind: str, actor: Actor, **fields: object) -> HearingChange:
    return HearingChange.objects.create(
        hearing=hearing, kind=kind, occurred_at=timezone.now(), actor=actor_user(actor), **fields
    )


def _when(hearing: Hearing) -> str:
    a, b = timezone.localtime(hearing.starts_at), timezone.localtime(hearing.ends_at)
    where = hearing.room.name if hearing.room_id and hearing.room else HearingMode(hearing.mode).label
    return f"{a:%Y-%m-%d %H:%M}—{b:%H:%M}，{where}"


def _escorts_request(hearing: Hearing, actor: Actor) -> None:
    """An escort request to the court police for each defendant in custody who is brought to court in person."""
    for p in hearing.participants.filter(in_custody=True, attendance=Attendance.IN_PERSON):
        EscortRequest.objects.create(
            hearing=hearing, participant=p, court_id=hearing.court_id, requested_by=actor_user(actor),
            note=f"{_when(hearing)}提押被告人{p.name}到庭",
        )  # fmt: skip


def _escorts_cancel(hearing: Hearing, why: str) -> int:
    return EscortRequest.objects.filter(
        hearing=hearing, state__in=[EscortState.REQUESTED, EscortState.ACKNOWLEDGED]
    ).update(state=EscortState.CANCELLED, note=why[:300], updated_at=timezone.now())


def _summonses_issue(hearing: Hearing, actor: Actor) -> list[str]:
    """Issue a summons (传票) to every party called to the hearing, on the documents app's one path: generated now
    from the court's 传票 template (its DOCX, in this transaction), sealed, signed and served through the service app
    in the background (the PDF takes LibreOffice seconds); `summons.document_served` (hand-off) links the service task to
    the participant. A party the service app cannot reach (no address confirmed …) is noted on the participant
    now, and the hearing stays booked: the clerk completes the address and issues again from the hearing's page."""
    from smartcourt.documents.services import document_generate, document_sign_request
    from smartcourt.service.services import service_reach_problem

    notes: list[str] = []
    case = hearing.case
    appearance_notices_plan(hearing=hearing, actor=actor)  # 出庭通知书 for the others: dispatched after the commit
    # the summons follows the scheduler's decision: made in their name when they may make the case's documents,
    # else by the platform (a scheduling officer outside the case team)
    maker = actor if allows(user=actor, resource=Resource.DOCUMENT, action=Action.CHANGE, obj=case) else SYSTEM
    for p in hearing.participants.filter(
        kind=ParticipantKind.PARTY, party__isnull=False, summons_task__isnull=True
    ).select_related("party", "remote_site"):
        party = case_party_get(party_id=p.party_id) if p.party_id else None
        if party is None:  # the party row is PROTECTed from deletion; defensive only
            continue
        problem = service_reach_problem(case=case, recipient=party, document_type="summons")
        if problem:
            p.summons_note = f"传票未能发出：{problem}"[:300]
            p.save(update_fields=["summons_note", "updated_at"])
            notes.append(f"{p.name}：{problem}")
            continue
        document = document_generate(
            actor=maker, case=case, kind="summons", extra=S.summons_fields(hearing, p), recipient=party,
            convert=False, origin_ref=S.origin_ref(hearing, p),
        )  # fmt: skip
        if document.state in ("ready", "signed"):  # not yet signed, or signed but not yet served
            try:
                document_sign_request(actor=maker, document=document, serve=True)
            except ApplicationError as exc:  # no signing key: the hearing stays booked, the clerk sees why
                p.summons_note = f"传票未能签章：{exc.message}"[:300]
                p.save(update_fields=["summons_note", "updated_at"])
                notes.append(f"{p.name}：{exc.message}")
                continue
        p.summons_note = S.PENDING
        p.save(update_fields=["summons_note", "updated_at"])
    return notes


def _summonses_withdraw(hearing: Hearing, actor: Actor, why: str) -> None:
    """Withdraw the summonses not yet served for a date that no longer holds (the service app cancels them)."""
    who = actor_user(actor)
    reason = f"{why}（{who.get_full_name() if who else '系统'}）"
    appearance_notices_withdraw(hearing=hearing, why=reason)
    for p in hearing.participants.filter(summons_task__isnull=False).select_related("summons_task"):
        task = p.summons_task
        if task is not None and task.state not in ("served", "cancelled"):
            # the court withdraws its own document: done by the platform on the judge's decision, since serving
            # (SERVICE/CHANGE) may be another person's task (集中送达)
            service_task_cancel(task=task, actor=SYSTEM, reason=reason)  # type: ignore[arg-type]
        p.summons_task = None
        p.save(update_fields=["summons_task", "updated_at"])
    # a summons still being signed for the old time is withdrawn when it is served (summons.document_served)
    hearing.participants.filter(summons_note=S.PENDING).update(summons_note="", updated_at=timezone.now())


# --- the actions --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleResult:
    hearing: Hearing
    warnings: list[str]


@transaction.atomic
def hearing_schedule(*, case: Case, data: HearingIn, actor: Actor) -> ScheduleResult:
    """Schedule a hearing (排期) and serve the parties' summonses (传票) through the service app."""
    from smartcourt.cases.selectors import case_get_strict

    case = case_get_strict(case_id=case.pk, lock=True)  # one writer per case; the court row is not locked
    _require(actor, case)
    _case_open(case)
    checked = _check(case, data)
    hearing = _write(case, data, checked, actor, previous=None)
    _change(hearing, HearingChangeKind.SCHEDULED, actor, new_starts_at=hearing.starts_at)
    notes = _summonses_issue(hearing, actor)
    case_event_append(
        case=case, type=CaseEventType.HEARING_SCHEDULED, actor=actor,
        summary=f"排期{hearing.get_kind_display()}：{_when(hearing)}",
        new={"hearing": hearing.pk, "starts_at": hearing.starts_at.isoformat(), "mode": hearing.mode},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_SCHEDULE, target=hearing, extra={"case": case.number})
    return ScheduleResult(hearing, checked.warnings + notes)


def _locked(hearing: Hearing) -> Hearing:
    return Hearing.objects.select_for_update(of=("self",)).select_related("case", "court", "room").get(pk=hearing.pk)


def _same_booking(hearing: Hearing, **changes: object) -> HearingIn:
    """The hearing's booking as input, with `changes` applied (the same bench, clerk and participants)."""
    bench = list(hearing.bench.all())
    presiding = next(b.user_id for b in bench if b.presiding)
    parts = tuple(
        ParticipantIn(
            kind=p.kind, name=p.name, party_id=p.party_id if p.kind == ParticipantKind.PARTY else None,
            representation_id=p.representation_id, attendance=p.attendance, remote_site_id=p.remote_site_id,
            in_custody=p.in_custody, language=p.language, licence_no=p.licence_no if not p.representation_id else "",
            phone=p.phone, address=p.address,
        )
        for p in hearing.participants.all()
    )  # fmt: skip
    base = {
        "kind": hearing.kind, "mode": hearing.mode, "starts_at": hearing.starts_at, "ends_at": hearing.ends_at,
        "presiding_id": presiding, "room_id": hearing.room_id, "clerk_id": hearing.clerk_id,
        "panel_ids": tuple(b.user_id for b in bench if not b.presiding), "participants": parts,
        "public": hearing.public, "not_public_reason": hearing.not_public_reason, "notes": hearing.notes,
    }  # fmt: skip
    base.update(changes)
    return HearingIn(**base)  # type: ignore[arg-type]


@transaction.atomic
def hearing_reschedule(
    *,
    hearing: Hearing,
    actor: Actor,
    starts_at: datetime,
    ends_at: datetime,
    room_id: int | None = None,
    note: str = "",
    rest_day_confirmed: bool = False,
) -> ScheduleResult:
    """Move a hearing that has not taken place (改期) to another time or room: the same checks as scheduling, the
    summonses for the old date withdrawn and new ones served."""
    hearing = _locked(hearing)
    _require(actor, hearing.case)
    if hearing.status != HearingStatus.SCHEDULED:
        raise HearingStateError(f"该庭审{hearing.get_status_display()}，不能改期；开庭后需另行开庭的，请登记延期开庭。")
    if not (note or "").strip():
        raise HearingInputError("请填写改期原因。", field="note")
    _case_open(hearing.case)
    old = hearing.starts_at
    data = _same_booking(
        hearing, starts_at=starts_at, ends_at=ends_at, room_id=room_id or hearing.room_id,
        rest_day_confirmed=rest_day_confirmed,
    )  # fmt: skip
    checked = _check(hearing.case, data, exclude_ids=(hearing.pk,))
    _summonses_withdraw(hearing, actor, "庭审改期，原传票作废")
    hearing.starts_at, hearing.ends_at, hearing.room_id = starts_at, ends_at, checked.room_id
    hearing.notice_latest_on, hearing.notice_basis = checked.notice_latest_on, checked.notice_basis
    hearing.save(update_fields=["starts_at", "ends_at", "room", "notice_latest_on", "notice_basis", "updated_at"])
    _escorts_cancel(hearing, "庭审改期，原提押申请撤销")
    _escorts_request(hearing, actor)
    _change(hearing, HearingChangeKind.RESCHEDULED, actor, old_starts_at=old, new_starts_at=starts_at,
            note=note.strip()[:300])  # fmt: skip
    notes = _summonses_issue(hearing, actor)
    case_event_append(
        case=hearing.case, type=CaseEventType.HEARING_RESCHEDULED, actor=actor,
        summary=f"庭审改期至{_when(hearing)}（原定{timezone.localtime(old):%Y-%m-%d %H:%M}）：{note.strip()[:100]}",
        old={"starts_at": old.isoformat()}, new={"hearing": hearing.pk, "starts_at": starts_at.isoformat()},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_RESCHEDULE, target=hearing, reason=note.strip()[:300])
    return ScheduleResult(hearing, checked.warnings + notes)


@dataclass(frozen=True)
class PostponeResult:
    hearing: Hearing
    next_hearing: Hearing | None
    clock: str  # what the postponement did to the trial period, in words
    warnings: list[str]


@transaction.atomic
def hearing_postpone(
    *,
    hearing: Hearing,
    actor: Actor,
    reason: str,
    note: str = "",
    session_held: bool = False,
    on_party_application: bool = False,
    parties_agree: bool = False,
    president_approval: str = "",
    next_starts_at: datetime | None = None,
    next_ends_at: datetime | None = None,
    next_room_id: int | None = None,
    rest_day_confirmed: bool = False,
) -> PostponeResult:
    """Postpone a hearing (延期开庭) for a statutory reason; book the next session when its time is known; record
    on the trial-period clock only what the law keeps out of it (rules/postponement.py)."""
    hearing = _locked(hearing)
    case = hearing.case
    _require(actor, case)
    if hearing.status not in ACTIVE_STATUSES:
        raise HearingStateError(f"该庭审{hearing.get_status_display()}，不能延期。")
    try:
        why = P.PostponementReason(reason)
    except ValueError:
        raise HearingInputError("请选择法定的延期事由。", field="reason") from None
    if (next_starts_at is None) != (next_ends_at is None):
        raise HearingInputError("请同时填写下次开庭的开始和结束时间。", field="next_starts_at")
    if next_starts_at is not None and next_ends_at is not None:
        _instants_check(next_starts_at, next_ends_at)
    earlier = HearingChange.objects.filter(hearing__case=case, kind=HearingChangeKind.POSTPONED).count()
    today = timezone.localdate()
    check = P.postponement_check(
        reason=why, case_kind=case.kind, procedure=case.procedure, earlier_postponements=earlier,
        held_on=timezone.localtime(hearing.starts_at).date() if session_held else None,
        next_on=timezone.localtime(next_starts_at).date() if next_starts_at else None,
        parties_agree=parties_agree, president_approval=president_approval,
    )  # fmt: skip
    if not check.ok:
        raise HearingInputError(check.message, field="reason", code="hearing.postponement_refused")
    next_hearing = None
    warnings: list[str] = []
    if next_starts_at is not None and next_ends_at is not None:
        data = _same_booking(
            hearing, starts_at=next_starts_at, ends_at=next_ends_at, room_id=next_room_id or hearing.room_id,
            rest_day_confirmed=rest_day_confirmed,
        )  # fmt: skip
        _case_open(case)
        checked = _check(case, data, exclude_ids=(hearing.pk,))
        warnings += checked.warnings
    _summonses_withdraw(hearing, actor, "延期开庭，原传票作废")
    _escorts_cancel(hearing, "延期开庭，提押申请撤销")
    hearing.status = HearingStatus.POSTPONED
    hearing.save(update_fields=["status", "updated_at"])
    if next_starts_at is not None:
        next_hearing = _write(case, data, checked, actor, previous=hearing)
        if not session_held:
            Hearing.objects.filter(pk=next_hearing.pk).update(sequence=hearing.sequence)
            next_hearing.sequence = hearing.sequence
        warnings += _summonses_issue(next_hearing, actor)
    effect = P.clock_effect(
        reason=why, case_kind=case.kind, on_party_application=on_party_application, decided_on=today,
        next_on=timezone.localtime(next_starts_at).date() if next_starts_at else None,
    )  # fmt: skip
    if effect is not None and case.state in RUNNING_STATES:
        adjustment = case_deduction_start(
            case=case, kind="postponement", actor=actor, started_on=effect.first,
            reason=f"{effect.explanation}（{effect.citation}）",
        )  # fmt: skip
        case_deduction_end(case=case, adjustment=adjustment, actor=actor, ended_on=effect.last)
        clock = f"{effect.first.isoformat()}至{effect.last.isoformat()}不计入审限：{effect.explanation}（{effect.citation}）。"
    else:
        clock = P.no_clock_effect_text(case.kind)
    _change(
        hearing, HearingChangeKind.POSTPONED, actor, reason=why.value, note=(note or "").strip()[:300],
        old_starts_at=hearing.starts_at, new_starts_at=next_starts_at, new_hearing=next_hearing,
        clock_effect=clock[:300],
    )  # fmt: skip
    nxt = f"，下次开庭：{_when(next_hearing)}" if next_hearing else "，下次开庭时间另行通知"
    case_event_append(
        case=case, type=CaseEventType.HEARING_POSTPONED, actor=actor,
        summary=f"延期开庭（{why.label}）{nxt}。{clock}"[:300],
        old={"hearing": hearing.pk, "starts_at": hearing.starts_at.isoformat()},
        new={"reason": why.value, "next_hearing": next_hearing.pk if next_hearing else None},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_POSTPONE, target=hearing, reason=(note or why.label)[:300])
    return PostponeResult(hearing, next_hearing, clock, warnings)


@transaction.atomic
def hearing_cancel(*, hearing: Hearing, actor: Actor, note: str) -> Hearing:
    """Cancel a hearing that will not take place (e.g. the case was withdrawn or settled before it)."""
    hearing = _locked(hearing)
    _require(actor, hearing.case)
    if hearing.status != HearingStatus.SCHEDULED:
        raise HearingStateError(f"该庭审{hearing.get_status_display()}，不能取消。")
    if not (note or "").strip():
        raise HearingInputError("请填写取消原因。", field="note")
    _summonses_withdraw(hearing, actor, "庭审取消，传票作废")
    _escorts_cancel(hearing, "庭审取消，提押申请撤销")
    hearing.status = HearingStatus.CANCELLED
    hearing.save(update_fields=["status", "updated_at"])
    _change(hearing, HearingChangeKind.CANCELLED, actor, old_starts_at=hearing.starts_at, note=note.strip()[:300])
    case_event_append(
        case=hearing.case, type=CaseEventType.HEARING_CANCELLED, actor=actor,
        summary=f"取消庭审（原定{_when(hearing)}）：{note.strip()[:100]}", old={"hearing": hearing.pk},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_CANCEL, target=hearing, reason=note.strip()[:300])
    return hearing


@transaction.atomic
def hearing_record_held(
    *, hearing: Hearing, actor: Actor, started_at: datetime | None = None, ended_at: datetime | None = None
) -> Hearing:
    """Record that the session took place (开庭完毕) with its actual start and end (statistics read them)."""
    hearing = _locked(hearing)
    _require(actor, hearing.case)
    if hearing.status not in ACTIVE_STATUSES:
        raise HearingStateError(f"该庭审{hearing.get_status_display()}，不能登记为已开庭。")
    started_at = started_at or hearing.starts_at
    ended_at = ended_at or hearing.ends_at
    if ended_at <= started_at:
        raise HearingInputError("实际结束时间应晚于实际开始时间。", field="ended_at")
    if ended_at > timezone.now():
        raise HearingInputError("庭审尚未结束，不能登记为已开庭。", field="ended_at")
    if ended_at - started_at > B.MAX_DURATION or abs(started_at - hearing.starts_at) > timedelta(days=1):
        raise HearingInputError("实际开庭时间应在排定之日前后，且一次庭审不超过12小时。", field="started_at")
    hearing.status = HearingStatus.CONCLUDED
    hearing.actual_started_at, hearing.actual_ended_at = started_at, ended_at
    hearing.save(update_fields=["status", "actual_started_at", "actual_ended_at", "updated_at"])
    EscortRequest.objects.filter(hearing=hearing, state=EscortState.REQUESTED).update(
        state=EscortState.CANCELLED, note="庭审已结束，未确认的提押申请关闭", updated_at=timezone.now()
    )
    _change(hearing, HearingChangeKind.HELD, actor, old_starts_at=hearing.starts_at, new_starts_at=started_at)
    minutes = int((ended_at - started_at).total_seconds() // 60)
    case_event_append(
        case=hearing.case, type=CaseEventType.HEARING_HELD, actor=actor,
        summary=f"{hearing.get_kind_display()}完毕（{timezone.localtime(started_at):%Y-%m-%d %H:%M}起，{minutes}分钟）",
        new={"hearing": hearing.pk, "started_at": started_at.isoformat(), "ended_at": ended_at.isoformat()},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_RECORD_HELD, target=hearing)
    return hearing


@transaction.atomic
def hearing_summons_issue(*, hearing: Hearing, actor: Actor) -> list[str]:
    """Serve the summonses not yet issued (a party whose address was missing when the hearing was booked); the
    3-day rule is checked again from today."""
    hearing = _locked(hearing)
    _require(actor, hearing.case)
    if hearing.status != HearingStatus.SCHEDULED:
        raise HearingStateError(f"该庭审{hearing.get_status_display()}，不再发出传票。")
    _notice_check(hearing.case, hearing.kind, hearing.starts_at)
    notes = _summonses_issue(hearing, actor)
    issued = hearing.participants.filter(summons_task__isnull=False).count()
    signing = hearing.participants.filter(summons_task__isnull=True, summons_note=S.PENDING).count()
    case_event_append(
        case=hearing.case, type=CaseEventType.HEARING_SUMMONS_ISSUED, actor=actor,
        summary=f"发出传票（{_when(hearing)}）：已送达处理{issued}份" + (f"，签章中{signing}份" if signing else "")
        + (f"，未能发出：{'；'.join(notes)}" if notes else ""),
        new={"hearing": hearing.pk},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_SUMMONS_ISSUE, target=hearing)
    return notes


@transaction.atomic
def escort_acknowledge(*, escort: EscortRequest, actor: Actor, note: str = "") -> EscortRequest:
    """The court police acknowledge an escort request (提押): they will bring the defendant to the courtroom."""
    escort = EscortRequest.objects.select_for_update(of=("self",)).select_related("hearing__case").get(pk=escort.pk)
    permission_require(
        actor=actor, resource=Resource.ESCORT, action=Action.CHANGE, obj=escort.hearing.case,
        message="只有本院司法警察可以确认提押。",
    )  # fmt: skip
    if escort.state != EscortState.REQUESTED:
        raise HearingStateError(f"该提押申请{escort.get_state_display()}。")
    escort.state = EscortState.ACKNOWLEDGED
    escort.acknowledged_by = actor_user(actor)
    escort.acknowledged_at = timezone.now()
    if note.strip():
        escort.note = f"{escort.note}；{note.strip()}"[:300]
    escort.save(update_fields=["state", "acknowledged_by", "acknowledged_at", "note", "updated_at"])
    case_event_append(
        case=escort.hearing.case, type=CaseEventType.HEARING_ESCORT_ACKNOWLEDGED, actor=actor,
        summary=f"法警确认提押{escort.participant.name}（{_when(escort.hearing)}）", new={"escort": escort.pk},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ESCORT_ACKNOWLEDGE, target=escort)
    return escort


# --- remote sites -------------------------------------------------------------------------------------------------


@transaction.atomic
def remote_site_create(
    *, court_id: int, kind: str, name: str, host: str, actor: Actor, address: str = "", phone: str = ""
) -> RemoteSite:
    """Set up a remote site (设立驻所科技法庭或共享法庭) for the court."""
    who = actor_user(actor)
    if actor is not SYSTEM and court_id not in grant_courts(
        user=who, resource=Resource.REMOTE_SITE, action=Action.CHANGE
    ):
        raise Forbidden("只有本院审判管理部门可以设立远程庭审场所。")
    if kind not in RemoteSiteKind.values:
        raise HearingInputError("未知的场所类别。", field="kind")
    name, host = (name or "").strip(), (host or "").strip()
    if not name or not host:
        raise HearingInputError("请填写场所名称和设立单位。", field="name")
    if RemoteSite.objects.filter(court_id=court_id, name=name).exists():
        raise HearingInputError("本院已有同名场所。", field="name")
    site = RemoteSite.objects.create(
        court_id=court_id, kind=kind, name=name[:100], host=host[:100], address=(address or "").strip()[:200],
        phone=(phone or "").strip()[:32],
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_SITE_CREATE, target=site)
    return site


@transaction.atomic
def remote_site_staff_add(
    *, site: RemoteSite, actor: Actor, name: str, duty: str, phone: str = "", user_id: int | None = None
) -> RemoteSiteStaff:
    """Add a person to a remote site's staff (场所管理员、联络员、驻所法警)."""
    if not allows(user=actor, resource=Resource.REMOTE_SITE, action=Action.CHANGE, obj=site):
        raise Forbidden("只有本院审判管理部门可以管理远程庭审场所的工作人员。")
    if duty not in RemoteSiteStaff.Duty.values:
        raise HearingInputError("未知的职责。", field="duty")
    name = (name or "").strip()
    if not name:
        raise HearingInputError("请填写姓名。", field="name")
    user = user_get(user_id=user_id, active_only=True) if user_id else None
    if user_id and user is None:
        raise HearingInputError("所选账户不存在。", field="user_id")
    row = RemoteSiteStaff.objects.create(site=site, user=user, name=name[:64], duty=duty, phone=(phone or "")[:20])
    audit_record(actor=actor, action=AuditAction.HEARING_SITE_STAFF_ADD, target=site, extra={"staff": row.pk})
    return row


__all__ = [
    "HearingConflict",
    "HearingIn",
    "HearingInputError",
    "HearingStateError",
    "ParticipantIn",
    "escort_acknowledge",
    "hearing_cancel",
    "hearing_postpone",
    "hearing_record_held",
    "hearing_reschedule",
    "hearing_schedule",
    "hearing_summons_issue",
    "notice_for",
    "participants_default",
    "remote_site_create",
    "remote_site_staff_add",
]
