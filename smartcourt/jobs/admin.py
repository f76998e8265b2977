from django.contrib import admin

from .models import ScheduleRun, TaskLease, TaskRecovery


@admin.register(TaskLease)
class TaskLeaseAdmin(admin.ModelAdmin):
    list_display = ["task_id", "worker_id", "expires_at", "renewed_at"]


@admin.register(TaskRecovery)
class TaskRecoveryAdmin(admin.ModelAdmin):
    list_display = ["recovered_at", "task_path", "backend", "action", "attempts", "lost_worker_id"]
    list_filter = ["backend", "action"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "runs", "last_task_id", "last_worker"]
