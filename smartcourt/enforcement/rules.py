"""Statute rules of enforcement, each citing its article (shown to the user with every refusal).

Pure functions on plain data: the services gather the facts and ask here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from smartcourt.core.citations import Citation

CPL = "民事诉讼法"
CPL_INTERP = "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释"
DISHONEST = "最高人民法院关于公布失信被执行人名单信息的若干规定"
CONSUMPTION = "最高人民法院关于限制被执行人高消费及有关消费的若干规定"
FINAL_THIS = "最高人民法院关于严格规范终结本次执行程序的规定（试行）"
ENF_RULES = "最高人民法院关于人民法院执行工作若干问题的规定（试行）"
FUNDS = "最高人民法院关于执行款物管理工作的规定"

PERIOD = Citation(ENF_RULES, "第63条")  # 执行案件应当在立案之日起六个月内执结 (the clock is legaltime's)
EFFECTIVE_TITLE = Citation(CPL, "第二百四十七条")  # 发生法律效力的民事判决、裁定 … 由人民法院执行
OUTSIDE_TITLE = Citation(CPL, "第二百四十八条、第二百四十九条")  # 仲裁裁决、公证债权文书
EXECUTION_NOTICE = Citation(CPL, "第二百五十一条")  # 执行员 … 应当向被执行人发出执行通知
REPORT_PROPERTY = Citation(CPL, "第二百五十二条")
SEARCH = Citation(CPL, "第二百五十九条")
EXIT_BAN = Citation(CPL, "第二百六十六条")
DETENTION = Citation(CPL, "第一百一十八条")  # 拘留的期限，为十五日以下
CONSUMPTION_RULE = Citation(CONSUMPTION, "第一条")
DISHONEST_GROUNDS = Citation(DISHONEST, "第一条")
DISHONEST_TERM = Citation(DISHONEST, "第二条")
DISHONEST_EXCLUDED = Citation(DISHONEST, "第三条")
DISHONEST_MINOR = Citation(DISHONEST, "第四条")
DISHONEST_REMOVE = Citation(DISHONEST, "第十条")
REVOCATION = Citation(CONSUMPTION, "第九条")  # 被执行人履行完毕的，解除限制消费令（其他措施同理撤销）
# Closing that ends enforcement lifts the standing credit measures in the same write: the dishonest listing is
# deleted (失信规定 Art. 10: 已履行全部义务 (一), 不予执行 (六), 终结执行 (七)), the consumption restriction and the exit
# ban are lifted (限制消费规定 Art. 9: 履行完毕). 终结本次执行程序 keeps them: the case can be restored.
STANDING_MEASURES = ("dishonest_list", "consumption_restriction", "exit_ban")
FREEZE_TERM = Citation(CPL_INTERP, "第四百八十五条")
FREEZE_ORDER = Citation(CPL, "第二百五十三条")  # 查询、扣押、冻结、划拨、变价被执行人的存款等财产
DEDUCT_ORDER = Citation(CPL, "第二百五十三条")  # 作出裁定，并发出协助执行通知书
RELEASE_ORDER = Citation(
    "最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定", "第二十八条"
)  # 应当作出解除查封、扣押、冻结裁定的情形（债务已经清偿等）
FINAL_THIS_CONDITIONS = Citation(FINAL_THIS, "第一条")
TWO_PERSONS = Citation(FUNDS, "第十五条、第十六条")  # 执行款发放经审批，经办与审批相分离
PAYOUT_LIMIT = Citation(FUNDS, "第十七条")  # 执行款到账之日起三十日内发放


class RuleRefused(ValueError):
    """A statute rule refuses; the message names the article."""


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- freezes (冻结、查封的期限) ------------------------------------------------------------------------------------

# 民诉法解释 Art. 485: deposits one year, movables two years, real estate and other property rights three years.
FREEZE_YEARS = {
    "deposit": 1,
    "payment_balance": 1,
    "housing_fund": 1,
    "social_insurance": 1,
    "vehicle": 2,
    "real_estate": 3,
    "securities": 3,
}
RENEWAL_NOTICE_DAYS = 30  # reminders this many days before a freeze lapses


def freeze_term_end(*, asset_kind: str, starts_on: date) -> date:
    """The last day a freeze of this kind may run (inclusive)."""
    return add_months(starts_on, 12 * FREEZE_YEARS[asset_kind]) - timedelta(days=1)


def freeze_check(*, asset_kind: str, starts_on: date, expires_on: date) -> None:
    latest = freeze_term_end(asset_kind=asset_kind, starts_on=starts_on)
    if expires_on < starts_on:
        raise RuleRefused("冻结期限届满日不能早于开始日。")
    if expires_on > latest:
        years = FREEZE_YEARS[asset_kind]
        raise RuleRefused(
            f"冻结/查封期限超过法定期限：该类财产每次不得超过{years}年（至{latest:%Y年%m月%d日}），"
            f"期满可续行（{FREEZE_TERM}）。"
        )


# --- the dishonest-debtor list (失信被执行人名单) ------------------------------------------------------------------

DISHONEST_GROUND_LABELS = {
    "able_refuses": "有履行能力而拒不履行生效法律文书确定义务",
    "obstructs": "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    "evades": "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    "property_report": "违反财产报告制度",
    "consumption": "违反限制消费令",
    "settlement": "无正当理由拒不履行执行和解协议",
}
AGGRAVATED_GROUNDS = {"obstructs", "evades"}


@dataclass(frozen=True)
class DishonestFacts:
    ground: str
    is_minor: bool
    notice_due_on: date | None  # the execution notice's time to perform
    today: date
    outstanding: Decimal  # what is still owed
    secured: Decimal  # frozen / deducted value standing against it
    years: int = 2
    aggravated: bool = False


def dishonest_check(f: DishonestFacts) -> date:
    """The day the listing ends, or RuleRefused with the article."""
    if f.ground not in DISHONEST_GROUND_LABELS:
        raise RuleRefused(f"纳入失信名单须具备法定情形之一（{DISHONEST_GROUNDS}）。")
    if f.is_minor:
        raise RuleRefused(f"被执行人为未成年人的，不得纳入失信被执行人名单（{DISHONEST_MINOR}）。")
    if f.notice_due_on is None or f.today <= f.notice_due_on:
        raise RuleRefused(f"执行通知指定的履行期间尚未届满，不得纳入失信名单（{DISHONEST_GROUNDS}）。")
    if f.outstanding <= 0:
        raise RuleRefused("被执行人已履行完毕，不得纳入失信名单。")
    if f.secured >= f.outstanding:
        raise RuleRefused(f"已查封、扣押、冻结的财产足以清偿债务，不得纳入失信名单（{DISHONEST_EXCLUDED}第（二）项）。")
    if f.ground in AGGRAVATED_GROUNDS and f.aggravated:
        if not 3 <= f.years <= 5:
            raise RuleRefused(f"情节严重的，纳入期限可延长一至三年，即三至五年（{DISHONEST_TERM}）。")
    elif f.years != 2:
        raise RuleRefused(
            f"纳入失信名单的期限为二年；仅以暴力、威胁方法妨碍执行等情节严重的可延长（{DISHONEST_TERM}）。"
        )
    return add_months(f.today, 12 * f.years)


def consumption_check(*, notice_due_on: date | None, today: date) -> None:
    if notice_due_on is None or today <= notice_due_on:
        raise RuleRefused(
            f"被执行人未按执行通知书指定的期间履行的，方可限制消费；履行期间尚未届满（{CONSUMPTION_RULE}）。"
        )


def detention_check(*, days: int) -> None:
    if not 1 <= days <= 15:
        raise RuleRefused(f"拘留的期限为十五日以下（{DETENTION}）。")


def mask_id(id_number: str) -> str:
    """The public list's masking: birth date hidden (e.g. 320102********1234)."""
    if len(id_number) < 10:
        return id_number[:2] + "*" * max(len(id_number) - 2, 0)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


# --- 终结本次执行程序 ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FinalThisFacts:
    filed_on: date
    today: date
    report_order_issued: bool
    consumption_restricted: bool
    inquiry_complete: bool  # every holder answered for every debtor
    disposable_assets: Decimal  # found, not yet frozen/deducted, of positive value
    applicant_informed: bool


def final_this_check(f: FinalThisFacts) -> None:
    missing: list[str] = []
    if not f.report_order_issued:
        missing.append("已向被执行人发出执行通知、责令被执行人报告财产")
    if not f.consumption_restricted:
        missing.append("已向被执行人发出限制消费令")
    if not f.inquiry_complete:
        missing.append("已穷尽财产调查措施（网络查控覆盖全部协助单位和全部被执行人）")
    if f.disposable_assets > 0:
        missing.append("未发现可供执行的财产（尚有查到但未控制的财产）")
    if add_months(f.filed_on, 3) > f.today:
        missing.append("自执行案件立案之日起已超过三个月")
    if not f.applicant_informed:
        missing.append("已听取申请执行人意见")
    if missing:
        raise RuleRefused(
            f"不符合终结本次执行程序的条件（{FINAL_THIS_CONDITIONS}），尚缺：" + "；".join(missing) + "。"
        )


# --- online judicial auction (网络司法拍卖) -------------------------------------------------------------------------

AUCTION = "最高人民法院关于人民法院网络司法拍卖若干问题的规定"
AUCTION_FIRST_RESERVE = Citation(AUCTION, "第十条")  # 起拍价不得低于评估价或者市价的百分之七十
AUCTION_SECOND_RESERVE = Citation(AUCTION, "第二十六条")  # 再次拍卖起拍价降价幅度不得超过前次起拍价的百分之二十
AUCTION_NOTICE = Citation(AUCTION, "第十二条")  # 动产拍卖十五日前、不动产三十日前公告
AUCTION_SALE = Citation("最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定", "第二十五条")
AUCTION_TRANSFER = Citation(
    "最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定", "第二十条、第二十六条"
)  # 所有权自拍卖成交裁定送达买受人时起转移


def auction_notice_days(asset_kind: str) -> int:
    return 30 if asset_kind == "real_estate" else 15


def auction_reserve_check(*, kind: str, reserve: Decimal, valuation: Decimal, previous: Decimal | None) -> None:
    if kind == "first" and reserve < valuation * Decimal("0.7"):
        raise RuleRefused(
            f"一拍起拍价不得低于评估价的百分之七十（{valuation * Decimal('0.7'):.2f}元，{AUCTION_FIRST_RESERVE}）。"
        )
    if kind == "second" and previous is not None and reserve < previous * Decimal("0.8"):
        raise RuleRefused(
            f"二拍起拍价降价幅度不得超过一拍起拍价的百分之二十（不低于{previous * Decimal('0.8'):.2f}元，"
            f"{AUCTION_SECOND_RESERVE}）。"
        )
    if kind == "sale" and previous is not None and reserve < previous:
        raise RuleRefused(f"变卖价不得低于二拍的起拍价（{previous:.2f}元，{AUCTION_SALE}）。")


# --- cross-court and entrusted enforcement, the assistance network (异地交叉执行、委托执行、协助执行网络) ---------------
# ADR 0043. The texts: ../shared/data/laws (民事诉讼法 2023; 执行程序解释 2020; 执行工作若干问题的规定 2020).

ENF_PROCEDURE = "最高人民法院关于适用《中华人民共和国民事诉讼法》执行程序若干问题的解释"
ENTRUSTMENT = "最高人民法院关于委托执行若干问题的规定"
# 上一级人民法院 … 可以责令原人民法院在一定期限内执行，也可以决定由本院执行或者指令其他人民法院执行
DESIGNATION_ON_APPLICATION = Citation(CPL, "第二百三十七条")
DESIGNATION_GROUNDS = Citation(ENF_PROCEDURE, "第十条")  # 执行法院自收到申请执行书之日起超过六个月未执行完结 …
DESIGNATION_RULING = Citation(ENF_PROCEDURE, "第十一条第二款")  # 应当作出裁定，送达当事人并通知有关人民法院
# 对下级法院长期未能执结的案件，确有必要的，上级法院可以决定由本院执行或与下级法院共同执行，也可以指定本辖区其他法院执行
DESIGNATION_LONG_PENDING = Citation(ENF_RULES, "第74条第二款")
# 受委托人民法院收到委托函件后，必须在十五日内开始执行，不得拒绝 … 在三十日内如果还未执行完毕，也应当将执行情况函告
ENTRUSTED_ACT = Citation(CPL, "第二百四十条第一款")
# 受委托人民法院自收到委托函件之日起十五日内不执行的，委托人民法院可以请求受委托人民法院的上级人民法院指令执行
ENTRUSTED_OVERDUE = Citation(CPL, "第二百四十条第二款")
ENTRUSTED_MATERIALS = Citation(ENTRUSTMENT, "第五条")  # 委托执行函 and the materials sent with it
ASSISTANCE = Citation(CPL, "第一百一十七条")  # 有义务协助调查、执行的单位 (the duty to assist the court's enforcement)

ENTRUSTED_ACT_DAYS = 15
ENTRUSTED_REPORT_DAYS = 30
ASSISTANCE_DEFAULT_DAYS = 7  # the network's customary time to report back (a court's practice, not a statute)
ASSISTANCE_MAX_DAYS = 30

DESIGNATION_GROUND_LABELS = {
    "overdue": "申请执行人申请：执行法院自收到申请执行书之日起超过六个月未执行完结",
    "long_pending": "下级法院长期未能执结，确有必要",
}


# --- closing by ruling: 终结执行, 不予执行, 销案 ------------------------------------------------------------------------

CLOSING_OPINION = "最高人民法院关于执行案件立案、结案若干问题的意见"  # 法发〔2014〕26号
CLOSING_METHODS = Citation(ENF_RULES, "第64条")  # 执行结案的方式：执行完毕、终本、终结执行、销案、不予执行、驳回申请
TERMINATION = Citation(CPL, "第二百六十八条")  # 有下列情形之一的，人民法院裁定终结执行
TERMINATION_EFFECT = Citation(CPL, "第二百六十九条")  # 终结执行的裁定，送达当事人后立即生效
NOT_ENFORCED_ARBITRATION = Citation(CPL, "第二百四十八条")  # 仲裁裁决有下列情形之一的 … 裁定不予执行
NOT_ENFORCED_NOTARISED = Citation(CPL, "第二百四十九条")  # 公证债权文书确有错误的，裁定不予执行
CANCELLATION = Citation(CLOSING_OPINION, "第十八条")  # 以“销案”方式结案的情形
CANCELLATION_DUPLICATE = Citation(
    "最高人民法院关于适用《中华人民共和国民事诉讼法》执行程序若干问题的解释", "第二条"
)  # 立案后发现其他有管辖权的人民法院已经立案的，应当撤销案件
FULFILLED = Citation(CLOSING_OPINION, "第十五条")  # 执行完毕

# 民诉法 Art. 268 (一)–(六)
TERMINATION_GROUNDS = {
    "withdrawn": "申请人撤销申请",
    "title_revoked": "据以执行的法律文书被撤销",
    "debtor_died": "作为被执行人的公民死亡，无遗产可供执行，又无义务承担人",
    "maintenance_creditor_died": "追索赡养费、扶养费、抚养费案件的权利人死亡",
    "debtor_destitute": "作为被执行人的公民因生活困难无力偿还借款，无收入来源，又丧失劳动能力",
    "other": "人民法院认为应当终结执行的其他情形",
}
# 民诉法 Art. 248 para. 2 (一)–(六) and para. 3 (仲裁裁决); Art. 249 para. 2 (公证债权文书)
NOT_ENFORCED_ARBITRATION_GROUNDS = {
    "no_agreement": "当事人在合同中没有订有仲裁条款或者事后没有达成书面仲裁协议",
    "beyond_scope": "裁决的事项不属于仲裁协议的范围或者仲裁机构无权仲裁",
    "procedure": "仲裁庭的组成或者仲裁的程序违反法定程序",
    "forged_evidence": "裁决所根据的证据是伪造的",
    "concealed_evidence": "对方当事人向仲裁机构隐瞒了足以影响公正裁决的证据",
    "arbitrator_misconduct": "仲裁员在仲裁该案时有贪污受贿，徇私舞弊，枉法裁决行为",
    "public_interest": "执行该裁决违背社会公共利益",
}
NOT_ENFORCED_NOTARISED_GROUNDS = {"notarised_error": "公证债权文书确有错误"}
# 法发〔2014〕26号 Art. 18 (with 执行程序解释 Art. 2 for a court that filed first)
CANCELLATION_GROUNDS = {
    "jurisdiction": "被执行人提出管辖异议，经审查异议成立，将案件移送有管辖权的法院",
    "withdrawn_before": "申请执行人撤回申请",
    "filed_elsewhere": "发现其他有管辖权的人民法院已经立案在先",
    "entrustment_returned": "受托法院报经高级人民法院同意退回委托",
}


@dataclass(frozen=True)
class DesignationFacts:
    ground: str
    kind: str  # "designated" | "joint"
    reason: str
    case_closed: bool
    filed_on: date
    today: date
    designating_is_above_case_court: bool  # the designating court is a court above the case's court
    receiving_within_jurisdiction: bool  # the receiving court is the designating court or one below it
    receiving_is_case_court: bool
    already_shared: bool  # an arrangement with the receiving court exists


def designation_check(f: DesignationFacts) -> None:
    """Whether a higher court may designate another court (指定执行) or share the case (共同执行)."""
    if f.case_closed:
        raise RuleRefused("本案已结案，不能指定执行或共同执行。")
    if f.ground not in DESIGNATION_GROUND_LABELS:
        raise RuleRefused(f"请选择指定执行的事由（{DESIGNATION_ON_APPLICATION}、{DESIGNATION_LONG_PENDING}）。")
    if not f.reason.strip():
        raise RuleRefused(f"请写明理由：指定执行应当作出裁定，送达当事人并通知有关人民法院（{DESIGNATION_RULING}）。")
    if not f.designating_is_above_case_court:
        raise RuleRefused(
            f"指定执行、共同执行由执行法院的上级人民法院决定（{DESIGNATION_ON_APPLICATION}、{DESIGNATION_LONG_PENDING}）。"
        )
    if f.receiving_is_case_court:
        raise RuleRefused("接收法院不能是本案的执行法院。")
    if not f.receiving_within_jurisdiction:
        raise RuleRefused(
            f"只能指令本院或者本辖区其他人民法院执行（{DESIGNATION_RULING}、{DESIGNATION_LONG_PENDING}）。"
        )
    if f.already_shared:
        raise RuleRefused("本案已指定或与该法院共同执行。")
    if f.ground == "overdue" and add_months(f.filed_on, 6) > f.today:
        raise RuleRefused(
            f"执行法院自收到申请执行书之日起超过六个月未执行完结的，上一级人民法院方可根据申请变更执行法院；"
            f"本案立案于{f.filed_on:%Y年%m月%d日}，尚未满六个月（{DESIGNATION_GROUNDS}）。"
        )


def entrustment_deadlines(received_on: date) -> tuple[date, date]:
    """(the last day to begin, the day the progress is due if not done): 15 and 30 days from the letter's receipt
    (民诉法 Art. 240); the starting day is not counted (Art. 85)."""
    return received_on + timedelta(days=ENTRUSTED_ACT_DAYS), received_on + timedelta(days=ENTRUSTED_REPORT_DAYS)


def entrustment_check(*, from_court_id: int, to_court_id: int, detail: str, case_closed: bool) -> None:
    if case_closed:
        raise RuleRefused("本案已结案，不能委托执行。")
    if from_court_id == to_court_id:
        raise RuleRefused(f"委托执行是委托被执行人或者财产所在地的其他法院代为执行（{ENTRUSTED_ACT}），不能委托本院。")
    if not detail.strip():
        raise RuleRefused(f"请写明委托事项的具体要求，随委托执行函一并发出（{ENTRUSTED_MATERIALS}）。")


def assistance_due_check(*, assigned_on: date, due_on: date) -> None:
    if due_on <= assigned_on:
        raise RuleRefused("反馈期限应晚于发出日期。")
    if (due_on - assigned_on).days > ASSISTANCE_MAX_DAYS:
        raise RuleRefused(f"协助执行任务的反馈期限不超过{ASSISTANCE_MAX_DAYS}天，以免影响执行期限（{PERIOD}）。")


@dataclass(frozen=True)
class ClosingFacts:
    kind: str  # ClosingKind value: terminated | not_enforced | cancelled
    ground: str
    title_kind: str  # TitleKind value
    note: str


def closing_grounds(kind: str, title_kind: str = "") -> dict[str, str]:
    """The grounds a closing by ruling may state, for the form and the check."""
    if kind == "terminated":
        return TERMINATION_GROUNDS
    if kind == "not_enforced":
        if title_kind == "arbitration":
            return NOT_ENFORCED_ARBITRATION_GROUNDS
        if title_kind == "notarised_debt":
            return NOT_ENFORCED_NOTARISED_GROUNDS
        return {**NOT_ENFORCED_ARBITRATION_GROUNDS, **NOT_ENFORCED_NOTARISED_GROUNDS}
    if kind == "cancelled":
        return CANCELLATION_GROUNDS
    return {}


def closing_basis(kind: str, ground: str = "", title_kind: str = "") -> Citation:
    if kind == "terminated":
        return TERMINATION
    if kind == "not_enforced":
        return NOT_ENFORCED_NOTARISED if title_kind == "notarised_debt" else NOT_ENFORCED_ARBITRATION
    if kind == "cancelled":
        return CANCELLATION_DUPLICATE if ground == "filed_elsewhere" else CANCELLATION
    if kind == "fulfilled":
        return FULFILLED
    return FINAL_THIS_CONDITIONS


def closing_check(f: ClosingFacts) -> Citation:
    """The statutory conditions of 终结执行, 不予执行 and 销案; returns the article the ruling cites."""
    if f.kind == "terminated":
        if f.ground not in TERMINATION_GROUNDS:
            raise RuleRefused(f"终结执行须具备法定情形之一（{TERMINATION}），请选择终结执行的情形。")
        if f.ground == "other" and len(f.note.strip()) < 4:
            raise RuleRefused(
                f"以“人民法院认为应当终结执行的其他情形”终结执行的，须写明理由（{TERMINATION}第（六）项）。"
            )
        return TERMINATION
    if f.kind == "not_enforced":
        if f.title_kind not in ("arbitration", "notarised_debt"):
            raise RuleRefused(
                f"不予执行只适用于仲裁裁决和赋予强制执行效力的公证债权文书（{NOT_ENFORCED_ARBITRATION}、"
                f"{NOT_ENFORCED_NOTARISED}）；人民法院的裁判文书不能裁定不予执行。"
            )
        allowed = closing_grounds("not_enforced", f.title_kind)
        basis = closing_basis("not_enforced", f.ground, f.title_kind)
        if f.ground not in allowed:
            raise RuleRefused(f"请选择不予执行的法定情形（{basis}）。")
        return basis
    if f.kind == "cancelled":
        if f.ground not in CANCELLATION_GROUNDS:
            raise RuleRefused(f"销案须具备法定情形之一（{CANCELLATION}），请选择销案的情形。")
        return closing_basis("cancelled", f.ground)
    raise RuleRefused("请选择结案方式。")
