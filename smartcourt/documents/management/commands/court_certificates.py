"""Make the demo's certificates: a CA, the court's signing certificate (PKCS#12) and a timestamping authority, in
DOCUMENTS_CERT_DIR (var/court-certs). For a demo or a test installation only; a court loads its own."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "生成演示用的根证书、法院签章证书（PKCS#12）和时间戳服务证书"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--court-name", default="智慧法院演示")
        parser.add_argument("--days", type=int, default=3650)
        parser.add_argument("--force", action="store_true", help="覆盖已有证书")

    def handle(self, *args: Any, **options: Any) -> None:
        from smartcourt.documents.signing import certificates_make, paths

        if paths()["pkcs12"].exists() and not options["force"]:
            self.stdout.write(f"证书已存在：{paths()['pkcs12'].parent}（--force 覆盖）")
            return
        directory = certificates_make(court_name=options["court_name"], days=options["days"])
        self.stdout.write(self.style.SUCCESS(f"已生成演示证书：{directory}"))
