"""Court fees (诉讼费): case fees of 诉讼费用交纳办法 Art. 13, application fees of Art. 14, halving (Art. 15/16/18).

Conventions (docs/legal-rules.md, "Court fees"):
- exact decimals built from string literals, one quantize to the fen (ROUND_HALF_UP) at the end of each computation;
- a derived fee starts from the already rounded fee: payment order = round(property fee / 3), bankruptcy =
  min(round(property fee / 2), 300,000), halved = round(fee / 2);
- halving applies only to the Art. 13 case fees (never to Art. 14 application fees nor to the fee for a rejected
  jurisdiction objection), and only once (民诉法解释 Art. 206);
- the ranges of Art. 13(2), 13(3), 13(6) and Art. 14 are tuned per court (a selector loads the setting and passes a
  `RangeChoice` in); the default is the minimum. A rule never queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcourt.core.citations import Citation
from smartcourt.core.errors import ApplicationError

LAW = "诉讼费用交纳办法"
INTERPRETATION = "最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释"
CENT = Decimal("0.01")
ZERO = Decimal("0")
WAN = Decimal("10000")


def article(article: str) -> Citation:
    return Citation(LAW, article)


# --- citations -------------------------------------------------------------------------------------------------
C_PROPERTY = article("第十三条第（一）项")
C_DIVORCE = article("第十三条第（二）项第1目")
C_PERSONALITY = article("第十三条第（二）项第2目")
C_NON_PROPERTY = article("第十三条第（二）项第3目")
C_IP = article("第十三条第（三）项")
C_LABOUR = article("第十三条第（四）项")
C_ADMINISTRATIVE_SPECIAL = article("第十三条第（五）项第1目")
C_ADMINISTRATIVE_OTHER = article("第十三条第（五）项第2目")
C_JURISDICTION_OBJECTION = article("第十三条第（六）项")
C_ENFORCEMENT_NO_AMOUNT = article("第十四条第（一）项第1目")
C_ENFORCEMENT = article("第十四条第（一）项第2目")
C_PRESERVATION = article("第十四条第（二）项")
C_PAYMENT_ORDER = article("第十四条第（三）项")
C_PUBLIC_NOTICE = article("第十四条第（四）项")
C_ARBITRATION = article("第十四条第（五）项")
C_BANKRUPTCY = article("第十四条第（六）项")
C_MARITIME_FUND = article("第十四条第（七）项第1目")
C_MARITIME_INJUNCTION = article("第十四条第（七）项第2目")
C_MARITIME_PRIORITY_NOTICE = article("第十四条第（七）项第3目")
C_MARITIME_CLAIM_REGISTRATION = article("第十四条第（七）项第4目")
C_MARITIME_GENERAL_AVERAGE = article("第十四条第（七）项第5目")
C_HALVING = article("第十五条、第十六条、第十八条")
C_HALVE_ONCE = Citation(INTERPRETATION, "第二百零六条")
C_MIXED_CLAIMS = Citation(INTERPRETATION, "第二百零一条")


# --- kinds and their inputs ---------------------------------------------------------------------------------------
class FeeKind(StrEnum):
    PROPERTY = "property"
    DIVORCE = "divorce"
    PERSONALITY = "personality"
    NON_PROPERTY = "non_property"
    IP = "ip"
    LABOUR = "labour"
    ADMINISTRATIVE = "administrative"
    JURISDICTION_OBJECTION = "jurisdiction_objection"
    ENFORCEMENT = "enforcement"
    PRESERVATION = "preservation"
    PAYMENT_ORDER = "payment_order"
    PUBLIC_NOTICE = "public_notice"
    ARBITRATION = "arbitration"
    BANKRUPTCY = "bankruptcy"
    MARITIME = "maritime"


class AdministrativeSubtype(StrEnum):
    TRADEMARK = "trademark"
    PATENT = "patent"
    MARITIME = "maritime"
    OTHER = "other"


class MaritimeSubtype(StrEnum):
    FUND = "fund"
    INJUNCTION = "injunction"
    PRIORITY_NOTICE = "priority_notice"
    CLAIM_REGISTRATION = "claim_registration"
    GENERAL_AVERAGE = "general_average"


class AmountUse(StrEnum):
    REQUIRED = "required"  # the article computes on it
    OPTIONAL = "optional"  # with an amount one part of the article, without it another
    NONE = "none"  # a fee per case: an amount given is ignored (and said so)


class RangePoint(StrEnum):
    MIN = "min"
    MAX = "max"


KIND_LABELS: dict[FeeKind, str] = {
    FeeKind.PROPERTY: gettext_lazy("财产案件"),
    FeeKind.DIVORCE: gettext_lazy("离婚案件"),
    FeeKind.PERSONALITY: gettext_lazy("人格权案件"),
    FeeKind.NON_PROPERTY: gettext_lazy("其他非财产案件"),
    FeeKind.IP: gettext_lazy("知识产权民事案件"),
    FeeKind.LABOUR: gettext_lazy("劳动争议案件"),
    FeeKind.ADMINISTRATIVE: gettext_lazy("行政案件"),
    FeeKind.JURISDICTION_OBJECTION: gettext_lazy("管辖权异议不成立"),
    FeeKind.ENFORCEMENT: gettext_lazy("申请执行"),
    FeeKind.PRESERVATION: gettext_lazy("申请保全"),
    FeeKind.PAYMENT_ORDER: gettext_lazy("申请支付令"),
    FeeKind.PUBLIC_NOTICE: gettext_lazy("申请公示催告"),
    FeeKind.ARBITRATION: gettext_lazy("申请撤销仲裁裁决或者认定仲裁协议效力"),
    FeeKind.BANKRUPTCY: gettext_lazy("破产案件"),
    FeeKind.MARITIME: gettext_lazy("海事案件申请"),
}

# What `amount` means for each kind (the figure the article computes on).
AMOUNT_LABELS: dict[FeeKind, str] = {
    FeeKind.PROPERTY: gettext_lazy("诉讼请求的金额或者价额"),
    FeeKind.DIVORCE: gettext_lazy("涉及分割的财产总额（不涉及可不填）"),
    FeeKind.PERSONALITY: gettext_lazy("请求的损害赔偿金额（不涉及可不填）"),
    FeeKind.IP: gettext_lazy("争议金额或者价额（没有可不填）"),
    FeeKind.ENFORCEMENT: gettext_lazy("执行金额或者价额（没有可不填）"),
    FeeKind.PRESERVATION: gettext_lazy("实际保全的财产数额（不涉及可不填）"),
    FeeKind.PAYMENT_ORDER: gettext_lazy("请求给付的金额"),
    FeeKind.BANKRUPTCY: gettext_lazy("破产财产总额"),
}

AMOUNT_USE: dict[FeeKind, AmountUse] = {
    FeeKind.PROPERTY: AmountUse.REQUIRED,
    FeeKind.PAYMENT_ORDER: AmountUse.REQUIRED,
    FeeKind.BANKRUPTCY: AmountUse.REQUIRED,
    FeeKind.DIVORCE: AmountUse.OPTIONAL,
    FeeKind.PERSONALITY: AmountUse.OPTIONAL,
    FeeKind.IP: AmountUse.OPTIONAL,
    FeeKind.ENFORCEMENT: AmountUse.OPTIONAL,
    FeeKind.PRESERVATION: AmountUse.OPTIONAL,
}

SUBTYPE_LABELS: dict[FeeKind, dict[str, str]] = {
    FeeKind.ADMINISTRATIVE: {
        AdministrativeSubtype.TRADEMARK: gettext_lazy("商标行政案件"),
        AdministrativeSubtype.PATENT: gettext_lazy("专利行政案件"),
        AdministrativeSubtype.MARITIME: gettext_lazy("海事行政案件"),
        AdministrativeSubtype.OTHER: gettext_lazy("其他行政案件"),
    },
    FeeKind.MARITIME: {
        MaritimeSubtype.FUND: gettext_lazy("申请设立海事赔偿责任限制基金"),
        MaritimeSubtype.INJUNCTION: gettext_lazy("申请海事强制令"),
        MaritimeSubtype.PRIORITY_NOTICE: gettext_lazy("申请船舶优先权催告"),
        MaritimeSubtype.CLAIM_REGISTRATION: gettext_lazy("申请海事债权登记"),
        MaritimeSubtype.GENERAL_AVERAGE: gettext_lazy("申请共同海损理算"),
    },
}

# Art. 13 case fees (案件受理费) that Art. 15, 16 and 18 halve. The fee for a rejected jurisdiction objection sits in
# Art. 13(6) but is charged for the objection, not for the case, and is never halved (legal-rules.md).
HALVABLE_KINDS = frozenset(
    {
        FeeKind.PROPERTY,
        FeeKind.DIVORCE,
        FeeKind.PERSONALITY,
        FeeKind.NON_PROPERTY,
        FeeKind.IP,
        FeeKind.LABOUR,
        FeeKind.ADMINISTRATIVE,
    }
)


# --- errors -------------------------------------------------------------------------------------------------------
class FeeInputError(ApplicationError):
    """Input the fee rules cannot compute on; `extra["field"]` names the query parameter / form field."""

    status, code, message = 400, "fee.invalid_input", gettext_lazy("费用计算参数有误。")

    def __init__(self, message: str, *, code: str, field: str) -> None:
        super().__init__(message, code=code, extra={"field": field})

    @property
    def field(self) -> str:
        return str(self.extra["field"])


# --- data: ranges and marginal scales -----------------------------------------------------------------------------
@dataclass(frozen=True)
class FeeRange:
    """A per-case range (幅度) whose point the province or the court sets."""

    key: str  # what a court setting is stored under
    label: str
    low: Decimal
    high: Decimal
    citation: Citation

    def contains(self, value: Decimal) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class RangeChoice:
    """Which point of a range to take: an end (`point`) or an explicit figure inside it (`value`)."""

    point: RangePoint = RangePoint.MIN
    value: Decimal | None = None
    source: str = ""  # who chose it, for the explanation: "请求指定", "苏0508法院设定" …


def _range(key: str, label: str, low: str, high: str, citation: Citation) -> FeeRange:
    return FeeRange(key, label, Decimal(low), Decimal(high), citation)


RANGES: dict[str, FeeRange] = {
    r.key: r
    for r in (
        _range("divorce", "离婚案件每件", "50", "300", C_DIVORCE),
        _range("personality", "人格权案件每件", "100", "500", C_PERSONALITY),
        _range("non_property", "其他非财产案件每件", "50", "100", C_NON_PROPERTY),
        _range("ip", "知识产权民事案件（没有争议金额）每件", "500", "1000", C_IP),
        _range("jurisdiction_objection", "管辖权异议不成立每件", "50", "100", C_JURISDICTION_OBJECTION),
        _range("enforcement", "申请执行（没有执行金额）每件", "50", "500", C_ENFORCEMENT_NO_AMOUNT),
        _range("maritime.fund", "申请设立海事赔偿责任限制基金每件", "1000", "10000", C_MARITIME_FUND),
        _range("maritime.injunction", "申请海事强制令每件", "1000", "5000", C_MARITIME_INJUNCTION),
        _range("maritime.priority_notice", "申请船舶优先权催告每件", "1000", "5000", C_MARITIME_PRIORITY_NOTICE),
    )
}


@dataclass(frozen=True)
class Band:
    ceiling: Decimal | None  # the band's upper bound in yuan as the article writes it; None: no upper bound
    rate: Decimal


@dataclass(frozen=True)
class Scale:
    """Marginal bands (分段累计): `flat` covers up to `threshold`, each band taxes the part above its floor."""

    flat: Decimal
    threshold: Decimal
    bands: tuple[Band, ...]
    citation: Citation
    flat_text: str  # how the article words the first band


def _scale(flat: str, threshold: str, bands: Sequence[tuple[str | None, str]], citation: Citation, text: str) -> Scale:
    return Scale(
        Decimal(flat),
        Decimal(threshold),
        tuple(Band(None if c is None else Decimal(c), Decimal(r)) for c, r in bands),
        citation,
        text,
    )


# 13(1): "不超过1万元的，每件交纳50元；超过1万元至10万元的部分，按照2.5%交纳 …"
PROPERTY_SCALE = _scale(
    "50",
    "10000",
    [
        ("100000", "0.025"),
        ("200000", "0.02"),
        ("500000", "0.015"),
        ("1000000", "0.01"),
        ("2000000", "0.009"),
        ("5000000", "0.008"),
        ("10000000", "0.007"),
        ("20000000", "0.006"),
        (None, "0.005"),
    ],
    C_PROPERTY,
    "每件交纳50元",
)
# 13(2)1: "财产总额不超过20万元的，不另行交纳；超过20万元的部分，按照0.5%交纳"
DIVORCE_PROPERTY_SCALE = _scale("0", "200000", [(None, "0.005")], C_DIVORCE, "不另行交纳")
# 13(2)2: "赔偿金额不超过5万元的，不另行交纳；超过5万元至10万元的部分，按照1%交纳；超过10万元的部分，按照0.5%交纳"
PERSONALITY_DAMAGES_SCALE = _scale("0", "50000", [("100000", "0.01"), (None, "0.005")], C_PERSONALITY, "不另行交纳")
# 14(1)2: "不超过1万元的，每件交纳50元；超过1万元至50万元的部分，按照1.5%交纳；… 超过1000万元的部分，按照0.1%交纳"
ENFORCEMENT_SCALE = _scale(
    "50",
    "10000",
    [("500000", "0.015"), ("5000000", "0.01"), ("10000000", "0.005"), (None, "0.001")],
    C_ENFORCEMENT,
    "每件交纳50元",
)
# 14(2): "不超过1000元或者不涉及财产数额的，每件交纳30元；超过1000元至10万元的部分，按照1%交纳；超过10万元的部分，
# 按照0.5%交纳。但是，当事人申请保全措施交纳的费用最多不超过5000元"
PRESERVATION_SCALE = _scale("30", "1000", [("100000", "0.01"), (None, "0.005")], C_PRESERVATION, "每件交纳30元")
PRESERVATION_CAP = Decimal("5000")
BANKRUPTCY_CAP = Decimal("300000")  # 14(6): "最高不超过30万元"
LABOUR_FEE = Decimal("10")
ADMINISTRATIVE_SPECIAL_FEE = Decimal("100")  # trademark, patent, maritime
ADMINISTRATIVE_OTHER_FEE = Decimal("50")
PUBLIC_NOTICE_FEE = Decimal("100")
ARBITRATION_FEE = Decimal("400")
MARITIME_FIXED_FEE = Decimal("1000")  # claim registration, general average
MAX_AMOUNT = Decimal("1000000000000000")  # 1000万亿元: far above any claim, well inside Decimal's 28 digits


# --- results ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeeLine:
    """One step of the computation: a band, a per-case figure, a derivation, a cap."""

    text: str  # the step in Chinese, e.g. "超过1万元至10万元的部分：90,000.00元 × 2.5% = 2,250.00元"
    amount: Decimal  # this step's figure, exact (band products are not rounded one by one)
    citation: Citation
    base: Decimal | None = None  # the part of the amount this band taxes
    rate: Decimal | None = None


@dataclass(frozen=True)
class FeeResult:
    kind: FeeKind
    fee: Decimal  # quantized to the fen
    breakdown: tuple[FeeLine, ...]
    citation: Citation  # the article the fee rests on
    citations: tuple[Citation, ...] = ()  # every article the computation used
    notes: tuple[str, ...] = ()
    halved: bool = False
    subtype: str | None = None
    amount: Decimal | None = None

    @property
    def basis(self) -> str:
        """E.g. "诉讼费用交纳办法第十三条第（一）项" (the API's `basis`)."""
        return f"{self.citation.law}{self.citation.article}"


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    """Yuan with thousands separators and at least two decimals; an unrounded band product keeps its digits."""
    if value == value.quantize(CENT):
        return f"{value.quantize(CENT):,}"
    return f"{value.normalize():,f}"


def decimal_text(value: Decimal) -> str:
    """Plain digits, at least two decimals: "2250.00", an unrounded band product "50.00025"."""
    if value == value.quantize(CENT):
        return f"{value.quantize(CENT):f}"
    return f"{value.normalize():f}"


def _yuan_bound(value: Decimal) -> str:
    """A band bound the way the article writes it: 1万元, 20万元, 1000元."""
    if value >= WAN and value % WAN == 0:
        return _("%(n)s万元") % {"n": f"{(value / WAN).normalize():f}"}
    return _("%(n)s元") % {"n": f"{value.normalize():f}"}


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _result(
    kind: FeeKind,
    total: Decimal,
    lines: Sequence[FeeLine],
    citation: Citation,
    *,
    notes: Sequence[str] = (),
    subtype: str | None = None,
    amount: Decimal | None = None,
) -> FeeResult:
    cited = tuple(dict.fromkeys([citation, *(line.citation for line in lines)]))
    return FeeResult(
        kind=kind,
        fee=_round(total),  # the one quantize of this computation
        breakdown=tuple(lines),
        citation=citation,
        citations=cited,
        notes=tuple(notes),
        subtype=subtype,
        amount=amount,
    )


def _check_amount(amount: Decimal, field_name: str = "amount") -> None:
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or amount != amount.quantize(CENT):
        raise FeeInputError(
            _("金额（amount）须为0至%(max)s元之间、最多两位小数的数字。") % {"max": money(MAX_AMOUNT)},
            code="fee.amount_invalid",
            field=field_name,
        )


def scale_apply(amount: Decimal, scale: Scale) -> tuple[Decimal, list[FeeLine]]:
    """The exact (unrounded) sum of a marginal scale, one line per band the amount reaches."""
    _check_amount(amount)
    lines = [
        FeeLine(
            _("不超过%(bound)s的部分：%(text)s") % {"bound": _yuan_bound(scale.threshold), "text": scale.flat_text},
            scale.flat,
            scale.citation,
        )
    ]
    total, floor = scale.flat, scale.threshold
    for band in scale.bands:
        if amount <= floor:
            break
        top = amount if band.ceiling is None else min(amount, band.ceiling)
        part = top - floor
        product = part * band.rate
        if band.ceiling is None:
            label = _("超过%(floor)s的部分") % {"floor": _yuan_bound(floor)}
        else:
            label = _("超过%(floor)s至%(ceiling)s的部分") % {
                "floor": _yuan_bound(floor),
                "ceiling": _yuan_bound(band.ceiling),
            }
        text = _("%(label)s：%(part)s元 × %(rate)s = %(product)s元") % {
            "label": label,
            "part": money(part),
            "rate": _percent(band.rate),
            "product": money(product),
        }
        lines.append(FeeLine(text, product, scale.citation, base=part, rate=band.rate))
        total, floor = total + product, top
    return total, lines


def range_pick(fee_range: FeeRange, choice: RangeChoice) -> tuple[Decimal, FeeLine]:
    """The per-case figure of a range and the line that says which point was taken and who chose it."""
    if choice.value is not None:
        if not fee_range.contains(choice.value):
            raise FeeInputError(
                _("设定的收费标准%(value)s元不在法定幅度%(low)s元至%(high)s元之内（%(citation)s）。")
                % {
                    "value": money(choice.value),
                    "low": money(fee_range.low),
                    "high": money(fee_range.high),
                    "citation": fee_range.citation,
                },
                code="fee.range_value_out_of_range",
                field="value",
            )
        value, point_text = choice.value, _("取%(value)s元") % {"value": money(choice.value)}
    elif choice.point == RangePoint.MAX:
        value, point_text = fee_range.high, _("取上限%(value)s元") % {"value": money(fee_range.high)}
    else:
        value, point_text = fee_range.low, _("取下限%(value)s元") % {"value": money(fee_range.low)}
    text = _("%(label)s交纳%(low)s元至%(high)s元，%(point)s（%(source)s）") % {
        "label": fee_range.label,
        "low": money(fee_range.low),
        "high": money(fee_range.high),
        "point": point_text,
        "source": choice.source or _("默认取下限"),
    }
    return value, FeeLine(text, value, fee_range.citation)


def _fixed(kind: FeeKind, text: str, fee: Decimal, citation: Citation, **kw: object) -> FeeResult:
    return _result(kind, fee, [FeeLine(text, fee, citation)], citation, **kw)  # type: ignore[arg-type]


# --- Art. 13: case fees (案件受理费) --------------------------------------------------------------------------------
def property_case_fee(amount: Decimal) -> FeeResult:
    """Property case (诉讼费用交纳办法 Art. 13(1)): 50 yuan up to 10,000, then marginal bands to 0.5% above 20M."""
    total, lines = scale_apply(amount, PROPERTY_SCALE)
    return _result(FeeKind.PROPERTY, total, lines, C_PROPERTY, amount=amount)


def divorce_case_fee(property_total: Decimal | None, choice: RangeChoice = RangeChoice()) -> FeeResult:
    """Divorce (Art. 13(2)1): 50–300 per case; property division adds 0.5% of the part above 200,000."""
    base, line = range_pick(RANGES["divorce"], choice)
    lines, total = [line], base
    if property_total is not None:
        extra, extra_lines = scale_apply(property_total, DIVORCE_PROPERTY_SCALE)
        lines += [replace(x, text=_("财产分割：%(text)s") % {"text": x.text}) for x in extra_lines]
        total += extra
    return _result(FeeKind.DIVORCE, total, lines, C_DIVORCE, amount=property_total)


def personality_case_fee(damages: Decimal | None, choice: RangeChoice = RangeChoice()) -> FeeResult:
    """Personality rights (Art. 13(2)2): 100–500 per case; damages add 1% of 50,000–100,000 and 0.5% above."""
    base, line = range_pick(RANGES["personality"], choice)
    lines, total = [line], base
    if damages is not None:
        extra, extra_lines = scale_apply(damages, PERSONALITY_DAMAGES_SCALE)
        lines += [replace(x, text=_("损害赔偿：%(text)s") % {"text": x.text}) for x in extra_lines]
        total += extra
    return _result(FeeKind.PERSONALITY, total, lines, C_PERSONALITY, amount=damages)


def non_property_case_fee(choice: RangeChoice = RangeChoice()) -> FeeResult:
    """Other non-property case (Art. 13(2)3): 50–100 per case."""
    base, line = range_pick(RANGES["non_property"], choice)
    note = _("既有财产性又有非财产性诉讼请求的，按财产案件标准交纳（%(c)s）。") % {"c": C_MIXED_CLAIMS}
    return _result(FeeKind.NON_PROPERTY, base, [line], C_NON_PROPERTY, notes=[note])


def ip_case_fee(amount: Decimal | None, choice: RangeChoice = RangeChoice()) -> FeeResult:
    """IP civil case (Art. 13(3)): 500–1,000 per case without a disputed amount, else the property scale."""
    if amount is None:
        base, line = range_pick(RANGES["ip"], choice)
        return _result(FeeKind.IP, base, [line], C_IP)
    total, lines = scale_apply(amount, PROPERTY_SCALE)
    head = FeeLine(_("有争议金额或者价额的，按照财产案件的标准交纳"), ZERO, C_IP)
    return _result(FeeKind.IP, total, [head, *lines], C_IP, amount=amount)


def labour_case_fee() -> FeeResult:
    """Labour dispute (Art. 13(4)): 10 yuan per case, whatever the amount."""
    return _fixed(FeeKind.LABOUR, _("劳动争议案件每件交纳10元"), LABOUR_FEE, C_LABOUR)


def administrative_case_fee(subtype: AdministrativeSubtype) -> FeeResult:
    """Administrative case (Art. 13(5)): trademark, patent and maritime cases 100 yuan, others 50."""
    if subtype == AdministrativeSubtype.OTHER:
        return _fixed(
            FeeKind.ADMINISTRATIVE,
            _("其他行政案件每件交纳50元"),
            ADMINISTRATIVE_OTHER_FEE,
            C_ADMINISTRATIVE_OTHER,
            subtype=subtype.value,
        )
    return _fixed(
        FeeKind.ADMINISTRATIVE,
        _("商标、专利、海事行政案件每件交纳100元"),
        ADMINISTRATIVE_SPECIAL_FEE,
        C_ADMINISTRATIVE_SPECIAL,
        subtype=subtype.value,
    )


def jurisdiction_objection_fee(choice: RangeChoice = RangeChoice()) -> FeeResult:
    """Rejected jurisdiction objection (Art. 13(6)): 50–100 per case; never halved."""
    base, line = range_pick(RANGES["jurisdiction_objection"], choice)
    return _result(FeeKind.JURISDICTION_OBJECTION, base, [line], C_JURISDICTION_OBJECTION)


# --- Art. 14: application fees (申请费) -----------------------------------------------------------------------------
def enforcement_fee(amount: Decimal | None, choice: RangeChoice = RangeChoice()) -> FeeResult:
    """Enforcement (Art. 14(1)): 50–500 without an amount; else 50 up to 10,000 then 1.5%, 1%, 0.5%, 0.1%."""
    if amount is None:
        base, line = range_pick(RANGES["enforcement"], choice)
        return _result(FeeKind.ENFORCEMENT, base, [line], C_ENFORCEMENT_NO_AMOUNT)
    total, lines = scale_apply(amount, ENFORCEMENT_SCALE)
    return _result(FeeKind.ENFORCEMENT, total, lines, C_ENFORCEMENT, amount=amount)


def preservation_fee(amount: Decimal | None) -> FeeResult:
    """Preservation (Art. 14(2)): 30 up to 1,000 or without an amount, 1% to 100,000, 0.5% above; at most 5,000."""
    if amount is None:
        return _fixed(FeeKind.PRESERVATION, _("不涉及财产数额的，每件交纳30元"), Decimal("30"), C_PRESERVATION)
    total, lines = scale_apply(amount, PRESERVATION_SCALE)
    if total > PRESERVATION_CAP:
        lines.append(
            FeeLine(
                _("分段累计%(total)s元，超过最高限额，按5,000.00元交纳") % {"total": money(total)},
                PRESERVATION_CAP,
                C_PRESERVATION,
            )
        )
        total = PRESERVATION_CAP
    return _result(FeeKind.PRESERVATION, total, lines, C_PRESERVATION, amount=amount)


def payment_order_fee(amount: Decimal) -> FeeResult:
    """Payment order (Art. 14(3)): one third of the property-case fee, from the rounded property fee."""
    case_fee = property_case_fee(amount)
    third = case_fee.fee / 3
    line = FeeLine(
        _("比照财产案件受理费%(fee)s元的1/3交纳：%(fee)s ÷ 3 ≈ %(third)s元")
        % {"fee": money(case_fee.fee), "third": money(_round(third))},
        third,
        C_PAYMENT_ORDER,
    )
    return _result(FeeKind.PAYMENT_ORDER, third, [*case_fee.breakdown, line], C_PAYMENT_ORDER, amount=amount)


def public_notice_fee() -> FeeResult:
    """Public notice for exhortation (公示催告, Art. 14(4)): 100 yuan."""
    return _fixed(FeeKind.PUBLIC_NOTICE, _("申请公示催告每件交纳100元"), PUBLIC_NOTICE_FEE, C_PUBLIC_NOTICE)


def arbitration_fee() -> FeeResult:
    """Setting aside an arbitral award or ruling on an arbitration agreement (Art. 14(5)): 400 yuan."""
    return _fixed(
        FeeKind.ARBITRATION,
        _("申请撤销仲裁裁决或者认定仲裁协议效力每件交纳400元"),
        ARBITRATION_FEE,
        C_ARBITRATION,
    )


def bankruptcy_fee(estate: Decimal) -> FeeResult:
    """Bankruptcy (Art. 14(6)): half the property-case fee on the estate, from the rounded fee; at most 300,000."""
    case_fee = property_case_fee(estate)
    half = _round(case_fee.fee / 2)
    lines = [
        *case_fee.breakdown,
        FeeLine(
            _("按照财产案件受理费标准减半：%(fee)s ÷ 2 = %(half)s元")
            % {"fee": money(case_fee.fee), "half": money(half)},
            half,
            C_BANKRUPTCY,
        ),
    ]
    if half > BANKRUPTCY_CAP:
        lines.append(FeeLine(_("最高不超过300,000.00元"), BANKRUPTCY_CAP, C_BANKRUPTCY))
        half = BANKRUPTCY_CAP
    return _result(FeeKind.BANKRUPTCY, half, lines, C_BANKRUPTCY, amount=estate)


_MARITIME_FIXED = {
    MaritimeSubtype.CLAIM_REGISTRATION: (gettext_lazy("申请海事债权登记每件交纳1000元"), C_MARITIME_CLAIM_REGISTRATION),
    MaritimeSubtype.GENERAL_AVERAGE: (gettext_lazy("申请共同海损理算每件交纳1000元"), C_MARITIME_GENERAL_AVERAGE),
}


def maritime_fee(subtype: MaritimeSubtype, choice: RangeChoice = RangeChoice()) -> FeeResult:
    """Maritime applications (Art. 14(7)): fund 1,000–10,000; injunction and priority notice 1,000–5,000;
    claim registration and general average 1,000."""
    if subtype in _MARITIME_FIXED:
        text, citation = _MARITIME_FIXED[subtype]
        return _fixed(FeeKind.MARITIME, str(text), MARITIME_FIXED_FEE, citation, subtype=subtype.value)
    fee_range = RANGES[f"maritime.{subtype.value}"]
    base, line = range_pick(fee_range, choice)
    return _result(FeeKind.MARITIME, base, [line], fee_range.citation, subtype=subtype.value)


# --- halving (Art. 15, 16, 18; 民诉法解释 Art. 206) ------------------------------------------------------------------
def fee_halve(result: FeeResult) -> FeeResult:
    """Halve an Art. 13 case fee (mediated, withdrawn, simple procedure, counterclaim heard together), once only."""
    if result.kind not in HALVABLE_KINDS:
        raise FeeInputError(
            _(
                "%(kind)s的费用不能减半（halved）：减半交纳只适用于第十三条规定的案件受理费（%(halving)s），"
                "申请费和管辖权异议费不减半。"
            )
            % {"kind": KIND_LABELS[result.kind], "halving": C_HALVING},
            code="fee.halving_not_allowed",
            field="halved",
        )
    if result.halved:
        raise FeeInputError(
            _("案件受理费只能减半一次（halved），见%(c)s。") % {"c": C_HALVE_ONCE},
            code="fee.halved_twice",
            field="halved",
        )
    half = result.fee / 2
    line = FeeLine(
        _("减半交纳：%(fee)s ÷ 2 = %(half)s元（只减半一次）") % {"fee": money(result.fee), "half": money(_round(half))},
        half,
        C_HALVING,
    )
    halved = _result(
        result.kind,
        half,
        [*result.breakdown, line],
        result.citation,
        notes=result.notes,
        subtype=result.subtype,
        amount=result.amount,
    )
    return replace(halved, halved=True, citations=(*halved.citations, C_HALVE_ONCE))


# --- one entry point for the API and the page ------------------------------------------------------------------------
def fee_range_for(kind: FeeKind, subtype: str | None = None) -> FeeRange | None:
    """The range a court may tune for this kind (when the fee is per case within a range), else None.

    IP and enforcement have a range only without an amount; the range still exists for them, so a court's point
    applies whenever the range is used.
    """
    if kind == FeeKind.MARITIME:
        return RANGES.get(f"maritime.{subtype}") if subtype else None
    return RANGES.get(kind.value)


@dataclass(frozen=True)
class FeeQuery:
    """What the calculator was asked, typed (see `rules.fee_input.fee_query_parse`)."""

    kind: FeeKind
    amount: Decimal | None = None
    subtype: str | None = None
    range_point: RangePoint | None = None  # None: the court's point, else the minimum
    halved: bool = False
    court_code: str | None = None


def fee_compute(query: FeeQuery, choice: RangeChoice = RangeChoice()) -> FeeResult:
    """Compute the fee of `query`; `choice` is the range point already resolved (request > court > minimum)."""
    kind, amount = query.kind, query.amount
    use = AMOUNT_USE.get(kind, AmountUse.NONE)
    if use == AmountUse.REQUIRED and amount is None:
        raise FeeInputError(
            _("%(kind)s须填写金额（amount）：%(meaning)s。")
            % {"kind": KIND_LABELS[kind], "meaning": AMOUNT_LABELS[kind]},
            code="fee.amount_required",
            field="amount",
        )
    if amount is not None:
        _check_amount(amount)
    subtypes = SUBTYPE_LABELS.get(kind)
    if subtypes is not None and query.subtype not in subtypes:
        raise FeeInputError(
            _("%(kind)s须选择子类型（subtype），可选：%(choices)s。")
            % {"kind": KIND_LABELS[kind], "choices": "、".join(f"{k}（{v}）" for k, v in subtypes.items())},
            code="fee.subtype_required" if query.subtype is None else "fee.subtype_unknown",
            field="subtype",
        )
    if subtypes is None and query.subtype is not None:
        raise FeeInputError(
            _("%(kind)s不区分子类型（subtype），请省略该参数。") % {"kind": KIND_LABELS[kind]},
            code="fee.subtype_not_applicable",
            field="subtype",
        )

    result = _dispatch(kind, amount, query.subtype, choice)
    if use == AmountUse.NONE and amount is not None:
        note = _("%(kind)s按件交纳，与金额无关；所填金额%(amount)s元未参与计算。") % {
            "kind": KIND_LABELS[kind],
            "amount": money(amount),
        }
        result = replace(result, notes=(*result.notes, note))
    if query.halved:
        result = fee_halve(result)
    return result


def _dispatch(kind: FeeKind, amount: Decimal | None, subtype: str | None, choice: RangeChoice) -> FeeResult:
    match kind:
        case FeeKind.PROPERTY:
            assert amount is not None
            return property_case_fee(amount)
        case FeeKind.DIVORCE:
            return divorce_case_fee(amount, choice)
        case FeeKind.PERSONALITY:
            return personality_case_fee(amount, choice)
        case FeeKind.NON_PROPERTY:
            return non_property_case_fee(choice)
        case FeeKind.IP:
            return ip_case_fee(amount, choice)
        case FeeKind.LABOUR:
            return labour_case_fee()
        case FeeKind.ADMINISTRATIVE:
            return administrative_case_fee(AdministrativeSubtype(subtype))
        case FeeKind.JURISDICTION_OBJECTION:
            return jurisdiction_objection_fee(choice)
        case FeeKind.ENFORCEMENT:
            return enforcement_fee(amount, choice)
        case FeeKind.PRESERVATION:
            return preservation_fee(amount)
        case FeeKind.PAYMENT_ORDER:
            assert amount is not None
            return payment_order_fee(amount)
        case FeeKind.PUBLIC_NOTICE:
            return public_notice_fee()
        case FeeKind.ARBITRATION:
            return arbitration_fee()
        case FeeKind.BANKRUPTCY:
            assert amount is not None
            return bankruptcy_fee(amount)
        case FeeKind.MARITIME:
            return maritime_fee(MaritimeSubtype(subtype), choice)
    raise AssertionError(kind)  # pragma: no cover - FeeKind is exhaustive
