"""The service definitions in deploy/ restart what dies (issue 15: a dead worker must not stay down)."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"


@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").glob("*.service")))
def test_every_systemd_service_restarts_always(unit: str) -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(DEPLOY / "systemd" / unit)
    assert parser["Service"]["Restart"] == "always"
    assert parser["Service"]["EnvironmentFile"] == "/etc/smartcourt/smartcourt.env"


def test_supervisor_restarts_every_program() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(DEPLOY / "supervisor" / "smartcourt.conf")
    programs = [s for s in parser.sections() if s.startswith("program:")]
    assert {
        "program:smartcourt-web",
        "program:smartcourt-ws",  # the hearing room's websockets (ADR 0031)
        "program:smartcourt-worker",
        "program:smartcourt-scheduler",
    } == set(programs)
    assert all(parser[p]["autorestart"] == "true" for p in programs)


def test_the_worker_unit_runs_the_projects_worker_and_the_scheduler_its_schedules() -> None:
    worker = (DEPLOY / "systemd" / "smartcourt-worker@.service").read_text()
    scheduler = (DEPLOY / "systemd" / "smartcourt-scheduler.service").read_text()
    assert "manage.py run_worker" in worker and "--schedule-seconds 0" in worker
    assert "manage.py run_scheduler" in scheduler
