"""`manage.py paper_files_overdue`: remind borrowers and approvers of paper files past their return deadline.

Run it once a day (cron / a scheduler); running it twice the same day sends nothing twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from smartcourt.dossier.custody.services import borrowing_overdue_remind


class Command(BaseCommand):
    help = "逾期未还的纸质卷宗：提醒借阅人和审批人（每日运行一次）"

    def handle(self, *args: object, **options: object) -> None:
        sent = borrowing_overdue_remind()
        self.stdout.write(f"已发送 {sent} 条逾期提醒")
