"""Leases that keep a running task's claim alive, and the record of tasks taken back from dead workers."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskLease(models.Model):
    """A worker's claim on a running task (database backend), renewed by a heartbeat until the task ends.

    django-tasks-db marks a task RUNNING when a worker claims it and nothing else ever changes that if the worker
    dies (django-tasks issue #46). A lease that is no longer renewed tells every other worker the task is orphaned.
    """

    task_id = models.CharField(_("任务编号"), max_length=64, primary_key=True)
    worker_id = models.CharField(_("工作进程"), max_length=64)
    expires_at = models.DateTimeField(_("租约到期"), db_index=True)
    renewed_at = models.DateTimeField(_("最近续约"), default=timezone.now)

    class Meta:
        verbose_name = _("任务租约")
        verbose_name_plural = _("任务租约")

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.worker_id}"


class TaskRecovery(models.Model):
    """One orphaned task taken back: put back in the queue, or failed after too many lost workers."""

    class Action(models.TextChoices):
        REQUEUED = "requeued", _("重新排队")
        FAILED = "failed", _("判定失败")

    task_id = models.CharField(_("任务编号"), max_length=64, db_index=True)
    task_path = models.TextField(_("任务"))
    backend = models.CharField(_("后端"), max_length=16, default="database")
    lost_worker_id = models.CharField(_("失联工作进程"), max_length=64, blank=True)
    action = models.CharField(_("处理"), max_length=16, choices=Action.choices)
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    recovered_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("失联任务回收记录")
        verbose_name_plural = _("失联任务回收记录")
        ordering = ["-recovered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_path} {self.get_action_display()}"


class ScheduleRun(models.Model):
    """The last run of one periodic schedule (定时任务), by schedule name: the claim that makes exactly one worker
    enqueue each due run. `runs` is the version a claim checks (UPDATE … WHERE runs = the value read)."""

    name = models.CharField(_("定时任务"), max_length=100, primary_key=True)
    last_run_at = models.DateTimeField(_("上次排队"), null=True, blank=True)
    last_task_id = models.CharField(_("上次任务编号"), max_length=64, blank=True)
    last_worker = models.CharField(_("排队的进程"), max_length=100, blank=True)
    runs = models.PositiveIntegerField(_("已排队次数"), default=0)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run_at}"


class Handoff(models.Model):
    """One durable hand-off (交接) between apps: work that must happen after the sender's transaction commits.

    Written inside the sender's transaction (so it exists exactly when the sender's rows do), run by
    `handoff_run_task` with retries; a receiver's work and the row's `done` mark commit together, so a delivered
    hand-off takes effect once. Rows that never reached the queue are relayed by the `jobs.handoff_relay` schedule.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("待处理")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    event = models.CharField(_("事件"), max_length=100)
    receiver = models.CharField(_("接收方"), max_length=200)
    payload = models.JSONField(_("内容"), default=dict)
    queue_name = models.CharField(_("队列"), max_length=32, default="default")
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    max_attempts = models.PositiveIntegerField(_("最多尝试次数"), default=6)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("排队时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("应用间交接")
        verbose_name_plural = _("应用间交接")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "enqueued_at"], name="jobs_handoff_state_enq")]

    def __str__(self) -> str:
        return f"{self.event} → {self.receiver} ({self.state})"
