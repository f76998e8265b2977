"""Demo data for paper custody: two smart lockers (云柜) and a file room (档案室) in every basic and intermediate
demo court, and paper bundles for a few dozen cases in every state — in a locker, in the file room, lent, overdue,
returned, just registered, with a borrowing request waiting and one approved.

Idempotent: a court that already has lockers, or bundles, is left alone. Built through the real services, each
step recorded at its past instant (core.timeline.recorded_at): custody events are append-only, never re-dated.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.models import Case
from smartcourt.core.correlation import correlation_scope
from smartcourt.core.timeline import recorded_at
from smartcourt.courts.models import Court, User
from smartcourt.courts.permissions import Action
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.selectors import SYSTEM, users_with_role
from smartcourt.dossier.custody import selectors, services
from smartcourt.dossier.custody.models import Borrowing, LocationKind, PaperBundle, StorageLocation

DEMO_COURT = "苏0508"
SITE_LOCKER = "诉讼服务中心一楼 卷宗流转云柜"
SITE_FILE_ROOM = "审判管理办公室 档案室（办公楼三楼）"
# (kind, title, pages range) of the bundles a case typically has on paper
BUNDLES = (
    ("originals", "原告当庭提交的证据原件", (12, 60)),
    ("main_volume", "正卷", (80, 260)),
    ("evidence", "被告提交的证据材料", (8, 40)),
    ("secondary_volume", "副卷", (10, 40)),
)
# The states the demo shows, cycled over the chosen cases' bundles.
PLAN = ("locker", "file_room", "lent", "overdue", "returned", "locker", "registered", "requested", "approved",
        "file_room", "lent", "overdue")  # fmt: skip


def demo_seed(*, seed: int, log: Callable[[str], None]) -> int:
    rng = random.Random(seed * 7919 + 9)
    courts = Court.objects.filter(level__in=[CourtLevel.BASIC, CourtLevel.INTERMEDIATE]).order_by("path")
    made_places = made_bundles = 0
    for court in courts:
        made_places += _places(court)
        made_bundles += _bundles(court, rng, per_court=36 if court.code == DEMO_COURT else 8)
    reminded = services.borrowing_overdue_remind()  # the overdue ones are flagged as the daily job would
    log(f"    逾期提醒 {reminded} 条")
    log(f"    云柜格口与档案室架位 {made_places} 个，纸质卷宗 {made_bundles} 件")
    return made_bundles


@transaction.atomic
def _places(court: Court) -> int:
    if StorageLocation.objects.filter(court=court).exists():
        return 0
    made = 0
    for unit in ("A01", "A02"):
        made += len(services.locker_create(court=court, unit=unit, cells=24, site=SITE_LOCKER, actor=SYSTEM))
    for row in range(1, 5):
        for col in range(1, 6):
            services.location_create(
                court=court,
                kind=LocationKind.FILE_ROOM_SHELF,
                unit=f"一号档案室 {row}排",
                position=f"{col}列",
                site=SITE_FILE_ROOM,
                actor=SYSTEM,
            )
            made += 1
    return made


def _first(role: Role, court: Court, prefer: str = "") -> User | None:
    if prefer:
        user = User.objects.filter(username=prefer, grants__court=court).first()
        if user is not None:
            return user
    return users_with_role(role=role, court=court).first()


@contextmanager
def _at(when: datetime) -> Iterator[None]:
    """One step of the generated history: one action (its own correlation id) recorded at `when`."""
    with recorded_at(when), correlation_scope():
        yield


def _touch(bundle: PaperBundle, when: datetime) -> None:
    """The bundle row's own "last changed" stamp (not a log row) follows the replayed history."""
    PaperBundle.objects.filter(pk=bundle.pk).update(updated_at=when)


def _bundles(court: Court, rng: random.Random, *, per_court: int) -> int:
    if PaperBundle.objects.filter(court=court).exists():
        return 0
    clerk = _first(Role.CLERK, court, "demo_clerk") or SYSTEM  # a court without one: the seed itself handles it
    keeper = _first(Role.TRIAL_MANAGEMENT, court, "demo_trial_management")
    head = _first(Role.DIVISION_HEAD, court, "demo_division_head")
    judges = list(users_with_role(role=Role.JUDGE, court=court)[:12])
    # The demo judge's cases first, so the demo logins see their own paper on the workbench.
    cases = list(
        Case.objects.filter(court=court, judge__isnull=False)
        .select_related("judge", "division")
        .order_by("-filed_on", "id")
    )
    demo_first = [c for c in cases if c.judge.username in ("demo_judge", "demo_division_head")]
    cases = (demo_first + [c for c in cases if c not in demo_first])[: max(1, per_court // 2)]
    cells = list(
        StorageLocation.objects.filter(court=court, kind=LocationKind.LOCKER_CELL).order_by("unit", "position")
    )
    shelves = list(StorageLocation.objects.filter(court=court, kind=LocationKind.FILE_ROOM_SHELF))
    now = timezone.now()
    today = timezone.localdate()
    made = 0
    cell_index = 0
    for n in range(per_court):
        if not cases:
            break
        case = cases[n % len(cases)]
        kind, title, (lo, hi) = BUNDLES[(n // len(cases)) % len(BUNDLES)]
        plan = PLAN[n % len(PLAN)]
        other = next((j for j in judges if j.pk != case.judge_id), None)
        with transaction.atomic():
            # Each step runs the real service inside _at(past instant), so the custody events, timeline
            # events and audit rows are written with their historical time (custody events are append-only).
            start = now - timedelta(days=rng.randint(25, 60), hours=rng.randint(0, 6))
            with _at(start):
                bundle = services.paper_file_register(
                    case=case,
                    kind=kind,
                    title=title,
                    actor=clerk,
                    pages=rng.randint(lo, hi),
                    received_from=case.title.split("与")[0][:20] if kind == "originals" else "",
                )
            _touch(bundle, start)
            made += 1
            if plan == "registered":
                _touch(bundle, now - timedelta(hours=rng.randint(1, 5)))
                continue
            in_locker = plan in ("locker", "lent", "overdue", "approved") and cell_index < len(cells)
            place = cells[cell_index] if in_locker else rng.choice(shelves)
            cell_index += 1 if in_locker else 0
            with _at(start + timedelta(hours=2)):
                services.paper_file_check_in(
                    bundle=bundle, location=place, actor=(clerk if in_locker else keeper) or SYSTEM
                )
            _touch(bundle, start + timedelta(hours=2))
            if plan in ("lent", "overdue", "returned"):
                lent_days = rng.randint(12, 20) if plan == "overdue" else rng.randint(2, 8)
                lent_at = now - timedelta(days=lent_days, hours=rng.randint(0, 5))
                with _at(lent_at):
                    borrowing = services.paper_file_check_out(
                        bundle=bundle, actor=clerk, handed_to=case.judge, due_on=today + timedelta(days=14)
                    )
                _touch(bundle, lent_at)
                due = (
                    (lent_at + timedelta(days=7)).date()
                    if plan == "overdue"
                    else today + timedelta(days=rng.randint(3, 14))
                )
                Borrowing.objects.filter(pk=borrowing.pk).update(
                    due_on=due, lent_at=lent_at, created_at=lent_at, decided_at=lent_at
                )
                if plan == "returned":
                    shelf = rng.choice(shelves)
                    back = lent_at + timedelta(days=rng.randint(1, 2))
                    with _at(back):
                        services.paper_file_check_in(bundle=bundle, location=shelf, actor=keeper or SYSTEM)
                    _touch(bundle, back)
                    Borrowing.objects.filter(pk=borrowing.pk).update(returned_at=back)
            elif plan in ("requested", "approved") and other is not None:
                due_on = today + timedelta(days=rng.randint(5, 12))
                asked = now - timedelta(days=1, hours=rng.randint(0, 8))
                with _at(asked):
                    borrowing = services.borrowing_request(
                        bundle=bundle, borrower=other, reason="审理类案，需核对该案证据原件", due_on=due_on
                    )
                _touch(bundle, asked)
                Borrowing.objects.filter(pk=borrowing.pk).update(created_at=asked)
                approver = next(
                    (
                        u
                        for u in (head, keeper)
                        if u is not None
                        and u.pk != other.pk
                        and selectors.paper_file_may(user=u, bundle=bundle, action=Action.SUPERVISE)
                    ),
                    None,
                )
                if plan == "approved" and approver is not None:
                    with _at(asked + timedelta(hours=3)):
                        services.borrowing_decide(
                            borrowing=borrowing, actor=approver, approve=True, note="同意，按期归还"
                        )
                    _touch(bundle, asked + timedelta(hours=3))
                    Borrowing.objects.filter(pk=borrowing.pk).update(decided_at=asked + timedelta(hours=3))
    return made
