"""繁简分流 (triage): suggest a track for a civil first-instance filing from rules kept as data.

The officer confirms or overrides the suggestion with a reason; the hit rate is reported (selectors).
Sources:
- 民事诉讼法 Art. 125: disputes suitable for mediation are mediated first unless a party refuses.
- Art. 165: small claims up to 50% of the province's previous-year average wage of employed persons (就业人员年平均
  工资); Art. 166: not for personal-status / ownership cases (一), foreign-related cases (二), appraisal (三),
  a party whose whereabouts are unknown (四), counterclaims (五).
- Art. 160: the simple procedure for simple cases at basic courts; 民诉法解释 Art. 257(三): not where one side has
  many parties (当事人一方人数众多: the interpretation's Art. 75 reads this as ten or more).

Pure: the province's threshold arrives as a `SmallClaimsThreshold` value; nothing here queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from smartcourt.core.citations import Citation

ART_125 = Citation("民事诉讼法", "第一百二十五条")
ART_160 = Citation("民事诉讼法", "第一百六十条")
ART_165 = Citation("民事诉讼法", "第一百六十五条")
ART_166 = Citation("民事诉讼法", "第一百六十六条")
INTERP_257 = Citation("最高人民法院关于适用《中华人民共和国民事诉讼法》的解释", "第二百五十七条第（三）项")


@dataclass(frozen=True)
class SmallClaimsThreshold:
    """One province's small-claims ceiling for one year: 50% of the previous year's average wage (Art. 165)."""

    province: str  # the court-code prefix: 苏, 浙 …
    year: int
    average_wage: Decimal
    source: str
    verified: bool = False  # True once checked against the published figure

    @property
    def amount(self) -> Decimal:
        return (self.average_wage / 2).quantize(Decimal("1"))


# Per-province thresholds as data. A court confirms the figure from the provincial high court's annual notice
# before relying on it; until `verified`, the triage statistics page tells its staff to check it (the suggestion
# itself names its source, which already says the high court's notice prevails).
SMALL_CLAIMS_THRESHOLDS: tuple[SmallClaimsThreshold, ...] = (
    SmallClaimsThreshold(
        province="苏",
        year=2025,
        average_wage=Decimal("118530"),
        source="江苏省2024年度就业人员年平均工资（江苏省统计局公布；以江苏省高级人民法院2025年度小额诉讼标的额通知为准）",
        verified=False,
    ),
)

# Causes that go to mediation first (Art. 125; the SPC's 诉源治理 guidance lists family, neighbourhood, property
# management, small loans, traffic accidents …). Matched by name.
MEDIATION_FIRST_MARKERS = (
    "婚姻",
    "离婚",
    "继承",
    "赡养",
    "抚养",
    "相邻",
    "物业服务",
    "邻里",
    "劳务合同",
    "机动车交通事故",
)
# Art. 166(一): personal-status and ownership cases never go to small claims.
NOT_SMALL_CLAIMS_MARKERS = ("离婚", "婚姻", "确认", "所有权", "继承", "抚养", "赡养", "收养", "监护")
MANY_PARTIES = 10  # 民诉法解释 Art. 75: 人数众多 = ten or more


@dataclass(frozen=True)
class TriageInput:
    cause_name: str
    amount: Decimal | None
    plaintiffs: int
    defendants: int
    foreign_element: bool
    court_level: str
    money_claim_only: bool = True


@dataclass(frozen=True)
class TriageResult:
    track: str  # a filing.models.Track value
    reasons: list[str]

    @property
    def label(self) -> str:
        return TRACK_LABELS.get(self.track, self.track)


TRACK_LABELS = {"mediation": "先行调解", "small_claims": "小额诉讼程序", "simple": "简易程序", "ordinary": "普通程序"}


def threshold_for(province: str, year: int) -> SmallClaimsThreshold | None:
    """The threshold for `year`, or the latest earlier one (the notice comes out mid-year)."""
    rows = [t for t in SMALL_CLAIMS_THRESHOLDS if t.province == province and t.year <= year]
    return max(rows, key=lambda t: t.year) if rows else None


def triage_suggest(data: TriageInput, threshold: SmallClaimsThreshold | None) -> TriageResult:
    reasons: list[str] = []
    many = max(data.plaintiffs, data.defendants) >= MANY_PARTIES
    if data.court_level != "basic":
        return TriageResult("ordinary", [f"中级以上法院审理第一审民事案件适用普通程序（{ART_160}限于基层法院）。"])
    if data.foreign_element:
        return TriageResult("ordinary", [f"涉外案件不适用小额诉讼程序（{ART_166}第（二）项），建议普通程序。"])
    if many:
        return TriageResult(
            "ordinary", [f"一方当事人人数众多（{MANY_PARTIES}人以上），不适用简易程序（{INTERP_257}）。"]
        )
    if any(m in data.cause_name for m in MEDIATION_FIRST_MARKERS):
        return TriageResult(
            "mediation", [f"“{data.cause_name}”属于适宜调解的纠纷，先行调解，当事人拒绝调解的除外（{ART_125}）。"]
        )
    status_case = any(m in data.cause_name for m in NOT_SMALL_CLAIMS_MARKERS)
    if threshold is None:
        reasons.append("本省小额诉讼标的额标准未配置，未判断小额诉讼。")
    elif data.amount is not None and data.money_claim_only and not status_case:
        if data.amount <= threshold.amount:
            return TriageResult(
                "small_claims",
                [
                    f"金钱给付标的额{data.amount}元，不超过{threshold.province}{threshold.year}年度小额诉讼标准"
                    f"{threshold.amount}元（{ART_165}；{threshold.source}）。"
                ],
            )
        reasons.append(f"标的额{data.amount}元超过小额诉讼标准{threshold.amount}元（{ART_165}）。")
    if status_case:
        reasons.append(f"人身关系、财产确权案件不适用小额诉讼程序（{ART_166}第（一）项）。")
    if data.amount is not None and threshold is not None and data.amount > threshold.amount * 20:
        reasons.append("标的额较大，建议适用普通程序。")
        return TriageResult("ordinary", reasons)
    reasons.append(f"当事人人数少、法律关系单一，建议适用简易程序（{ART_160}）。")
    return TriageResult("simple", reasons)
