"""Admin for background work: leases, recoveries and schedule runs, read-only (retries go through the jobs pages)."""

from django.contrib import admin

from smartcourt.core.admin import ReadOnlyModelAdmin

from .models import ScheduleRun, TaskLease, TaskRecovery


@admin.register(TaskLease)
class TaskLeaseAdmin(ReadOnlyModelAdmin):
    list_display = ["task_id", "worker_id", "expires_at", "renewed_at"]


@admin.register(TaskRecovery)
class TaskRecoveryAdmin(ReadOnlyModelAdmin):
    list_display = ["recovered_at", "task_path", "backend", "action", "attempts", "lost_worker_id"]
    list_filter = ["backend", "action"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "last_run_at", "runs", "last_task_id", "last_worker"]
