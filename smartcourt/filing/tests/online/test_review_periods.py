"""Periods set during filing review are counted by legaltime's deadline engine (民事诉讼法 Art. 85), never by plain
date arithmetic: the correction period (补正, 登记立案规定 Art. 7) and the appeal against a ruling not to accept
(民事诉讼法 Art. 171(2), rule `civil.appeal.ruling`), each moved off National Day 2025 and off a weekend."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from smartcourt.core.models import Notification
from smartcourt.filing import services

from .helpers import submitted, world

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_default_timezone()


@pytest.mark.parametrize(
    ("issued", "days", "due"),
    [
        # 2025-09-16 + 15 days = 2025-10-01, National Day (10-01…10-08 rest) → first working day Thu 2025-10-09.
        (datetime(2025, 9, 16, 10, 0, tzinfo=SHANGHAI), 15, date(2025, 10, 9)),
        # 2025-03-05 + 10 days = Sat 2025-03-15 → Mon 2025-03-17.
        (datetime(2025, 3, 5, 10, 0, tzinfo=SHANGHAI), 10, date(2025, 3, 17)),
        # 2025-03-05 + 9 days = Fri 2025-03-14, a working day: not moved.
        (datetime(2025, 3, 5, 10, 0, tzinfo=SHANGHAI), 9, date(2025, 3, 14)),
    ],
)
def test_the_correction_period_ending_on_a_rest_day_moves_to_the_next_working_day(
    issued: datetime, days: int, due: date
) -> None:
    w = world()
    with time_machine.travel(issued, tick=False):
        filing = submitted(w)
        correction = services.filing_request_correction(
            filing=filing, actor=w.officer, items=[{"field": "id_copy", "message": "请上传身份证复印件"}], due_days=days
        )
    assert correction.due_on == due
    note = Notification.objects.get(recipient=w.party, topic="filing.correction")
    assert f"{due:%Y年%m月%d日}" in note.body
    event = filing.events.get(type="filing.correction_requested")
    assert event.payload["due_on"] == due.isoformat() and "登记立案规定" in event.summary
    assert any("第八十五条" in line for line in event.payload["due_explanation"])


def test_the_appeal_against_a_ruling_not_to_accept_is_the_civil_appeal_ruling_rule() -> None:
    # Ruled and notified on Wed 2025-09-24: 10 days (民事诉讼法 Art. 171(2)) end on Sat 2025-10-04, inside the
    # National Day holiday → the appeal period ends on Thu 2025-10-09.
    w = world()
    with time_machine.travel(datetime(2025, 9, 24, 15, 0, tzinfo=SHANGHAI), tick=False):
        filing = submitted(w)
        services.filing_reject(filing=filing, actor=w.officer, reason="原告与本案没有直接利害关系，不符合起诉条件。")
    note = Notification.objects.get(recipient=w.party, topic="filing.rejected")
    assert "10日内" in note.body and "《民事诉讼法》第一百七十一条第二款" in note.body
    assert "2025年10月09日" in note.body
    event = filing.events.get(type="filing.rejected")
    assert "《民事诉讼法》第一百七十一条第二款" in event.summary
    assert event.payload["appeal"] == {"rule": "civil.appeal.ruling", "served_on": "2025-09-24", "due": "2025-10-09"}
