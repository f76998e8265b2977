"""The public notice board of the front page (公告栏): sources of upcoming hearing notices (开庭公告) register here.

民事诉讼法 Art. 139: a public hearing is announced with the parties' names, the cause, and the time and place of the
hearing. The hearings app (not built yet) will register its source from `AppConfig.ready()`, as apps register their
workbench panels; until a source exists, or while it has nothing upcoming, the front page shows no notice section.
Keeps the dependency arrows pointing down (apps → courts), like `workbench`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone

from smartcourt.core.citations import Citation

CITATION = Citation("民事诉讼法", "第一百三十九条")
NOTICES_CACHE_SECONDS = 60


@dataclass(frozen=True)
class HearingNotice:
    """One public hearing notice: only what Art. 139 says is announced, plus the court and the case number."""

    court: str
    case_number: str
    parties: str  # as announced, e.g. "刘某某诉某公司"
    cause: str
    starts_at: datetime
    place: str


HearingNoticeSource = Callable[[date, int], Iterable[HearingNotice]]  # (from this day, at most n) → notices
_SOURCES: list[HearingNoticeSource] = []


def register_hearing_notice_source(source: HearingNoticeSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def unregister_hearing_notice_source(source: HearingNoticeSource) -> None:
    if source in _SOURCES:
        _SOURCES.remove(source)


def _sources_key() -> str:
    """Which sources are registered (the cached notices are those of this set)."""
    names = ",".join(f"{getattr(s, '__module__', '')}.{getattr(s, '__qualname__', '')}" for s in _SOURCES)
    return hashlib.sha256(names.encode()).hexdigest()[:16]


def hearing_notices_upcoming(*, today: date | None = None, limit: int = 6) -> list[HearingNotice]:
    """The next public hearings of every registered source, soonest first; empty when no source has any."""
    today = today or timezone.localdate()

    def gather() -> list[HearingNotice]:
        notices = [notice for source in _SOURCES for notice in source(today, limit)]
        return sorted(notices, key=lambda n: (n.starts_at, n.court, n.case_number))[:limit]

    if not _SOURCES:
        return []
    # The same notices for every visitor of the front page: shared for a minute (a new notice shows within it).
    key = f"noticeboard:{today.isoformat()}:{limit}:{_sources_key()}"
    cached = cache.get_or_set(key, gather, NOTICES_CACHE_SECONDS)
    return list(cached or [])
