"""Paper custody (纸质卷宗保管): paper bundles with QR labels, the places they are kept (云柜 smart-locker cells,
档案室 file-room shelves), an append-only custody event log, and borrowing (借阅) with return deadlines.

The bundle's current place (`status`, `location`, `locker_cell`, `holder`) is denormalised from the events and
written in the same transaction as the event that changes it; `locker_cell` is unique, so two bundles can never
sit in one locker cell even if two scans race.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.fields import CorrelationIdField
from smartcourt.core.models import AppendOnlyModel, BaseModel


class LocationKind(models.TextChoices):
    LOCKER_CELL = "locker_cell", _("云柜格口")
    FILE_ROOM_SHELF = "file_room_shelf", _("档案室架位")


class StorageLocation(BaseModel):
    """One place a bundle can be kept: a cell of a smart locker (云柜, one bundle per cell) or a file-room shelf
    (档案室, many bundles)."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    kind = models.CharField(_("类别"), max_length=16, choices=LocationKind.choices)
    # Locker: the cabinet's number (柜号, e.g. "A01"); file room: the room or shelf row (e.g. "一号档案室 3排").
    unit = models.CharField(_("柜号/架号"), max_length=40)
    # Locker: the cell number (格口号, e.g. "07"); file room: the shelf position (e.g. "2列1层").
    position = models.CharField(_("格口/架位"), max_length=40)
    site = models.CharField(_("存放地点"), max_length=100, blank=True, help_text=_("如：诉讼服务中心一楼"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("存放位置")
        verbose_name_plural = _("存放位置")
        ordering = ["court", "kind", "unit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["court", "kind", "unit", "position"], name="custody_location_unique"),
        ]

    def __str__(self) -> str:
        if self.kind == LocationKind.LOCKER_CELL:
            return f"云柜 {self.unit} 号柜 {self.position} 格"
        return f"档案室 {self.unit} {self.position}"

    @property
    def is_locker_cell(self) -> bool:
        return self.kind == LocationKind.LOCKER_CELL


class BundleKind(models.TextChoices):
    ORIGINALS = "originals", _("当事人提交的纸质材料")
    EVIDENCE = "evidence", _("证据原件")
    MAIN_VOLUME = "main_volume", _("正卷")
    SECONDARY_VOLUME = "secondary_volume", _("副卷")
    OTHER = "other", _("其他")


class BundleStatus(models.TextChoices):
    REGISTERED = "registered", _("待入柜")  # just received, still with the person who registered it
    IN_LOCKER = "in_locker", _("在云柜")
    IN_FILE_ROOM = "in_file_room", _("在档案室")
    BORROWED = "borrowed", _("借出")


class PaperBundle(BaseModel):
    """A paper bundle (纸质卷宗 / 材料袋) of a case, identified by the code on its QR label."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件"))
    # The case's court, copied so court-scoped lists are one indexed filter.
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    kind = models.CharField(_("类别"), max_length=20, choices=BundleKind.choices)
    title = models.CharField(_("名称"), max_length=120)
    volume_no = models.PositiveSmallIntegerField(_("册号"), default=1)
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    received_from = models.CharField(_("提交人"), max_length=100, blank=True)
    label_code = models.CharField(_("标签码"), max_length=16, unique=True)
    status = models.CharField(_("状态"), max_length=16, choices=BundleStatus.choices, db_index=True)
    location = models.ForeignKey(
        StorageLocation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("位置")
    )
    # Set only while the bundle sits in a locker cell: one bundle per cell, guarded by the database.
    locker_cell = models.OneToOneField(
        StorageLocation, null=True, blank=True, on_delete=models.PROTECT, related_name="occupant"
    )
    holder = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("持有人")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("纸质卷宗")
        verbose_name_plural = _("纸质卷宗")
        ordering = ["case", "kind", "volume_no", "id"]
        indexes = [models.Index(fields=["court", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(locker_cell__isnull=True) | Q(status="in_locker"), name="custody_cell_only_in_locker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label_code} {self.title}"


class CustodyEventType(models.TextChoices):
    REGISTERED = "registered", _("登记")
    CHECKED_IN = "checked_in", _("入柜/入库")
    CHECKED_OUT = "checked_out", _("取出交接")
    RETURNED = "returned", _("归还")


class CustodyEvent(AppendOnlyModel):
    """One custody change of a bundle: append-only, like the case timeline and the audit log."""

    bundle = models.ForeignKey(PaperBundle, on_delete=models.PROTECT, related_name="events", verbose_name=_("卷宗"))
    type = models.CharField(_("事件"), max_length=16, choices=CustodyEventType.choices)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    location = models.ForeignKey(
        StorageLocation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("位置")
    )
    handed_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("交出人")
    )
    handed_to = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("接收人")
    )
    borrowing = models.ForeignKey(
        "Borrowing", null=True, blank=True, on_delete=models.PROTECT, related_name="events", verbose_name=_("借阅")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    correlation_id = CorrelationIdField()

    class Meta:
        verbose_name = _("保管记录")
        verbose_name_plural = _("保管记录")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["bundle", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.bundle_id} {self.type} {self.occurred_at:%Y-%m-%d %H:%M}"


class BorrowingState(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准，待领取")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤回")
    LENT = "lent", _("借阅中")
    RETURNED = "returned", _("已归还")


OPEN_BORROWING_STATES = (BorrowingState.REQUESTED, BorrowingState.APPROVED, BorrowingState.LENT)


class Borrowing(BaseModel):
    """A borrowing (借阅) of one bundle: request with reason and return deadline, approval, hand-over, return."""

    bundle = models.ForeignKey(PaperBundle, on_delete=models.PROTECT, related_name="borrowings", verbose_name=_("卷宗"))
    borrower = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("借阅人"))
    reason = models.CharField(_("借阅事由"), max_length=200)
    due_on = models.DateField(_("归还期限"))
    state = models.CharField(_("状态"), max_length=12, choices=BorrowingState.choices, db_index=True)
    decided_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("审批人")
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    lent_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    overdue_notified_on = models.DateField(_("逾期提醒日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("借阅")
        verbose_name_plural = _("借阅")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "due_on"])]
        constraints = [
            # A bundle is lent to one borrower at a time.
            models.UniqueConstraint(fields=["bundle"], condition=Q(state="lent"), name="custody_one_lending"),
        ]

    def __str__(self) -> str:
        return f"{self.bundle_id} → {self.borrower_id} ({self.state})"

    def is_overdue(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return self.state == BorrowingState.LENT and self.due_on < today  # type: ignore[operator]
