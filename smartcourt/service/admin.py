"""Admin for service: a court's policy (channel order, waiting days), written through the audited service, for the
administrator's own court (`courts.admin.CourtSettingAdmin`). Service tasks, their events and service addresses are
case and personal data: they are read in the service centre, through the permission table, never browsed in the
admin (ADR 0017)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.admin import CourtSettingAdmin

from .models import ServicePolicy
from .services import service_policy_set


@admin.register(ServicePolicy)
class ServicePolicyAdmin(CourtSettingAdmin):
    list_display = ["court", "channels", "wait_days", "updated_by", "updated_at"]
    search_fields = ["court__name", "court__code"]
    readonly_fields = ["updated_by"]

    def save_model(self, request: HttpRequest, obj: ServicePolicy, form: Any, change: bool) -> None:
        if not self.court_allowed(request, obj.court_id):
            self.message_user(request, "只能设置本院的送达策略。", level=messages.ERROR)
            return
        try:
            saved = service_policy_set(
                court=obj.court, channels=list(obj.channels or []), wait_days=dict(obj.wait_days or {}),
                actor=request.user,  # type: ignore[arg-type]
            )  # fmt: skip
        except ApplicationError as exc:
            self.message_user(request, str(exc.message), level=messages.ERROR)
            return
        obj.pk = saved.pk
