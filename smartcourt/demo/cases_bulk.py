"""The demo's sample cases written with bulk inserts: exactly the rows the case services write, far fewer queries.

Registering, assigning and closing one case through `cases.services` costs about 55 queries (locks, permission
checks, the caseload count of every candidate judge, one INSERT per row); 2,940 of them were most of `make demo`.
`CaseBulkWriter` replays an ordinary case's history in memory — the same random draws in the same order as
`DemoSeeder._case_history`, the same number, draw, team, clock, timeline, audit rows and notifications — and
writes each court's cases with a handful of `bulk_create` calls in the court's transaction.

Rare cases go through the real services instead: demo_party's and demo_lawyer's cases, and any case whose history
needs a clock adjustment (public-notice deduction), a suspension or a supervision tag. Before such a case the
buffer is flushed, so the service sees every earlier case (the number sequence, the judges' caseloads, persons).
`seed_demo --cases-path services` sends every case through the services; the demo tests seed both ways on the same
seed and compare the rows table by table, which keeps this module honest when the services change (ADR 0029).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count

from smartcourt.cases.models import (
    AssignmentDraw,
    Case,
    CaseEvent,
    CaseEventType,
    CaseNumberSequence,
    CaseParty,
    CaseState,
    CaseTeamMember,
    ClosingMethod,
    Person,
    TeamRole,
)
from smartcourt.cases.rules import assignment as assignment_rules
from smartcourt.cases.rules import identity
from smartcourt.cases.rules.case_numbers import TYPE_CODES, format_case_number
from smartcourt.cases.rules.transitions import ensure_transition
from smartcourt.cases.search import search_text_from
from smartcourt.cases.selectors import OPEN_STATES
from smartcourt.cases.services import _eligible_judges, case_title
from smartcourt.core.models import AuditLog, Notification
from smartcourt.core.services import AuditAction
from smartcourt.courts.models import Court, Division, User
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors_teams import standing_team_for, user_holds_role
from smartcourt.legaltime.selectors import ClockCase, calendar_load, trial_period_status

from .bulk import disposition_days

if TYPE_CHECKING:
    from .seed import CaseInputs, DemoSeeder

BATCH = 1_000
_SEQUENCE_SQL = (
    "INSERT INTO cases_casenumbersequence (court_id, type_code, year, last) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (court_id, type_code, year) DO UPDATE SET last = excluded.last"
)


class _Rare(Exception):
    """This case's history needs a service the bulk writer does not replay: send it through the services."""


@dataclass
class _Step:
    """One action of a case's history: its instant, its correlation id, who did it."""

    at: datetime
    actor: User | None
    correlation: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass
class _Planned:
    case: Case
    persons: list[Person]
    parties: list[CaseParty]
    draw: AssignmentDraw | None = None
    team: list[CaseTeamMember] = field(default_factory=list)
    # (step, type, summary, payload) — an assignment's payload gets the draw's id at flush time
    events: list[tuple[_Step, str, str, dict[str, Any]]] = field(default_factory=list)
    audits: list[tuple[_Step, str, str]] = field(default_factory=list)  # (step, action, reason)
    notices: list[tuple[User, str, str, str]] = field(default_factory=list)  # recipient, title, body, topic


class CaseBulkWriter:
    """Buffers a court's ordinary cases (`add`) and writes them with bulk inserts (`flush`)."""

    def __init__(self, seeder: DemoSeeder) -> None:
        self.seeder = seeder
        self.buffer: list[_Planned] = []
        self.seqs: dict[tuple[int, str, int], int] = {
            (s.court_id, s.type_code, s.year): s.last for s in CaseNumberSequence.objects.all()
        }
        self.touched: set[tuple[int, str, int]] = set()
        # one record per identity across all cases, as person_upsert keeps it
        self.persons: dict[str, Person] = {}
        for person in Person.objects.exclude(id_number=None, credit_code=None):
            self.persons[person.id_number or person.credit_code or ""] = person
        self.minor_changed: dict[int, Person] = {}
        self.loads: dict[int, int] = {}
        self.candidates: dict[tuple[int, int, str], list[tuple[User, int]]] = {}
        self.standing: dict[tuple[int, int | None], tuple[Any, User | None, User | None]] = {}
        self.calendar = calendar_load()  # the court calendar (holidays), read once, not once a case

    # ------------------------------------------------------------ bookkeeping
    def court_start(self, court: Court) -> None:
        """Judges' open caseloads as stored (the draw's weights); kept in memory while the court's cases are made."""
        self.court = court
        rows = Case.objects.filter(court=court, state__in=OPEN_STATES, judge__isnull=False)
        self.loads.update({r["judge_id"]: r["n"] for r in rows.values("judge_id").annotate(n=Count("id"))})

    def after_service(self, case: Case) -> None:
        """A case the services wrote: its number, its judge's caseload and its persons are now the writer's too."""
        stored = Case.objects.values("judge_id", "state", "court_id", "type_code", "year", "seq").get(pk=case.pk)
        key = (stored["court_id"], stored["type_code"], stored["year"])
        self.seqs[key] = max(self.seqs.get(key, 0), stored["seq"])
        if stored["judge_id"] and stored["state"] in OPEN_STATES:
            self.loads[stored["judge_id"]] = self.loads.get(stored["judge_id"], 0) + 1
        for person in Person.objects.filter(case_roles__case_id=case.pk).exclude(id_number=None, credit_code=None):
            self.persons[person.id_number or person.credit_code or ""] = person

    def _candidates(self, court: Court, division: Division, kind: str) -> list[tuple[User, int]]:
        """The division's judges in the service's order (caseloads come from the writer's own count)."""
        key = (court.pk, division.pk, kind)
        if key not in self.candidates:
            probe = Case(court=court, division=division, kind=kind)
            users = {u.pk: u for u in User.objects.filter(pk__in=[c.judge_id for c in _eligible_judges(probe)])}
            self.candidates[key] = [(users[c.judge_id], c.judge_id) for c in _eligible_judges(probe)]
        return self.candidates[key]

    def _standing(self, judge: User, court: Court, division: Division) -> tuple[Any, User | None, User | None]:
        """The judge's standing team and the members who join at assignment (as team_on_assignment seats them)."""
        key = (judge.pk, division.pk)
        if key not in self.standing:
            team = standing_team_for(judge=judge, court=court, division=division)
            seats: list[User | None] = []
            for attr, role in (("assistant", Role.JUDGE_ASSISTANT), ("clerk", Role.CLERK)):
                person = getattr(team, attr, None) if team is not None else None
                ok = (
                    person is not None
                    and person.pk != judge.pk
                    and user_holds_role(user=person, role=role, court=court)
                )
                seats.append(person if ok else None)
            self.standing[key] = (team, seats[0], seats[1])
        return self.standing[key]

    # ------------------------------------------------------------ one case
    def add(self, inputs: CaseInputs, *, filed_on: date) -> bool:
        """Plan the case in memory and buffer it; False (the random generator untouched) if it is a rare one."""
        if inputs.special:
            return False
        state = self.seeder.rng.getstate()
        try:
            planned = self._plan(inputs, filed_on)
        except _Rare:
            self.seeder.rng.setstate(state)
            return False
        self.buffer.append(planned)
        if len(self.buffer) >= BATCH:
            self.flush()
        return True

    def _person(self, party: Any, filed_on: date) -> tuple[Person, bool]:
        """person_upsert in memory: the stored record of this identity (details refreshed) or a new one."""
        id_number = (party.id_number or "").strip().upper() or None
        credit_code = (party.credit_code or "").strip().upper() or None
        key = id_number or credit_code
        person = self.persons.get(key) if key else None
        new = person is None
        if person is None:
            person = Person(kind=party.kind, name=party.name.strip(), id_number=id_number, credit_code=credit_code)
        elif person.name != party.name.strip():
            raise _Rare  # the service refuses it; let it say so
        if id_number:
            minor = identity.id_is_minor(id_number, on=filed_on)
            if not new and person.pk is not None and person.is_minor != minor:
                self.minor_changed[person.pk] = person
            person.birth_date = identity.id_birth_date(id_number)
            person.gender = identity.id_gender(id_number)
            person.is_minor = minor
        for attr in ("phone", "address", "legal_representative"):
            if getattr(party, attr):
                setattr(person, attr, getattr(party, attr))
        if key:
            self.persons[key] = person
        return person, new

    def _plan(self, inputs: CaseInputs, filed_on: date) -> _Planned:
        from .seed import _History

        seeder, rng, today = self.seeder, self.seeder.rng, self.seeder.today
        court, type_code, division = inputs.court, inputs.type_code, inputs.division
        _label, kind, default_procedure = TYPE_CODES[type_code]
        procedure = inputs.procedure or default_procedure
        key = (court.pk, type_code, filed_on.year)
        seq = self.seqs.get(key, 0) + 1
        number = format_case_number(year=filed_on.year, court_code=court.code, type_code=type_code, seq=seq)
        title = case_title(type_code=type_code, parties=inputs.parties, cause=inputs.cause)[:200]
        case = Case(
            number=number,
            year=filed_on.year,
            type_code=type_code,
            seq=seq,
            court=court,
            division=division,
            kind=kind,
            procedure=procedure,
            cause=inputs.cause,
            title=title,
            claim_amount=inputs.amount,
            filed_on=filed_on,
            state=CaseState.REGISTERED,
        )
        history = _History()
        # registration (case_register): persons, parties, the clock's due date, event and audit row
        step = _Step(history.next_instant(filed_on), None)
        persons, parties, new_persons = [], [], []
        for position, party in enumerate(inputs.parties, start=1):
            person, new = self._person(party, filed_on)
            persons.append(person)
            if new:
                new_persons.append(person)
            parties.append(CaseParty(person=person, role=party.role, position=position))
        names = [p.person.name for p in sorted(parties, key=lambda p: (p.role, p.position))]
        case.search_text = search_text_from(number=number, title=title, names=names)
        clock = trial_period_status(
            subject=ClockCase(case_id=0, kind=kind, procedure=procedure, filed_on=filed_on),
            today=today,
            calendar=self.calendar,
            adjustments=[],
        )
        due = clock.due if clock is not None else None
        planned = _Planned(case=case, persons=new_persons, parties=parties)
        planned.events.append(
            (
                step,
                CaseEventType.REGISTERED,
                f"立案，案号{number}",
                {"new": {"number": number, "procedure": procedure, "filed_on": filed_on.isoformat()}},
            )
        )
        planned.audits.append((step, AuditAction.CASE_REGISTER, ""))
        age = (today - filed_on).days
        judge: User | None = None
        if division is not None and (age > 3 or rng.random() < 0.4):  # the newest wait for assignment
            officer = seeder._filing_officer(court)
            step = _Step(history.next_instant(min(filed_on + timedelta(days=rng.randint(0, 2)), today)), officer)
            candidates = self._candidates(court, division, kind)
            if candidates:
                judge = self._assign(planned, step, candidates, seed=f"demo-{seeder.seed}-{number}")
        if judge is not None and age > 40 and rng.random() < 0.05 and procedure == "ordinary":
            raise _Rare  # a public-notice deduction on the clock
        takes = disposition_days(rng, limit=(due - filed_on).days if due else 180)
        if judge is not None and rng.random() < 0.03 and 20 < age < 240:
            raise _Rare  # a suspension (中止) on the clock
        elif judge is not None and takes <= age:
            closed_on = filed_on + timedelta(days=takes)
            method = (
                seeder._pick(seeder.CLOSING)
                if kind != "enforcement"
                else seeder._pick((("enforced", 60), ("settlement", 15), ("withdrawal", 5)))
            )
            step = _Step(history.next_instant(closed_on), None)
            if kind == "enforcement" and rng.random() < 0.25:
                case.closing_method, case.closed_on = "enforcement_terminated", closed_on
                self._transition(planned, step, CaseState.TERMINATED)
            else:
                case.closing_method, case.closed_on = method, closed_on
                self._transition(planned, step, CaseState.CLOSED)
            if case.state == CaseState.CLOSED and (today - closed_on).days > 35 and rng.random() < 0.85:
                on = closed_on + timedelta(days=rng.randint(16, 30))
                case.effective_on = on
                self._transition(planned, _Step(history.next_instant(on), None), CaseState.EFFECTIVE)
                if (today - on).days > 60 and rng.random() < 0.7:
                    archived = on + timedelta(days=rng.randint(20, 60))
                    case.archived_on = archived
                    self._transition(planned, _Step(history.next_instant(archived), None), CaseState.ARCHIVED)
        tagged = rng.random() < 0.01 and case.state in (CaseState.IN_TRIAL, CaseState.REGISTERED)
        if tagged and (judge is not None or seeder._filing_officer(court) is not None):
            raise _Rare  # a supervision tag (四类案件)
        case.trial_due_on = due if case.state in OPEN_STATES else None
        # the plan holds: the case takes its number and counts in its judge's caseload
        self.seqs[key] = seq
        self.touched.add(key)
        if judge is not None and case.state in OPEN_STATES:
            self.loads[judge.pk] = self.loads.get(judge.pk, 0) + 1
        return planned

    def _assign(self, planned: _Planned, step: _Step, candidates: list[tuple[User, int]], *, seed: str) -> User:
        """case_assign_random: the weighted draw, the draw record, the team, event, audit row and messages."""
        case = planned.case
        pool = [
            assignment_rules.Candidate(judge_id=pk, name=user.get_full_name(), load=Decimal(self.loads.get(pk, 0)))
            for user, pk in candidates
        ]
        draw = assignment_rules.draw_value(seed, case.number)
        index, weights = assignment_rules.pick(pool, draw)
        judge = candidates[index][0]
        planned.draw = AssignmentDraw(
            method=AssignmentDraw.Method.RANDOM,
            candidates=[c.as_dict(w) for c, w in zip(pool, weights, strict=True)],
            seed=seed,
            draw=draw,
            judge=judge,
            previous_judge=None,
            decided_by=step.actor or judge,
            approved_by=None,
            reason="",
        )
        case.judge = judge
        assert case.court is not None and case.division is not None
        team, assistant, clerk = self._standing(judge, case.court, case.division)
        planned.team.append(CaseTeamMember(user=judge, role=TeamRole.JUDGE, started_at=step.at, added_by=step.actor))
        applied = []
        for person, place, label, attr in (
            (assistant, TeamRole.ASSISTANT, "法官助理", "assistant"),
            (clerk, TeamRole.CLERK, "书记员", "clerk"),
        ):
            if person is None:
                continue
            setattr(case, attr, person)
            applied.append(f"{label}{person.get_full_name()}")
            planned.team.append(CaseTeamMember(user=person, role=place, started_at=step.at, added_by=step.actor))
            if step.actor is None or person.pk != step.actor.pk:
                planned.notices.append(
                    (
                        person,
                        f"加入审判团队：{case.number}",
                        f"您已作为{TeamRole(place).label}加入{case.number}（{case.title}）的审判团队。",
                        "case.team_joined",
                    )
                )
        case.state = CaseState.IN_TRIAL
        summary = f"{AssignmentDraw.Method.RANDOM.label}：承办法官{judge.get_full_name()}"
        if applied:
            summary += "；审判团队按承办法官的固定审判团队确定：" + "、".join(applied)
        payload = {
            "old": {"judge": None},
            "new": {
                "judge": judge.pk,
                "method": AssignmentDraw.Method.RANDOM.value,
                "draw": None,  # the draw's id, once written
                "assistant": getattr(case.assistant, "pk", None),
                "clerk": getattr(case.clerk, "pk", None),
                "standing_team": team.pk if team is not None else None,
            },
        }
        planned.events.append((step, CaseEventType.ASSIGNED, summary, payload))
        planned.audits.append((step, AuditAction.CASE_ASSIGN_RANDOM, ""))
        planned.notices.append((judge, f"新分配案件 {case.number}", case.title, "case.assigned"))
        return judge

    def _transition(self, planned: _Planned, step: _Step, target: str) -> None:
        """case_transition: the new state, its event (label, closing method, citation) and audit row."""
        case = planned.case
        old = case.state
        transition = ensure_transition(old, target)
        case.state = target
        new: dict[str, Any] = {"state": target}
        if case.closing_method and target in (CaseState.CLOSED, CaseState.TERMINATED):
            new["closing_method"] = case.closing_method
        summary = transition.label
        if target == CaseState.CLOSED:
            summary += f"（{ClosingMethod(case.closing_method).label}）"
        if transition.citation:
            summary += f"，依据{transition.citation}"
        planned.events.append((step, CaseEventType(f"case.{target}"), summary, {"old": {"state": old}, "new": new}))
        planned.audits.append((step, AuditAction(f"case.transition.{target}"), ""))

    # ------------------------------------------------------------ writing
    def flush(self) -> None:
        """Write the buffered cases: persons, cases, parties, draws, team, timeline, audit rows, messages, numbers."""
        buffer, self.buffer = self.buffer, []
        if buffer:
            Person.objects.bulk_create([p for planned in buffer for p in planned.persons], batch_size=BATCH)
            Case.objects.bulk_create([planned.case for planned in buffer], batch_size=BATCH)
            parties, draws, team, events, audits, notices = [], [], [], [], [], []
            for planned in buffer:
                case = planned.case
                for party in planned.parties:
                    party.case, party.person_id = case, party.person.pk
                    parties.append(party)
                if planned.draw is not None:
                    planned.draw.case = case
                    draws.append(planned.draw)
                for member in planned.team:
                    member.case = case
                    team.append(member)
            CaseParty.objects.bulk_create(parties, batch_size=BATCH)
            AssignmentDraw.objects.bulk_create(draws, batch_size=BATCH)
            CaseTeamMember.objects.bulk_create(team, batch_size=BATCH)
            for planned in buffer:
                case = planned.case
                for step, type_, summary, payload in planned.events:
                    if type_ == CaseEventType.ASSIGNED and planned.draw is not None:
                        payload["new"]["draw"] = planned.draw.pk
                    events.append(
                        CaseEvent(
                            case=case,
                            type=type_,
                            occurred_at=step.at,
                            actor=step.actor,
                            summary=summary[:300],
                            payload=payload,
                            correlation_id=step.correlation,
                        )
                    )
                for step, action, reason in planned.audits:
                    audits.append(
                        AuditLog(
                            occurred_at=step.at,
                            actor=step.actor,
                            kind=AuditLog.Kind.WRITE,
                            action=action,
                            target_type=Case._meta.label_lower,
                            target_id=str(case.pk),
                            target_label=str(case)[:200],
                            reason=reason,
                            extra={} if step.actor is not None else {"actor": "system"},
                            correlation_id=step.correlation,
                        )
                    )
                for recipient, title, body, topic in planned.notices:
                    notices.append(
                        Notification(
                            recipient=recipient, title=title, body=body, link=f"/cases/{case.pk}/", topic=topic
                        )
                    )
            CaseEvent.objects.bulk_create(events, batch_size=BATCH)
            AuditLog.objects.bulk_create(audits, batch_size=BATCH)
            Notification.objects.bulk_create(notices, batch_size=BATCH)
        if self.minor_changed:
            Person.objects.bulk_update(list(self.minor_changed.values()), ["is_minor"], batch_size=BATCH)
            self.minor_changed = {}
        if self.touched:
            with connection.cursor() as cursor:
                cursor.executemany(_SEQUENCE_SQL, [(*key, self.seqs[key]) for key in sorted(self.touched)])
            self.touched = set()
