"""Concurrent users: a realistic mix of visitors, parties and court staff against gunicorn on PostgreSQL.

`python -m bench load` (or `make bench BENCH=load`) does everything itself:
1. its own PostgreSQL database (`<bench database>_load`, or BENCH_LOAD_DATABASE_URL) with the demo court
   (`seed_demo --scale small --seed 2025`, once; reused by later runs), where every staff member who works on cases
   gets an authenticator whose secret is derived from the seed as the demo logins' are (`demo.seed.totp_key`);
2. gunicorn on a loopback port (BENCH_LOAD_PORT, default 8130) with the production deployment's worker model (ADR 0025);
3. locust, headless, in its own process (bench/_locustfile.py): the mix at 50, 100 and 200 users (BENCH_LOAD_USERS),
   each person waiting 1–3 s between clicks, each step measured once all its users have signed in; then the two
   ceilings alone at the top count without pauses —
   `/healthz` (one `SELECT 1` through the whole middleware stack) and a static file (WhiteNoise) — the most this
   server answers on this machine at this moment.
It prints requests/s and p50/p95/p99 per endpoint, the errors, and the mix's throughput as a share of the ceilings
measured in the same run: on a machine shared with other work, absolute figures move from run to run; the ratios
move less.

Options (environment): BENCH_LOAD_SECONDS (measured seconds per step, default 60), BENCH_LOAD_USERS ("50,100,200"),
BENCH_LOAD_MODELS (compare worker models at the top count instead of the default one, e.g.
"sync:3 gthread:3x4 gthread:2x8"), BENCH_LOAD_PROFILE=1 (no load: each page once in-process, with its query count
and a pyinstrument profile of the slowest ones written under var/load/).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "load"
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8130"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
USERS = [int(n) for n in os.environ.get("BENCH_LOAD_USERS", "50,100,200").split(",")]
SEED = 2025
GOAL_USERS, GOAL_P95_MS = 200, 500
# The worker model of the production deployment (deploy/smartcourt.env.example: 4 sync workers behind nginx), whose
# figures the 200-user goal is about; ADR 0025 (2026-12-07) records it beside gthread and `make demo`'s one uvicorn
# worker (HTTP on 12 threads, the hearing room's in-memory channel layer in the same process):
# BENCH_LOAD_MODELS="uvicorn:1x12 gthread:3x4" measures those.
DEFAULT_MODEL = "sync:4"
MIX_CLASSES = ["Visitor", "Litigant", "Staff", "Reference"]
# Staff whose day is cases (the system administrator reads none, ADR 0017; court police have no case list).
CASE_ROLES = (
    "judge",
    "judge_assistant",
    "clerk",
    "filing_officer",
    "enforcement_officer",
    "division_head",
    "president",
    "trial_management",
)


# ------------------------------------------------------------------------------------------------ the database


def database_url() -> str:
    """The load benchmark's own database: the demo court at `small` scale, beside (never inside) the province-scale
    data of the other benchmarks."""
    explicit = os.environ.get("BENCH_LOAD_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        return "postgres://postgres@127.0.0.1:5432/smartcourt_load"
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_load"))


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "smartcourt.settings.dev",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "ERROR",
        # the cache production runs (deploy/: Redis): sessions, the signed-in person, shared figures
        "CACHE_URL": os.environ.get("BENCH_LOAD_CACHE_URL", "redis://127.0.0.1:6379/3"),
    }


def _manage(url: str, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(url), check=True)


def _database_create(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def _seeded(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        try:
            row = conn.execute(
                "SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM courts_user WHERE username='demo_party')"
            ).fetchone()
        except psycopg.errors.UndefinedTable:
            return False
    return bool(row and row[0] > 0 and row[1] == 1)


def _analyze(url: str) -> None:
    """Table statistics, as autovacuum keeps them on a production server (it is off on this project's CI machine,
    and a database seeded before seed_demo gathered them has none): without them every plan assumes empty tables."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def prepare(url: str) -> Path:
    """The database migrated and seeded, and the accounts file the locust users sign in with."""
    OUT.mkdir(parents=True, exist_ok=True)
    _database_create(url)
    _manage(url, "migrate", "--noinput", "-v", "0")
    if not _seeded(url):
        print("  seeding the demo court (seed_demo --scale small) …", flush=True)
        _manage(url, "seed_demo", "--scale", "small", "--seed", str(SEED))
    _analyze(url)
    accounts = OUT / "accounts.json"
    subprocess.run([sys.executable, "-m", "bench.load", "accounts", str(accounts)], cwd=ROOT, env=_env(url), check=True)
    return accounts


def accounts_write(path: str) -> None:
    """(Run inside Django, on the load database.) Every case-working staff member gets an authenticator with the
    demo's derived secret, as the demo logins have (a court's staff each sign in with their own); the litigants are
    the people with an account who are party to or represent a case."""
    import django

    django.setup()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from smartcourt.courts.models import User
    from smartcourt.demo.seed import DEMO_PASSWORD, totp_key
    from smartcourt.portal.selectors import my_cases

    staff = list(
        User.objects.filter(grants__role__in=CASE_ROLES, is_active=True)
        .distinct()
        .order_by("username")
        .values_list("pk", "username")
    )
    for pk, username in staff:
        if not TOTPDevice.objects.filter(user_id=pk, confirmed=True).exists():
            TOTPDevice.objects.create(user_id=pk, name="演示身份验证器", confirmed=True, key=totp_key(username, SEED))
    # demo logins first: the first locust users are the ones a person would try by hand
    staff.sort(key=lambda row: (not row[1].startswith("demo_"), row[1]))
    devices = dict(TOTPDevice.objects.filter(user_id__in=[pk for pk, _ in staff]).values_list("user_id", "key"))
    litigants = [
        user.username
        for user in User.objects.filter(grants__role__in=("party", "lawyer")).distinct().order_by("username")
        if user.has_usable_password() and my_cases(user=user).exists()  # the demo's other side has no password
    ]
    litigants.sort(key=lambda name: not name.startswith("demo_"))
    Path(path).write_text(
        json.dumps(
            {
                "password": DEMO_PASSWORD,
                "staff": [[username, devices[pk]] for pk, username in staff],
                "litigants": litigants,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


# ------------------------------------------------------------------------------------------------ the server


def gunicorn_args(model: str) -> list[str]:
    """`sync:3` → 3 sync workers; `gthread:3x4` → 3 workers of 4 threads each; `uvicorn:1x12` → what `make demo`
    runs: 1 uvicorn worker serving smartcourt.asgi, its HTTP requests on a pool of 12 threads (WEB_THREADS, see
    `model_app`). Always --preload (one import before the fork: workers start in well under a second and share the
    loaded code's memory)."""
    kind, _, size = model.partition(":")
    workers, _, threads = size.partition("x")
    if kind == "uvicorn":
        return ["--workers", workers or "1", "--worker-class", "uvicorn_worker.UvicornWorker", "--preload",
                "--keep-alive", "5"]  # fmt: skip
    args = ["--workers", workers or "3", "--worker-class", kind, "--preload"]
    if kind == "gthread":
        # keep-alive longer than a person's pause between clicks: a connection gunicorn closes at the moment a client
        # reuses it fails that request ("connection closed"; a POST is not retried) — 2 s by default
        args += ["--threads", threads or "4", "--keep-alive", "5"]
    return args


def model_app(model: str) -> tuple[str, dict[str, str]]:
    """The application a worker model serves and the environment it needs: the ASGI one (HTTP on a thread pool of
    WEB_THREADS, the hearing room's websockets) for uvicorn workers, as `make demo` runs it; the WSGI one otherwise."""
    kind, _, size = model.partition(":")
    if kind == "uvicorn":
        return "smartcourt.asgi:application", {"WEB_THREADS": size.partition("x")[2] or "12"}
    return "smartcourt.wsgi:application", {}


@contextmanager
def server(url: str, model: str):  # type: ignore[no-untyped-def]
    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    app, app_env = model_app(model)
    # Every simulated person signs in from 127.0.0.1: the per-address login limit (ADR 0017, 20 failures) would treat
    # them as one attacker, and once reached it refuses every sign-in of every later run for 15 minutes. The
    # per-account limit stays; the failures a previous run left are cleared.
    _manage(url, "axes_reset")
    app_env = {**app_env, "LOGIN_FAILURES_PER_IP": "1000000"}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            app,
            "--bind",
            f"127.0.0.1:{PORT}",
            *gunicorn_args(model),
            "--backlog",
            "2048",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env={**_env(url), "SMARTCOURT_DEMO": "0", **app_env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: see {OUT / 'gunicorn.log'}") from None
                time.sleep(0.3)
        _warm()
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _warm() -> None:
    """Every worker has loaded its templates and opened its connection before anything is measured."""
    for path in ("/", "/login/", "/staff/login/", "/ledger/verify/", "/healthz") * 6:
        with suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30).read()


# ------------------------------------------------------------------------------------------------ CPU shares


class CpuSampler:
    """Once a second, the CPU seconds spent so far by the server (gunicorn and its workers), PostgreSQL (every
    `postgres` process), locust, and everything else on the machine; `cores(window)` is each one's average number of
    cores busy over a measured window. The load generator runs on the same cores as what it measures: this says how
    much of them each side took."""

    def __init__(self, server_pid: int) -> None:
        import psutil

        self.psutil = psutil
        self.server = psutil.Process(server_pid)
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> dict[Any, float]:
        """CPU seconds so far per process, keyed (group, pid), and the whole machine's under "machine"."""
        psutil = self.psutil
        server_pids = set()
        with suppress(psutil.Error):
            server_pids = {self.server.pid, *(c.pid for c in self.server.children(recursive=True))}
        out: dict[Any, float] = {}
        for proc in psutil.process_iter(["pid", "name", "cmdline", "cpu_times"]):
            times = proc.info["cpu_times"]
            if times is None:
                continue
            pid = proc.info["pid"]
            if pid in server_pids:
                group = "server"
            elif proc.info["name"] == "postgres":
                group = "postgres"
            elif any("locust" in part for part in (proc.info["cmdline"] or [])[:2]):
                group = "locust"
            else:
                continue
            out[(group, pid)] = times.user + times.system
        total = psutil.cpu_times()
        out["machine"] = sum(getattr(total, f, 0.0) for f in ("user", "system", "nice", "irq", "softirq"))
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), self._sample()))
            self._stop.wait(1.0)

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def cores(self, window: list[float]) -> dict[str, float]:
        """Each group's cores over the samples inside `window`: per process, its last CPU seen minus its CPU at the
        window's first sample (0 for a process started since — a database connection opened during the window)."""
        inside = [s for s in self.samples if window[0] <= s[0] <= window[1]]
        if len(inside) < 2:
            return {}
        first, last_seen = inside[0][1], {}
        for _, sample in inside:
            last_seen.update(sample)
        seconds = inside[-1][0] - inside[0][0]
        out = {"server": 0.0, "postgres": 0.0, "locust": 0.0}
        for key, value in last_seen.items():
            if key != "machine":
                out[key[0]] += value - first.get(key, 0.0)
        out = {group: used / seconds for group, used in out.items()}
        machine = (inside[-1][1]["machine"] - first["machine"]) / seconds
        out["other"] = max(0.0, machine - sum(out.values()))
        return out


def _print_cores(cores: dict[str, float]) -> None:
    if cores:
        print(
            f"    CPU in the measured window (cores of {os.cpu_count()}): server {cores['server']:.2f}, "
            f"PostgreSQL {cores['postgres']:.2f}, locust {cores['locust']:.2f}, everything else {cores['other']:.2f}",
            flush=True,
        )


# ------------------------------------------------------------------------------------------------ the users


def locust(
    accounts: Path, classes: list[str], steps: list[int], label: str, *, spawn_rate: float, settle: int, measure: int
) -> dict[str, Any]:
    """One headless locust run through `steps` user counts (bench/_locustfile.py `Steps`); per step, the statistics
    of its measured window (sign-ins during the ramps and the settling time after them are not measured)."""
    results = OUT / f"{label}.json"
    results.unlink(missing_ok=True)
    cmd = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "bench" / "_locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{PORT}",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
        *classes,
    ]
    env = {
        **os.environ,
        "LOAD_ACCOUNTS": str(accounts),
        "LOAD_STEPS": ",".join(map(str, steps)),
        "LOAD_SPAWN_RATE": str(spawn_rate),
        "LOAD_SETTLE_SECONDS": str(settle),
        "LOAD_MEASURE_SECONDS": str(measure),
        "LOAD_RESULTS": str(results),
    }
    with open(OUT / f"{label}.log", "w") as log:
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    if not results.exists():
        raise RuntimeError(f"locust wrote no results: see {OUT / f'{label}.log'}")
    return {int(k): v for k, v in json.loads(results.read_text(encoding="utf-8")).items()}


def _print_table(stats: dict[str, Any]) -> None:
    print(f"    {'endpoint':<30} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}", flush=True)
    rows = stats["rows"]
    names = sorted(
        (n for n in rows if not n.startswith("all ")), key=lambda n: (n.startswith(("ceiling", "sign-in")), n)
    )
    for name in [*names, "all pages", "all requests"]:
        if name not in rows:
            continue
        r = rows[name]
        print(
            f"    {name:<30} {r['rps']:7.1f} {r['p50']:7.0f} {r['p95']:7.0f} {r['p99']:7.0f} {r['errors']:7d}",
            flush=True,
        )
    for failure in stats["failures"][:10]:
        print(f"    ! {failure}", flush=True)


def _pages(stats: dict[str, Any]) -> dict[str, float]:
    """The mix's pages and API calls (the reference endpoints and the sign-ins aside): requests/s, worst p95, and
    the errors of every request."""
    rows = {n: r for n, r in stats["rows"].items() if not n.startswith(("all ", "ceiling", "sign-in"))}
    pages = stats["rows"].get("all pages", {})
    return {
        "rps": pages.get("rps", 0.0),
        "p50": pages.get("p50", 0.0),
        "p95": pages.get("p95", 0.0),
        "p99": pages.get("p99", 0.0),
        "worst_p95": max((r["p95"] for r in rows.values()), default=0.0),
        "errors": stats["rows"].get("all requests", {}).get("errors", 0),
    }


def _run_model(url: str, accounts: Path, model: str, users_list: list[int]) -> dict[Any, dict[str, Any]]:
    """The mix at each user count (one locust run: people signed in stay), then each ceiling alone at the top count."""
    name = model.replace(":", "-")
    results: dict[Any, dict[str, Any]] = {}
    with server(url, model) as proc:
        with CpuSampler(proc.pid) as sampler:
            mix = locust(accounts, MIX_CLASSES, users_list, f"{name}-mix", spawn_rate=2, settle=15, measure=SECONDS)
        for users in users_list:
            stats = mix[users]
            stats["cores"] = sampler.cores(stats["window"]) if "window" in stats else {}
            results[users] = stats
            pages = _pages(stats)
            agg = stats["rows"].get("all requests", {})
            print(
                f"\n  {users} users ({model}, signed in {stats.get('signed_in', '?')}): "
                f"{agg.get('rps', 0):.1f} requests/s in all, pages and API "
                f"{pages['rps']:.1f}/s, worst page p95 {pages['worst_p95']:.0f} ms, errors {pages['errors']:.0f}",
                flush=True,
            )
            _print_table(stats)
            _print_cores(stats["cores"])
        top = max(users_list)
        for cls in ("HealthzCeiling", "StaticCeiling"):
            ceiling = locust(accounts, [cls], [top], f"{name}-{cls}", spawn_rate=top, settle=5, measure=20)
            results[cls] = ceiling[top]
    return results


def run() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the server and locust are stopped too
    url = database_url()
    print(f"  database: {urlsplit(url).path.lstrip('/')} (PostgreSQL, demo court, small scale)", flush=True)
    if os.environ.get("BENCH_LOAD_PROFILE"):
        subprocess.run([sys.executable, "-m", "bench.load", "profile"], cwd=ROOT, env=_env(url), check=True)
        return
    accounts = prepare(url)
    models = os.environ.get("BENCH_LOAD_MODELS", "").split()
    if models:
        _compare(url, accounts, models)
        return
    print(
        f"  gunicorn {DEFAULT_MODEL} (ADR 0025), {SECONDS} s measured per step, 1–3 s between a person's clicks",
        flush=True,
    )
    results = _run_model(url, accounts, DEFAULT_MODEL, USERS)
    healthz = results["HealthzCeiling"]["rows"].get("ceiling: /healthz", {})
    static = results["StaticCeiling"]["rows"].get("ceiling: static file", {})
    top = max(USERS)
    print(f"\n  ceilings alone, {top} users without pauses, same server, same run:", flush=True)
    for label, r in (("/healthz", healthz), ("static file", static)):
        if r:
            print(
                f"    {label:<14} {r['rps']:7.1f} requests/s   p50 {r['p50']:.0f} ms   p95 {r['p95']:.0f} ms   "
                f"errors {r['errors']}",
                flush=True,
            )
    print("\n  summary (pages = the mix's pages and API calls; sign-ins and reference endpoints aside):", flush=True)
    for users in USERS:
        pages = _pages(results[users])
        share = pages["rps"] / healthz["rps"] if healthz.get("rps") else 0.0
        print(
            f"    {users:4d} users: {pages['rps']:6.1f} pages/s (×{share:.3f} of the /healthz ceiling's requests/s)  "
            f"p50 {pages['p50']:.0f} ms  p95 {pages['p95']:.0f} ms  p99 {pages['p99']:.0f} ms  "
            f"worst endpoint p95 {pages['worst_p95']:.0f} ms  errors {pages['errors']}",
            flush=True,
        )
    if GOAL_USERS in results:
        pages = _pages(results[GOAL_USERS])
        met = pages["p95"] < GOAL_P95_MS and pages["errors"] == 0
        print(
            f"  goal: {GOAL_USERS} users, pages p95 < {GOAL_P95_MS} ms and no error: {'met' if met else 'NOT met'} "
            f"(p95 {pages['p95']:.0f} ms, errors {pages['errors']})",
            flush=True,
        )


def _compare(url: str, accounts: Path, models: list[str]) -> None:
    """Worker models one after the other at the top user count, each with its own ceilings."""
    top = max(USERS)
    summary = []
    for model in models:
        print(f"\n  --- worker model {model} ---", flush=True)
        results = _run_model(url, accounts, model, [top])
        healthz = results["HealthzCeiling"]["rows"].get("ceiling: /healthz", {})
        summary.append((model, _pages(results[top]), healthz))
    print(f"\n  worker models at {top} users (same run, one after the other):", flush=True)
    for model, pages, healthz in summary:
        print(
            f"    {model:<14} {pages['rps']:6.1f} pages/s  p50 {pages['p50']:5.0f} ms  p95 {pages['p95']:5.0f} ms  "
            f"p99 {pages['p99']:5.0f} ms  errors {pages['errors']:3d}   /healthz alone {healthz.get('rps', 0):6.1f}/s",
            flush=True,
        )


if __name__ == "__main__":
    if sys.argv[1] == "accounts":
        accounts_write(sys.argv[2])
    elif sys.argv[1] == "profile":
        from bench._load_profile import profile_pages

        profile_pages(OUT)
