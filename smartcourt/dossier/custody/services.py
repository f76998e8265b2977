"""Writes for paper custody (纸质卷宗保管). Each action is one transaction: the bundle's new place, one custody
event, one case timeline event and one audit row, or nothing.

Racing scans of the same bundle, or of two bundles into the same locker cell, wait on `select_for_update` and the
loser gets a clear Chinese refusal; the unique `locker_cell` column and the one-lending constraint back that up in
the database.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import SYSTEM, SystemActor, actor_required, actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.services import AuditAction, audit_record, notification_send
from smartcourt.core.timeline import event_time
from smartcourt.courts.permissions import Action, Resource, grants_for, permission_require
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import users_active_with_roles

from . import selectors
from .models import (
    Borrowing,
    BorrowingState,
    BundleKind,
    BundleStatus,
    CustodyEvent,
    CustodyEventType,
    LocationKind,
    PaperBundle,
    StorageLocation,
)
from .rules.borrowing import borrowing_due_check
from .rules.labels import label_code_new

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User


logger = logging.getLogger(__name__)


class CustodyInputError(ApplicationError):
    status, code = 400, "paper_file.invalid"


class CustodyConflict(Conflict):
    code = "paper_file.conflict"


# ---------------------------------------------------------------- helpers


def _require_bundle(actor: Actor, bundle: PaperBundle, action: Action) -> None:
    """The permission table decides (SYSTEM — the demo seed, a job — may; None is refused)."""
    permission_require(actor=actor, resource=Resource.PAPER_FILE, action=action, obj=bundle)


def _require_court(actor: Actor, court: Court, action: Action) -> None:
    actor_required(actor)
    if not isinstance(actor, SystemActor) and not selectors.paper_file_court_may(
        user=actor, court=court, action=action
    ):
        raise Forbidden(_("您没有管理本院纸质卷宗的权限。"))


def _locked(bundle: PaperBundle) -> PaperBundle:
    return (
        PaperBundle.objects.select_for_update(of=("self",))
        .select_related("case", "court", "location", "holder")
        .get(pk=bundle.pk)
    )


def _name(user: Actor | None) -> str:
    if user is None or user is SYSTEM:
        return _("系统")
    return user.get_full_name() or user.get_username()


def _describe(bundle: PaperBundle) -> str:
    return f"《{bundle.title}》（{bundle.label_code}）"


def _link(bundle: PaperBundle) -> str:
    return reverse("paper_files:detail", args=[bundle.pk])


def _timeline(bundle: PaperBundle, type: CaseEventType, actor: Actor, summary: str, **new: object) -> None:
    case_event_append(
        case=bundle.case,
        type=type,
        actor=actor,
        summary=summary,
        new={"paper_file": bundle.pk, "label_code": bundle.label_code, **new},
    )


def _approvers(bundle: PaperBundle) -> list[User]:
    """Everyone the permission table lets decide on this bundle's borrowings (庭长, the file-room keeper …)."""
    roles = [r for r in Role if grants_for(role=r, resource=Resource.PAPER_FILE, action=Action.SUPERVISE)]
    candidates = users_active_with_roles(roles=roles, court_ids=[bundle.court_id])
    return [u for u in candidates if selectors.paper_file_may(user=u, bundle=bundle, action=Action.SUPERVISE)]


# ---------------------------------------------------------------- locations


@transaction.atomic
def location_create(
    *, court: Court, kind: str, unit: str, position: str, actor: Actor, site: str = ""
) -> StorageLocation:
    """Add one place: a locker cell (云柜格口) or a file-room shelf position (档案室架位)."""
    _require_court(actor, court, Action.CHANGE)
    unit, position, site = unit.strip(), position.strip(), site.strip()
    if kind not in LocationKind.values:
        raise CustodyInputError(_("请选择存放位置类别（云柜格口或档案室架位）。"))
    if not unit or not position:
        raise CustodyInputError(_("请填写柜号/架号和格口/架位。"))
    if StorageLocation.objects.filter(court=court, kind=kind, unit=unit, position=position).exists():
        raise CustodyConflict(_("该存放位置已存在：%(unit)s %(position)s。") % {"unit": unit, "position": position})
    location = StorageLocation(court=court, kind=kind, unit=unit, position=position, site=site)
    location.full_clean()
    location.save()
    audit_record(actor=actor, action=AuditAction.PAPER_FILE_LOCATION_CREATED, target=location)
    return location


@transaction.atomic
def locker_create(*, court: Court, unit: str, cells: int, actor: Actor, site: str = "") -> list[StorageLocation]:
    """Register a smart locker (云柜) with `cells` numbered cells (01, 02 …) in one go."""
    _require_court(actor, court, Action.CHANGE)
    if not 1 <= cells <= 200:
        raise CustodyInputError(_("格口数应在 1 到 200 之间。"))
    unit = unit.strip()
    if not unit:
        raise CustodyInputError(_("请填写柜号。"))
    if StorageLocation.objects.filter(court=court, kind=LocationKind.LOCKER_CELL, unit=unit).exists():
        raise CustodyConflict(_("本院已有 %(unit)s 号云柜。") % {"unit": unit})
    width = max(2, len(str(cells)))
    made = [
        StorageLocation.objects.create(
            court=court, kind=LocationKind.LOCKER_CELL, unit=unit, position=f"{n:0{width}d}", site=site.strip()
        )
        for n in range(1, cells + 1)
    ]
    audit_record(
        actor=actor,
        action=AuditAction.PAPER_FILE_LOCKER_CREATED,
        extra={"court": court.pk, "unit": unit, "cells": cells},
    )
    return made


# ---------------------------------------------------------------- bundles


@transaction.atomic
def paper_file_register(
    *,
    case: Case,
    kind: str,
    title: str,
    actor: Actor,
    volume_no: int = 1,
    pages: int | None = None,
    received_from: str = "",
    note: str = "",
) -> PaperBundle:
    """Register a paper bundle (纸质卷宗登记) of a case and give it a label code; it stays with `actor` until it is
    checked into a locker cell or the file room."""
    _require_court(actor, case.court, Action.CHANGE)
    title = (title or "").strip()
    if kind not in BundleKind.values:
        raise CustodyInputError(_("请选择卷宗类别。"))
    if not title:
        raise CustodyInputError(_("请填写卷宗名称，如“原告提交的证据原件”。"))
    if not 1 <= int(volume_no) <= 999:
        raise CustodyInputError(_("册号应在 1 到 999 之间。"))
    if pages is not None and not 0 <= int(pages) <= 100_000:
        raise CustodyInputError(_("页数不正确。"))
    for _attempt in range(5):
        code = label_code_new()
        if not PaperBundle.objects.filter(label_code=code).exists():
            break
    bundle = PaperBundle(
        case=case,
        court=case.court,
        kind=kind,
        title=title[:120],
        volume_no=volume_no,
        pages=pages,
        received_from=received_from.strip()[:100],
        label_code=code,
        status=BundleStatus.REGISTERED,
        holder=actor_user(actor),
        note=note.strip()[:200],
    )
    bundle.full_clean()
    bundle.save()
    CustodyEvent.objects.create(
        bundle=bundle,
        type=CustodyEventType.REGISTERED,
        occurred_at=event_time(),
        actor=actor_user(actor),
        handed_to=actor_user(actor),
        note=note[:200],
    )
    _timeline(
        bundle, CaseEventType.PAPER_FILE_REGISTERED, actor, _("登记纸质卷宗%(b)s") % {"b": _describe(bundle)}, kind=kind
    )
    audit_record(actor=actor, action=AuditAction.PAPER_FILE_REGISTERED, target=bundle)
    return bundle


@transaction.atomic
def paper_file_check_in(
    *,
    bundle: PaperBundle,
    location: StorageLocation,
    actor: Actor,
    handed_by: User | None = None,
    note: str = "",
) -> PaperBundle:
    """Put a bundle into a locker cell or onto a file-room shelf (入柜/入库). A lent bundle coming back is its return
    (归还): the borrowing is closed in the same transaction."""
    bundle = _locked(bundle)
    _require_bundle(actor, bundle, Action.CHANGE)
    location = StorageLocation.objects.select_for_update(of=("self",)).get(
        pk=location.pk
    )  # two scans into one cell queue here
    if location.court_id != bundle.court_id:
        raise CustodyInputError(_("所选存放位置不属于该卷宗所在法院。"))
    if not location.active:
        raise CustodyInputError(_("%(loc)s 已停用，请选择其他位置。") % {"loc": location})
    if bundle.status in (BundleStatus.IN_LOCKER, BundleStatus.IN_FILE_ROOM):
        raise CustodyConflict(
            _("该卷宗已在%(loc)s，不能重复入柜；如需移动，请先办理取出。") % {"loc": bundle.location},
            extra={"status": bundle.status, "location": bundle.location_id},
        )
    if location.is_locker_cell:
        occupant = PaperBundle.objects.filter(locker_cell=location).exclude(pk=bundle.pk).first()
        if occupant is not None:
            raise CustodyConflict(
                _("%(loc)s 已存放卷宗 %(code)s，请选择空闲格口。") % {"loc": location, "code": occupant.label_code},
                extra={"location": location.pk, "occupant": occupant.label_code},
            )
    borrowing = selectors.borrowing_current(bundle=bundle)
    now = event_time()  # now, or the instant an import replays (core.timeline.recorded_at)
    previous_holder = bundle.holder
    bundle.status = BundleStatus.IN_LOCKER if location.is_locker_cell else BundleStatus.IN_FILE_ROOM
    bundle.location = location
    bundle.locker_cell = location if location.is_locker_cell else None
    bundle.holder = None
    try:
        with transaction.atomic():  # the unique cell column is the last word if another scan slipped past
            bundle.save(update_fields=["status", "location", "locker_cell", "holder", "updated_at"])
    except IntegrityError as exc:
        raise CustodyConflict(_("%(loc)s 已被占用，请选择空闲格口。") % {"loc": location}) from exc
    type = CustodyEventType.CHECKED_IN
    if borrowing is not None:
        borrowing.state = BorrowingState.RETURNED
        borrowing.returned_at = now
        borrowing.save(update_fields=["state", "returned_at", "updated_at"])
        type = CustodyEventType.RETURNED
    CustodyEvent.objects.create(
        bundle=bundle,
        type=type,
        occurred_at=now,
        actor=actor_user(actor),
        location=location,
        handed_by=handed_by or previous_holder,
        borrowing=borrowing,
        note=note.strip()[:200],
    )
    if borrowing is not None:
        late = borrowing.due_on < timezone.localdate()
        summary = _("纸质卷宗%(b)s由%(who)s归还，存入%(loc)s%(late)s") % {
            "b": _describe(bundle),
            "who": _name(borrowing.borrower),
            "loc": location,
            "late": _("（逾期归还）") if late else "",
        }
        _timeline(
            bundle,
            CaseEventType.PAPER_FILE_RETURNED,
            actor,
            summary,
            location=str(location),
            borrowing=borrowing.pk,
            late=late,
        )
        audit_record(
            actor=actor, action=AuditAction.PAPER_FILE_RETURNED, target=bundle, extra={"borrowing": borrowing.pk}
        )
    else:
        summary = _("纸质卷宗%(b)s存入%(loc)s") % {"b": _describe(bundle), "loc": location}
        _timeline(bundle, CaseEventType.PAPER_FILE_CHECKED_IN, actor, summary, location=str(location))
        audit_record(
            actor=actor, action=AuditAction.PAPER_FILE_CHECKED_IN, target=bundle, extra={"location": location.pk}
        )
    return bundle


@transaction.atomic
def paper_file_check_out(
    *,
    bundle: PaperBundle,
    actor: Actor,
    handed_to: User,
    due_on: date | None = None,
    note: str = "",
) -> Borrowing:
    """Take a bundle out of its locker cell or shelf and hand it to `handed_to` (取出交接). The hand-over is a
    borrowing's start: either an approved request of `handed_to`, or — for the case's own judge, assistant or
    clerk, who need no approval to work on their case — a borrowing opened here with `due_on`."""
    bundle = _locked(bundle)
    _require_bundle(actor, bundle, Action.CHANGE)
    if bundle.status == BundleStatus.BORROWED:
        current = selectors.borrowing_current(bundle=bundle)
        raise CustodyConflict(
            _("该卷宗已于 %(when)s 交 %(who)s，尚未归还，不能重复取出。")
            % {
                "when": timezone.localtime(current.lent_at).strftime("%Y-%m-%d %H:%M")
                if current and current.lent_at
                else "",
                "who": _name(bundle.holder),
            },
            extra={"status": bundle.status},
        )
    if bundle.status == BundleStatus.REGISTERED:
        raise CustodyConflict(_("该卷宗登记后尚未入柜或入库，请先入柜。"), extra={"status": bundle.status})
    today = timezone.localdate()
    now = event_time()  # now, or the instant an import replays (core.timeline.recorded_at)
    borrowing = (
        Borrowing.objects.select_for_update(of=("self",))
        .filter(bundle=bundle, borrower=handed_to, state=BorrowingState.APPROVED)
        .order_by("created_at")
        .first()
    )
    if borrowing is None:
        if handed_to not in selectors.handover_candidates(bundle=bundle):
            raise Forbidden(
                _("%(who)s 不是本案承办人员，须先提出借阅申请并经庭长或档案管理人员批准。") % {"who": _name(handed_to)}
            )
        if due_on is None:
            raise CustodyInputError(_("请填写归还期限。"))
        check = borrowing_due_check(due_on=due_on, today=today, is_representative=False)
        if not check.ok:
            raise CustodyInputError(check.message)
        borrowing = Borrowing(
            bundle=bundle,
            borrower=handed_to,
            reason=_("本案承办人员领取办案"),
            due_on=due_on,
            decided_by=actor_user(actor),
            decided_at=now,
            decision_note=_("承办人员领取，无需审批"),
        )
    location = bundle.location
    borrowing.state = BorrowingState.LENT
    borrowing.lent_at = now
    borrowing.save()
    bundle.status = BundleStatus.BORROWED
    bundle.location = None
    bundle.locker_cell = None
    bundle.holder = handed_to
    bundle.save(update_fields=["status", "location", "locker_cell", "holder", "updated_at"])
    CustodyEvent.objects.create(
        bundle=bundle,
        type=CustodyEventType.CHECKED_OUT,
        occurred_at=now,
        actor=actor_user(actor),
        location=location,
        handed_by=actor_user(actor),
        handed_to=handed_to,
        borrowing=borrowing,
        note=note.strip()[:200],
    )
    summary = _("纸质卷宗%(b)s从%(loc)s取出，由%(by)s交%(to)s，应于 %(due)s 前归还") % {
        "b": _describe(bundle),
        "loc": location,
        "by": _name(actor),
        "to": _name(handed_to),
        "due": borrowing.due_on.isoformat(),
    }
    _timeline(
        bundle,
        CaseEventType.PAPER_FILE_CHECKED_OUT,
        actor,
        summary,
        handed_to=handed_to.pk,
        due_on=borrowing.due_on.isoformat(),
        borrowing=borrowing.pk,
    )
    due_check = borrowing.due_on + timedelta(days=1)
    transaction.on_commit(lambda: _overdue_check_schedule(on=due_check))  # the first morning it would be overdue
    audit_record(
        actor=actor,
        action=AuditAction.PAPER_FILE_CHECKED_OUT,
        target=bundle,
        extra={"handed_to": handed_to.pk, "borrowing": borrowing.pk, "location": location.pk if location else None},
    )
    return borrowing


# ---------------------------------------------------------------- borrowing (借阅)


@transaction.atomic
def borrowing_request(*, bundle: PaperBundle, borrower: User, reason: str, due_on: date) -> Borrowing:
    """Ask to borrow a paper bundle (借阅申请) with a reason and a return deadline; the people the permission table
    lets approve are notified."""
    bundle = _locked(bundle)
    _require_bundle(borrower, bundle, Action.VIEW)
    reason = (reason or "").strip()
    if not reason:
        raise CustodyInputError(_("请填写借阅事由。"))
    if len(reason) > 200:
        raise CustodyInputError(_("借阅事由不超过 200 字。"))
    check = borrowing_due_check(
        due_on=due_on,
        today=timezone.localdate(),
        is_representative=selectors.user_is_representative(user=borrower, court=bundle.court),
    )
    if not check.ok:
        raise CustodyInputError(check.message)
    if Borrowing.objects.filter(
        bundle=bundle,
        borrower=borrower,
        state__in=[BorrowingState.REQUESTED, BorrowingState.APPROVED, BorrowingState.LENT],
    ).exists():
        raise CustodyConflict(_("您已有该卷宗的借阅申请或正在借阅，请勿重复申请。"))
    borrowing = Borrowing(
        bundle=bundle, borrower=borrower, reason=reason, due_on=due_on, state=BorrowingState.REQUESTED
    )
    borrowing.full_clean()
    borrowing.save()
    _timeline(
        bundle,
        CaseEventType.PAPER_FILE_BORROW_REQUESTED,
        borrower,
        _("%(who)s申请借阅纸质卷宗%(b)s，事由：%(r)s，归还期限 %(due)s")
        % {"who": _name(borrower), "b": _describe(bundle), "r": reason, "due": due_on.isoformat()},
        borrowing=borrowing.pk,
    )
    audit_record(actor=borrower, action=AuditAction.PAPER_FILE_BORROW_REQUESTED, target=borrowing, reason=reason[:200])
    for approver in _approvers(bundle):
        if approver.pk != borrower.pk:
            notification_send(
                recipient=approver,
                title=_("借阅申请待审批：%(n)s %(t)s") % {"n": bundle.case.number, "t": bundle.title},
                body=_("%(who)s：%(r)s（归还期限 %(due)s）") % {"who": _name(borrower), "r": reason, "due": due_on},
                link=_link(bundle),
                topic="paper_file.borrow_requested",
            )
    return borrowing


@transaction.atomic
def borrowing_decide(*, borrowing: Borrowing, actor: User, approve: bool, note: str = "") -> Borrowing:
    """Approve or refuse a borrowing request (借阅审批)."""
    borrowing = (
        Borrowing.objects.select_for_update(of=("self",))
        .select_related("bundle", "bundle__case", "borrower")
        .get(pk=borrowing.pk)
    )
    bundle = borrowing.bundle
    _require_bundle(actor, bundle, Action.SUPERVISE)
    if borrowing.borrower_id == actor.pk:
        raise Forbidden(_("不能审批本人的借阅申请。"))
    if borrowing.state != BorrowingState.REQUESTED:
        raise CustodyConflict(_("该申请当前状态为“%(s)s”，不能再审批。") % {"s": borrowing.get_state_display()})
    note = (note or "").strip()
    if not approve and not note:
        raise CustodyInputError(_("不予批准时请填写理由。"))
    borrowing.state = BorrowingState.APPROVED if approve else BorrowingState.REJECTED
    borrowing.decided_by = actor
    borrowing.decided_at = timezone.now()
    borrowing.decision_note = note[:200]
    borrowing.save(update_fields=["state", "decided_by", "decided_at", "decision_note", "updated_at"])
    verdict = _("批准") if approve else _("不予批准")
    _timeline(
        bundle,
        CaseEventType.PAPER_FILE_BORROW_APPROVED if approve else CaseEventType.PAPER_FILE_BORROW_REJECTED,
        actor,
        _("%(by)s%(v)s%(who)s借阅纸质卷宗%(b)s")
        % {"by": _name(actor), "v": verdict, "who": _name(borrowing.borrower), "b": _describe(bundle)},
        borrowing=borrowing.pk,
    )
    audit_record(
        actor=actor,
        action=AuditAction.PAPER_FILE_BORROW_APPROVED if approve else AuditAction.PAPER_FILE_BORROW_REJECTED,
        target=borrowing,
        reason=note[:200],
    )
    notification_send(
        recipient=borrowing.borrower,
        title=_("借阅申请已%(v)s：%(t)s") % {"v": verdict, "t": bundle.title},
        body=(_("请到档案室或云柜处领取，归还期限 %(due)s。") % {"due": borrowing.due_on}) if approve else note,
        link=_link(bundle),
        topic="paper_file.borrow_decided",
    )
    return borrowing


@transaction.atomic
def borrowing_cancel(*, borrowing: Borrowing, actor: User) -> Borrowing:
    """The borrower withdraws a request not yet handed over (撤回借阅申请)."""
    borrowing = (
        Borrowing.objects.select_for_update(of=("self",)).select_related("bundle", "bundle__case").get(pk=borrowing.pk)
    )
    if borrowing.borrower_id != actor.pk:
        raise Forbidden(_("只能撤回本人的借阅申请。"))
    if borrowing.state not in (BorrowingState.REQUESTED, BorrowingState.APPROVED):
        raise CustodyConflict(_("该申请当前状态为“%(s)s”，不能撤回。") % {"s": borrowing.get_state_display()})
    borrowing.state = BorrowingState.CANCELLED
    borrowing.save(update_fields=["state", "updated_at"])
    _timeline(
        borrowing.bundle,
        CaseEventType.PAPER_FILE_BORROW_CANCELLED,
        actor,
        _("%(who)s撤回纸质卷宗%(b)s的借阅申请") % {"who": _name(actor), "b": _describe(borrowing.bundle)},
        borrowing=borrowing.pk,
    )
    audit_record(actor=actor, action=AuditAction.PAPER_FILE_BORROW_CANCELLED, target=borrowing)
    return borrowing


REMIND_EVERY_DAYS = 7
REMIND_HOUR = 8  # local time the reminders go out


def _overdue_check_schedule(*, on: date) -> None:
    """Enqueue the reminder job for 08:00 on `on` (a deferring backend only; the daily command covers the rest)."""
    from .tasks import paper_files_overdue_remind_task

    try:
        task = paper_files_overdue_remind_task
        if not task.get_backend().supports_defer:
            return
        at = timezone.make_aware(datetime.combine(on, time(REMIND_HOUR)), timezone.get_default_timezone())
        task.using(run_after=at).enqueue()
    except Exception:  # a reminder that cannot be queued must not undo the hand-over; the daily command remains
        logger.exception("could not schedule the overdue check of paper files")


def borrowing_overdue_remind(*, today: date | None = None) -> int:
    """Flag lent bundles past their return deadline (逾期未还): a notice to the borrower and to the approvers on the
    first overdue day and weekly after, a timeline event the first time. Each borrowing in its own transaction, so
    one failure does not hold back the rest. Returns how many reminders went out."""
    today = today or timezone.localdate()
    sent = 0
    for borrowing in selectors.borrowing_overdue_all(today=today):
        last = borrowing.overdue_notified_on
        if last is not None and today - last < timedelta(days=REMIND_EVERY_DAYS):
            continue
        _overdue_remind_one(borrowing=borrowing, today=today, first=last is None)
        sent += 1
    if selectors.borrowing_overdue_all(today=today).exists():
        _overdue_check_schedule(on=today + timedelta(days=1))  # keep looking while anything is out past its date
    return sent


@transaction.atomic
def _overdue_remind_one(*, borrowing: Borrowing, today: date, first: bool) -> None:
    borrowing = (
        Borrowing.objects.select_for_update(of=("self",))
        .select_related("bundle", "bundle__case", "borrower")
        .get(pk=borrowing.pk)
    )
    if borrowing.state != BorrowingState.LENT:
        return
    bundle = borrowing.bundle
    days = (today - borrowing.due_on).days
    borrowing.overdue_notified_on = today
    borrowing.save(update_fields=["overdue_notified_on", "updated_at"])
    title = _("纸质卷宗逾期未还：%(n)s %(t)s") % {"n": bundle.case.number, "t": bundle.title}
    body = _("%(who)s借阅，应于 %(due)s 归还，已逾期 %(d)s 日。") % {
        "who": _name(borrowing.borrower),
        "due": borrowing.due_on,
        "d": days,
    }
    notification_send(
        recipient=borrowing.borrower, title=title, body=body, link=_link(bundle), topic="paper_file.overdue"
    )
    for approver in _approvers(bundle):
        if approver.pk != borrowing.borrower_id:
            notification_send(
                recipient=approver, title=title, body=body, link=_link(bundle), topic="paper_file.overdue"
            )
    if first:
        _timeline(
            bundle,
            CaseEventType.PAPER_FILE_OVERDUE,
            SYSTEM,
            _("纸质卷宗%(b)s逾期未还（%(body)s）") % {"b": _describe(bundle), "body": body},
            borrowing=borrowing.pk,
            due_on=borrowing.due_on.isoformat(),
        )
    audit_record(actor=SYSTEM, action=AuditAction.PAPER_FILE_OVERDUE_REMINDED, target=borrowing, extra={"days": days})
