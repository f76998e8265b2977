"""Judicial aid on court fees (司法救助: 缓交、减交、免交), 诉讼费用交纳办法 Art. 44–51, grounds as data."""

from __future__ import annotations

from dataclasses import dataclass

from smartcourt.core.citations import Citation


@dataclass(frozen=True)
class Ground:
    key: str
    kind: str  # defer / reduce / waive
    label: str
    citation: Citation


def _g(key: str, kind: str, label: str, article: str) -> Ground:
    return Ground(key, kind, label, Citation("诉讼费用交纳办法", article))


GROUNDS: tuple[Ground, ...] = (
    _g("waive.disabled", "waive", "残疾人无固定生活来源", "第四十五条第（一）项"),
    _g("waive.maintenance", "waive", "追索赡养费、扶养费、抚育费、抚恤金", "第四十五条第（二）项"),
    _g(
        "waive.minimum_living",
        "waive",
        "最低生活保障对象、农村特困定期救济对象、农村五保供养对象或者领取失业保险金人员，无其他收入",
        "第四十五条第（三）项",
    ),
    _g("waive.heroic", "waive", "因见义勇为或者为保护社会公共利益致使自身合法权益受到损害", "第四十五条第（四）项"),
    _g(
        "reduce.disaster",
        "reduce",
        "因自然灾害等不可抗力造成生活困难，正在接受社会救济，或者家庭生产经营难以为继",
        "第四十六条第（一）项",
    ),
    _g("reduce.special_care", "reduce", "属于国家规定的优抚、安置对象", "第四十六条第（二）项"),
    _g("reduce.welfare_org", "reduce", "社会福利机构和救助管理站", "第四十六条第（三）项"),
    _g("defer.social_insurance", "defer", "追索社会保险金、经济补偿金", "第四十七条第（一）项"),
    _g(
        "defer.accident_victim",
        "defer",
        "海上事故、交通事故、医疗事故、工伤事故、产品质量事故或者其他人身伤害事故的受害人请求赔偿",
        "第四十七条第（二）项",
    ),
    _g("defer.legal_aid", "defer", "正在接受有关部门法律援助", "第四十七条第（三）项"),
    _g("defer.other", "defer", "确实需要缓交的其他情形", "第四十七条第（四）项"),
    _g("reduce.other", "reduce", "确实需要减交的其他情形", "第四十六条第（四）项"),
    _g("waive.other", "waive", "确实需要免交的其他情形", "第四十五条第（五）项"),
)
GROUNDS_BY_KEY = {g.key: g for g in GROUNDS}
WAIVER_NATURAL_ONLY = Citation("诉讼费用交纳办法", "第四十四条第二款")  # 免交只适用于自然人
MIN_REDUCTION = "0.30"  # 第四十六条第二款: 减交比例不得低于30%
MIN_REDUCTION_CITATION = Citation("诉讼费用交纳办法", "第四十六条第二款")
REFUSAL_IN_WRITING = Citation("诉讼费用交纳办法", "第四十八条第三款")
