"""Case states and the transitions allowed between them — declared once, here.

States follow the procedure of 民事诉讼法 (立案 → 审理 → 中止 Art. 153 → 结案 → 生效 Art. 158/171 → 归档) and
the enforcement rules (终结本次执行程序, 最高人民法院关于严格规范终结本次执行程序的规定 Art. 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcourt.core.citations import Citation
from smartcourt.core.errors import ApplicationError


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    citation: Citation | None = None


TRANSITIONS: tuple[Transition, ...] = (
    Transition("registered", "in_trial", "进入审理"),
    Transition("registered", "closed", "结案（如撤诉、驳回起诉）"),
    Transition("registered", "suspended", "中止诉讼", Citation("民事诉讼法", "第一百五十三条")),
    Transition("in_trial", "suspended", "中止诉讼", Citation("民事诉讼法", "第一百五十三条")),
    Transition("suspended", "in_trial", "恢复审理", Citation("民事诉讼法", "第一百五十三条第二款")),
    Transition("in_trial", "closed", "结案"),
    Transition("in_trial", "terminated", "终结本次执行程序",
               Citation("最高人民法院关于严格规范终结本次执行程序的规定（试行）", "第一条")),
    Transition("terminated", "in_trial", "恢复执行", Citation("最高人民法院关于严格规范终结本次执行程序的规定（试行）", "第九条")),
    Transition("closed", "effective", "裁判生效", Citation("民事诉讼法", "第一百五十八条、第一百七十一条")),
    Transition("effective", "archived", "归档"),
    Transition("closed", "archived", "归档"),
    Transition("terminated", "archived", "归档"),
)  # fmt: skip

STATE_LABELS = {
    "registered": "已立案",
    "in_trial": "审理中",
    "suspended": "中止",
    "closed": "已结案",
    "effective": "已生效",
    "archived": "已归档",
    "terminated": "终结本次执行",
}


class IllegalTransition(ApplicationError):
    status, code = 409, "case.illegal_transition"


def allowed_targets(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]


def ensure_transition(source: str, target: str) -> Transition:
    """The declared transition, or IllegalTransition with a message naming what is allowed instead."""
    for transition in TRANSITIONS:
        if transition.source == source and transition.target == target:
            return transition
    options = "、".join(f"“{STATE_LABELS[t.target]}”" for t in allowed_targets(source)) or "无"
    raise IllegalTransition(
        f"案件当前状态为“{STATE_LABELS.get(source, source)}”，不能变更为“{STATE_LABELS.get(target, target)}”。"
        f"当前可进行的变更：{options}。",
        extra={"from": source, "to": target},
    )
