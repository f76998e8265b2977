"""Random assignment of a judge (随机分案), weighted by current caseload, and replayable.

Cases are assigned by random distribution by default; designated assignment is the exception and must record who
decided and why (最高人民法院关于完善人民法院司法责任制的若干意见, 法发〔2015〕13号, 第十八条).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from smartcourt.core.citations import Citation
from smartcourt.courts.roles import Role

CITATION = Citation("最高人民法院关于完善人民法院司法责任制的若干意见", "第十八条")


@dataclass(frozen=True)
class Candidate:
    judge_id: int
    name: str
    load: Decimal  # weighted open caseload (each open case counts its case weight)

    def as_dict(self, weight: Decimal) -> dict[str, str | int]:
        return {"judge_id": self.judge_id, "name": self.name, "load": str(self.load), "weight": str(weight)}


def weights_for(candidates: list[Candidate]) -> list[Decimal]:
    """Lighter caseload → higher chance: weight = 1 / (1 + load), normalised to sum 1 (18 decimals)."""
    raw = [Decimal(1) / (Decimal(1) + c.load) for c in candidates]
    total = sum(raw)
    q = Decimal("1e-18")
    return [(w / total).quantize(q, rounding=ROUND_DOWN) for w in raw]


def draw_value(seed: str, case_key: str) -> Decimal:
    """A uniform number in [0, 1) derived from the recorded seed and the case (HMAC-SHA256), so it replays."""
    digest = hmac.new(seed.encode(), case_key.encode(), hashlib.sha256).digest()
    return (Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)).quantize(Decimal("1e-18"), ROUND_DOWN)


def pick(candidates: list[Candidate], draw: Decimal) -> tuple[int, list[Decimal]]:
    """Index of the candidate whose cumulative-weight interval contains `draw`."""
    if not candidates:
        raise ValueError("no eligible judge")
    weights = weights_for(candidates)
    cumulative = Decimal(0)
    for index, weight in enumerate(weights):
        cumulative += weight
        if draw < cumulative:
            return index, weights
    return len(candidates) - 1, weights  # rounding residue falls to the last candidate


def explain(candidates: list[Candidate], weights: list[Decimal], draw: Decimal, chosen: int) -> list[str]:
    lines = [f"随机分案（{CITATION}）：在 {len(candidates)} 名符合条件的法官中按在办案件权重抽取，负荷越轻概率越高。"]
    cumulative = Decimal(0)
    for c, w in zip(candidates, weights, strict=True):
        low = cumulative
        cumulative += w
        mark = " ← 抽中" if c is candidates[chosen] else ""
        lines.append(f"{c.name}：在办折算 {c.load} 件，概率 {w:.4f}，区间 [{low:.4f}, {cumulative:.4f}){mark}")
    lines.append(f"随机数 {draw:.6f}（由记录的种子与案号计算，可复现）。")
    return lines


# --- who approves a designated assignment or a change of judge (指定分案、变更承办人的审批) ------------------------


@dataclass(frozen=True)
class DesignationApprover:
    """The level that approves a designated assignment or a change of judge: a role, in the case's division or
    court, with the reason the rules chose it."""

    role: Role
    in_division: bool  # the division head of the case's division, rather than the court's president
    citation: Citation
    explanation: str


def designation_approver(*, reassignment: bool, has_division: bool, free_division_heads: int) -> DesignationApprover:
    """Random assignment is the rule, a designated one the exception, approved by the leader in charge and
    recorded (法发〔2015〕13号 第十八条): the head of the case's division (庭长) approves; the court's president
    (院长) does where the case has no division, or its division has no head who is free of the request — nobody
    approves a request they made or that names them as the new or the previous judge (`free_division_heads`
    counts the division's heads who are not)."""
    act = "变更承办人" if reassignment else "指定分案"
    if has_division and free_division_heads > 0:
        return DesignationApprover(Role.DIVISION_HEAD, True, CITATION, f"{act}由承办部门庭长审批（{CITATION}）。")
    why = "本案未确定承办部门" if not has_division else "承办部门没有可审批的庭长（庭长本人为申请人或涉及的法官）"
    return DesignationApprover(Role.PRESIDENT, False, CITATION, f"{act}由本院院长审批：{why}（{CITATION}）。")
