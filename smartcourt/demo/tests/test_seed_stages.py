"""`make demo` serves the site between the seed's two stages (ADR 0029): the organisation, the logins and the
sample cases first, every context's history after, in the background, with a progress file the pages show."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from smartcourt.demo import steps
from smartcourt.demo.context_processors import seed_progress
from smartcourt.demo.management.commands import seed_demo as seed_demo_command


def _quiet(msg: str) -> None:
    pass


@pytest.mark.django_db
def test_the_two_stages_are_the_whole_seed_in_its_order() -> None:
    whole = [step.name for step in steps.plan(seed=7, log=_quiet)]
    first = [step.name for step in steps.plan(seed=7, stage="first", log=_quiet)]
    assert first == [
        "案由与罪名",
        "法院、部门与工作人员",
        "示例案件（立案、分案、审限、结案、归档）",
        "网上立案与实名认证",
    ]
    assert whole[: len(first)] == first and len(whole) > len(first)


@pytest.mark.django_db
def test_the_second_stage_refuses_a_database_without_the_demo_court() -> None:
    with pytest.raises(CommandError, match="--stage first"):
        call_command("seed_demo", stage="rest", verbosity=0)


def test_the_progress_file_names_the_running_step_and_is_gone_at_the_end(monkeypatch, tmp_path: Path) -> None:
    progress = tmp_path / "progress.txt"
    seen: list[str] = []

    def step() -> int:
        seen.append(progress.read_text(encoding="utf-8"))
        return 1

    monkeypatch.setattr(steps, "seed_pragmas", contextlib.nullcontext)  # SQLite's pragmas: outside a test's transaction
    monkeypatch.setattr(steps, "plan", lambda **kwargs: [steps.Step("甲", "条", step), steps.Step("乙", "条", step)])
    # PostgreSQL's closing ANALYZE: these two steps write no table, and this test has no database
    monkeypatch.setattr(seed_demo_command, "_statistics_gather", lambda log: None)
    call_command("seed_demo", stage="rest", progress_file=str(progress), verbosity=0)
    assert seen == ["1/2 步：甲", "2/2 步：乙"]
    assert not progress.exists()


def test_the_pages_show_the_step_while_the_file_exists(settings, tmp_path: Path) -> None:
    progress = tmp_path / "progress.txt"
    settings.DEMO_SEED_PROGRESS_FILE = str(progress)
    settings.DEMO_SEED_LOG = "var/demo-seed.log"
    request = RequestFactory().get("/")
    assert seed_progress(request) == {}
    progress.write_text("7/16 步：电子卷宗", encoding="utf-8")
    assert seed_progress(request) == {"demo_seed_progress": "7/16 步：电子卷宗", "demo_seed_log": "var/demo-seed.log"}
