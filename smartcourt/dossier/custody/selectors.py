"""Reads for paper custody. Every list and page goes through the permission table (`visible_q`), so the where-is
list, a bundle page, the scan page and the API agree; a hidden bundle answers like a missing one (404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError, Forbidden, NotFound
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts, visible_q
from smartcourt.courts.roles import PUBLIC_ROLES
from smartcourt.courts.selectors import court_list_by_ids

from .models import (
    OPEN_BORROWING_STATES,
    Borrowing,
    BorrowingState,
    BundleStatus,
    CustodyEvent,
    LocationKind,
    PaperBundle,
    StorageLocation,
)
from .rules.labels import label_code_normalise

if TYPE_CHECKING:
    from datetime import date

    from smartcourt.courts.models import Court, User


class LabelCodeInvalid(ApplicationError):
    status, code, message = 400, "paper_file.label_invalid", _("标签码格式不正确或校验位不符，请核对标签上的编码。")


def paper_file_visible_to(*, user: User, action: Action = Action.VIEW) -> QuerySet[PaperBundle]:
    return PaperBundle.objects.filter(visible_q(user=user, resource=Resource.PAPER_FILE, action=action))


def paper_file_may(*, user: User, bundle: PaperBundle, action: Action) -> bool:
    return allows(user=user, resource=Resource.PAPER_FILE, action=action, obj=bundle)


def paper_file_get_for_user(*, bundle_id: int, user: User, action: Action = Action.VIEW) -> PaperBundle:
    """The bundle if `user` may see it; a missing and a hidden bundle raise the same NotFound."""
    bundle = (
        paper_file_visible_to(user=user)
        .select_related("case", "court", "location", "holder")
        .filter(pk=bundle_id)
        .first()
    )
    if bundle is None:
        raise NotFound()
    if action != Action.VIEW and not paper_file_may(user=user, bundle=bundle, action=action):
        raise Forbidden()  # the bundle is no secret to this user, the action is not theirs
    return bundle


def paper_file_get_by_label(*, label_code: str, user: User, action: Action = Action.VIEW) -> PaperBundle:
    code = label_code_normalise(label_code)
    if code is None:
        raise LabelCodeInvalid(extra={"label_code": label_code[:40]})
    bundle = paper_file_visible_to(user=user).filter(label_code=code).values_list("pk", flat=True).first()
    if bundle is None:
        raise NotFound(_("未找到标签码为 %(code)s 的纸质卷宗，或您无权查看。") % {"code": code})
    return paper_file_get_for_user(bundle_id=bundle, user=user, action=action)


# What the where-is list filters by: the stored status, plus "overdue" (lent past its return deadline).
STATUS_FILTERS = (
    ("", _("全部状态")),
    (BundleStatus.IN_LOCKER, _("在云柜")),
    (BundleStatus.IN_FILE_ROOM, _("在档案室")),
    (BundleStatus.BORROWED, _("借出")),
    ("overdue", _("逾期未还")),
    (BundleStatus.REGISTERED, _("待入柜")),
)


@dataclass
class PaperFileFilters:
    case_number: str = ""
    status: str = ""
    location: int | None = None  # one StorageLocation
    location_kind: str = ""  # every locker cell / every file-room shelf
    court: int | None = None


def _overdue_q(today: date) -> Q:
    lent_overdue = Borrowing.objects.filter(bundle=OuterRef("pk"), state=BorrowingState.LENT, due_on__lt=today)
    return Q(Exists(lent_overdue))


def paper_file_list(*, user: User, filters: PaperFileFilters | None = None) -> QuerySet[PaperBundle]:
    f = filters or PaperFileFilters()
    today = timezone.localdate()
    qs = paper_file_visible_to(user=user).select_related("case", "court", "location", "holder")
    if f.case_number.strip():
        qs = qs.filter(Q(case__number__icontains=f.case_number.strip()) | Q(label_code=f.case_number.strip().upper()))
    if f.status == "overdue":
        qs = qs.filter(status=BundleStatus.BORROWED).filter(_overdue_q(today))
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.location:
        qs = qs.filter(location_id=f.location)
    if f.location_kind:
        qs = qs.filter(location__kind=f.location_kind)
    if f.court:
        qs = qs.filter(court_id=f.court)
    lent = Borrowing.objects.filter(bundle=OuterRef("pk"), state=BorrowingState.LENT)
    return qs.annotate(overdue=Exists(lent.filter(due_on__lt=today))).order_by("-updated_at", "-id")


def paper_file_counts(*, user: User) -> dict[str, int]:
    """Bundles per status (and overdue) that `user` may see: the where-is list's summary line."""
    qs = paper_file_visible_to(user=user)
    counts = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("pk"))}
    counts["overdue"] = qs.filter(status=BundleStatus.BORROWED).filter(_overdue_q(timezone.localdate())).count()
    return counts


def paper_file_history(*, bundle: PaperBundle) -> QuerySet[CustodyEvent]:
    return bundle.events.select_related("actor", "location", "handed_by", "handed_to", "borrowing").order_by(
        "occurred_at", "id"
    )


def borrowing_current(*, bundle: PaperBundle) -> Borrowing | None:
    return bundle.borrowings.filter(state=BorrowingState.LENT).select_related("borrower").first()


def borrowing_list_for_bundle(*, bundle: PaperBundle) -> QuerySet[Borrowing]:
    return bundle.borrowings.select_related("borrower", "decided_by").order_by("-created_at", "-id")


def borrowing_approved_for(*, bundle: PaperBundle) -> QuerySet[Borrowing]:
    """Approved requests waiting to be handed over: the scan page offers these borrowers."""
    return bundle.borrowings.filter(state=BorrowingState.APPROVED).select_related("borrower").order_by("created_at")


def borrowing_get_for_user(*, borrowing_id: int, user: User) -> Borrowing:
    """A borrowing whose bundle `user` may see (or that is `user`'s own); else NotFound."""
    borrowing = Borrowing.objects.select_related("bundle", "bundle__case", "borrower").filter(pk=borrowing_id).first()
    if borrowing is None:
        raise NotFound()
    if borrowing.borrower_id != user.pk and not paper_file_may(user=user, bundle=borrowing.bundle, action=Action.VIEW):
        raise NotFound()
    return borrowing


def borrowing_list_for_borrower(*, user: User) -> QuerySet[Borrowing]:
    return (
        Borrowing.objects.filter(borrower=user, state__in=OPEN_BORROWING_STATES)
        .select_related("bundle", "bundle__case")
        .order_by("due_on", "id")
    )


def borrowing_pending_for_approver(*, user: User) -> QuerySet[Borrowing]:
    """Requests `user` may decide on (SUPERVISE on the bundle), never their own."""
    bundles = paper_file_visible_to(user=user, action=Action.SUPERVISE).values("pk")
    return (
        Borrowing.objects.filter(state=BorrowingState.REQUESTED, bundle_id__in=bundles)
        .exclude(borrower=user)
        .select_related("bundle", "bundle__case", "borrower")
        .order_by("created_at", "id")
    )


def borrowing_overdue_for_keeper(*, user: User) -> QuerySet[Borrowing]:
    """Lent past their deadline, among the bundles `user` handles (CHANGE) or approves (SUPERVISE)."""
    today = timezone.localdate()
    handled = paper_file_visible_to(user=user, action=Action.CHANGE).values("pk")
    supervised = paper_file_visible_to(user=user, action=Action.SUPERVISE).values("pk")
    return (
        Borrowing.objects.filter(state=BorrowingState.LENT, due_on__lt=today)
        .filter(Q(bundle_id__in=handled) | Q(bundle_id__in=supervised))
        .select_related("bundle", "bundle__case", "borrower")
        .order_by("due_on", "id")
    )


def borrowing_overdue_all(*, today: date) -> QuerySet[Borrowing]:
    """Every lent bundle past its deadline (the daily reminder job's input)."""
    return Borrowing.objects.filter(state=BorrowingState.LENT, due_on__lt=today).select_related(
        "bundle", "bundle__case", "bundle__court", "borrower"
    )


# ---------------------------------------------------------------- court-level rights and places


def paper_file_courts_for(*, user: User, action: Action) -> QuerySet[Court]:
    """Courts in which `user` holds `action` on paper files court-wide (register bundles, manage locations)."""
    ids = grant_courts(user=user, resource=Resource.PAPER_FILE, action=action)
    return court_list_by_ids(court_ids=ids)


def paper_file_court_may(*, user: User, court: Court, action: Action) -> bool:
    return paper_file_courts_for(user=user, action=action).filter(pk=court.pk).exists()


def location_list(*, court: Court, kind: str = "", active_only: bool = True) -> QuerySet[StorageLocation]:
    qs = StorageLocation.objects.filter(court=court)
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(active=True)
    occupied = PaperBundle.objects.filter(locker_cell=OuterRef("pk"))
    return qs.annotate(occupied=Exists(occupied)).order_by("kind", "unit", "position")


def location_free_cells(*, court: Court) -> QuerySet[StorageLocation]:
    return location_list(court=court, kind=LocationKind.LOCKER_CELL).filter(occupied=False)


def location_get(*, court: Court, location_id: int) -> StorageLocation:
    location = StorageLocation.objects.filter(court=court, pk=location_id).first()
    if location is None:
        raise NotFound(_("所选存放位置不存在，或不属于本院。"))
    return location


def location_lockers(*, court: Court) -> list[dict]:
    """The lockers of a court as cabinets of cells with their occupants, for the locker map."""
    cells = location_list(court=court, kind=LocationKind.LOCKER_CELL).select_related("occupant", "occupant__case")
    cabinets: dict[str, dict] = {}
    for cell in cells:
        cab = cabinets.setdefault(cell.unit, {"unit": cell.unit, "site": cell.site, "cells": [], "free": 0})
        occupant = getattr(cell, "occupant", None) if cell.occupied else None
        cab["cells"].append({"cell": cell, "occupant": occupant})
        cab["free"] += 0 if occupant else 1
    return list(cabinets.values())


def location_shelves(*, court: Court) -> QuerySet[StorageLocation]:
    held = (
        PaperBundle.objects.filter(location=OuterRef("pk"), status=BundleStatus.IN_FILE_ROOM)
        .order_by()
        .values("location")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        location_list(court=court, kind=LocationKind.FILE_ROOM_SHELF)
        .annotate(held=Coalesce(Subquery(held), 0))
        .order_by("unit", "position")
    )


def user_is_representative(*, user: User, court: Court) -> bool:
    """A lawyer or party with no staff role in `court`: reads paper files in the reading room only."""
    roles = set(user.grants.values_list("role", flat=True))
    staff_here = user.grants.filter(court=court).exclude(role__in=list(PUBLIC_ROLES)).exists()
    return bool(roles & set(PUBLIC_ROLES)) and not staff_here


def handover_candidates(*, bundle: PaperBundle) -> list[User]:
    """People a bundle may be handed to without a separate approval: the case's own judge, assistant and clerk."""
    case = bundle.case
    people = [case.judge, case.assistant, case.clerk]
    seen: set[int] = set()
    out = []
    for p in people:
        if p is not None and p.pk not in seen and p.is_active:
            seen.add(p.pk)
            out.append(p)
    return out
