"""Material the drafting page offers to insert (parties, claims, facts …): a registry, so higher apps (hearings: the
evidence list with the cross-examination results) add their own without this app importing them.

`register_draft_source(name, label, fn)`: `fn(case) -> str` returns the text to insert (plain text, lines kept), or
"" when the case has none. A source that fails is shown as unavailable, never breaks the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smartcourt.cases.models import Case


@dataclass(frozen=True)
class DraftSource:
    name: str
    label: str
    fn: Callable[[Case], str]


_SOURCES: dict[str, DraftSource] = {}


def register_draft_source(name: str, label: str, fn: Callable[[Case], str]) -> None:
    _SOURCES[name] = DraftSource(name, label, fn)


def draft_sources() -> list[DraftSource]:
    return list(_SOURCES.values())


def draft_source_text(name: str, case: Case) -> str | None:
    source = _SOURCES.get(name)
    if source is None:
        return None
    try:
        return source.fn(case)
    except Exception:  # a higher app's source must not break the drafting page
        return ""


# --- built-in sources ---------------------------------------------------------------------------------------------


def _parties(case: Case) -> str:
    from smartcourt.cases.selectors import case_parties

    from .render import party_line

    return "\n".join(party_line(p) for p in case_parties(case=case))


def _filing(case: Case) -> Any:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return case.filing  # the complaint this case was opened from (filing's reverse accessor)
    except ObjectDoesNotExist:
        return None


def _claims(case: Case) -> str:
    filing = _filing(case)
    if filing is None or not filing.claims:
        return ""
    lines = []
    for i, c in enumerate(filing.claims, 1):
        text = c.get("text", "") if isinstance(c, dict) else str(c)
        lines.append(f"{i}．{text}")
    return "原告诉讼请求：\n" + "\n".join(lines)


def _facts(case: Case) -> str:
    filing = _filing(case)
    return f"事实与理由：{filing.facts}" if filing is not None and filing.facts else ""


def _case_info(case: Case) -> str:
    from .render import date_cn

    return f"本院于{date_cn(case.filed_on)}立案受理{case.title}一案（{case.number}）。"


register_draft_source("parties", "当事人", _parties)
register_draft_source("case_info", "立案情况", _case_info)
register_draft_source("claims", "诉讼请求（起诉状）", _claims)
register_draft_source("facts", "事实与理由（起诉状）", _facts)
