"""The steps of `seed_demo`, in their order, each timed and reported on one progress line (step, count, seconds).

`seed_demo` and the setup benchmark (bench/setup.py) run the same list, so the benchmark times exactly what
`make demo` runs. On SQLite the seed runs with `synchronous=OFF` (a seed interrupted by a power cut is simply run
again on a fresh database; nothing else writes meanwhile) and a larger page cache; the connection's usual pragmas
come back at the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from smartcourt.courts.models import Court

from . import (
    approvals,
    custody,
    documents,
    dossier,
    enforcement,
    enforcement_crosscourt,
    hearing_room,
    hearings,
    kiosk,
    ledger,
    library,
    mediation,
    publication,
    representation,
    service,
    statutes,
)
from .seed import DemoSeeder

Log = Callable[[str], None]


@dataclass(frozen=True)
class Step:
    name: str
    unit: str
    run: Callable[[], int]


@dataclass(frozen=True)
class StepResult:
    name: str
    count: int
    unit: str
    seconds: float

    def line(self, index: int, total: int) -> str:
        return f"[{index}/{total}] {self.name}：{self.count} {self.unit}，{self.seconds:.1f} 秒"


STAGES = ("all", "first", "rest")


def plan(
    *,
    seed: int,
    scale: str = "small",
    cases: int | None = None,
    cases_path: str = "bulk",
    stage: str = "all",
    log: Log = print,
) -> list[Step]:
    """What a run does on this database: the organisation and the sample cases once (skipped when the demo
    court exists), then every context's own idempotent demo data, then the province's bulk cases if asked.
    `cases_path` writes the sample cases in bulk (the default) or every one through the services (ADR 0029).
    `stage` "first" stops after the organisation, the logins and the sample cases (what the site needs to be
    used), "rest" is everything after them; `make demo` serves the site between the two (ADR 0029)."""
    assert stage in STAGES, stage
    seeder = DemoSeeder(seed=seed, log=log)
    steps: list[Step] = []
    if Court.objects.filter(code="苏").exists():
        if stage != "rest":
            log("演示法院已存在，跳过机构、人员与示例案件（重复运行不会重复生成数据）。")
        seeder.courts = {c.code: c for c in Court.objects.all()}
    else:
        if stage == "rest":
            raise ValueError("seed_demo --stage rest 需要已生成的演示法院：先运行 --stage first")
        steps += [
            Step("案由与罪名", "条", seeder.load_reference_data),
            Step("法院、部门与工作人员", "人", seeder.courts_and_staff),
            Step("示例案件（立案、分案、审限、结案、归档）", "件", lambda: seeder.cases(path=cases_path)),
            Step("网上立案与实名认证", "件", seeder.filings),
        ]
    if stage == "first":
        return steps
    for name, unit, context_seed in (
        ("存证账本", "条新记录", ledger.demo_seed),
        ("法律法规库", "条新条文", statutes.demo_seed),
        ("电子卷宗", "份文件", dossier.demo_seed),
        ("纸质卷宗保管", "件卷宗", custody.demo_seed),
        ("送达", "项送达任务", service.demo_seed),
        ("自助立案终端", "台", kiosk.demo_seed),
        ("立案后委托律师（授权委托书）", "份", representation.demo_seed),
        ("审批", "件申请", approvals.demo_seed),
        ("庭审排期", "场庭审", hearings.demo_seed),
        ("在线庭审室", "个", hearing_room.demo_seed),
        ("文书（各类模板）", "份文书", documents.demo_seed),
        ("裁判文书公开", "份裁判文书", publication.demo_seed),
        ("诉源治理（调解组织、共享法庭、调解案件）", "件纠纷", mediation.demo_seed),
        ("案例库与法答网", "件案例", library.demo_seed),
        ("执行（查控、案款、失信、终本）", "件执行案件", enforcement.demo_seed),
        ("异地执行、委托执行与协助执行网络", "件执行案件", enforcement_crosscourt.demo_seed),
    ):
        steps.append(Step(name, unit, _context_step(context_seed, seed=seed, log=log)))
    if scale == "province":
        from .bulk import seed_bulk_cases

        steps.append(
            Step("批量案件（省级规模）", "件", lambda: seed_bulk_cases(seed=seed, target=cases or 1_000_000, log=log))
        )
    return steps


def _context_step(context_seed: Callable[..., int | None], *, seed: int, log: Log) -> Callable[[], int]:
    return lambda: context_seed(seed=seed, log=log) or 0


@contextmanager
def seed_pragmas() -> Iterator[None]:
    """SQLite only: no fsync while seeding, a 64 MB page cache; restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (sync,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-65536")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={int(sync)}")
            cursor.execute(f"PRAGMA cache_size={int(cache)}")


def run(steps: list[Step], *, report: Log = print, progress: Path | None = None) -> list[StepResult]:
    """Run the steps in order, one progress line each as it ends; `progress` (a file) says which step is running."""
    results = []
    with seed_pragmas():
        for index, step in enumerate(steps, start=1):
            if progress is not None:
                progress.parent.mkdir(parents=True, exist_ok=True)
                progress.write_text(f"{index}/{len(steps)} 步：{step.name}", encoding="utf-8")
            started = time.monotonic()
            count = step.run()
            result = StepResult(step.name, int(count or 0), step.unit, time.monotonic() - started)
            report(result.line(index, len(steps)))
            results.append(result)
    return results
