"""Demo data for paper custody: two smart lockers (云柜) and a file room (档案室) in every basic and intermediate
demo court, and paper bundles for a few dozen cases in every state — in a locker, in the file room, lent, overdue,
returned, just registered, with a borrowing request waiting and one approved.

Idempotent: a court that already has lockers, or bundles, is left alone. Built through the real services, then
the generated history is given past dates (generator only: the product never rewrites custody events).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.models import Case, CaseEvent
from smartcourt.courts.models import Court, User
from smartcourt.courts.permissions import Action
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.selectors import users_with_role
from smartcourt.dossier.custody import selectors, services
from smartcourt.dossier.custody.models import Borrowing, CustodyEvent, LocationKind, PaperBundle, StorageLocation

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


def demo_seed(*, seed: int, log: Callable[[str], None]) -> None:
    rng = random.Random(seed * 7919 + 9)
    courts = Court.objects.filter(level__in=[CourtLevel.BASIC, CourtLevel.INTERMEDIATE]).order_by("path")
    made_places = made_bundles = 0
    for court in courts:
        made_places += _places(court)
        made_bundles += _bundles(court, rng, per_court=36 if court.code == DEMO_COURT else 8)
    reminded = services.borrowing_overdue_remind()  # the overdue ones are flagged as the daily job would
    log(f"    逾期提醒 {reminded} 条")
    log(f"    云柜格口与档案室架位 {made_places} 个，纸质卷宗 {made_bundles} 件")


@transaction.atomic
def _places(court: Court) -> int:
    if StorageLocation.objects.filter(court=court).exists():
        return 0
    made = 0
    for unit in ("A01", "A02"):
        made += len(services.locker_create(court=court, unit=unit, cells=24, site=SITE_LOCKER, actor=None))
    for row in range(1, 5):
        for col in range(1, 6):
            services.location_create(
                court=court,
                kind=LocationKind.FILE_ROOM_SHELF,
                unit=f"一号档案室 {row}排",
                position=f"{col}列",
                site=SITE_FILE_ROOM,
                actor=None,
            )
            made += 1
    return made


def _first(role: Role, court: Court, prefer: str = "") -> User | None:
    if prefer:
        user = User.objects.filter(username=prefer, grants__court=court).first()
        if user is not None:
            return user
    return users_with_role(role=role, court=court).first()


class _Clock:
    """Stamps the rows each step just wrote with a past instant, in order."""

    def __init__(self) -> None:
        self.bundle: PaperBundle | None = None
        self.custody_mark = CustodyEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.case_mark = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def stamp(self, when: datetime) -> None:
        assert self.bundle is not None
        CustodyEvent.objects.filter(bundle=self.bundle, pk__gt=self.custody_mark).update(occurred_at=when)
        CaseEvent.objects.filter(
            case_id=self.bundle.case_id, type__startswith="paper_file.", pk__gt=self.case_mark
        ).update(occurred_at=when)
        PaperBundle.objects.filter(pk=self.bundle.pk).update(updated_at=when)
        self.custody_mark = CustodyEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.case_mark = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _bundles(court: Court, rng: random.Random, *, per_court: int) -> int:
    if PaperBundle.objects.filter(court=court).exists():
        return 0
    clerk = _first(Role.CLERK, court, "demo_clerk")
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
            start = now - timedelta(days=rng.randint(25, 60), hours=rng.randint(0, 6))
            clock = _Clock()  # marks taken before the first write, so the registration is stamped too
            bundle = services.paper_file_register(
                case=case,
                kind=kind,
                title=title,
                actor=clerk,
                pages=rng.randint(lo, hi),
                received_from=case.title.split("与")[0][:20] if kind == "originals" else "",
            )
            clock.bundle = bundle
            clock.stamp(start)
            made += 1
            if plan == "registered":
                clock.stamp(now - timedelta(hours=rng.randint(1, 5)))
                continue
            in_locker = plan in ("locker", "lent", "overdue", "approved") and cell_index < len(cells)
            place = cells[cell_index] if in_locker else rng.choice(shelves)
            cell_index += 1 if in_locker else 0
            services.paper_file_check_in(bundle=bundle, location=place, actor=clerk if in_locker else keeper)
            clock.stamp(start + timedelta(hours=2))
            if plan in ("lent", "overdue", "returned"):
                lent_days = rng.randint(12, 20) if plan == "overdue" else rng.randint(2, 8)
                borrowing = services.paper_file_check_out(
                    bundle=bundle, actor=clerk, handed_to=case.judge, due_on=today + timedelta(days=14)
                )
                lent_at = now - timedelta(days=lent_days, hours=rng.randint(0, 5))
                clock.stamp(lent_at)
                due = (
                    (lent_at + timedelta(days=7)).date()
                    if plan == "overdue"
                    else today + timedelta(days=rng.randint(3, 14))
                )
                Borrowing.objects.filter(pk=borrowing.pk).update(
                    due_on=due, lent_at=lent_at, created_at=lent_at, decided_at=lent_at
                )
                if plan == "returned":
                    services.paper_file_check_in(bundle=bundle, location=rng.choice(shelves), actor=keeper)
                    back = lent_at + timedelta(days=rng.randint(1, 2))
                    clock.stamp(back)
                    Borrowing.objects.filter(pk=borrowing.pk).update(returned_at=back)
            elif plan in ("requested", "approved") and other is not None:
                borrowing = services.borrowing_request(
                    bundle=bundle,
                    borrower=other,
                    reason="审理类案，需核对该案证据原件",
                    due_on=today + timedelta(days=rng.randint(5, 12)),
                )
                asked = now - timedelta(days=1, hours=rng.randint(0, 8))
                clock.stamp(asked)
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
                    services.borrowing_decide(borrowing=borrowing, actor=approver, approve=True, note="同意，按期归还")
                    clock.stamp(asked + timedelta(hours=3))
                    Borrowing.objects.filter(pk=borrowing.pk).update(decided_at=asked + timedelta(hours=3))
    return made
