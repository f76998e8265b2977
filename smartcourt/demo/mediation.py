"""Demo mediation (诉源治理): the demo court's county, townships and villages with their residents, people's mediation
committees at each level, trade bodies (labour, family, traffic, finance), the court's own centre where demo_mediator
works, the hearings demo's shared courts described for mediation, and a year of disputes in every state with a
plausible drop from entered to filed — the history in bulk (the demo is the composition root, ADR 0014), then the
funnel's aggregate rebuilt; demo_party's own disputes through the real services (one in mediation with messages and
offers, one settled and confirmed by demo_judge).

Idempotent: nothing is added when the demo county exists.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from smartcourt.courts.models import Court, User
from smartcourt.hearings.models import RemoteSite, RemoteSiteKind
from smartcourt.mediation import services
from smartcourt.mediation.models import Area, Dispute, DisputeParty, MediationBody, Mediator, SharedCourt
from smartcourt.mediation.rules.routing import speciality_for

DEMO_COURT = "苏0508"
TOWNSHIPS = (
    ("001", "双塔街道", 118000, 31.295, 120.640, ("干将社区", "定慧寺社区")),
    ("002", "平江街道", 96000, 31.320, 120.635, ("平江路社区", "胡厢使社区")),
    ("003", "金阊街道", 87000, 31.315, 120.600, ("彩香社区", "石路社区")),
)
CAUSES = (
    ("民间借贷纠纷", 30), ("买卖合同纠纷", 18), ("物业服务合同纠纷", 14), ("劳动争议", 10),
    ("机动车交通事故责任纠纷", 10), ("离婚后财产纠纷", 6), ("抚养纠纷", 4), ("信用卡纠纷", 8),
)  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def _areas(court: Court) -> tuple[Area, list[Area], list[Area]]:
    county = Area.objects.create(
        court=court, level="county", code="320508", name="姑苏区", residents=925000, lat=31.31, lng=120.62
    )
    townships, villages = [], []
    for code, name, residents, lat, lng, vills in TOWNSHIPS:
        t = Area.objects.create(
            court=court, parent=county, level="township", code=f"320508{code}", name=name, residents=residents,
            lat=lat, lng=lng,
        )  # fmt: skip
        townships.append(t)
        for n, vname in enumerate(vills, 1):
            villages.append(
                Area.objects.create(
                    court=court,
                    parent=t,
                    level="village",
                    code=f"320508{code}{n:03d}",
                    name=vname,
                    residents=residents // 12,
                    lat=lat + 0.006 * n,
                    lng=lng + 0.008 * n,
                )
            )
    return county, townships, villages


def _bodies(court: Court, county: Area, townships: list[Area], villages: list[Area]) -> list[MediationBody]:
    judge = User.objects.filter(username="demo_judge").first()
    bodies = [
        MediationBody(court=court, name="姑苏区人民法院诉调对接中心", kind="court", area=county, guiding_judge=judge),
        MediationBody(court=court, name="姑苏区人民调解委员会", kind="people", area=county, guiding_judge=judge),
        MediationBody(
            court=court,
            name="姑苏区劳动人事争议调解中心",
            kind="trade",
            speciality="labour",
            area=county,
            guiding_judge=judge,
        ),
        MediationBody(
            court=court,
            name="姑苏区婚姻家庭纠纷调解委员会",
            kind="trade",
            speciality="family",
            area=county,
            guiding_judge=judge,
        ),
        MediationBody(
            court=court,
            name="姑苏区道路交通事故纠纷调解委员会",
            kind="trade",
            speciality="traffic",
            area=county,
            guiding_judge=judge,
        ),
        MediationBody(
            court=court,
            name="苏州金融纠纷调解中心",
            kind="trade",
            speciality="finance",
            area=county,
            guiding_judge=judge,
        ),
    ]
    bodies += [
        MediationBody(
            court=court,
            name=f"{t.name}人民调解委员会",
            kind="people",
            area=t,
            guiding_judge=judge,
            max_amount=Decimal("500000"),
        )
        for t in townships
    ]
    bodies += [
        MediationBody(
            court=court,
            name=f"{v.name}人民调解委员会",
            kind="people",
            area=v,
            guiding_judge=judge,
            max_amount=Decimal("50000"),
        )
        for v in villages
    ]
    return MediationBody.objects.bulk_create(bodies)


def _mediators(rng: random.Random, bodies: list[MediationBody]) -> list[Mediator]:
    demo = User.objects.filter(username="demo_mediator").first()
    rows = [Mediator(body=bodies[0], user=demo, name=demo.get_full_name() if demo else "蒋美玲", kind="special")]
    for b in bodies:
        for _ in range(2 if b.kind != "court" else 0):
            rows.append(
                Mediator(
                    body=b,
                    name=_name(rng),
                    kind="special" if b.kind == "court" else "trade" if b.kind == "trade" else "people",
                    languages=rng.choice(["普通话", "普通话、苏州话", "普通话、英语"]),
                    rating=Decimal(rng.choice(["4.5", "4.7", "4.8", "4.9", "5.0"])),
                )
            )
    return Mediator.objects.bulk_create(rows)


def _shared_courts(court: Court, townships: list[Area], villages: list[Area]) -> list[SharedCourt]:
    out = []
    by_name = {t.name: t for t in townships}
    for site in RemoteSite.objects.filter(court=court, kind=RemoteSiteKind.SHARED_COURT).order_by("pk"):
        area = next((a for n, a in by_name.items() if n in site.name), townships[0])
        out.append(
            SharedCourt(
                site=site,
                area=area,
                keeper="网格员" + site.name[:2],
                device="共享法庭一体机（含高拍仪、读卡器）",
                capabilities=["立案指导", "参加调解", "参加庭审", "接受送达", "法律咨询"],
                lat=area.lat,
                lng=area.lng,
            )
        )
    for v in villages[::2]:
        site = RemoteSite.objects.create(
            court=court, kind=RemoteSiteKind.SHARED_COURT, name=f"{v.name}共享法庭", host=f"{v.name}居委会",
            address=f"苏州市姑苏区{v.name}党群服务中心",
        )  # fmt: skip
        out.append(
            SharedCourt(
                site=site,
                area=v,
                keeper=f"{v.name}网格员",
                device="平板终端",
                lat=v.lat,
                lng=v.lng,
                capabilities=["参加调解", "接受送达", "法律咨询"],
            )
        )
    return SharedCourt.objects.bulk_create(out)


def _history(rng: random.Random, court: Court, villages: list[Area], bodies: list[MediationBody],
             mediators: list[Mediator], sites: list[SharedCourt], n: int) -> int:  # fmt: skip
    """A year of disputes in bulk: ~62% settled, ~22% filed, the rest expired-and-filed, failed on referral, or in
    mediation; about a third of the settled are judicially confirmed (counted through the rebuild below)."""
    today = timezone.localdate()
    weights = [w for _c, w in CAUSES]
    by_body: dict[int, list[Mediator]] = {}
    for m in mediators:
        by_body.setdefault(m.body_id, []).append(m)
    body_of_area = {b.area_id: b for b in bodies if b.kind == "people"}
    special = {b.speciality: b for b in bodies if b.kind == "trade"}
    rows, parties = [], []
    for i in range(n):
        cause = rng.choices([c for c, _w in CAUSES], weights)[0]
        village = rng.choice(villages)
        started = today - timedelta(days=rng.randint(1, 365))
        body = special.get(speciality_for(cause)) or body_of_area.get(village.pk) or bodies[1]
        roll = rng.random()
        age = (today - started).days
        if age < 30 and roll < 0.5:
            state, closed = "mediating", None
        elif roll < 0.62:
            state, closed = "settled", started + timedelta(days=rng.randint(3, 25))
        elif roll < 0.9:
            state, closed = "filed", started + timedelta(days=rng.randint(10, 30))
        else:
            state, closed = "filed", started + timedelta(days=31)
        closed = min(closed, today) if closed else None
        source = rng.choices(["filing", "body", "shared_court", "referral"], [45, 30, 15, 10])[0]
        if source == "referral" and state == "filed":
            state = "failed"
        site = rng.choice(sites) if source == "shared_court" and sites else None
        rows.append(
            Dispute(
                number=f"（{started.year}）苏0508调演{i + 1}号",
                court=court,
                area=village,
                body=body,
                mediator=rng.choice(by_body.get(body.pk, mediators)),
                source=source if site or source != "shared_court" else "body",
                variant={"labour": "labour", "family": "family"}.get(speciality_for(cause), "general"),
                state=state,
                cause_name=cause,
                amount=Decimal(rng.randint(2, 400) * 500),
                started_on=started,
                due_on=started + timedelta(days=30),
                closed_on=closed,
                shared_court=site,
                routing=["按纠纷类型与发生地分派（演示数据）"],
            )
        )
    Dispute.objects.bulk_create(rows, batch_size=1000)
    for d in rows:
        parties.append(DisputeParty(dispute=d, side="applicant", name=_name(rng)))
        parties.append(DisputeParty(dispute=d, side="respondent", name=_name(rng)))
    DisputeParty.objects.bulk_create(parties, batch_size=2000)
    _settlements(rng, court, rows, parties)
    return len(rows)


CONFIRMATIONS = 160  # judicial confirmations in the history (applied, confirmed, refused), through case_register


def _settlements(rng: random.Random, court: Court, rows: list[Dispute], parties: list[DisputeParty]) -> None:
    """Every settled dispute of the history has its accepted offer, its agreement signed by both sides and, for the
    most recent of those drawn by a people's or trade body, an application for judicial confirmation: a 民特 case
    registered through the case services (its number from the case-number scheme), then confirmed, refused or still
    under review. The agreements' papers are not rendered here (the demo stays fast): their rooms show the terms."""
    from smartcourt.cases.services import PartyIn, case_register
    from smartcourt.core.actors import SYSTEM
    from smartcourt.mediation.models import (
        Agreement,
        Confirmation,
        ConfirmationState,
        Offer,
        OfferState,
        Signature,
    )
    from smartcourt.mediation.rules import deadlines as D

    today = timezone.localdate()
    by_dispute: dict[int, list[DisputeParty]] = {}
    for p in parties:
        by_dispute.setdefault(p.dispute_id, []).append(p)
    settled = [d for d in rows if d.state == "settled" and d.closed_on]
    closed: dict[int, date] = {d.pk: d.closed_on for d in settled if d.closed_on is not None}
    offers = []
    for d in settled:
        applicant, respondent = by_dispute[d.pk]
        amount = (d.amount or Decimal("10000")) * Decimal(rng.choice(["0.6", "0.7", "0.8", "0.9"]))
        offers.append(
            Offer(
                dispute=d, party=respondent, amount=amount.quantize(Decimal("1")), instalments=rng.choice([1, 1, 3, 6]),
                first_due_on=closed[d.pk] + timedelta(days=30), state=OfferState.ACCEPTED,
            )
        )  # fmt: skip
    Offer.objects.bulk_create(offers, batch_size=2000)
    agreements = []
    for d, o in zip(settled, offers, strict=True):
        applicant, respondent = by_dispute[d.pk]
        plan = f"分{o.instalments}期" if o.instalments > 1 else "一次性"
        terms = [
            f"{respondent.name}向{applicant.name}支付{o.amount}元，{plan}支付，首期于{o.first_due_on:%Y年%m月%d日}前支付。",
            f"双方就本纠纷再无其他争议。{applicant.name}放弃其他请求。",
        ]
        agreements.append(
            Agreement(
                dispute=d, offer=o, terms=terms, amount=o.amount, instalments=o.instalments, pdf_sha256="",
                in_force_on=d.closed_on,
            )
        )  # fmt: skip
    Agreement.objects.bulk_create(agreements, batch_size=2000)
    Signature.objects.bulk_create(
        [Signature(agreement=a, party=p, name=p.name, sha256="") for a in agreements for p in by_dispute[a.dispute_id]],
        batch_size=4000,
    )
    bodies = {b.pk: b for b in MediationBody.objects.filter(court=court)}
    body_of = {d.pk: bodies[d.body_id] for d in settled if d.body_id is not None}
    recent = sorted(
        (a for a in agreements if a.dispute_id in body_of and body_of[a.dispute_id].kind in ("people", "trade")),
        key=lambda a: closed[a.dispute_id], reverse=True,
    )[:CONFIRMATIONS]  # fmt: skip
    rows_out = []
    for a in recent:
        d = a.dispute
        in_force: date = closed[d.pk]
        applied: date = min(today, in_force + timedelta(days=rng.randint(1, 20)))
        case = case_register(
            court=court, type_code="民特", actor=SYSTEM, title=f"申请司法确认调解协议（{d.number}）",
            parties=[PartyIn(role="applicant", kind="natural", name=p.name) for p in by_dispute[d.pk]],
            claim_amount=a.amount, filed_on=applied,
        )  # fmt: skip
        review_due = D.review_due(applied)
        roll = rng.random()
        decided: date | None
        if review_due >= today and roll < 0.5:
            state, decided, reason = ConfirmationState.PENDING, None, ""
        elif roll < 0.88:
            state, decided, reason = (
                ConfirmationState.CONFIRMED,
                min(today, applied + timedelta(rng.randint(3, 12))),
                "",
            )
        else:
            state = ConfirmationState.REFUSED
            decided = min(today, applied + timedelta(rng.randint(3, 12)))
            reason = rng.choice(
                ["调解协议约定的分期履行条款内容不明确，无法执行。", "调解协议内容涉及案外人权益，申请人未能说明。"]
            )
        rows_out.append(
            Confirmation(
                agreement=a, court=court, case=case, applied_on=applied,
                window_due_on=in_force + timedelta(days=30), review_due_on=review_due, state=state,
                judge=body_of[d.pk].guiding_judge, decided_on=decided, reason=reason,
            )
        )  # fmt: skip
    Confirmation.objects.bulk_create(rows_out)
    from smartcourt.cases.models import CaseEventType
    from smartcourt.cases.services import case_transition

    for c in rows_out:  # a decided confirmation's ruling ended its 民特 case, as in the live flow
        if c.decided_on is not None:
            verdict = "确认调解协议有效" if c.state == ConfirmationState.CONFIRMED else f"驳回申请：{c.reason}"
            case_transition(
                case=c.case, target="closed", actor=SYSTEM, closing_method="ruling", on=c.decided_on,
                event_type=CaseEventType.MEDIATION_CONFIRMATION_DECIDED, summary=f"裁定{verdict}，本案结案",
            )  # fmt: skip


def _live(court: Court, villages: list[Area], centre: MediationBody, log: Callable[[str], object]) -> int:
    """demo_party's disputes through the services: one in mediation (messages, an offer), one settled and confirmed."""
    party = User.objects.filter(username="demo_party").first()
    mediator = User.objects.filter(username="demo_mediator").first()
    judge = User.objects.filter(username="demo_judge").first()
    if party is None or mediator is None or judge is None:
        return 0
    other = _other_party()
    made = 0
    for cause, amount, settle in (("民间借贷纠纷", "38000", False), ("买卖合同纠纷", "12600", True)):
        d = services.dispute_open(
            court=court, area=villages[0], source="filing", cause_name=cause, amount=amount, actor=mediator,
            chosen_body=centre, award_reference="", parties=[
                services.PartyData(side="applicant", name=party.get_full_name(), user=party, phone=party.phone),
                services.PartyData(side="respondent", name=other.get_full_name(), user=other, address="苏州市姑苏区干将社区8号"),
            ],
        )  # fmt: skip
        services.message_post(
            dispute=d, actor=mediator, body="双方好，我是本案调解员。请各自说明意见，并可在下方提出调解方案。"
        )
        offer = services.offer_make(
            dispute=d, actor=party, amount=amount, first_due_on=timezone.localdate() + timedelta(days=15)
        )
        if settle:
            counter = services.offer_make(
                dispute=d, actor=other, amount=str(int(Decimal(amount) * Decimal("0.9"))), instalments=3,
                first_due_on=timezone.localdate() + timedelta(days=30), replies_to=offer,
            )  # fmt: skip
            agreement = services.offer_accept(offer=counter, actor=party)
            services.agreement_sign(agreement=agreement, actor=party, name=party.get_full_name())
            services.agreement_sign(agreement=agreement, actor=other, name=other.get_full_name())
            confirmation = services.confirmation_apply(agreement=agreement, actor=party)
            services.confirmation_decide(confirmation=confirmation, actor=judge, confirm=True)
        made += 1
    # the other side without an account: invited by SMS (the link sealed in the outbox), not answered yet — the
    # mediator sees it on the list and in the room, the clock runs (the real path: dispute_open invites)
    services.dispute_open(
        court=court, area=villages[1], source="filing", cause_name="物业服务合同纠纷", amount="6800", actor=mediator,
        chosen_body=centre, summary="物业服务费拖欠两年，多次催缴未果。", parties=[
            services.PartyData(side="applicant", name=party.get_full_name(), user=party, phone=party.phone),
            services.PartyData(side="respondent", name="陈志远", phone="13700137000", id_number="320508198507070032",
                               address="苏州市姑苏区定慧寺社区12幢"),
        ],
    )  # fmt: skip
    made += 1
    log(f"    demo_party 的调解：{made} 件（1 件调解中，1 件已达成协议并经司法确认，1 件对方经短信邀请尚未应答）")
    return made


def _other_party() -> User:
    """The other side of demo_party's disputes (an account with no password: it signs through the services here)."""
    from smartcourt.courts.models import RoleGrant
    from smartcourt.courts.roles import Role

    user, created = User.objects.get_or_create(username="demo_respondent", defaults={"full_name": "王大明"})
    if created:
        user.set_unusable_password()
        user.save()
        RoleGrant.objects.create(user=user, role=Role.PARTY, court=Court.objects.get(code=DEMO_COURT))
    return user


def demo_seed(*, seed: int, log: Callable[[str], object]) -> int:
    court = Court.objects.filter(code=DEMO_COURT).first()
    if court is None:
        log("    未找到演示法院，跳过诉源治理。")
        return 0
    if Area.objects.filter(court=court).exists():
        log("    诉源治理示例已存在。")
        return 0
    rng = random.Random(seed)
    with transaction.atomic():
        county, townships, villages = _areas(court)
        bodies = _bodies(court, county, townships, villages)
        mediators = _mediators(rng, bodies)
        sites = _shared_courts(court, townships, villages)
        n = _history(rng, court, villages, bodies, mediators, sites, 3000)
        services.funnel_rebuild()
    try:
        with transaction.atomic():
            n += _live(court, villages, bodies[0], log)
    except Exception as exc:  # the demo's live part must not lose the history above
        log(f"    demo_party 的调解示例未能生成：{exc}")
    log(f"    区域 {1 + len(townships) + len(villages)} 个，调解组织 {len(bodies)} 个，共享法庭 {len(sites)} 个")
    return n
