"""Demo publication (裁判文书公开): judgments the demo writes itself for effective cases of the demo court — a
criminal judgment naming its victim and witness with their ID numbers, phones, addresses, a plate and a bank
account, and civil judgments — opened through `publication_open`, anonymised, reviewed and published by the case's
judge, so the public portal has judgments to search; one left waiting for the judge's review (the workbench
panel), one mediated case flagged and decided not to publish (法释〔2016〕19号 Art. 4 (三)).

Nothing here comes from `../shared/data` (that serves tests and benchmarks only). Idempotent: nothing is added
when the demo court already has publication tasks.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from smartcourt.cases.models import Case
from smartcourt.cases.rules.identity import make_resident_id
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.models import User
from smartcourt.portal.models import PublicationTask
from smartcourt.portal.publication.selectors import registry_from_case
from smartcourt.portal.publication.services import (
    PublicationSource,
    RegistryParty,
    publication_exclude,
    publication_open,
    publication_publish,
    publication_review,
)

from .people_gen import address, mobile, person_name

DEMO_COURT = "苏0508"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _birth(rng: random.Random) -> date:
    return date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))


def _luhn_card(rng: random.Random) -> str:
    digits = [6, 2, 2, 2] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _criminal_text(case: Case, rng: random.Random, people: dict[str, RegistryParty], plate: str, card: str) -> str:
    accused, victim, witness = people["accused"], people["victim"], people["witness"]
    day = case.filed_on - timedelta(days=40)
    return "\n".join(
        [
            f"{case.court.name}",
            "刑事判决书",
            f"{case.number}",
            f"公诉机关{case.court.name.replace('人民法院', '人民检察院')}。",
            f"被告人{accused.name}，男，公民身份号码{accused.id_number}，汉族，初中文化，务工，住{accused.address}。"
            "因涉嫌犯盗窃罪被刑事拘留，后被取保候审。",
            "辩护人王志刚，江苏苏城律师事务所律师。",
            f"经审理查明，{day.year}年{day.month}月{day.day}日晚，被告人{accused.name}驾驶车牌号为{plate}的小型轿车至"
            f"被害人{victim.name}（公民身份号码{victim.id_number}，联系电话{victim.phone}）经营的便利店，"
            f"趁无人注意窃得现金人民币三千元及银行卡一张，随后通过该卡（卡号{card}）取现人民币五千元。"
            f"被害人{victim.name}住{victim.address}。案发后，被告人{accused.name}退赔了被害人的全部损失，取得被害人{victim.name}的谅解。",
            f"上述事实，有被害人{victim.name}的陈述，证人{witness.name}（联系电话{witness.phone}）的证言，"
            "调取证据清单、监控录像、辨认笔录及被告人的供述等证据证实，足以认定。",
            f"本院认为，被告人{accused.name}以非法占有为目的，秘密窃取他人财物，数额较大，其行为已构成盗窃罪。"
            "被告人到案后如实供述罪行，退赔损失并取得谅解，可以从轻处罚。依照《中华人民共和国刑法》第二百六十四条、"
            "第六十七条第三款的规定，判决如下：",
            f"被告人{accused.name}犯盗窃罪，判处有期徒刑六个月，缓刑一年，并处罚金人民币二千元。",
            "如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向江苏省苏州市中级人民法院提出上诉。",
            "审判员 陈立新",
            f"{(case.closed_on or case.filed_on):%Y年%m月%d日}",
            "书记员 周晓雯",
        ]
    )


def _civil_text(case: Case, registry: list[RegistryParty]) -> str:
    plaintiffs = [p for p in registry if p.role == "原告"]
    defendants = [p for p in registry if p.role == "被告"]
    lines = [f"{case.court.name}", "民事判决书", f"{case.number}"]
    for p in plaintiffs:
        lines.append(
            f"原告：{p.name}{('，住' + p.address) if p.address else ''}{('，联系电话' + p.phone) if p.phone else ''}。"
        )
    for p in defendants:
        lines.append(f"被告：{p.name}{('，住所地' + p.address) if p.address else ''}。")
    first = plaintiffs[0].name if plaintiffs else "原告"
    second = defendants[0].name if defendants else "被告"
    cause = case.cause.name if case.cause_id and case.cause else "合同纠纷"
    amount = f"{case.claim_amount:.2f}" if case.claim_amount else "10000.00"
    lines += [
        f"原告{first}与被告{second}{cause}一案，本院立案后，依法适用{case.get_procedure_display()}，公开开庭进行了审理。本案现已审理终结。",
        f"原告{first}向本院提出诉讼请求：判令被告支付款项人民币{amount}元及利息。",
        f"本院经审理认定事实如下：双方存在{cause.replace('纠纷', '')}关系，被告未按约履行付款义务，有合同、转账凭证等证据在卷佐证。",
        "本院认为，依法成立的合同对当事人具有法律约束力，当事人应当按照约定全面履行自己的义务。依照《中华人民共和国民法典》"
        "第五百零九条、第五百七十七条的规定，判决如下：",
        f"被告{second}于本判决生效之日起十日内支付原告{first}人民币{amount}元。",
        "案件受理费由被告负担。",
        "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于江苏省苏州市中级人民法院。",
        "审判员 陈立新",
        "书记员 周晓雯",
    ]
    return "\n".join(lines)


def demo_seed(*, seed: int, log: Callable[[str], None] = print) -> int:
    if PublicationTask.objects.filter(court__code=DEMO_COURT).exists():
        log("裁判文书公开：演示数据已存在，跳过。")
        return 0
    rng = random.Random(seed + 17)
    today = timezone.localdate()
    effective = Case.objects.filter(
        court__code=DEMO_COURT,
        kind__in=("civil", "criminal", "administrative"),
        effective_on__isnull=False,
        effective_on__lte=today,
        judge__isnull=False,
    ).select_related("court", "cause", "judge")
    judgments = effective.filter(closing_method="judgment").order_by("-effective_on", "pk")
    cases = list(judgments.filter(kind="criminal")[:3]) + list(judgments.exclude(kind="criminal")[:4])
    cases += [c for c in judgments.filter(judge__username="demo_judge")[:1] if c not in cases]
    cases += list(effective.filter(closing_method="mediation", kind="civil").order_by("-effective_on", "pk")[:1])
    demo_judge = User.objects.filter(username="demo_judge").first()
    count = 0
    pending_for_demo_judge = False
    for n, case in enumerate(cases):
        judge = case.judge
        if judge is None or case.effective_on is None:  # filtered out above; for the type checker
            continue
        registry = registry_from_case(case_id=case.pk)
        if case.kind == "criminal":
            people = {
                "accused": RegistryParty(
                    name=person_name(rng),
                    role="被告人",
                    id_number=make_resident_id(rng, birth_date=_birth(rng), region="320508"),
                    address=address(rng),
                ),
                "victim": RegistryParty(
                    name=person_name(rng),
                    role="被害人",
                    id_number=make_resident_id(rng, birth_date=_birth(rng), region="320505", gender="F"),
                    address=address(rng),
                    phone=mobile(rng),
                ),
                "witness": RegistryParty(name=person_name(rng), role="证人", phone=mobile(rng)),
            }
            plate = f"苏E·{rng.choice(PLATE_LETTERS)}{rng.randint(1000, 9999)}"
            text = _criminal_text(case, rng, people, plate, _luhn_card(rng))
            registry, title = list(people.values()), "刑事判决书"
        else:
            text, title = _civil_text(case, registry), "民事判决书"
        if case.closing_method == "mediation":
            title = "民事调解书"
        task = publication_open(
            PublicationSource(
                case_id=case.pk,
                court_id=case.court_id,
                kind="judgment",
                title=title,
                full_text=text,
                effective_on=case.effective_on,
                parties=tuple(registry),
            ),
            actor=SYSTEM,
        )
        count += 1
        if title == "民事调解书":
            publication_exclude(task, reason="mediation", note="以调解方式结案", actor=SYSTEM)
        elif task.suggested_exclusion:  # a case Art. 4 keeps off the internet (a divorce …): the decision not to
            publication_exclude(task, reason=task.suggested_exclusion, note=task.suggested_note[:500], actor=SYSTEM)
        elif n == 1 or (demo_judge is not None and judge.pk == demo_judge.pk and not pending_for_demo_judge):
            pending_for_demo_judge = pending_for_demo_judge or (demo_judge is not None and judge.pk == demo_judge.pk)
            continue  # left for the judge's review: the workbench panel and the side-by-side page
        else:
            publication_review(task, actor=judge)
            publication_publish(task, actor=judge)
    return count
