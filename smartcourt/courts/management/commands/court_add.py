"""`manage.py court_add NAME CODE LEVEL [--parent CODE]`: add a court through `court_create` (its hierarchy path and
its audit row), the way that replaces adding courts in the Django admin."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.roles import CourtLevel
from smartcourt.courts.selectors import SYSTEM, court_get_by_code
from smartcourt.courts.services import court_create


class Command(BaseCommand):
    help = "新建法院（写入层级路径并记录审计日志）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("code", help="案号中的法院代字，如 苏0508")
        parser.add_argument("level", choices=CourtLevel.values)
        parser.add_argument("--parent", default="", help="上级法院代字")
        parser.add_argument("--short-name", default="")

    def handle(
        self, *args: object, name: str, code: str, level: str, parent: str, short_name: str, **options: object
    ) -> None:
        parent_court = court_get_by_code(code=parent) if parent else None
        if parent and parent_court is None:
            raise CommandError(f"上级法院“{parent}”不存在。")
        try:
            court = court_create(
                name=name, code=code, level=level, parent=parent_court, short_name=short_name, actor=SYSTEM
            )
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"已新建 {court.name}（{court.code}），层级路径 {court.path}")
