"""Admin for service: a court's policy (channel order, waiting days), written through the audited service; the
other tables are read-only here (every change of a task goes through the service centre's pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from smartcourt.core.admin import ReadOnlyModelAdmin
from smartcourt.core.errors import ApplicationError

from .models import ServiceAddress, ServiceEvent, ServicePolicy, ServiceTask
from .services import service_policy_set


@admin.register(ServicePolicy)
class ServicePolicyAdmin(admin.ModelAdmin):
    list_display = ["court", "channels", "wait_days", "updated_by", "updated_at"]
    search_fields = ["court__name", "court__code"]
    autocomplete_fields = ["court"]
    readonly_fields = ["updated_by"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ServicePolicy, form: Any, change: bool) -> None:
        try:
            saved = service_policy_set(
                court=obj.court, channels=list(obj.channels or []), wait_days=dict(obj.wait_days or {}),
                actor=request.user,  # type: ignore[arg-type]
            )  # fmt: skip
        except ApplicationError as exc:
            self.message_user(request, str(exc.message), level=messages.ERROR)
            return
        obj.pk = saved.pk


@admin.register(ServiceTask)
class ServiceTaskAdmin(ReadOnlyModelAdmin):
    list_display = ["pk", "case", "person", "title", "state", "served_at", "served_channel"]
    list_filter = ["state", "document_type", "served_channel"]
    search_fields = ["case__number", "person__name"]


@admin.register(ServiceEvent)
class ServiceEventAdmin(ReadOnlyModelAdmin):
    list_display = ["occurred_at", "task", "kind", "summary", "sha256"]
    list_filter = ["kind"]


@admin.register(ServiceAddress)
class ServiceAddressAdmin(ReadOnlyModelAdmin):
    list_display = ["person", "signed_via", "signed_at", "consent_basis", "superseded_at"]
    search_fields = ["person__name"]
