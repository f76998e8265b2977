"""`manage.py role_grant USERNAME ROLE COURT_CODE [--division NAME] [--appointment 文号] [--create --full-name NAME]`:
give a person a role through `role_grant` (audited, under the granting rules of courts/rules/grants.py), the way
that replaces editing grants in the Django admin. Judges', division heads' and presidents' roles need the
appointment's document number (法官法 Art. 18)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.models import User
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import SYSTEM, court_get_by_code, division_list
from smartcourt.courts.services import role_grant, user_create


class Command(BaseCommand):
    help = "授予人员角色（可同时新建账户；密码由本人用 changepassword 设置）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("court", help="法院代字，如 苏0508")
        parser.add_argument("--division", default="", help="部门名称，如 民事审判第一庭")
        parser.add_argument("--appointment", default="", help="任免文件文号（法官、庭长、院长必填）")
        parser.add_argument("--create", action="store_true", help="账户不存在时新建")
        parser.add_argument("--full-name", default="")

    def handle(self, *args: object, **options: object) -> None:
        username, code = str(options["username"]), str(options["court"])
        court = court_get_by_code(code=code)
        if court is None:
            raise CommandError(f"法院“{code}”不存在。")
        division = None
        if options["division"]:
            division = division_list(court=court).filter(name=options["division"]).first()
            if division is None:
                raise CommandError(f"{court.name}没有名为“{options['division']}”的部门。")
        try:
            user = User.objects.filter(username=username).first()
            if user is None:
                if not options["create"]:
                    raise CommandError(f"账户“{username}”不存在；如需新建请加 --create。")
                user = user_create(username=username, full_name=str(options["full_name"]), actor=SYSTEM)
            grant = role_grant(
                user=user,
                role=Role(str(options["role"])),
                court=court,
                division=division,
                appointment_ref=str(options["appointment"]),
                actor=SYSTEM,
            )
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"已授予：{grant}")
