"""Print the demo logins, one per role, with their TOTP secrets, and how to use the demo kiosk (demo only: the
demo's secrets are derived from the seed; a real installation's are random and shown once)."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.courts.models import User
from smartcourt.demo.hearing_room import demo_hearing_room
from smartcourt.demo.kiosk import DEMO_KIOSK_NAME, demo_kiosk_key
from smartcourt.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, totp_secret_b32
from smartcourt.hearings.room.services import room_url
from smartcourt.portal.selectors import kiosk_device_for_key


def _pad(text: str, width: int) -> str:
    """Pad to a terminal width where CJK characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


class Command(BaseCommand):
    help = "列出演示账号（每个角色一个）及其动态验证码密钥。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--seed", type=int, default=2025, help="seed_demo 的 --seed（演示终端密钥由它导出）")

    def handle(self, *args: object, url: str, seed: int, **options: object) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"智慧法院演示站点：{url}"))
        self.stdout.write(f"所有演示账号的密码：{DEMO_PASSWORD}")
        self.stdout.write(f"首页 {url}/ 面向公众；法院工作人员从 {url}/staff/login/ 登录，")
        self.stdout.write(f"律师、当事人从 {url}/login/ 登录（演示账号以下列用户名代替手机号）。")
        self.stdout.write("法院工作人员登录后需输入 6 位动态验证码：演示模式下验证码页面会直接显示当前验证码；")
        self.stdout.write("也可把下列密钥添加到任一身份验证器 App（TOTP，30 秒）。")
        self.stdout.write("")
        self.stdout.write(f"{_pad('角色', 14)}{_pad('用户名', 24)}{_pad('姓名', 8)}TOTP 密钥 / 当前验证码")
        for login in DEMO_LOGINS:
            user = User.objects.filter(username=login.username).first()
            if user is None:
                continue
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                otp = "无需动态验证码"
            else:
                code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
                otp = f"{totp_secret_b32(device.key)}  (当前 {code:06d})"
            self.stdout.write(
                f"{_pad(str(login.role.label), 14)}{_pad(login.username, 24)}{_pad(login.full_name, 8)}{otp}"
            )
        self.stdout.write("")
        room = demo_hearing_room()
        if room is not None:
            public = settings.HEARING_ROOM_PUBLIC_BASE.rstrip("/") + room_url(room)
            intranet = settings.HEARING_ROOM_INTRANET_BASE.rstrip("/") + room_url(room)
            self.stdout.write(f"在线庭审（{room.title}），可直接进入：")
            self.stdout.write(f"  法官 demo_judge（法院内网）：{intranet}")
            self.stdout.write(f"  律师 demo_lawyer（互联网）：  {public}")
            self.stdout.write(
                "  律师确认法庭纪律后进入等候室，法官在庭审室页面“准许进入”；两个浏览器（或一个普通窗口加一个无痕窗口）各登录一个账号。"
            )
            self.stdout.write("")
        key = demo_kiosk_key(seed)
        kiosk = kiosk_device_for_key(key=key)
        if kiosk is not None:
            self.stdout.write(f"自助立案终端（{kiosk.court.name} · {DEMO_KIOSK_NAME}）只接受已登记终端提交：")
            self.stdout.write(f"  浏览器：打开 {url}/portal/kiosk/activate/ 输入设备密钥 {key}")
            self.stdout.write(f"  程序：  curl -H '{settings.KIOSK_KEY_HEADER}: {key}' {url}/portal/kiosk/")
            self.stdout.write("  或以 demo_admin 登录后在“自助立案终端”页面登记本浏览器（随即退出登录）。")
            self.stdout.write("")
