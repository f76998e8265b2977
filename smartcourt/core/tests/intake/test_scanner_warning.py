"""A missing virus scanner is a visible deployment warning, never a silent skip (issue 13, item 5): a system check
warning where a scanner is expected, a warning code on /healthz, a banner on the administrators' status panel."""

from __future__ import annotations

import pytest
from django.core import checks
from django.urls import reverse

from smartcourt.core.intake import scan


@pytest.fixture
def no_clamav(settings, monkeypatch):  # type: ignore[no-untyped-def]
    settings.INTAKE_VIRUS_SCANNER = scan.DEFAULT_SCANNER
    settings.INTAKE_VIRUS_SCAN_REQUIRED = True
    real_which = scan.shutil.which
    monkeypatch.setattr(scan.shutil, "which", lambda name: None if name == "clamdscan" else real_which(name))


def _warnings() -> list[checks.CheckMessage]:
    return [m for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == "intake.W001"]


def test_a_missing_clamav_is_a_system_check_warning(no_clamav) -> None:  # type: ignore[no-untyped-def]
    [warning] = _warnings()
    assert warning.level == checks.WARNING and "未安装 ClamAV" in warning.msg and "未做病毒扫描" in warning.msg
    assert "INTAKE_VIRUS_SCANNER" in warning.hint


def test_no_warning_with_a_scanner_or_where_none_is_expected(no_clamav, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(scan.shutil, "which", lambda name: "/usr/bin/clamdscan")
    assert _warnings() == []
    monkeypatch.setattr(scan.shutil, "which", lambda name: None)
    settings.INTAKE_VIRUS_SCAN_REQUIRED = False  # an explicit, deliberate choice (the demo machine)
    assert _warnings() == []


def test_a_scanner_that_cannot_be_loaded_or_says_it_is_down_is_a_warning(settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTAKE_VIRUS_SCAN_REQUIRED = True
    settings.INTAKE_VIRUS_SCANNER = "smartcourt.nowhere.scan"
    [warning] = _warnings()
    assert "无法加载" in warning.msg
    settings.INTAKE_VIRUS_SCANNER = "smartcourt.core.tests.intake.test_scanner_warning.down_scanner"
    [warning] = _warnings()
    assert "扫描服务未启动" in warning.msg


def down_scanner(path: str) -> scan.ScanResult:
    raise AssertionError("not called by the check")


down_scanner.available = lambda: (False, "扫描服务未启动")  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_healthz_names_the_warning(client, no_clamav) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "warnings": ["intake.no_virus_scanner"]}


@pytest.mark.django_db
def test_the_administrators_status_panel_shows_a_banner(client, no_clamav) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.courts.roles import Role
    from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role

    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    login_verified(client, admin)
    body = client.get(reverse("workbench")).content.decode()
    assert 'data-testid="scanner-missing"' in body and "未安装 ClamAV" in body
