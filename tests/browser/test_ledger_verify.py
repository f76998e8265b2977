"""The public verification page (存证核验) in a real browser: a file chosen on the page is hashed by WebCrypto and
found in the ledger; a pasted unknown hash is reported as unknown; the downloaded proof bundle, the checkpoint and
the key from the running server verify offline with the stdlib-only CLI."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from smartcourt.ledger import services
from tests.browser.conftest import screenshot, staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["（2026）苏0508民初123号 起诉状 第1页".encode() * 30, b"%PDF-1.7 demo page two", b"page three"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ledger(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.LEDGER_KEY_FILE = str(tmp_path / "key")
    settings.LEDGER_ORIGIN = "demo.court.example/ledger"
    for i, content in enumerate(PAGES):
        services.ledger_anchor(
            kind="dossier.page",
            subject=f"case:123/dossier.page:{i + 1}",
            sha256=hashlib.sha256(content).hexdigest(),
            meta={"case": "（2026）苏0508民初123号", "page": i + 1},
        )
    services.ledger_flush()
    services.ledger_checkpoint_publish(force=True)


def test_a_file_hashed_in_the_browser_is_found_and_verifies_offline(page, ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/ledger/verify/")
    assert page.get_by_test_id("ledger-title").inner_text() == "存证核验"
    assert page.get_by_test_id("ledger-checkpoint").is_visible()
    screenshot(page, "ledger-verify-empty")
    upload = tmp_path / "起诉状第1页.pdf"
    upload.write_bytes(PAGES[0])
    page.set_input_files("#ledger-file", str(upload))
    page.wait_for_url("**/ledger/verify/?sha256=*")
    result = page.get_by_test_id("ledger-result")
    assert result.get_attribute("data-status") == "recorded"
    assert hashlib.sha256(PAGES[0]).hexdigest() in page.url  # hashed in the browser: the file was not posted
    assert "包含证明已校验" in result.inner_text()
    assert page.get_by_test_id("ledger-index").inner_text() == "0"
    page.locator("details summary", has_text="包含证明").click()
    screenshot(page, "ledger-verify-recorded")

    with page.expect_download() as download:
        page.get_by_test_id("ledger-bundle").click()
    bundle = tmp_path / "proof.json"
    download.value.save_as(str(bundle))
    key = tmp_path / "key.txt"
    key.write_text(page.request.get(page.base_url + "/ledger/key.txt").text())
    checkpoint = tmp_path / "checkpoint.txt"
    checkpoint.write_text(page.request.get(page.base_url + "/ledger/checkpoint.txt").text())
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c",
         f"import sys, runpy; sys.path.insert(0, {str(ROOT)!r}); sys.argv = ['v'] + sys.argv[1:];"
         " runpy.run_module('smartcourt.ledger.verify', run_name='__main__')",
         str(upload), "--proof", str(bundle), "--key", str(key), "--checkpoint", str(checkpoint)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "核验通过" in result.stdout


def test_phone_paste_an_unknown_then_a_known_hash(phone_page, ledger) -> None:  # type: ignore[no-untyped-def]
    page = phone_page
    page.goto(page.base_url + "/ledger/verify/")
    page.fill("#ledger-sha256", "ab" * 32)
    page.get_by_test_id("ledger-lookup").click()
    assert page.get_by_test_id("ledger-result").get_attribute("data-status") == "unknown"
    assert "未查到存证记录" in page.get_by_test_id("ledger-verdict").inner_text()
    page.fill("#ledger-sha256", "not a hash")
    page.get_by_test_id("ledger-lookup").click()
    assert page.get_by_test_id("ledger-result").get_attribute("data-status") == "invalid"
    assert page.locator("#ledger-sha256-error").is_visible()
    page.fill("#ledger-sha256", hashlib.sha256(PAGES[1]).hexdigest().upper())
    page.get_by_test_id("ledger-lookup").click()
    assert page.get_by_test_id("ledger-result").get_attribute("data-status") == "recorded"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    screenshot(page, "ledger-verify-phone")
    # A leaf hash (public: proofs list them) proves inclusion but shows no entry (ADR 0015).
    leaf = page.locator("[data-testid=ledger-proof] li").first.text_content().strip()  # the neighbour leaf
    page.fill("#ledger-sha256", leaf)
    page.get_by_test_id("ledger-lookup").click()
    assert page.get_by_test_id("ledger-result").get_attribute("data-status") == "recorded"
    assert page.get_by_test_id("ledger-entry-private").is_visible() and "苏0508民初123号" not in page.inner_text("main")
    screenshot(page, "ledger-verify-leaf-phone")


def test_admin_sees_the_auditor_finding_on_the_workbench(page, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from smartcourt.courts.roles import Role
    from smartcourt.courts.tests.factories import CourtFactory, user_with_role
    from smartcourt.ledger.audit import ledger_audit

    settings.LEDGER_KEY_FILE = str(tmp_path / "key")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    name = default_storage.save("dossier/p1.pdf", ContentFile(PAGES[0]))
    services.ledger_anchor(
        kind="dossier.page",
        subject="case:1/dossier.page:1",
        sha256=hashlib.sha256(PAGES[0]).hexdigest(),
        storage_name=name,
    )
    services.ledger_flush()
    with default_storage.open(name, "wb") as fh:
        fh.write(b"altered after anchoring")
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory(name="江苏省高级人民法院", code="苏"), full_name="韩信息")
    device = TOTPDevice.objects.create(user=admin, confirmed=True)
    assert [f.kind for f in ledger_audit().new_findings] == ["file_hash"]

    staff_sign_in(page, admin, device)
    panel = page.get_by_test_id("ledger-findings-panel")
    assert "存证文件内容被改动" in panel.inner_text()
    panel.get_by_role("link", name="查看账本审计").click()
    assert "dossier/p1.pdf" in page.get_by_test_id("ledger-open-findings").inner_text()
    screenshot(page, "ledger-findings")
    page.fill("input[name=resolution]", "已从备份恢复原文件")
    page.get_by_role("button", name="标记已处理").click()
    assert "没有未处理的异常" in page.get_by_test_id("ledger-open-findings").inner_text()
    page.get_by_test_id("ledger-entries-link").click()
    assert page.get_by_test_id("ledger-entry").count() == 1 and "case:1/dossier.page:1" in page.inner_text("main")
    screenshot(page, "ledger-entries")
