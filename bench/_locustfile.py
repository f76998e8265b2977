"""The users of `bench/load.py` (locust, headless; run in its own process: locust patches the standard library with
gevent, which Django's process must never see).

A realistic mix of who uses a court's site at once, each person waiting 1–3 s between clicks and following the links
the pages show rather than a list of ids:
- visitors (anonymous): the home page, the fee calculator's and the deadline calculator's API, the verification page,
  a sign-in page;
- parties and lawyers, signed in with their password: my cases, one of them, its electronic dossier;
- court staff, signed in with password and TOTP (each locust user is a different staff member, as in a court):
  the workbench, the case list with filters, a search, a case page.
Two reference endpoints run beside them in the same run: `/healthz` (one `SELECT 1`) and a static file.

Configuration from the environment (bench/load.py sets it): LOAD_ACCOUNTS (a JSON file: password, staff as
[username, TOTP key hex], litigants as [username]), The user classes
are chosen on locust's command line: the mix (Visitor Litigant Staff Reference), or one ceiling class.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from typing import Any
from urllib.parse import quote

from locust import FastHttpUser, LoadTestShape, between, events, task
from locust.exception import StopUser
from locust.stats import StatsEntry

with open(os.environ["LOAD_ACCOUNTS"], encoding="utf-8") as _f:
    ACCOUNTS = json.load(_f)
STATIC_FILE = ACCOUNTS.get("static_file", "/static/css/app.css")
_staff = itertools.cycle(ACCOUNTS["staff"])
_litigants = itertools.cycle(ACCOUNTS["litigants"])

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
STATES = ["", "registered", "in_trial", "suspended", "closed"]
SEARCHES = ["王", "借贷", "民初", "张", "合同纠纷", "公司"]
FEE_QUERIES = [
    "kind=property&amount=100000",
    "kind=property&amount=2500000.50",
    "kind=divorce",
    "kind=labour",
]
DEADLINE_RULES = ["civil.appeal.judgment", "civil.appeal.ruling", "civil.defence"]


_environment: list[Any] = []


@events.init.add_listener
def _keep_environment(environment: Any, **_kwargs: Any) -> None:
    _environment.append(environment)


def _snapshot(seconds: float) -> dict[str, Any]:
    """Per endpoint: requests, failures, requests/s over the measured window, p50/p95/p99 in ms."""
    stats = _environment[0].stats
    pages = StatsEntry(stats, "pages", "", use_response_times_cache=False)  # the mix's pages and API calls together
    for entry in stats.entries.values():
        if not entry.name.startswith(("ceiling", "sign-in")):
            pages.extend(entry)
    rows = {}
    for entry in [*stats.entries.values(), pages, stats.total]:
        if not entry.num_requests:
            continue
        rows["all requests" if entry is stats.total else "all pages" if entry is pages else entry.name] = {
            "count": entry.num_requests,
            "errors": entry.num_failures,
            "rps": entry.num_requests / seconds,
            **{f"p{int(q * 100)}": entry.get_response_time_percentile(q) for q in (0.5, 0.95, 0.99)},
        }
    failures = [f"{e.method} {e.name}: {e.error} ×{e.occurrences}" for e in stats.errors.values()]
    return {"seconds": seconds, "rows": rows, "failures": failures}


STEPS = [int(n) for n in os.environ.get("LOAD_STEPS", "").split(",") if n]
_ready = [0, 0]  # users whose on_start (sign-in) is done; users whose sign-in failed (stopped, counted as errors)


def _started() -> None:
    _ready[0] += 1


def _signing_in(on_start: Any) -> Any:
    def wrapped(self: Any) -> None:
        try:
            on_start(self)
        except StopUser:
            _ready[1] += 1
            raise

    return wrapped


if STEPS:
    SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "2"))
    SETTLE = float(os.environ.get("LOAD_SETTLE_SECONDS", "15"))
    MEASURE = float(os.environ.get("LOAD_MEASURE_SECONDS", "60"))
    SIGN_IN_WAIT = float(os.environ.get("LOAD_SIGN_IN_WAIT_SECONDS", "600"))
    RESULTS = os.environ["LOAD_RESULTS"]

    class Steps(LoadTestShape):
        """50, then 100, then 200 users (LOAD_STEPS), added at LOAD_SPAWN_RATE a second; the people already signed
        in stay. A step is measured only once every one of its users has signed in (a sign-in is an argon2 hash,
        deliberately costly: a crowd signing in at once is another benchmark) and a settling time has passed; its
        statistics over LOAD_MEASURE_SECONDS are written to LOAD_RESULTS."""

        def __init__(self) -> None:
            super().__init__()
            self.step = 0
            self.phase = "ramp"
            self.since = 0.0
            self.results: dict[str, Any] = {}
            self.window_start = 0.0

        def _next(self, phase: str) -> None:
            self.phase, self.since = phase, time.monotonic()

        def tick(self) -> tuple[int, float] | None:
            if self.step >= len(STEPS):
                return None
            users = STEPS[self.step]
            elapsed = time.monotonic() - self.since
            if self.phase == "ramp":
                if self.since == 0.0:
                    self._next("ramp")
                elif sum(_ready) >= users or elapsed > SIGN_IN_WAIT:
                    self._next("settle")
            elif self.phase == "settle" and elapsed >= SETTLE:
                _environment[0].stats.reset_all()
                self._next("measure")
                self.window_start = time.time()
            elif self.phase == "measure" and elapsed >= MEASURE:
                snapshot = _snapshot(elapsed)
                snapshot["window"] = [self.window_start, time.time()]  # wall clock: bench/load.py's CPU shares
                snapshot["signed_in"] = f"{_ready[0]}/{users}" + (f", {_ready[1]} refused" if _ready[1] else "")
                self.results[str(users)] = snapshot
                with open(RESULTS, "w", encoding="utf-8") as f:
                    json.dump(self.results, f, ensure_ascii=False)
                self.step += 1
                self._next("ramp")
                if self.step >= len(STEPS):
                    return None
                users = STEPS[self.step]
            return users, SPAWN_RATE


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 with django-otp's defaults (SHA-1, 30 s, 6 digits), as an authenticator app computes it."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


class _Person(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)
    case_ids: list[int]

    def _page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return ""
            return response.text or ""

    def _sign_in(self, login_path: str, username: str, password: str) -> str:
        """Password sign-in through the form (CSRF token from the page); returns the page it lands on."""
        page = self.client.get(login_path, name="sign-in: form").text or ""
        token = CSRF.search(page)
        if token is None:
            raise StopUser()
        with self.client.post(
            login_path,
            data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
            name="sign-in: password",
            catch_response=True,
        ) as response:
            if "/login/" in (response.url or ""):
                response.failure("password refused")
                raise StopUser()
            return response.text or ""


class Visitor(_Person):
    """Anyone on the internet: no account."""

    weight = 3

    def on_start(self) -> None:
        _started()

    @task(4)
    def home(self) -> None:
        self._page("/", "visitor: home")

    @task(2)
    def fee_api(self) -> None:
        self.client.get(f"/api/v1/fees/estimate?{random.choice(FEE_QUERIES)}", name="visitor: fee API")

    @task(2)
    def deadline_api(self) -> None:
        start = f"2025-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
        self.client.post(
            "/api/v1/deadlines/compute",
            json={"rule": random.choice(DEADLINE_RULES), "start": start},
            name="visitor: deadline API",
        )

    @task(2)
    def verify_page(self) -> None:
        self._page("/ledger/verify/", "visitor: verify page")

    @task(1)
    def sign_in_page(self) -> None:
        self._page(random.choice(["/login/", "/staff/login/"]), "visitor: sign-in page")


class Litigant(_Person):
    """A party or a lawyer, signed in with a password (no second factor for litigants)."""

    weight = 2

    @_signing_in
    def on_start(self) -> None:
        self.username = next(_litigants)
        self._sign_in("/login/", self.username, ACCOUNTS["password"])
        self.case_ids = []
        self.my_cases()
        _started()

    @task(2)
    def my_cases(self) -> None:
        page = self._page("/portal/cases/", "party: my cases")
        self.case_ids = [int(i) for i in CASE_LINK.findall(page)] or self.case_ids

    @task(3)
    def case_page(self) -> None:
        if self.case_ids:
            self._page(f"/cases/{random.choice(self.case_ids)}/", "party: case page")

    @task(2)
    def dossier_page(self) -> None:
        if self.case_ids:
            self._page(f"/dossier/cases/{random.choice(self.case_ids)}/", "party: dossier page")


class Staff(_Person):
    """A court staff member: password, then the TOTP code of their authenticator."""

    weight = 5

    @_signing_in
    def on_start(self) -> None:
        self.username, key = next(_staff)
        self._sign_in("/staff/login/", self.username, ACCOUNTS["password"])
        # A code is good once per 30-second step (django-otp refuses a replay): two locust users that share an
        # account (more users than staff) take turns, as a person would wait for the next code.
        for _attempt in range(6):
            page = self.client.get("/accounts/otp/", name="sign-in: TOTP form").text or ""
            token = CSRF.search(page)
            if token is None:  # already verified
                break
            response = self.client.post(
                "/accounts/otp/",
                data={"csrfmiddlewaretoken": token.group(1), "token": totp(key)},
                name="sign-in: TOTP code",
            )
            if "/accounts/otp/" not in (response.url or ""):
                break
            time.sleep(30 - time.time() % 30 + 0.5)
        else:
            raise StopUser()
        self.case_ids = []
        self.workbench()
        _started()

    @task(3)
    def workbench(self) -> None:
        page = self._page("/", "staff: workbench")
        self.case_ids = [int(i) for i in CASE_LINK.findall(page)] or self.case_ids

    @task(3)
    def case_list(self) -> None:
        state = random.choice(STATES)
        query = "?" + "&".join(p for p in (f"state={state}" if state else "", "open_only=on" * (not state)) if p)
        page = self._page(f"/cases/{query}", "staff: case list (filters)")
        self.case_ids = [int(i) for i in CASE_LINK.findall(page)] or self.case_ids

    @task(2)
    def search(self) -> None:
        self._page(f"/cases/?q={quote(random.choice(SEARCHES))}", "staff: search")

    @task(4)
    def case_page(self) -> None:
        if self.case_ids:
            self._page(f"/cases/{random.choice(self.case_ids)}/", "staff: case page")


class Reference(FastHttpUser):
    """One user in eleven polls /healthz and a static file during the mix: their latency there is the floor."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        _started()

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="ceiling: /healthz")

    @task
    def static(self) -> None:
        self.client.get(STATIC_FILE, name="ceiling: static file")


# The ceiling phases (chosen by class name on locust's command line): every user asks for one cheap thing without
# pause, so the figure is the most the server answers on this machine at this moment.
class HealthzCeiling(FastHttpUser):
    wait_time = between(0, 0)

    def on_start(self) -> None:
        _started()

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="ceiling: /healthz")


class StaticCeiling(FastHttpUser):
    wait_time = between(0, 0)

    def on_start(self) -> None:
        _started()

    @task
    def static(self) -> None:
        self.client.get(STATIC_FILE, name="ceiling: static file")
