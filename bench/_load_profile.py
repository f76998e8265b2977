"""`BENCH_LOAD_PROFILE=1 python -m bench load`: each page of the load mix once, in-process, on the load database —
its time, its query count, its queries that repeat with other parameters (the N+1 signature), and a pyinstrument
profile of each written to var/load/profile-<page>.txt. No server, no concurrency: where a page spends its time."""

from __future__ import annotations

import os
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any


def _pages() -> list[tuple[str, str | None, str, str]]:
    """(label, username or None, method, path) of every page the load mix asks for, for one person each."""
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User

    party = User.objects.get(username="demo_party")
    judge = User.objects.get(username="demo_judge")
    party_case = Case.objects.filter(parties__person__user=party).order_by("-id").first()
    judge_case = Case.objects.filter(judge=judge).order_by("-id").first()
    assert party_case is not None and judge_case is not None
    pages: list[tuple[str, str | None, str, str]] = [
        ("home", None, "GET", "/"),
        ("litigant login", None, "GET", "/login/"),
        ("staff login", None, "GET", "/staff/login/"),
        ("verify page", None, "GET", "/ledger/verify/"),
        ("fee API", None, "GET", "/api/v1/fees/estimate?kind=property&amount=100000"),
        ("deadline API", None, "POST", "/api/v1/deadlines/compute"),
        ("party: my cases", "demo_party", "GET", "/portal/cases/"),
        ("party: case page", "demo_party", "GET", f"/cases/{party_case.pk}/"),
        ("party: dossier page", "demo_party", "GET", f"/dossier/cases/{party_case.pk}/"),
        ("staff: case list", "demo_judge", "GET", "/cases/"),
        ("staff: case list state", "demo_judge", "GET", "/cases/?state=in_trial"),
        ("staff: search", "demo_judge", "GET", "/cases/?q=%E7%8E%8B"),
        ("staff: case page", "demo_judge", "GET", f"/cases/{judge_case.pk}/"),
    ]
    for username in (
        "demo_judge",
        "demo_assistant",
        "demo_clerk",
        "demo_filing",
        "demo_enforcement",
        "demo_division_head",
        "demo_president",
        "demo_trial_management",
        "demo_mediator",
        "demo_police",
        "demo_admin",
        "demo_lawyer",
        "demo_party",
    ):
        pages.append((f"workbench {username}", username, "GET", "/"))
    return pages


def _client(username: str | None) -> Any:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from smartcourt.courts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    if username is not None:
        user = User.objects.get(username=username)
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
    return client


def _shape(sql: str) -> str:
    return re.sub(r"\b\d+\b", "?", re.sub(r"'[^']*'", "?", sql))


def profile_pages(out: Path) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    out.mkdir(parents=True, exist_ok=True)
    clients: dict[str | None, Any] = {}
    # CPU milliseconds (this process only: Python, templates, the driver) say more than wall time on a busy machine
    print(f"  {'page':<34} {'wall ms':>7} {'CPU ms':>7} {'queries':>8}  repeated query shapes", flush=True)
    only = re.compile(os.environ.get("BENCH_LOAD_PAGES", ""))  # a regular expression on the labels
    for label, username, method, path in _pages():
        if not only.search(label):
            continue
        client = clients.setdefault(username, _client(username))

        def fetch(client: Any = client, method: str = method, path: str = path) -> Any:
            if method == "POST":
                return client.post(
                    path, {"rule": "civil.appeal.judgment", "start": "2025-09-28"}, content_type="application/json"
                )
            return client.get(path)

        response = fetch()
        assert response.status_code == 200, (label, response.status_code)
        with CaptureQueriesContext(connection) as capture:
            fetch()
        queries = list(capture.captured_queries)  # now: the next request clears the connection's log
        samples, cpu = [], []
        for _ in range(5):
            started, started_cpu = time.perf_counter(), time.process_time()
            fetch()
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(3):
                fetch()
        name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        (out / f"profile-{name}.txt").write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        shapes = Counter(_shape(q["sql"]) for q in queries)
        repeated = [f"{n}×" for shape, n in shapes.most_common(3) if n > 1]
        print(
            f"  {label:<34} {statistics.median(samples):7.1f} {statistics.median(cpu):7.1f} {len(queries):8d}  {' '.join(repeated)}",
            flush=True,
        )
        if repeated:
            (out / f"queries-{name}.txt").write_text("\n\n".join(q["sql"] for q in queries), encoding="utf-8")
