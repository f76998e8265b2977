"""`manage.py import_statutes DIR`: import the statute files of DIR (the Markdown layout of data/laws/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcourt.knowledge.services import StatuteFormatError, statutes_import


class Command(BaseCommand):
    help = "导入法律法规（每部法律一个 Markdown 文件；编/章/节/条，款/项）。整体导入，任一文件有误则不导入任何内容。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            report = statutes_import(directory)
        except StatuteFormatError as exc:
            raise CommandError(f"导入失败，未写入任何内容。{exc}") from exc
        for line in report.created:
            self.stdout.write(f"新增 {line}")
        for line in report.replaced:
            self.stdout.write(f"更新 {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：新增 {len(report.created)} 个版本，更新 {len(report.replaced)} 个，"
                f"未变 {len(report.unchanged)} 个；写入 {report.articles} 条。"
            )
        )
