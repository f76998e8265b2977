"""What the hearings app offers the drafting page (documents' `register_draft_source`): the evidence list with the
results of cross-examination, as the evidence section of a judgment states them (证据及质证意见)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smartcourt.documents.sources import register_draft_source

from .selectors_async import evidence_with_opinions

if TYPE_CHECKING:
    from smartcourt.cases.models import Case


def evidence_section(case: Case) -> str:
    """One paragraph per piece of evidence: who submitted it, each party's latest opinion on authenticity, legality
    and relevance with its reasons, and whether it stays disputed for the hearing. "" when no round was held."""
    lines = []
    for ev in evidence_with_opinions(case):
        head = f"证据{ev.number}：{ev.title}（{ev.submitted_by}提交）。"
        views = []
        for o in ev.latest_list:
            aspects = "，".join(
                f"{a.label}{a.verdict_label}" + (f"（{a.reason}）" if a.reason else "") for a in o.aspects
            )
            views.append(f"{o.party}质证意见：{aspects}")
        tail = (
            "该证据存在争议，需当庭质证。" if ev.disputed else ("各方对该证据无异议。" if views else "尚无质证意见。")
        )
        lines.append(head + "；".join(views) + ("。" if views else "") + tail)
    return "\n".join(lines)


def register() -> None:
    register_draft_source("evidence_cross_examination", "证据及质证意见", evidence_section)
