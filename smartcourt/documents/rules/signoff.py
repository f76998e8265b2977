"""Who reviews (阅核) a drafted document, in which order.

Capacities, bottom up: the judge in charge submits; the presiding judge (审判长) of a panel, the division head
(庭长), the vice-president in charge (分管院长), and the collegial bodies (审判委员会, 专业法官会议) whose decision the
president records. A court configures the chain per group of kinds (SignoffChainConfig); the default below is used
when it has not. 四类案件 always pass the supervision chain (庭长 and 分管院长) whatever the court configured:
法发〔2021〕30号《最高人民法院关于完善人民法院审判权力和责任清单的意见》and 法发〔2021〕30号 第六条 (监督管理四类案件).
A step whose capacity has no one (a judge sitting alone has no presiding judge) is skipped; the chain is never empty.
"""

from __future__ import annotations

from smartcourt.core.citations import Citation

CAPACITIES: dict[str, str] = {
    "presiding_judge": "审判长",
    "division_head": "庭长",
    "vice_president": "分管院长",
    "committee": "审判委员会",
    "judges_meeting": "专业法官会议",
}
DEFAULT_CHAINS: dict[str, list[str]] = {
    "judgment": ["presiding_judge", "division_head"],
    "ruling": ["presiding_judge"],
    "mediation": ["presiding_judge"],
}
SUPERVISION_CHAIN = ["division_head", "vice_president"]
SUPERVISION_BASIS = Citation("法发〔2021〕30号", "第六条")  # 四类案件的监督管理
RESPONSIBILITY_BASIS = Citation("法发〔2015〕13号", "第九条")  # 院庭长不得直接签发未参加审理案件的裁判文书，阅核留痕


def group_of(kind_code: str) -> str:
    if kind_code.startswith("judgment"):
        return "judgment"
    if kind_code.startswith("ruling"):
        return "ruling"
    return "mediation"


def chain_for(*, configured: list[str] | None, kind_code: str, supervised: bool, to_committee: str = "") -> list[str]:
    """The capacities, in order. `to_committee`: "committee" or "judges_meeting" when the case must go there."""
    chain = list(configured) if configured else list(DEFAULT_CHAINS[group_of(kind_code)])
    chain = [c for c in chain if c in CAPACITIES]
    if supervised:
        for c in SUPERVISION_CHAIN:
            if c not in chain:
                chain.append(c)
    if to_committee in ("committee", "judges_meeting") and to_committee not in chain:
        # the collegial body discusses before the leaders sign off: recorded by the vice-president's office
        chain.append(to_committee)
    return chain
