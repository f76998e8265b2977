"""iCalendar (RFC 5545) export of hearings with the `icalendar` library: a lawyer subscribes their sessions across
every court in their own calendar application. Each hearing is one VEVENT whose UID stays the same when it is
moved (SEQUENCE counts the changes), and a postponed or cancelled one is sent as STATUS:CANCELLED so the calendar
application removes it instead of keeping a stale date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from icalendar import Calendar, Event

from .models import HearingStatus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import Hearing

PRODID = "-//smartcourt//hearings//ZH-CN"


def hearing_place(hearing: Hearing) -> str:
    if hearing.room is not None:
        return f"{hearing.court.name}{hearing.room.name}" + (
            f"（{hearing.room.location}）" if hearing.room.location else ""
        )
    return f"{hearing.court.name}（{hearing.get_mode_display()}）"


def calendar_ics(*, hearings: Iterable[Hearing], name: str, sequences: dict[int, int] | None = None) -> bytes:
    """The hearings as one VCALENDAR (UTF-8 bytes)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    for h in hearings:
        ev = Event()
        ev.add("uid", f"hearing-{h.pk}@smartcourt")
        ev.add("dtstamp", h.updated_at)
        ev.add("dtstart", h.starts_at)
        ev.add("dtend", h.ends_at)
        ev.add("summary", f"{h.get_kind_display()}：{h.case.number}")
        ev.add("location", hearing_place(h))
        ev.add("description", f"{h.case.title}\n{h.get_mode_display()} · {h.get_status_display()}\n{h.court.name}")
        ev.add("sequence", (sequences or {}).get(h.pk, 0))
        cancelled = h.status in (HearingStatus.POSTPONED, HearingStatus.CANCELLED)
        ev.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        cal.add_component(ev)
    return cal.to_ical()
