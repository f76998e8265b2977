"""`manage.py totp_enrolment_code USERNAME`: issue a one-time authenticator enrolment code (绑定码) through the audited
service, for a staff member who has none to ask (the first administrator of a new installation, a lost phone when
no other administrator is reachable). Prints the code once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.models import User
from smartcourt.courts.selectors import SYSTEM
from smartcourt.courts.services import totp_enrolment_code_issue


class Command(BaseCommand):
    help = "为工作人员发放身份验证器一次性绑定码（记入审计日志，只显示一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, username: str, **options: object) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"账户“{username}”不存在。")
        try:
            row, code = totp_enrolment_code_issue(user=user, actor=SYSTEM)
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        until = timezone.localtime(row.expires_at)
        self.stdout.write(f"{user.get_full_name()}（{user.username}）的绑定码：{code}")
        self.stdout.write(f"有效期至 {until:%Y-%m-%d %H:%M}，使用一次即作废；本人登录后在“绑定身份验证器”页输入。")
