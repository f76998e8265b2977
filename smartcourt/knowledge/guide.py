"""The element guide (要素式审判指引): per cause, the elements to prove, the typical evidence, the articles.

Every article is cited by its address in the statute store (`民法典/第六百七十九条`); a test checks each one
exists in the shipped statute set, and the page marks any the store does not hold. `keywords` are the words whose
presence in a case file's OCR'd text suggests the element's evidence is there (`element_checklist`): a hint for
the judge, not a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from smartcourt.core.elements import EvidenceItem
from smartcourt.core.statutes import ArticleRef, StatutesUnavailable, article


@dataclass(frozen=True)
class Element:
    name: str
    description: str
    evidence: tuple[str, ...]
    keywords: tuple[str, ...]
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class CauseGuide:
    slug: str
    name: str  # as in the cause catalogue: 民间借贷纠纷, 盗窃罪
    kind: str  # civil / criminal
    summary: str
    elements: tuple[Element, ...]
    articles: tuple[str, ...]  # the cause's main articles, in order
    aliases: tuple[str, ...] = ()  # narrower causes the guide also serves (离婚后财产纠纷 …)

    @property
    def url(self) -> str:
        return reverse("knowledge:guide_cause", args=[self.slug])

    @property
    def all_articles(self) -> list[str]:
        seen: dict[str, None] = dict.fromkeys(self.articles)
        for element in self.elements:
            seen.update(dict.fromkeys(element.articles))
        return list(seen)


CAUSES: tuple[CauseGuide, ...] = (
    CauseGuide(
        slug="private-lending",
        name="民间借贷纠纷",
        kind="civil",
        summary="出借人主张返还借款及利息：须证明借贷合意、款项实际交付、还款期限届满而借款人未还；利息以约定为限且受法定上限约束。",
        articles=("民法典/第六百六十七条", "民法典/第六百七十九条", "民法典/第六百七十五条", "民法典/第六百八十条"),
        elements=(
            Element(
                "借贷合意",
                "双方就借款金额、期限、利息达成合意（自然人之间的借款合同自出借人提供借款时成立）。",
                ("借条、借据、欠条", "借款合同、借款协议", "聊天记录、短信中对借款的确认"),
                ("借条", "借据", "欠条", "借款合同", "借款协议"),
                ("民法典/第六百六十七条", "民法典/第六百六十八条"),
            ),
            Element(
                "款项实际交付",
                "出借人已将借款交付借款人；大额现金交付须说明来源与交付经过。",
                ("银行转账凭证、银行流水", "微信、支付宝转账记录", "收条"),
                ("转账", "汇款", "银行流水", "交易明细", "收条"),
                ("民法典/第六百七十九条",),
            ),
            Element(
                "还款期限届满",
                "约定的还款期限已到；未约定或约定不明的，经催告后合理期限已过。",
                ("借条中的还款日期", "催款通知、催收记录"),
                ("还款期限", "到期", "催收", "催款", "催告"),
                ("民法典/第六百七十五条",),
            ),
            Element(
                "利息约定",
                "主张利息须有约定；未约定利息的自然人借款视为没有利息；利率不得违反国家有关规定。",
                ("借条或合同中的利息条款",),
                ("利息", "利率", "月息", "年息"),
                ("民法典/第六百八十条",),
            ),
            Element(
                "借款人未按期还款",
                "借款人逾期未还或未全部归还，应承担违约责任。",
                ("还款记录、对账", "借款人承认欠款的记录"),
                ("未还", "拒不归还", "逾期", "尚欠"),
                ("民法典/第五百七十七条",),
            ),
        ),
    ),
    CauseGuide(
        slug="sale-contract",
        name="买卖合同纠纷",
        kind="civil",
        summary="就货款、交货或质量发生争议：须证明买卖合同成立、一方已履行（交货或付款）、对方未履行或履行不符合约定。",
        articles=("民法典/第五百九十五条", "民法典/第五百九十八条", "民法典/第六百二十六条", "民法典/第五百七十七条"),
        elements=(
            Element(
                "买卖合同成立",
                "双方就标的物、数量、价款达成合意。",
                ("买卖合同、购销合同", "订单、报价单", "往来函件、聊天记录"),
                ("买卖合同", "购销合同", "订单", "采购合同"),
                ("民法典/第五百九十五条",),
            ),
            Element(
                "出卖人交付标的物",
                "出卖人已按约定交付标的物或提取标的物的单证。",
                ("送货单、签收单", "物流单据", "入库单"),
                ("送货单", "签收", "发货", "物流", "入库"),
                ("民法典/第五百九十八条",),
            ),
            Element(
                "买受人支付价款",
                "买受人应按约定的数额、时间、地点支付价款；欠付的数额。",
                ("对账单、欠款确认书", "发票", "付款凭证"),
                ("货款", "对账单", "发票", "欠款", "付款"),
                ("民法典/第六百二十六条", "民法典/第五百七十九条"),
            ),
            Element(
                "质量是否符合约定（如有争议）",
                "标的物质量不符合约定的，买受人可请求承担违约责任；须在检验期限内提出异议。",
                ("质量检验报告、鉴定意见", "质量异议通知"),
                ("质量", "检验", "鉴定", "瑕疵"),
                ("民法典/第六百一十五条", "民法典/第六百二十一条"),
            ),
        ),
    ),
    CauseGuide(
        slug="motor-vehicle-accident",
        name="机动车交通事故责任纠纷",
        kind="civil",
        summary="交通事故受害人请求赔偿：先由交强险在责任限额内赔偿，不足部分由商业险和侵权人按责任赔偿。",
        articles=("民法典/第一千二百零八条", "民法典/第一千二百一十三条", "民法典/第一千一百七十九条"),
        elements=(
            Element(
                "事故发生及责任划分",
                "交通事故的发生经过与各方责任比例。",
                ("交通事故认定书", "事故现场照片、监控视频"),
                ("事故认定书", "交通事故", "责任认定"),
                ("民法典/第一千二百零八条",),
            ),
            Element(
                "损害后果",
                "人身伤害、伤残等级或财产损失。",
                ("病历、诊断证明", "伤残鉴定意见", "车辆定损单"),
                ("病历", "诊断", "伤残", "鉴定", "住院", "定损"),
                ("民法典/第一千一百七十九条",),
            ),
            Element(
                "损失数额",
                "医疗费、误工费、护理费、交通费等各项损失的数额。",
                ("医疗费票据", "误工证明、收入证明", "护理证明"),
                ("医疗费", "误工", "护理费", "票据", "交通费"),
                ("民法典/第一千一百七十九条",),
            ),
            Element(
                "车辆所有人、驾驶人与保险",
                "肇事车辆的所有人、驾驶人，投保的交强险和商业险。",
                ("行驶证、驾驶证", "交强险、商业险保险单"),
                ("保险单", "交强险", "商业险", "行驶证", "驾驶证"),
                ("民法典/第一千二百零九条", "民法典/第一千二百一十三条"),
            ),
        ),
    ),
    CauseGuide(
        slug="labour-dispute",
        name="劳动争议",
        kind="civil",
        summary="劳动者与用人单位之间的争议：须先经劳动争议仲裁，对仲裁裁决不服的，方可向人民法院起诉。",
        articles=("劳动争议调解仲裁法/第二条", "劳动争议调解仲裁法/第五条", "劳动争议调解仲裁法/第二十七条"),
        aliases=("劳动争议纠纷", "劳动合同纠纷", "追索劳动报酬纠纷", "经济补偿金纠纷"),
        elements=(
            Element(
                "劳动关系存在",
                "双方存在劳动关系及其起止时间、岗位、工资标准。",
                ("劳动合同", "工资发放记录、银行流水", "社会保险缴费记录", "工作证、考勤记录"),
                ("劳动合同", "工资", "社保", "社会保险", "考勤", "工作证"),
                ("劳动争议调解仲裁法/第二条",),
            ),
            Element(
                "经过劳动仲裁",
                "劳动争议须先申请仲裁；不服仲裁裁决或仲裁委员会不予受理的，方可起诉。",
                ("仲裁裁决书", "不予受理通知书"),
                ("仲裁", "裁决书", "不予受理"),
                ("劳动争议调解仲裁法/第五条", "劳动争议调解仲裁法/第二十九条"),
            ),
            Element(
                "仲裁时效",
                "申请仲裁的时效期间为一年，自知道或者应当知道权利被侵害之日起计算。",
                ("解除劳动关系通知", "催要工资的记录"),
                ("解除", "辞退", "离职", "催要"),
                ("劳动争议调解仲裁法/第二十七条",),
            ),
            Element(
                "请求所依据的事实",
                "拖欠工资、加班、解除劳动合同的经过；与争议事项有关、由用人单位掌握的证据应由用人单位提供。",
                ("工资条", "加班记录", "解除通知书"),
                ("拖欠", "加班", "经济补偿", "工资条"),
                ("劳动争议调解仲裁法/第六条",),
            ),
        ),
    ),
    CauseGuide(
        slug="divorce",
        name="离婚纠纷",
        kind="civil",
        summary="一方起诉离婚：调解无效且感情确已破裂的，应当准予离婚；一并处理子女抚养和财产分割。",
        articles=("民法典/第一千零七十九条", "民法典/第一千零八十四条", "民法典/第一千零八十七条"),
        elements=(
            Element(
                "合法婚姻关系",
                "双方依法登记结婚。",
                ("结婚证", "婚姻登记记录"),
                ("结婚证", "登记结婚", "婚姻登记"),
                ("民法典/第一千零四十九条",),
            ),
            Element(
                "夫妻感情确已破裂",
                "重婚或与他人同居、家庭暴力、虐待遗弃、恶习不改、因感情不和分居满二年等情形。",
                ("分居证明", "报警记录、伤情照片", "证人证言"),
                ("分居", "感情破裂", "家庭暴力", "家暴", "报警"),
                ("民法典/第一千零七十九条",),
            ),
            Element(
                "子女抚养",
                "子女的年龄、随哪方生活更有利，抚养费数额。",
                ("出生医学证明、户口簿", "收入证明"),
                ("子女", "抚养", "出生", "抚养费"),
                ("民法典/第一千零八十四条", "民法典/第一千零八十五条"),
            ),
            Element(
                "夫妻共同财产与债务",
                "婚姻关系存续期间取得的财产和共同债务的范围与数额。",
                ("不动产权证书", "存款、理财记录", "借款合同等债务凭证"),
                ("房产", "不动产", "共同财产", "存款", "债务"),
                ("民法典/第一千零六十二条", "民法典/第一千零六十四条", "民法典/第一千零八十七条"),
            ),
        ),
    ),
    CauseGuide(
        slug="theft",
        name="盗窃罪",
        kind="criminal",
        summary="以非法占有为目的，窃取公私财物，数额较大，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃。",
        articles=("刑法/第二百六十四条", "刑法/第十七条", "刑法/第六十七条"),
        elements=(
            Element(
                "以非法占有为目的",
                "行为人意图将他人财物据为己有。",
                ("被告人供述", "销赃、处分财物的证据"),
                ("非法占有", "据为己有", "销赃", "变卖"),
                ("刑法/第二百六十四条",),
            ),
            Element(
                "秘密窃取公私财物",
                "以不为财物所有人、保管人发觉的方法取得财物。",
                ("现场勘验笔录", "监控录像", "被害人陈述", "辨认笔录"),
                ("窃取", "盗窃", "监控", "勘验", "辨认"),
                ("刑法/第二百六十四条",),
            ),
            Element(
                "数额较大或特定情节",
                "被盗财物价值达到数额较大标准，或多次盗窃、入户盗窃、携带凶器盗窃、扒窃。",
                ("价格认定结论书", "被害人报案材料"),
                ("价格认定", "估价", "价值", "入户", "扒窃", "多次"),
                ("刑法/第二百六十四条",),
            ),
            Element(
                "刑事责任年龄与能力",
                "已满十六周岁；量刑情节（自首、坦白、退赃）。",
                ("户籍证明", "到案经过", "退赃凭证"),
                ("户籍", "身份证明", "到案经过", "自首", "退赃"),
                ("刑法/第十七条", "刑法/第六十七条"),
            ),
        ),
    ),
    CauseGuide(
        slug="dangerous-driving",
        name="危险驾驶罪",
        kind="criminal",
        summary="在道路上醉酒驾驶机动车、追逐竞驶情节恶劣等情形，处拘役，并处罚金。",
        articles=("刑法/第一百三十三条之一", "刑法/第六十七条", "刑法/第七十二条"),
        elements=(
            Element(
                "在道路上驾驶机动车",
                "驾驶的是机动车，行驶地点属于道路。",
                ("查获经过", "执法记录仪视频", "车辆信息"),
                ("驾驶", "道路", "机动车", "查获"),
                ("刑法/第一百三十三条之一",),
            ),
            Element(
                "醉酒或其他危险驾驶行为",
                "血液酒精含量达到醉酒标准（每100毫升80毫克以上），或追逐竞驶、严重超员超速等。",
                ("血液酒精含量检验报告", "呼气酒精测试记录"),
                ("酒精", "血液", "醉酒", "呼气", "检验报告"),
                ("刑法/第一百三十三条之一",),
            ),
            Element(
                "量刑情节",
                "自首、坦白、认罪认罚，是否适用缓刑。",
                ("到案经过", "认罪认罚具结书"),
                ("自首", "坦白", "认罪认罚", "具结书"),
                ("刑法/第六十七条", "刑法/第七十二条"),
            ),
        ),
    ),
)

_BY_SLUG = {c.slug: c for c in CAUSES}
_BY_NAME = {name: c for c in CAUSES for name in (c.name, *c.aliases)}


def causes() -> tuple[CauseGuide, ...]:
    return CAUSES


def cause_by_slug(slug: str) -> CauseGuide | None:
    return _BY_SLUG.get(slug)


def cause_for(name: str) -> CauseGuide | None:
    """The guide for a cause by its catalogue name (民间借贷纠纷), a narrower cause it serves, or its stem (劳动争议)."""
    name = (name or "").strip()
    if name in _BY_NAME:
        return _BY_NAME[name]
    stem = name.removesuffix("纠纷")
    return next((c for c in CAUSES if stem and (c.name.removesuffix("纠纷") == stem)), None)


def cause_articles(cause: CauseGuide) -> list[tuple[str, ArticleRef | None]]:
    """Each article the cause cites, with what the store holds (None: not in the store)."""
    out: list[tuple[str, ArticleRef | None]] = []
    for address in cause.all_articles:
        try:
            out.append((address, article(address)))
        except StatutesUnavailable:
            out.append((address, None))
    return out


class Guide:
    """`core.elements.ElementGuide` over the causes above."""

    def evidence_checklist(self, cause_name: str) -> list[EvidenceItem]:
        cause = cause_for(cause_name)
        if cause is None:
            return []
        return [
            EvidenceItem(element=e.name, evidence=e.evidence, citations=e.articles, guide_url=cause.url)
            for e in cause.elements
        ]
