"""Demo hearings (庭审排期): the next two weeks across the basic courts' rooms and remote sites.

Most sessions are written in bulk (the demo is the composition root, ADR 0014): deterministic slots that never
collide (a room, a judge, a clerk and a lawyer are each booked once per slot), with their bench and participants
and the "scheduled" line of their history — fast, a few thousand rows. A handful go through the real services so
their summonses, escort requests, timeline events and audit rows are real: demo_judge's sessions, demo_lawyer's
sessions in two courts (the lawyer's calendar across courts), a criminal trial with the defendant at the detention
centre's technology courtroom (驻所科技法庭), one with the defendant brought to court in person (an escort request
for demo_police), a postponement. Past sessions of the last two weeks are recorded as held, for the statistics.

Idempotent: the demo's remote sites are made once; nothing is added when they exist.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from smartcourt.cases.models import Case, CaseParty, Representation
from smartcourt.courts.models import Court, RoleGrant, Room, User
from smartcourt.courts.roles import CourtLevel, Role, RoomKind
from smartcourt.courts.selectors import SYSTEM
from smartcourt.hearings.models import (
    Attendance,
    Hearing,
    HearingBench,
    HearingChange,
    HearingParticipant,
    ParticipantKind,
    RemoteSite,
    RemoteSiteKind,
    RemoteSiteStaff,
)
from smartcourt.hearings.services import HearingIn, hearing_postpone, hearing_schedule
from smartcourt.legaltime.selectors import calendar_load

DEMO_COURT = "苏0508"
SLOTS = (
    (time(9, 0), time(10, 30)),
    (time(10, 30), time(12, 0)),
    (time(14, 0), time(15, 30)),
    (time(15, 30), time(17, 0)),
)
SITES = (
    (RemoteSiteKind.DETENTION_CENTRE, "第一看守所驻所科技法庭", "苏州市第一看守所", "苏州市姑苏区东环路", "police"),
    (RemoteSiteKind.SHARED_COURT, "双塔街道共享法庭", "双塔街道办事处", "苏州市姑苏区双塔街道综治中心", "liaison"),
    (RemoteSiteKind.SHARED_COURT, "平江街道共享法庭", "平江街道办事处", "苏州市姑苏区平江街道社区服务中心", "liaison"),
)


def _working_days(first: date, last: date) -> list[date]:
    calendar = calendar_load()
    out, d = [], first
    while d <= last:
        if calendar.is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def _at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def _holders(role: Role, court: Court) -> list[int]:
    return list(RoleGrant.objects.filter(role=role, court=court).order_by("user_id").values_list("user_id", flat=True))


def _sites(court: Court) -> list[RemoteSite]:
    police = User.objects.filter(username="demo_police").first()
    sites: list[RemoteSite] = []
    for kind, name, host, address, duty in SITES:
        site = RemoteSite.objects.create(court=court, kind=kind, name=name, host=host, address=address,
                                         phone="0512-6500" + str(1000 + len(sites)))  # fmt: skip
        RemoteSiteStaff.objects.create(site=site, name=f"{host[:2]}管理员", duty="keeper", phone="13900001111")
        if duty == "police" and police is not None:
            RemoteSiteStaff.objects.create(site=site, user=police, name=police.get_full_name(), duty="police")
        else:
            RemoteSiteStaff.objects.create(site=site, name="社区联络员", duty="liaison", phone="13900002222")
        sites.append(site)
    return sites


def _bulk(rng: random.Random, today: date, log: Callable[[str], object]) -> tuple[int, int]:
    """Sessions for every basic court's rooms over the past two and next two weeks, without collisions."""
    hearings: list[Hearing] = []
    people: list[tuple[int, list[tuple[int, bool]], list[dict]]] = []  # (index, bench, participants)
    taken: set[tuple[str, datetime]] = set()
    # the next two weeks first (each open case at most once), then the last two weeks (held sessions: open cases'
    # earlier sessions and the sessions of cases closed since, for the one-hearing rate)
    days = _working_days(today, today + timedelta(days=14)) + _working_days(
        today - timedelta(days=14), today - timedelta(days=1)
    )
    now = timezone.now()
    courts = list(Court.objects.filter(level=CourtLevel.BASIC).order_by("code"))
    for court in courts:
        rooms = list(Room.objects.filter(court=court, kind__in=[RoomKind.COURTROOM, RoomKind.TECH_COURTROOM,
                                                                 RoomKind.ONLINE]).order_by("name"))  # fmt: skip
        clerks = _holders(Role.CLERK, court)
        kinds = ["civil", "administrative"]
        cases = list(
            Case.objects.filter(court=court, state="in_trial", judge__isnull=False, kind__in=kinds)
            .order_by("id").values_list("pk", "judge_id", "clerk_id", "closed_on")[:400]
        )  # fmt: skip
        recently_closed = list(
            Case.objects.filter(court=court, closed_on__gte=today - timedelta(days=10), closed_on__lte=today,
                                judge__isnull=False, kind__in=kinds)
            .order_by("id").values_list("pk", "judge_id", "clerk_id", "closed_on")[:100]
        )  # fmt: skip
        if not rooms or not cases or not clerks:
            continue
        parties: dict[int, list[tuple[int, str, int | None]]] = {}
        reps: dict[int, list[tuple[int, int, str, int | None, str]]] = {}
        ids = [c[0] for c in cases + recently_closed]
        for pk, case_id, name, user_id in CaseParty.objects.filter(case_id__in=ids).values_list(
            "pk", "case_id", "person__name", "person__user_id"
        ):
            parties.setdefault(case_id, []).append((pk, name, user_id))
        for pk, party_id, case_id, name, user_id, licence in Representation.objects.filter(
            party__case_id__in=ids, ends_on__isnull=True
        ).values_list("pk", "party_id", "party__case_id", "name", "user_id", "licence_no"):
            reps.setdefault(case_id, []).append((pk, party_id, name, user_id, licence))
        future_pool = iter(rng.sample(cases, len(cases)))
        past_pool = iter(rng.sample(cases + recently_closed, len(cases) + len(recently_closed)))
        for day in days:
            pool = future_pool if day >= today else past_pool
            for room in rooms:
                for start, end in SLOTS:
                    if rng.random() < 0.45:
                        continue
                    starts = _at(day, start)
                    case = next(pool, None)
                    if case is None:
                        break  # this court's cases are all booked for this half
                    case_id, judge_id, clerk_id, closed_on = case
                    if closed_on is not None and day >= closed_on:
                        continue  # a closed case's session was before it closed
                    clerk_id = clerk_id or clerks[case_id % len(clerks)]
                    keys = {f"room:{room.pk}", f"user:{judge_id}", f"user:{clerk_id}"}
                    keys |= {f"user:{u}" for _p, _n, u in parties.get(case_id, []) if u}
                    keys |= {f"licence:{r[4]}" for r in reps.get(case_id, []) if r[4]}
                    keys |= {f"user:{r[3]}" for r in reps.get(case_id, []) if r[3]}
                    if any((k, starts) in taken for k in keys):
                        continue
                    taken |= {(k, starts) for k in keys}
                    online = room.kind == RoomKind.ONLINE
                    held = starts < now
                    hearings.append(Hearing(
                        case_id=case_id, court=court, kind="trial", mode="online" if online else "in_person",
                        status="concluded" if held else "scheduled", starts_at=starts, ends_at=_at(day, end),
                        room=room, clerk_id=clerk_id, scheduled_by_id=judge_id,
                        actual_started_at=starts + timedelta(minutes=rng.randint(0, 10)) if held else None,
                        actual_ended_at=_at(day, end) - timedelta(minutes=rng.randint(0, 30)) if held else None,
                        notice_basis="应当在开庭三日前通知当事人和其他诉讼参与人（《民事诉讼法》第一百三十九条）。",
                    ))  # fmt: skip
                    attendance = Attendance.ONLINE if online else Attendance.IN_PERSON
                    rows = [{"kind": ParticipantKind.PARTY, "name": n, "party_id": p, "user_id": u,
                             "attendance": attendance} for p, n, u in parties.get(case_id, [])]  # fmt: skip
                    rows += [{"kind": ParticipantKind.LAWYER, "name": n, "party_id": party, "representation_id": r,
                              "user_id": u, "licence_no": lic, "attendance": attendance}
                             for r, party, n, u, lic in reps.get(case_id, [])]  # fmt: skip
                    people.append((len(hearings) - 1, [(judge_id, True)], rows))
    Hearing.objects.bulk_create(hearings, batch_size=500)
    HearingBench.objects.bulk_create(
        [HearingBench(hearing=hearings[i], user_id=u, presiding=p) for i, bench, _r in people for u, p in bench],
        batch_size=1000,
    )
    HearingParticipant.objects.bulk_create(
        [HearingParticipant(hearing=hearings[i], **row) for i, _b, rows in people for row in rows], batch_size=1000
    )
    changes = [HearingChange(hearing=h, kind="scheduled", occurred_at=h.starts_at - timedelta(days=10),
                             actor_id=h.scheduled_by_id, new_starts_at=h.starts_at) for h in hearings]  # fmt: skip
    changes += [HearingChange(hearing=h, kind="held", occurred_at=h.actual_ended_at or h.ends_at, actor_id=h.clerk_id,
                              old_starts_at=h.starts_at, new_starts_at=h.actual_started_at)
                for h in hearings if h.status == "concluded"]  # fmt: skip
    HearingChange.objects.bulk_create(changes, batch_size=1000)
    return len(hearings), sum(1 for h in hearings if h.status == "concluded")


def _free_day(judge_id: int, start_from: date, at: tuple[time, time], room: Room, clerk_id: int | None = None) -> date:
    """The first working day from `start_from` on which the room, the judge and the clerk are free at that slot."""
    for day in _working_days(start_from, start_from + timedelta(days=30)):
        s, e = _at(day, at[0]), _at(day, at[1])
        busy = Hearing.objects.filter(status="scheduled", starts_at__lt=e, ends_at__gt=s)
        people = [judge_id] + ([clerk_id] if clerk_id else [])
        if (
            not busy.filter(room=room).exists()
            and not busy.filter(Q(bench__user_id__in=people) | Q(clerk_id__in=people)).exists()
        ):
            return day
    return start_from


def _real(today: date, sites: list[RemoteSite], log: Callable[[str], object]) -> int:
    """Sessions booked through the services (summonses, escorts, events, audit)."""
    court = Court.objects.get(code=DEMO_COURT)
    judge = User.objects.get(username="demo_judge")
    clerk = User.objects.get(username="demo_clerk")
    lawyer = User.objects.filter(username="demo_lawyer").first()
    rooms = {r.name: r for r in Room.objects.filter(court=court)}
    main, tech = rooms.get("第一法庭"), rooms.get("科技法庭")
    from .documents import certificates_ensure

    certificates_ensure(court, log)  # summonses are sealed and signed (by the worker, `make demo` starts one)
    if main is None or tech is None:
        return 0
    n = 0
    start = today + timedelta(days=5)  # beyond the 3-day notice of 民诉法 Art. 139

    def book(case: Case, slot: tuple[time, time], room: Room, **kw: object) -> Hearing | None:
        nonlocal n
        day = _free_day(judge.pk, start + timedelta(days=n % 6), slot, room, clerk.pk)
        try:
            result = hearing_schedule(case=case, actor=judge, data=HearingIn(
                kind=str(kw.pop("kind", "trial")), mode=str(kw.pop("mode", "in_person")), starts_at=_at(day, slot[0]),
                ends_at=_at(day, slot[1]), presiding_id=judge.pk, room_id=room.pk, clerk_id=clerk.pk,
                rest_day_confirmed=False, **kw))  # type: ignore[arg-type]  # fmt: skip
        except Exception as exc:
            log(f"    未能排期 {case.number}：{getattr(exc, 'message', exc)}")
            return None
        n += 1
        return result.hearing

    own = list(Case.objects.filter(court=court, judge=judge, state__in=["in_trial", "registered"], kind="civil")
               .order_by("id")[:3])  # fmt: skip
    booked = [book(c, SLOTS[i % 4], main if i != 1 else tech, mode="online" if i == 1 else "in_person")
              for i, c in enumerate(own)]  # fmt: skip
    # demo_lawyer in two courts: a case of another court gets demo_lawyer as a representative
    if lawyer is not None:
        other = (Case.objects.filter(court__code="苏0583", state="in_trial", kind="civil", judge__isnull=False)
                 .order_by("id").first())  # fmt: skip
        party = other.parties.filter(role="plaintiff").first() if other else None
        if other is not None and party is not None:
            Representation.objects.get_or_create(party=party, user=lawyer, defaults={
                "kind": "lawyer", "name": lawyer.get_full_name(), "licence_no": lawyer.lawyer_licence_no,
                "law_firm": lawyer.law_firm, "starts_on": today - timedelta(days=20)})  # fmt: skip
            o_room = Room.objects.filter(court=other.court, kind=RoomKind.COURTROOM).order_by("name").first()
            o_clerk = _holders(Role.CLERK, other.court)
            if o_room is not None and o_clerk and other.judge_id:
                for day in _working_days(start + timedelta(days=1), start + timedelta(days=20)):
                    try:
                        hearing_schedule(case=other, actor=SYSTEM, data=HearingIn(
                            kind="trial", mode="in_person", starts_at=_at(day, time(14, 0)), ends_at=_at(day, time(15, 30)),
                            presiding_id=other.judge_id, room_id=o_room.pk, clerk_id=o_clerk[0]))  # fmt: skip
                        n += 1
                        break
                    except Exception:
                        continue
    # criminal: the defendant at the detention centre's technology courtroom, and one brought to court in person
    criminal = list(Case.objects.filter(court=court, kind="criminal", state__in=["in_trial", "registered"])
                    .order_by("id")[:2])  # fmt: skip
    detention = next((s for s in sites if s.kind == RemoteSiteKind.DETENTION_CENTRE), None)
    if criminal and detention is not None:
        # heard by demo_judge's team for the demo (so demo_judge and demo_police see both on their landing pages)
        Case.objects.filter(pk__in=[c.pk for c in criminal]).update(judge=judge, clerk=clerk, state="in_trial")
        for c in criminal:
            c.refresh_from_db()
        book(criminal[0], SLOTS[0], tech, mode="remote_site", site_id=detention.pk)
        if len(criminal) > 1:
            book(criminal[1], SLOTS[2], main)
    # a postponement: the first of demo_judge's sessions, a party having applied to call a new witness
    first = next((h for h in booked if h is not None), None)
    if first is not None:
        nxt = _free_day(judge.pk, start + timedelta(days=10), SLOTS[1], main, clerk.pk)
        hearing_postpone(hearing=first, actor=judge, reason="new_evidence", on_party_application=True,
                         note="原告申请通知新的证人出庭", next_starts_at=_at(nxt, SLOTS[1][0]),
                         next_ends_at=_at(nxt, SLOTS[1][1]))  # fmt: skip
    return n


def _evidence_pdf(title: str, lines: list[str]) -> bytes:
    import io

    from reportlab.lib.styles import ParagraphStyle

    from smartcourt.core.pdf import cjk_font, document_template, paragraph

    style = ParagraphStyle("e", fontName=cjk_font(), fontSize=12, leading=18, wordWrap="CJK")
    buf = io.BytesIO()
    document_template(buf, title=title, author="smartcourt demo", creator="smartcourt").build(
        [paragraph(title, style), *[paragraph(line, style) for line in lines]]
    )
    return buf.getvalue()


def _async_round(log: Callable[[str], object]) -> int:
    """One open asynchronous evidence round (异步质证) on a civil case of demo_judge where demo_lawyer represents the
    plaintiff: two pieces of evidence from each side in the dossier, both parties' consent, opinions due in 7 days."""
    from smartcourt.dossier.services import dossier_document_add
    from smartcourt.hearings.services_async import ItemIn, async_consent_record, async_round_open

    judge = User.objects.get(username="demo_judge")
    lawyer = User.objects.filter(username="demo_lawyer").first()
    case = (Case.objects.filter(court__code=DEMO_COURT, judge=judge, state="in_trial", kind="civil",
                                procedure__in=["ordinary", "simple", "small_claims"])
            .order_by("-id").first())  # fmt: skip
    if case is None or lawyer is None:
        return 0
    plaintiff = case.parties.filter(role="plaintiff").order_by("position").first()
    defendant = case.parties.filter(role="defendant").order_by("position").first()
    if plaintiff is None or defendant is None:
        return 0
    Representation.objects.get_or_create(party=plaintiff, user=lawyer, defaults={
        "kind": "lawyer", "name": lawyer.get_full_name(), "licence_no": lawyer.lawyer_licence_no,
        "law_firm": lawyer.law_firm, "starts_on": timezone.localdate() - timedelta(days=30)})  # fmt: skip
    items = []
    for title, lines, party, actor in (
        ("原告证据1 借款合同", ["借款合同：出借人向借款人出借人民币八万元，约定月利率1%。"], plaintiff, lawyer),
        ("原告证据2 银行转账凭证", ["转账凭证：出借人于2024年3月1日向借款人转账80000元。"], plaintiff, lawyer),
        ("被告证据1 还款记录", ["还款记录：借款人分三次还款共计三万元。"], defendant, judge),
    ):
        doc = dossier_document_add(case=case, title=title, content=_evidence_pdf(title, lines),
                                   filename=f"{title}.pdf", source="upload", actor=actor, category="evidence",
                                   origin_ref=f"demo.async:{title}")  # fmt: skip
        items.append(ItemIn(doc.pk, party.pk))
    async_consent_record(case=case, party_id=plaintiff.pk, kind="evidence", consented=True, actor=lawyer)
    async_consent_record(case=case, party_id=defendant.pk, kind="evidence", consented=True, actor=judge,
                         note="被告书面同意以异步方式质证（法院记录）")  # fmt: skip
    async_round_open(
        case=case, items=items, days=7, actor=judge, instructions="请双方对对方证据的真实性、合法性、关联性发表意见。"
    )
    log(
        f"    异步质证：{case.number}（demo_judge 承办，demo_lawyer 代理原告），一轮进行中，/hearings/cases/{case.pk}/async/"
    )
    return 1


def _async_trial(log: Callable[[str], object]) -> int:
    """One non-synchronous trial (非同步审理) with its first step open, on a simple-procedure civil case of
    demo_judge where demo_lawyer represents the plaintiff: an evidence round closed without dispute, both parties'
    consent (在线诉讼规则 Art. 21), the 陈述与答辩 step open with the plaintiff's statement in."""
    from smartcourt.dossier.services import dossier_document_add
    from smartcourt.hearings.models import AsyncRound
    from smartcourt.hearings.services_async import (
        ItemIn,
        async_consent_record,
        async_round_close,
        async_round_open,
        async_statement_submit,
        async_trial_step_open,
    )

    judge = User.objects.get(username="demo_judge")
    lawyer = User.objects.filter(username="demo_lawyer").first()
    taken = AsyncRound.objects.values("case_id")
    case = (Case.objects.filter(court__code=DEMO_COURT, judge=judge, state="in_trial", kind="civil",
                                procedure__in=["simple", "small_claims"]).exclude(pk__in=taken)
            .order_by("-id").first())  # fmt: skip
    if case is None or lawyer is None:
        return 0
    parties = {p.role: p for p in case.parties.order_by("-position")}
    plaintiff, defendant = parties.get("plaintiff"), parties.get("defendant")
    if plaintiff is None or defendant is None:
        return 0
    Representation.objects.get_or_create(party=plaintiff, user=lawyer, defaults={
        "kind": "lawyer", "name": lawyer.get_full_name(), "licence_no": lawyer.lawyer_licence_no,
        "law_firm": lawyer.law_firm, "starts_on": timezone.localdate() - timedelta(days=30)})  # fmt: skip
    title = "原告证据1 买卖合同"
    doc = dossier_document_add(case=case, title=title, filename=f"{title}.pdf", source="upload", actor=lawyer,
                               content=_evidence_pdf(title, ["买卖合同：买受人应于收货后三十日内支付货款人民币两万元。"]),
                               category="evidence", origin_ref=f"demo.async_trial:{case.pk}")  # fmt: skip
    for kind in ("evidence", "trial"):
        async_consent_record(case=case, party_id=plaintiff.pk, kind=kind, consented=True, actor=lawyer)
        async_consent_record(case=case, party_id=defendant.pk, kind=kind, consented=True, actor=judge,
                             note="被告书面同意以非同步方式审理（法院记录）")  # fmt: skip
    evidence = async_round_open(case=case, items=[ItemIn(doc.pk, plaintiff.pk)], days=7, actor=judge)
    async_round_close(round=evidence, actor=judge, note="被告对证据无异议")
    trial = async_round_open(case=case, items=[], days=7, actor=judge, kind="trial",
                             instructions="各方同时在线确有困难，一方书面申请、各方同意，以非同步方式审理。")  # fmt: skip
    step = async_trial_step_open(round=trial, step="statement", days=7, actor=judge)
    async_statement_submit(step=step, party_id=plaintiff.pk, actor=lawyer,
                           text="原告请求判令被告支付货款两万元。事实与理由：双方签订买卖合同，原告已交货，被告未付款。")  # fmt: skip
    log(f"    非同步审理：{case.number}（demo_judge 承办，demo_lawyer 代理原告），“陈述与答辩”环节进行中，"
        f"/hearings/cases/{case.pk}/async/")  # fmt: skip
    return 1


def demo_seed(*, seed: int, log: Callable[[str], object]) -> int:
    court = Court.objects.filter(code=DEMO_COURT).first()
    if court is None or not User.objects.filter(username="demo_judge").exists():
        log("    未找到演示法院，跳过庭审排期。")
        return 0
    if RemoteSite.objects.filter(court=court).exists():
        log("    庭审排期示例已存在。")
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        sites = _sites(court)
        total, held = _bulk(rng, today, log)
        real = _real(today, sites, log)
        _async_round(log)
        _async_trial(log)
    log(f"  庭审排期：远程庭审场所 {len(sites)} 个；庭审 {total + real} 场（已开庭 {held} 场，经排期服务 {real} 场）")
    return total + real
