"""Demo case library and 法答网: reference and typical cases generated here (nothing read from ../shared) for the
causes the demo's cases have (sale and loan contracts, divorce, labour, personal injury, theft, drunk driving), an
expert designated for the demo court, and a few Q&A threads — so the case page's assistant tab pushes similar cases
with reasons on the demo cases. Deterministic from the seed; idempotent (nothing is added when the library exists).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from smartcourt.core.actors import SYSTEM
from smartcourt.courts.models import Court, User
from smartcourt.knowledge.library.models import LibraryCase, LibraryKind
from smartcourt.knowledge.library.selectors import similar_index
from smartcourt.knowledge.library.services import (
    LibraryCaseData,
    answer_give,
    expert_designate,
    library_case_add,
    question_ask,
)

DEMO_COURT = "苏0508"
PER_CAUSE = 6

PLACES = ("姑苏区", "吴中区", "相城区", "工业园区", "虎丘区", "吴江区")
GOODS = ("钢材", "建筑材料", "服装面料", "电子元器件", "办公家具", "农产品")

# cause → (case type, fact templates, result templates, statutes, tags)
CAUSES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]] = {
    "买卖合同纠纷": (
        "civil",
        (
            "原、被告之间签订买卖合同，约定被告向原告购买{goods}，总价款人民币{amount}元。原告已依约交付货物，被告经多次催告仍未履行付款义务。",
            "原告与被告于{year}年签订{goods}买卖合同，原告依约供货后，被告仅支付部分货款，尚欠货款人民币{amount}元，经原告多次催讨未果。",
        ),
        (
            "被告于判决生效之日起十日内支付原告货款{amount}元及逾期付款利息。",
            "驳回原告关于违约金的诉讼请求，被告支付货款{amount}元。",
        ),
        ("民法典/第五百七十七条", "民法典/第六百二十六条", "民法典/第五百零九条"),
        "买卖合同、逾期付款、违约责任",
    ),
    "民间借贷纠纷": (
        "civil",
        (
            "被告因资金周转向原告借款人民币{amount}元，出具借条一张，约定{year}年底前归还。借款到期后，被告经原告多次催告仍未还款。",
            "原告通过银行转账向被告出借人民币{amount}元，双方约定月利率1%，被告仅支付了三个月利息，本金至今未还。",
        ),
        (
            "被告于判决生效之日起十日内归还原告借款本金{amount}元并支付利息。",
            "被告归还借款{amount}元，利息按全国银行间同业拆借中心公布的一年期贷款市场报价利率四倍计算。",
        ),
        ("民法典/第六百七十五条", "民法典/第六百七十六条", "民法典/第六百七十九条"),
        "民间借贷、借条、利息",
    ),
    "离婚纠纷": (
        "civil",
        (
            "原、被告经人介绍相识后登记结婚，婚后育有一子。婚后双方因生活琐事经常发生争吵，自两年前起分居至今，夫妻感情确已破裂。",
            "原、被告系自由恋爱后结婚，婚后因被告长期在外务工，双方缺乏沟通，分居已满两年，原告认为夫妻感情确已破裂，诉请离婚并分割夫妻共同财产。",
        ),
        ("准予原告与被告离婚，婚生子由原告抚养，被告每月支付抚养费1500元。", "驳回原告的离婚诉讼请求。"),
        ("民法典/第一千零七十九条", "民法典/第一千零八十四条", "民法典/第一千零八十七条"),
        "离婚、分居、抚养费、夫妻共同财产",
    ),
    "劳动争议": (
        "civil",
        (
            "原告自{year}年入职被告处工作，双方签订了书面劳动合同。被告自去年起拖欠原告工资共计人民币{amount}元，原告经劳动争议仲裁后不服仲裁裁决。",
            "原告在被告处担任操作工，被告未依法缴纳社会保险并拖欠工资人民币{amount}元，原告以此为由解除劳动合同并要求支付经济补偿金。",
        ),
        (
            "被告支付原告拖欠工资{amount}元及解除劳动合同经济补偿金。",
            "被告支付原告工资差额{amount}元，驳回原告其他诉讼请求。",
        ),
        ("劳动合同法/第三十条", "劳动合同法/第三十八条", "劳动合同法/第四十六条"),
        "劳动争议、拖欠工资、经济补偿",
    ),
    "机动车交通事故责任纠纷": (
        "civil",
        (
            "被告驾驶小型轿车在{place}某路口与原告驾驶的电动自行车相撞，致原告受伤。经交警部门认定，被告负事故全部责任。原告支出医疗费、误工费等共计人民币{amount}元。",
            "被告驾驶的货车未保持安全距离追尾原告车辆，交警认定被告负主要责任，原告因此受伤住院，各项损失共计人民币{amount}元，被告投保了交强险和商业三者险。",
        ),
        (
            "保险公司在交强险限额内赔偿原告损失，不足部分由被告赔偿{amount}元。",
            "被告赔偿原告医疗费、误工费、护理费等共计{amount}元。",
        ),
        ("民法典/第一千二百零八条", "民法典/第一千一百七十九条", "道路交通安全法/第七十六条"),
        "交通事故、人身损害、交强险",
    ),
    "盗窃罪": (
        "criminal",
        (
            "被告人在{place}某小区内趁被害人不备，盗窃其停放在楼道内的电动自行车一辆，经鉴定价值人民币{amount}元。案发后被告人被公安机关抓获，如实供述了犯罪事实。",
            "被告人多次窜至{place}某商场，盗窃他人手机、钱包等财物，共计价值人民币{amount}元。赃物已追回发还被害人，被告人自愿认罪认罚。",
        ),
        (
            "被告人犯盗窃罪，判处有期徒刑八个月，并处罚金人民币三千元。",
            "被告人犯盗窃罪，判处拘役五个月，缓刑六个月，并处罚金人民币二千元。",
        ),
        ("刑法/第二百六十四条", "刑法/第六十七条第三款"),
        "盗窃、数额较大、认罪认罚",
    ),
    "危险驾驶罪": (
        "criminal",
        (
            "被告人酒后驾驶小型轿车行驶至{place}某路段时被民警查获，经鉴定其血液酒精含量为{alcohol}毫克/100毫升。被告人到案后如实供述了犯罪事实。",
            "被告人醉酒驾驶机动车在{place}与路边停放车辆发生碰撞，经鉴定其血液酒精含量为{alcohol}毫克/100毫升，负事故全部责任，已赔偿对方损失并取得谅解。",
        ),
        (
            "被告人犯危险驾驶罪，判处拘役二个月，并处罚金人民币四千元。",
            "被告人犯危险驾驶罪，判处拘役一个月十五日，缓刑二个月，并处罚金人民币三千元。",
        ),
        ("刑法/第一百三十三条之一",),
        "危险驾驶、醉酒驾驶、血液酒精含量",
    ),
}

QUESTIONS = (
    (
        "民间借贷案件中，出借人仅有转账凭证而无借条，如何认定借贷关系？",
        "民间借贷纠纷",
        "原告仅提交银行转账凭证，被告抗辩系归还此前借款。举证责任如何分配？",
        "原告仅依据金融机构的转账凭证提起民间借贷诉讼，被告抗辩转账系偿还双方之前借款或者其他债务的，被告应当对其主张提供证据证明；"
        "被告提供相应证据证明其主张后，原告仍应就借贷关系的成立承担举证责任（民间借贷司法解释第十六条）。",
    ),
    (
        "醉酒驾驶机动车，血液酒精含量刚过80毫克/100毫升且无其他情节，能否认定情节显著轻微？",
        "危险驾驶罪",
        "",
        "应结合驾驶的动机、目的、行驶道路、时间、车辆类型、实际危害等综合判断。血液酒精含量不满150毫克/100毫升、"
        "无从重情节且认罪认罚的，可以认定情节显著轻微、危害不大，不认为是犯罪或者不起诉、免予刑事处罚。",
    ),
    ("买卖合同约定的违约金明显过高，法院能否依职权调整？", "买卖合同纠纷", "", ""),
)


def _facts(rng: random.Random, template: str) -> dict[str, str]:
    return {
        "goods": rng.choice(GOODS), "place": rng.choice(PLACES), "year": str(rng.randint(2019, 2024)),
        "amount": f"{rng.randint(8, 480) * 1000:,}", "alcohol": str(rng.randint(85, 260)),
    }  # fmt: skip


def demo_seed(*, seed: int, log: Callable[[str], None]) -> int:
    if LibraryCase.objects.exists():
        log("    案例库已存在，跳过。")
        return 0
    rng = random.Random(seed * 7919 + 35)
    court = Court.objects.filter(code=DEMO_COURT).first()
    made = 0
    today = timezone.localdate()
    for cause, (case_type, facts_t, results_t, statutes, tags) in CAUSES.items():
        for n in range(PER_CAUSE):
            values = _facts(rng, facts_t[n % len(facts_t)])
            facts = facts_t[n % len(facts_t)].format(**values)
            result = results_t[n % len(results_t)].format(**values)
            kind = (LibraryKind.REFERENCE, LibraryKind.TYPICAL, LibraryKind.REFERENCE)[n % 3]
            if n == 0:
                kind = LibraryKind.GUIDING
            if kind == LibraryKind.TYPICAL and court is None:
                kind = LibraryKind.REFERENCE
            number = {
                LibraryKind.GUIDING: f"指导性案例 {200 + made} 号",
                LibraryKind.REFERENCE: f"入库编号 2024-{made + 1:04d}",
            }
            sentence = result.split("，", 1)[1] if case_type == "criminal" and "，" in result else ""
            library_case_add(actor=SYSTEM, data=LibraryCaseData(
                kind=kind, court=court if kind == LibraryKind.TYPICAL else None,
                title=f"{values['place']}{cause.replace('纠纷', '')}案（{'刑事' if case_type == 'criminal' else '民事'}·{n + 1}）",
                number=number.get(kind, ""), case_number=f"（{values['year']}）苏05{'08' if kind == LibraryKind.TYPICAL else '83'}"
                f"{'刑初' if case_type == 'criminal' else '民初'}{1000 + made}号",
                case_type=case_type, cause=cause, facts=facts, result=result, statutes="\n".join(statutes),
                reasoning=f"本院认为，本案争议焦点在于{tags.split('、')[0]}的认定。", sentence=sentence,
                amount=Decimal(values["amount"].replace(",", "")) if case_type == "civil" or cause == "盗窃罪" else None,
                tags=tags, decided_on=today - timedelta(days=rng.randint(60, 900)),
            ))  # fmt: skip
            made += 1
    expert = User.objects.filter(username="demo_division_head").first()
    asker = User.objects.filter(username="demo_judge").first()
    if court is not None and expert is not None and asker is not None:
        expert_designate(actor=SYSTEM, court=court, user=expert, field="民商事审判")
        for title, cause, body, answer in QUESTIONS:
            question = question_ask(actor=asker, court=court, title=title, body=body, cause=cause)
            if answer:
                answer_give(actor=expert, question=question, body=answer)
    index = similar_index()
    log(f"    案例库 {made} 件，类案索引 {len(index)} 件；法答网问题 {len(QUESTIONS)} 个")
    return made
