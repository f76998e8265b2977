"""Which court may hear a civil first-instance complaint: territorial and level jurisdiction, as data.

- 民事诉讼法 Art. 22: a suit against a citizen, legal person or organisation goes to the court of the defendant's
  domicile (住所地; habitual residence where it differs).
- Art. 23: listed exceptions go to the plaintiff's domicile (suits on personal status against persons abroad …).
- Art. 24: contract disputes: the defendant's domicile or the place of performance (合同履行地).
- Level (级别管辖): basic courts hear first-instance civil cases except those the SPC assigns to intermediate courts
  by amount (最高人民法院关于调整中级人民法院管辖第一审民事案件标准的通知, 法发〔2021〕27号: 5亿元 where all parties
  live in the province, 1亿元 where one does not). The thresholds are data below.

Pure: the caller passes the courts (code, name, level, region) it loaded; nothing here queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from smartcourt.core.citations import Citation

ART_22 = Citation("民事诉讼法", "第二十二条")
ART_23 = Citation("民事诉讼法", "第二十三条")
ART_24 = Citation("民事诉讼法", "第二十四条")
LEVEL_NOTICE = Citation(
    "最高人民法院关于调整中级人民法院管辖第一审民事案件标准的通知（法发〔2021〕27号）", "第一条、第二条"
)


@dataclass(frozen=True)
class Basis:
    key: str
    label: str
    citation: Citation


BASES: dict[str, Basis] = {
    "defendant_domicile": Basis("defendant_domicile", "被告住所地", ART_22),
    "performance_place": Basis("performance_place", "合同履行地", ART_24),
    "plaintiff_domicile": Basis("plaintiff_domicile", "原告住所地（法定情形）", ART_23),
}

# Causes for which the place of performance also founds jurisdiction (Art. 24): contract disputes by name.
CONTRACT_CAUSE_MARKERS = ("合同", "借款", "借贷", "信用卡", "买卖", "租赁", "服务", "承揽", "运输", "保管")

# Intermediate courts hear first instance from these amounts (法发〔2021〕27号), yuan.
INTERMEDIATE_FROM_ALL_LOCAL = Decimal("500000000")
INTERMEDIATE_FROM_ONE_FOREIGN = Decimal("100000000")


@dataclass(frozen=True)
class CourtInfo:
    id: int
    code: str
    name: str
    level: str
    region: str


@dataclass(frozen=True)
class Suggestion:
    court: CourtInfo
    basis: Basis
    matched: str  # the address the court's region was found in

    def text(self) -> str:
        return f"{self.court.name}：{self.basis.label}“{self.matched}”在其辖区（{self.basis.citation}）"


@dataclass(frozen=True)
class JurisdictionResult:
    suggestions: list[Suggestion] = field(default_factory=list)
    level: str = "basic"
    level_note: str = ""

    @property
    def court_ids(self) -> set[int]:
        return {s.court.id for s in self.suggestions}


def is_contract_cause(cause_name: str) -> bool:
    return any(marker in cause_name for marker in CONTRACT_CAUSE_MARKERS)


def required_level(amount: Decimal | None, *, foreign_party: bool = False) -> tuple[str, str]:
    threshold = INTERMEDIATE_FROM_ONE_FOREIGN if foreign_party else INTERMEDIATE_FROM_ALL_LOCAL
    if amount is not None and amount >= threshold:
        return (
            "intermediate",
            f"标的额达到{threshold / 100000000:.0f}亿元，由中级人民法院管辖第一审（{LEVEL_NOTICE}）。",
        )
    return "basic", f"标的额在中级人民法院管辖标准以下，由基层人民法院管辖第一审（{LEVEL_NOTICE}）。"


def _region_hits(address: str, courts: Sequence[CourtInfo], level: str) -> list[CourtInfo]:
    """Courts of `level` whose region name occurs in `address`; the most specific region wins."""
    hits = [c for c in courts if c.level == level and c.region and c.region in address]
    if not hits:
        return []
    longest = max(len(c.region) for c in hits)
    return [c for c in hits if len(c.region) == longest]


def jurisdiction_suggest(
    *,
    courts: Sequence[CourtInfo],
    defendant_addresses: Sequence[str],
    performance_place: str = "",
    cause_name: str = "",
    amount: Decimal | None = None,
    foreign_party: bool = False,
) -> JurisdictionResult:
    """Courts competent by the defendants' domiciles (Art. 22) and, for contracts, the place of performance
    (Art. 24), at the level the amount requires."""
    level, level_note = required_level(amount, foreign_party=foreign_party)
    out: list[Suggestion] = []
    seen: set[tuple[int, str]] = set()
    for address in defendant_addresses:
        for court in _region_hits(address, courts, level):
            if (court.id, "defendant_domicile") not in seen:
                seen.add((court.id, "defendant_domicile"))
                out.append(Suggestion(court, BASES["defendant_domicile"], address))
    if performance_place and is_contract_cause(cause_name):
        for court in _region_hits(performance_place, courts, level):
            if (court.id, "performance_place") not in seen:
                seen.add((court.id, "performance_place"))
                out.append(Suggestion(court, BASES["performance_place"], performance_place))
    return JurisdictionResult(suggestions=out, level=level, level_note=level_note)


def jurisdiction_problem(result: JurisdictionResult, court: CourtInfo) -> str:
    """Empty when `court` is competent; otherwise why not, in Chinese, citing the articles."""
    if court.id in result.court_ids:
        return ""
    if court.level != result.level:
        return f"{court.name}不是本案的级别管辖法院：{result.level_note}"
    if not result.suggestions:
        return (
            f"无法从被告住所地或合同履行地确定管辖法院，{court.name}对本案没有管辖权（{ART_22}、{ART_24}）。"
            "请核对被告住所地的填写（写明市、区/县）。"
        )
    names = "、".join(dict.fromkeys(s.court.name for s in result.suggestions))
    return f"{court.name}对本案没有管辖权：依{ART_22}、{ART_24}，应向{names}起诉。"
