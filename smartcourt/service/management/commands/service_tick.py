"""`manage.py service_tick`: move unanswered attempts to the next channel and serve matured public notices."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from smartcourt.service.services import service_public_notices_mature, service_tasks_escalate


class Command(BaseCommand):
    help = "送达：超期未获回执的转下一渠道；公告期满的视为送达。"

    def handle(self, *args: Any, **options: Any) -> None:
        moved = service_tasks_escalate()
        served = service_public_notices_mature()
        self.stdout.write(f"转下一渠道 {moved} 件；公告期满视为送达 {served} 件。")
