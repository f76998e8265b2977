"""`manage.py kiosk_register COURT_CODE NAME`: register a self-service terminal (自助立案终端) of a court through the
audited service and print its device key, once, with how to use it."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.selectors import SYSTEM, court_get_by_code
from smartcourt.portal.services import kiosk_device_register


class Command(BaseCommand):
    help = "登记法院的自助立案终端，生成设备密钥（记入审计日志，只显示一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("court", help="法院代字，如 苏0508")
        parser.add_argument("name", help="终端名称，如 诉讼服务中心1号机")

    def handle(self, *args: object, court: str, name: str, **options: object) -> None:
        found = court_get_by_code(code=court)
        if found is None:
            raise CommandError(f"法院“{court}”不存在。")
        try:
            device, key = kiosk_device_register(court=found, name=name, actor=SYSTEM)
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"已登记：{found.name} · {device.name}")
        self.stdout.write(f"设备密钥（只显示这一次）：{key}")
        self.stdout.write("在终端浏览器打开 /portal/kiosk/activate/ 输入此密钥，")
        self.stdout.write(f"或由终端程序在每个请求的 {settings.KIOSK_KEY_HEADER} 请求头中发送。")
