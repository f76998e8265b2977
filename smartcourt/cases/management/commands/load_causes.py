"""python manage.py load_causes [--kind civil|criminal|administrative] — load or refresh the cause tree."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from smartcourt.cases.services_causes import cause_tree_load


class Command(BaseCommand):
    help = "从随附的数据文件载入（或更新）案由与罪名，可重复运行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=["civil", "criminal", "administrative"], default=None)

    def handle(self, *args: object, kind: str | None, **options: object) -> None:
        self.stdout.write(f"已载入 {cause_tree_load(kind=kind)} 条案由/罪名。")
