"""The demo court's self-service terminal (自助立案终端): registered through the audited service like any terminal,
then given a key derived from the seed (as the demo logins' TOTP secrets are), so `demo_logins` can print it on
every run. Idempotent."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from smartcourt.courts.selectors import SYSTEM, court_get_by_code
from smartcourt.portal.models import KioskDevice
from smartcourt.portal.selectors import kiosk_key_digest
from smartcourt.portal.services import kiosk_device_register

DEMO_KIOSK_COURT = "苏0508"
DEMO_KIOSK_NAME = "诉讼服务中心1号机（演示）"


def demo_kiosk_key(seed: int) -> str:
    """The demo terminal's device key (demo only: a real terminal's key is random and shown once)."""
    return "kiosk_demo_" + hashlib.sha256(f"smartcourt-demo-kiosk:{seed}".encode()).hexdigest()[:32]


def demo_seed(*, seed: int, log: Callable[[str], None]) -> int:
    key = demo_kiosk_key(seed)
    if KioskDevice.objects.filter(key_hash=kiosk_key_digest(key)).exists():
        log("    自助立案终端：已登记")
        return 0
    court = court_get_by_code(code=DEMO_KIOSK_COURT)
    if court is None:
        return 0
    device, _random_key = kiosk_device_register(court=court, name=DEMO_KIOSK_NAME, actor=SYSTEM)
    KioskDevice.objects.filter(pk=device.pk).update(key_hash=kiosk_key_digest(key), prefix=key[:12])
    log(f"    自助立案终端：已登记 {court.name} · {DEMO_KIOSK_NAME}")
    return 1
