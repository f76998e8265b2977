"""Procedural deadlines (期间): a registry of rule codes, each with its period and article, and pure counting.

How a period is counted (民事诉讼法 Art. 85; 刑事诉讼法 Art. 105 and 行政诉讼法解释 Art. 48 say the same):
- the day the period starts is not counted; counting begins the next day (民诉法 Art. 85(2), 民诉法解释 Art. 125);
- a period in days ends on the N-th day after the start day;
- a period in months or years ends on the same day-number of the target month, or that month's last day when the
  month is shorter (民法典 Art. 202 — the procedural laws do not say, the general rule of the Civil Code does);
- a period whose last day is a rest day ends on the first working day after it (民诉法 Art. 85(3)). The statute
  says 法定休假日; we read it, as court practice does, to include Saturdays and Sundays (the weekly rest days of
  state organs, 国务院《关于职工工作时间的规定》第七条) except weekend days the State Council's arrangement makes
  working days (调休上班日). A period ending on such a make-up working day is not extended.
- trial and enforcement periods (审限, kind TRIAL_PERIOD) are NOT moved off rest days: they bind the court, not a
  party; the SPC's rules on them (严格执行案件审理期限制度的若干规定 Arts. 8–10, 延长审限和延期开庭的规定 Art. 1)
  count from the day after filing, list what is excluded and when extensions must be requested, and never extend
  an end falling on a holiday; 刑事诉讼法 Art. 105(4) even forbids it for custody periods. Holding the earlier date
  is also the safe one: a case closed by it is within time on either reading. The explanation shows the date an
  Art. 85(3) extension would give, so nothing is hidden.
- a period the court sets "at least / at most N days" (举证期限) is computed as its shortest / longest end;
- a period whose length the court fixes case by case (指定期限, e.g. 补正, 登记立案规定 Art. 7) is a rule with
  `court_sets_amount`: the caller passes the days the court set, and the counting above applies unchanged.

Rules receive the `Calendar` (loaded by `smartcourt.legaltime.selectors.calendar_load`); they never query. A year
that is not loaded yields a warning naming it, never a silent guess.
"""

from __future__ import annotations

import calendar as _gregorian
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from smartcourt.core.citations import Citation
from smartcourt.core.errors import ApplicationError

from .calendar import Calendar, weekday_name, years_missing_warning

ONE_DAY = timedelta(days=1)


class Unit(StrEnum):
    DAY = "day"
    WORKING_DAY = "working_day"
    MONTH = "month"
    YEAR = "year"


UNIT_LABELS = {Unit.DAY: "日", Unit.WORKING_DAY: "个工作日", Unit.MONTH: "个月", Unit.YEAR: "年"}


class RuleKind(StrEnum):
    PERIOD = "period"  # a period for a party or the court; Art. 85(3) moves an end off a rest day
    TRIAL_PERIOD = "trial_period"  # 审限 / 执行期限: not moved (see module docstring); deductions and extensions apply
    BEFORE_EVENT = "before_event"  # "at least N days before" an event (开庭三日前通知): counted backwards


class Bound(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"  # the court sets a period of not less than N (不得少于): the earliest end it may set
    AT_MOST = "at_most"  # not more than N (不得超过): the latest end it may set


@dataclass(frozen=True)
class Counting:
    """The article on counting that governs a rule: start day not counted, rest-day extension."""

    start: Citation
    rest_day: Citation


CIVIL = Counting(Citation("民事诉讼法", "第八十五条第二款"), Citation("民事诉讼法", "第八十五条第三款"))
CRIMINAL = Counting(Citation("刑事诉讼法", "第一百零五条第二款"), Citation("刑事诉讼法", "第一百零五条第四款"))
ADMIN = Counting(Citation("行政诉讼法解释", "第四十八条第二款"), Citation("行政诉讼法解释", "第四十八条第三款"))
MONTH_END = Citation("民法典", "第二百零二条")

GROUPS = {
    "civil": "民事诉讼",
    "service": "送达",
    "fee": "诉讼费用",
    "mediation": "调解与司法确认",
    "criminal": "刑事诉讼",
    "admin": "行政诉讼",
    "enforcement": "执行",
    "bankruptcy": "破产",
}


@dataclass(frozen=True)
class DeadlineRule:
    """One procedural period: what it is, how long, from which day, and the article that says so."""

    code: str
    label: str  # Chinese, shown to users
    amount: int
    unit: Unit
    citation: Citation
    start_label: str  # what `start` means for this rule ("判决书送达之日")
    kind: RuleKind = RuleKind.PERIOD
    bound: Bound = Bound.EXACT
    counting: Counting = CIVIL
    extension: str = ""  # who may extend and by how much (Chinese), for trial periods
    max_total: tuple[int, int] | None = None  # absolute ceiling incl. extensions, (months, days), for trial periods
    max_total_citation: Citation | None = None
    notes: tuple[str, ...] = ()
    extra_citations: tuple[Citation, ...] = ()
    court_sets_amount: bool = False  # 指定期限: `amount` is the usual length; the court fixes it per notice

    @property
    def group(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def period_text(self) -> str:
        prefix = {Bound.AT_LEAST: "不少于", Bound.AT_MOST: "不超过"}.get(self.bound, "")
        return f"{prefix}{self.amount}{UNIT_LABELS[self.unit]}"

    @property
    def moves_off_rest_days(self) -> bool:
        """Whether 民诉法 Art. 85(3) (and its criminal / administrative twins) moves an end off a rest day."""
        return self.kind == RuleKind.PERIOD

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "group": GROUPS.get(self.group, self.group),
            "kind": self.kind.value,
            "period": {"amount": self.amount, "unit": self.unit.value, "bound": self.bound.value},
            "period_text": self.period_text,
            "start": self.start_label,
            "source": self.citation.as_dict(),
            "other_sources": [c.as_dict() for c in self.extra_citations],
            "counting": [self.counting.start.as_dict(), self.counting.rest_day.as_dict()],
            "moves_off_rest_days": self.moves_off_rest_days,
            "court_sets_amount": self.court_sets_amount,
            "extension": self.extension,
        }


def _r(*args: Any, **kwargs: Any) -> DeadlineRule:
    return DeadlineRule(*args, **kwargs)


C, D, W, M, Y = Citation, Unit.DAY, Unit.WORKING_DAY, Unit.MONTH, Unit.YEAR
TRIAL = RuleKind.TRIAL_PERIOD
MAIL = "诉讼文书在期满前交邮的，不算过期；期间不包括在途时间（《民事诉讼法》第八十五条第四款）。"
SPC_2000 = "最高人民法院关于严格执行案件审理期限制度的若干规定"
SPC_2019 = "最高人民法院关于严格规范民商事案件延长审限和延期开庭问题的规定"
MEDIATION_EXT = "各方当事人同意延长的，不受此限；立案后延长的调解期限不计入审理期限。"
ENF_2020 = "最高人民法院关于人民法院执行工作若干问题的规定（试行）"

_RULES: tuple[DeadlineRule, ...] = (
    # --- civil procedure (民事诉讼法 2023) ----------------------------------------------------------------------
    _r("civil.filing_review", "立案审查（决定立案或裁定不予受理）", 7, D, C("民事诉讼法", "第一百二十六条"),
       "收到起诉状之日（补正的，为补正材料交到法院之日）",
       extra_citations=(C("民诉法解释", "第一百二十六条"),)),
    _r("civil.filing_correction", "补正起诉材料（法院指定期限）", 15, D, C("登记立案规定", "第七条第一款"),
       "补正通知送达之日（在线告知的，为通知发出之日）", court_sets_amount=True,
       notes=("补正期限由人民法院在一次性书面告知补正时指定，本系统默认十五日。",
              "在指定期限内补正的，立案审查期限自收到补正材料之日起重新计算（登记立案规定第七条第二款）。")),
    _r("civil.complaint_copy", "向被告发送起诉状副本", 5, D, C("民事诉讼法", "第一百二十八条第一款"), "立案之日"),
    _r("civil.defence", "被告答辩期", 15, D, C("民事诉讼法", "第一百二十八条第一款"), "被告收到起诉状副本之日",
       notes=(MAIL,)),
    _r("civil.hearing_notice", "开庭通知（最迟通知日）", 3, D, C("民事诉讼法", "第一百三十九条"), "开庭日期",
       kind=RuleKind.BEFORE_EVENT),
    _r("civil.evidence.ordinary", "举证期限（第一审普通程序）", 15, D, C("民诉法解释", "第九十九条第二款"),
       "举证通知书送达之日", bound=Bound.AT_LEAST, extra_citations=(C("民事诉讼证据规定", "第五十一条第二款"),)),
    _r("civil.evidence.second_instance", "举证期限（第二审提供新证据）", 10, D, C("民诉法解释", "第九十九条第二款"),
       "举证通知书送达之日", bound=Bound.AT_LEAST, extra_citations=(C("民事诉讼证据规定", "第五十一条第二款"),)),
    _r("civil.evidence.simple", "举证期限（简易程序）", 15, D, C("民诉法解释", "第二百六十六条第一款"),
       "举证通知书送达之日", bound=Bound.AT_MOST, extra_citations=(C("民事诉讼证据规定", "第五十一条第二款"),)),
    _r("civil.evidence.small_claims", "举证期限（小额诉讼）", 7, D, C("民诉法解释", "第二百七十五条第一款"),
       "举证通知书送达之日", bound=Bound.AT_MOST, extra_citations=(C("民事诉讼证据规定", "第五十一条第二款"),)),
    _r("civil.appeal.judgment", "上诉期（不服第一审判决）", 15, D, C("民事诉讼法", "第一百七十一条第一款"),
       "判决书送达之日", notes=(MAIL,)),
    _r("civil.appeal.ruling", "上诉期（不服第一审裁定）", 10, D, C("民事诉讼法", "第一百七十一条第二款"),
       "裁定书送达之日", notes=(MAIL,)),
    _r("civil.retrial_application", "申请再审期限", 6, M, C("民事诉讼法", "第二百一十六条"),
       "判决、裁定发生法律效力之日", notes=("有该条所列例外情形的，自知道或者应当知道之日起六个月内提出。",)),
    _r("civil.ordinary.trial", "审限（第一审普通程序）", 6, M, C("民事诉讼法", "第一百五十二条"), "立案之日",
       kind=TRIAL, extension="经本院院长批准可延长六个月；还需延长的，报请上级人民法院批准",
       extra_citations=(C("民诉法解释", "第二百四十三条"), C(SPC_2000, "第二条"))),
    _r("civil.simple.trial", "审限（简易程序）", 3, M, C("民事诉讼法", "第一百六十四条"), "立案之日", kind=TRIAL,
       extension="经本院院长批准可延长一个月，延长后累计不得超过四个月",
       max_total=(4, 0), max_total_citation=C("民诉法解释", "第二百五十八条第一款")),
    _r("civil.small_claims.trial", "审限（小额诉讼程序）", 2, M, C("民事诉讼法", "第一百六十八条"), "立案之日",
       kind=TRIAL, extension="经本院院长批准可延长一个月", max_total=(3, 0),
       max_total_citation=C("民事诉讼法", "第一百六十八条")),
    _r("civil.special_procedure.trial", "审限（特别程序）", 30, D, C("民事诉讼法", "第一百八十七条"),
       "立案之日（需公告的，为公告期满之日）", kind=TRIAL, extension="经本院院长批准可延长（选民资格案件除外）"),
    _r("civil.second_instance.trial", "审限（第二审，对判决的上诉）", 3, M, C("民事诉讼法", "第一百八十三条第一款"),
       "第二审立案之日", kind=TRIAL, extension="经本院院长批准可延长", extra_citations=(C(SPC_2000, "第二条"),)),
    _r("civil.second_instance.ruling", "审限（第二审，对裁定的上诉）", 30, D, C("民事诉讼法", "第一百八十三条第二款"),
       "第二审立案之日", kind=TRIAL, extension="经本院院长批准可延长",
       extra_citations=(C("民诉法解释", "第三百三十九条"),)),
    # --- service ---------------------------------------------------------------------------------------------
    _r("service.public_notice", "公告送达（视为送达之日）", 30, D, C("民事诉讼法", "第九十五条"), "发出公告之日",
       notes=("公告期满之日视为送达，其后的期间（如答辩期、上诉期）自该日起算。",)),
    _r("service.public_notice_abroad", "涉外公告送达（视为送达之日）", 60, D, C("民事诉讼法", "第二百八十三条第二款"),
       "发出公告之日"),
    # --- fees ------------------------------------------------------------------------------------------------
    _r("fee.payment", "交纳案件受理费", 7, D, C("诉讼费用交纳办法", "第二十二条第一款"), "接到交纳诉讼费用通知之日",
       notes=("逾期不交纳又未申请司法救助的，按撤诉处理（诉讼费用交纳办法第二十二条第四款）。",)),
    _r("fee.appeal_prepayment", "预交上诉案件受理费", 7, D, C("诉讼费用交纳办法", "第二十二条第二款"),
       "接到法院预交通知之日"),
    # --- mediation and judicial confirmation ------------------------------------------------------------------
    _r("mediation.judicial_confirmation", "申请司法确认调解协议", 30, D, C("民事诉讼法", "第二百零五条"),
       "调解协议生效之日"),
    _r("mediation.pre_filing", "立案前在线调解期限", 30, D, C("人民法院在线调解规则", "第二十四条"), "调解开始之日",
       notes=("各方当事人同意延长的，不受此限。",)),
    _r("mediation.post_filing.ordinary", "立案后在线调解期限（普通程序）", 15, D,
       C("人民法院在线调解规则", "第二十四条"), "调解开始之日", notes=(MEDIATION_EXT,)),
    _r("mediation.post_filing.simple", "立案后在线调解期限（简易程序）", 7, D, C("人民法院在线调解规则", "第二十四条"),
       "调解开始之日", notes=(MEDIATION_EXT,)),
    _r("mediation.mediator_designation", "法院指定调解组织或调解员", 3, W, C("人民法院在线调解规则", "第十条第三款"),
       "收到在线调解申请之日"),
    # --- criminal procedure (刑事诉讼法 2018) ------------------------------------------------------------------
    _r("criminal.hearing_notice", "开庭通知（刑事，传票和通知书最迟送达日）", 3, D, C("刑事诉讼法", "第一百八十七条第三款"),
       "开庭日期", kind=RuleKind.BEFORE_EVENT, counting=CRIMINAL),
    _r("criminal.appeal.judgment", "上诉、抗诉期（不服判决）", 10, D, C("刑事诉讼法", "第二百三十条"),
       "接到判决书之日", counting=CRIMINAL),
    _r("criminal.appeal.ruling", "上诉、抗诉期（不服裁定）", 5, D, C("刑事诉讼法", "第二百三十条"), "接到裁定书之日",
       counting=CRIMINAL),
    _r("criminal.first_instance.trial", "审限（刑事第一审公诉案件）", 2, M, C("刑事诉讼法", "第二百零八条第一款"),
       "受理之日", kind=TRIAL, counting=CRIMINAL,
       extension="至迟不得超过三个月；有法定情形的，经上一级人民法院批准可延长三个月，还需延长的报请最高人民法院批准"),
    _r("criminal.simple.trial", "审限（刑事简易程序）", 20, D, C("刑事诉讼法", "第二百二十条"), "受理之日",
       kind=TRIAL, counting=CRIMINAL, extension="可能判处的有期徒刑超过三年的，可以延长至一个半月",
       max_total=(1, 15), max_total_citation=C("刑事诉讼法", "第二百二十条")),
    _r("criminal.fast_track.trial", "审限（刑事速裁程序）", 10, D, C("刑事诉讼法", "第二百二十五条"), "受理之日",
       kind=TRIAL, counting=CRIMINAL, extension="可能判处的有期徒刑超过一年的，可以延长至十五日",
       max_total=(0, 15), max_total_citation=C("刑事诉讼法", "第二百二十五条")),
    _r("criminal.second_instance.trial", "审限（刑事第二审）", 2, M, C("刑事诉讼法", "第二百四十三条"), "受理之日",
       kind=TRIAL, counting=CRIMINAL,
       extension="有法定情形的，经高级人民法院批准或者决定可延长二个月；还需延长的报请最高人民法院批准"),
    # --- administrative procedure (行政诉讼法 2017) -------------------------------------------------------------
    _r("admin.filing_review", "行政案件立案审查", 7, D, C("行政诉讼法", "第五十一条第二款"), "接收起诉状之日",
       counting=ADMIN),
    _r("admin.defence", "行政机关提交证据和答辩状", 15, D, C("行政诉讼法", "第六十七条第一款"),
       "被告收到起诉状副本之日", counting=ADMIN),
    _r("admin.appeal.judgment", "行政上诉期（不服判决）", 15, D, C("行政诉讼法", "第八十五条"), "判决书送达之日",
       counting=ADMIN),
    _r("admin.appeal.ruling", "行政上诉期（不服裁定）", 10, D, C("行政诉讼法", "第八十五条"), "裁定书送达之日",
       counting=ADMIN),
    _r("admin.first_instance.trial", "审限（行政第一审）", 6, M, C("行政诉讼法", "第八十一条"), "立案之日", kind=TRIAL,
       counting=ADMIN, extension="有特殊情况需要延长的，由高级人民法院批准",
       extra_citations=(C("行政诉讼法解释", "第五十条"),)),
    _r("admin.simple.trial", "审限（行政简易程序）", 45, D, C("行政诉讼法", "第八十三条"), "立案之日", kind=TRIAL,
       counting=ADMIN),
    _r("admin.second_instance.trial", "审限（行政第二审）", 3, M, C("行政诉讼法", "第八十八条"), "收到上诉状之日",
       kind=TRIAL, counting=ADMIN, extension="有特殊情况需要延长的，由高级人民法院批准"),
    # --- enforcement -----------------------------------------------------------------------------------------
    _r("enforcement.application", "申请执行期间", 2, Y, C("民事诉讼法", "第二百五十条"),
       "法律文书规定履行期间的最后一日（未规定的，为生效之日）",
       notes=("申请执行时效的中止、中断，适用法律有关诉讼时效中止、中断的规定。",)),
    _r("enforcement.case", "执行期限（执行案件）", 6, M, C(ENF_2020, "第63条"), "立案之日", kind=TRIAL,
       extension="确有特殊情况需要延长的，由本院院长批准", extra_citations=(C(SPC_2000, "第五条"),)),
    _r("enforcement.non_litigation", "执行期限（非诉执行案件）", 3, M, C(SPC_2000, "第五条"), "立案之日", kind=TRIAL,
       extension="经本院院长批准可延长三个月"),
    # --- bankruptcy (企业破产法 2006; 民诉法 Art. 85 applies through 企业破产法 Art. 4) ----------------------------
    _r("bankruptcy.acceptance", "裁定是否受理破产申请", 15, D, C("企业破产法", "第十条第二款"), "收到破产申请之日",
       notes=("有特殊情况的，经上一级人民法院批准可以延长十五日（第十条第三款）。",),
       extra_citations=(C("企业破产法", "第四条"),)),
    _r("bankruptcy.claims_period.min", "债权申报期限（最短）", 30, D, C("企业破产法", "第四十五条"),
       "发布受理破产申请公告之日", bound=Bound.AT_LEAST),
    _r("bankruptcy.claims_period.max", "债权申报期限（最长）", 3, M, C("企业破产法", "第四十五条"),
       "发布受理破产申请公告之日", bound=Bound.AT_MOST),
)  # fmt: skip

RULES: dict[str, DeadlineRule] = {rule.code: rule for rule in _RULES}


class UnknownRule(ApplicationError):
    code = "deadlines.unknown_rule"
    message = _("未知的期限规则，请从规则列表中选择。")


def rule_get(code: str) -> DeadlineRule:
    try:
        return RULES[code]
    except KeyError:
        raise UnknownRule(f"未知的期限规则“{code}”，请从规则列表中选择。", extra={"rule": code}) from None


class InvalidDate(ApplicationError):
    code = "deadlines.invalid_date"
    message = _("日期格式应为 YYYY-MM-DD，如 2025-10-01。")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_parse(text: str | None, *, field_label: str = "起算日期") -> date:
    """A calendar date written YYYY-MM-DD; anything else is refused with a Chinese message naming the field."""
    text = (text or "").strip()
    if not text:
        raise InvalidDate(f"请填写{field_label}（YYYY-MM-DD）。", extra={"field": field_label})
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        value = date.fromisoformat(text)
    except ValueError:
        raise InvalidDate(f"{field_label}“{text}”无效，格式应为 YYYY-MM-DD，如 2025-10-01。") from None
    if not 1949 < value.year < 2200:
        raise InvalidDate(f"{field_label}“{text}”超出可计算的范围。")
    return value


# --- counting -----------------------------------------------------------------------------------------------------


def fmt(d: date) -> str:
    return f"{d.isoformat()}（{weekday_name(d)}）"


def add_months(start: date, months: int) -> date:
    """Same day-number `months` later, clamped to the month's end (民法典 Art. 202)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _gregorian.monthrange(year, month)[1]))


def raw_end(start: date, amount: int, unit: Unit, calendar: Calendar | None = None) -> date:
    """The last day of a period before any rest-day extension; the start day itself is not counted."""
    if unit == Unit.DAY:
        return start + timedelta(days=amount)
    if unit == Unit.MONTH:
        return add_months(start, amount)
    if unit == Unit.YEAR:
        return add_months(start, 12 * amount)
    if calendar is None:
        raise ValueError("a working-day period needs the calendar")
    d = start
    for _i in range(amount):
        d = calendar.next_working_day(d)
    return d


@dataclass(frozen=True)
class DeadlineResult:
    rule: DeadlineRule
    start: date
    raw_end: date
    due: date
    explanation: list[str]
    warnings: list[str] = field(default_factory=list)
    skipped: tuple[tuple[date, str], ...] = ()  # rest days the end was moved over, with the reason

    def as_dict(self) -> dict[str, Any]:
        return {"due": self.due.isoformat(), "explanation": self.explanation, "warnings": self.warnings}


def _rest_days_between(calendar: Calendar, first: date, last: date) -> list[tuple[date, str]]:
    out, d = [], first
    while d <= last:
        if not calendar.is_working_day(d):
            out.append((d, calendar.rest_reason(d)))
        d += ONE_DAY
    return out


def _skipped_text(days: list[tuple[date, str]] | tuple[tuple[date, str], ...]) -> str:
    """Consecutive days with the same reason as one span: 2025-10-04至2025-10-08（国庆节、中秋节法定节假日，5日）."""
    spans: list[list[Any]] = []
    for d, reason in days:
        if spans and spans[-1][2] == reason and spans[-1][1] + ONE_DAY == d:
            spans[-1][1] = d
        else:
            spans.append([d, d, reason])
    return "、".join(
        f"{a.isoformat()}（{why}）" if a == b else f"{a.isoformat()}至{b.isoformat()}（{why}，{(b - a).days + 1}日）"
        for a, b, why in spans
    )


def _end_line(rule: DeadlineRule, start: date, end: date) -> str:
    if rule.unit == Unit.DAY:
        return f"期间届满：按日计算，第{rule.amount}日为{fmt(end)}。"
    if rule.unit == Unit.WORKING_DAY:
        return f"期间届满：按工作日计算（休息日不计），第{rule.amount}个工作日为{fmt(end)}。"
    by = "年" if rule.unit == Unit.YEAR else "月"
    line = f"期间届满：按{by}计算，到期月的对应日为最后一日（{MONTH_END}），即{fmt(end)}"
    if end.day != start.day:
        line += f"（{end.year}年{end.month}月没有{start.day}日，以该月末日为最后一日）"
    return line + "。"


class FixedPeriod(ApplicationError):
    code = "deadlines.fixed_period"
    message = _("该期间由法律规定，不能另行指定天数。")


def _court_set(rule: DeadlineRule, amount: int | None) -> DeadlineRule:
    """The rule with the length the court set (指定期限); a statutory period refuses another length."""
    if amount is None:
        return rule
    if not rule.court_sets_amount:
        raise FixedPeriod(f"“{rule.label}”为法定期间（{rule.citation}），不能另行指定天数。", extra={"rule": rule.code})
    if not 1 <= amount <= 366:
        raise FixedPeriod(f"指定的期间应为1至366{UNIT_LABELS[rule.unit]}。", extra={"rule": rule.code})
    return replace(rule, amount=amount)


def deadline_compute(
    *, rule: DeadlineRule | str, start: date, calendar: Calendar, amount: int | None = None
) -> DeadlineResult:
    """The due date of `rule` from `start`, with the Chinese explanation and warnings (see module docstring).

    `amount` is the length the court set, for a rule whose length the court fixes (`court_sets_amount`)."""
    rule = _court_set(rule_get(rule) if isinstance(rule, str) else rule, amount)
    if rule.kind == RuleKind.BEFORE_EVENT:
        return _before_event(rule, start, calendar)
    set_by = "，由人民法院指定" if rule.court_sets_amount else ""
    lines = [
        f"规则：{rule.label}，期间{rule.period_text}{set_by}（{rule.citation}）。",
        f"起算：{fmt(start)}为{rule.start_label}，当日不计入，自次日{(start + ONE_DAY).isoformat()}起算"
        f"（{rule.counting.start}）。",
    ]
    end = raw_end(start, rule.amount, rule.unit, calendar)
    lines.append(_end_line(rule, start, end))
    if rule.unit == Unit.WORKING_DAY:
        rest = _rest_days_between(calendar, start + ONE_DAY, end)
        if rest:
            lines.append(f"期间内不计的休息日：{_skipped_text(rest)}。")
    due = end
    skipped: tuple[tuple[date, str], ...] = ()
    if not calendar.is_working_day(end):
        if rule.moves_off_rest_days:
            due = calendar.next_working_day(end)
            skipped = tuple(_rest_days_between(calendar, end, due - ONE_DAY))
            lines.append(f"跳过休息日：{_skipped_text(skipped)}。")
            lines.append(
                f"期间届满的最后一日是休息日（法定休假日），以其后的第一个工作日{fmt(due)}为期间届满的日期"
                f"（{rule.counting.rest_day}）。"
            )
        else:
            lines.append(
                f"{fmt(end)}为休息日（{calendar.rest_reason(end)}）。审限是法院的办案期限，本系统不依"
                f"{rule.counting.rest_day}顺延，仍以{end.isoformat()}为届满日（如顺延则为"
                f"{calendar.next_working_day(end).isoformat()}），从严掌握。"
            )
    elif end in calendar.workdays and end.weekday() >= 5:
        lines.append(f"{fmt(end)}为{calendar.workdays[end]}调休上班日，属于工作日，期间不顺延。")
    if rule.bound == Bound.AT_LEAST:
        lines.append(f"法院指定的期限不得少于{rule.amount}{UNIT_LABELS[rule.unit]}，即不得早于{due.isoformat()}届满。")
    elif rule.bound == Bound.AT_MOST:
        lines.append(f"法院指定的期限不得超过{rule.amount}{UNIT_LABELS[rule.unit]}，即最迟于{due.isoformat()}届满。")
    if rule.extension:
        lines.append(f"延长：{rule.extension}。")
    lines.extend(rule.notes)
    lines.append(f"届满日期：{fmt(due)}。")
    warnings = _warnings(calendar, start, due)
    return DeadlineResult(rule, start, end, due, lines, warnings, skipped)


def _before_event(rule: DeadlineRule, event: date, calendar: Calendar) -> DeadlineResult:
    """ "At least N days before an event" (开庭三日前通知, 民诉法 Art. 139), `start` being the event's date.

    Neither the day of notice (Art. 85(2): the start day is not counted) nor the event day is counted, so N whole
    days must lie between them: the latest notice day is event − (N + 1). This is the stricter reading (some courts
    take event − N); notifying earlier is never wrong, notifying on event − N may be. The latest day is the court's
    own limit and is not moved off rest days; if it is one, the last working day before it is named as well.
    """
    latest = event - timedelta(days=rule.amount + 1)
    lines = [
        f"规则：{rule.label}，应在开庭{rule.amount}日前通知当事人和其他诉讼参与人（{rule.citation}）。",
        f"开庭日期：{fmt(event)}（本计算器中“起算日”即开庭日期）。",
        f"通知之日不计入期间（{rule.counting.start}），开庭当日亦不计入，通知与开庭之间须有完整的{rule.amount}日"
        f"（{(latest + ONE_DAY).isoformat()}至{(event - ONE_DAY).isoformat()}），故最迟应于{fmt(latest)}通知。",
    ]
    if not calendar.is_working_day(latest):
        lines.append(
            f"{latest.isoformat()}为休息日（{calendar.rest_reason(latest)}）；如需在工作日送达，应不晚于"
            f"{fmt(calendar.previous_working_day(latest))}。"
        )
    lines.append(f"最迟通知日期：{fmt(latest)}。")
    return DeadlineResult(rule, event, latest, latest, lines, _warnings(calendar, latest, event))


def _warnings(calendar: Calendar, first: date, last: date) -> list[str]:
    missing = calendar.years_missing(first, last)
    return [years_missing_warning(missing)] if missing else []


def rules_by_group() -> list[tuple[str, list[DeadlineRule]]]:
    """Rules grouped for a select box, in registry order."""
    groups: dict[str, list[DeadlineRule]] = {}
    for rule in _RULES:
        groups.setdefault(GROUPS.get(rule.group, rule.group), []).append(rule)
    return list(groups.items())
