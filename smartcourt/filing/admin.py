"""Admin for filing. Court fees: each court's point inside the fee ranges, written through the audited service, for
the administrator's own court (`courts.admin.CourtSettingAdmin`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.admin import CourtSettingAdmin

from .models import CourtFeeSetting
from .services import court_fee_setting_set


@admin.register(CourtFeeSetting)
class CourtFeeSettingAdmin(CourtSettingAdmin):
    list_display = ["court", "kind", "point", "value", "updated_at"]
    list_filter = ["kind", "point"]
    search_fields = ["court__name", "court__code"]

    def get_readonly_fields(self, request: HttpRequest, obj: CourtFeeSetting | None = None) -> list[str]:
        return ["court", "kind"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: CourtFeeSetting, form: Any, change: bool) -> None:
        if not self.court_allowed(request, obj.court_id):
            self.message_user(request, "只能设置本院的收费标准。", level=messages.ERROR)
            return
        try:
            saved = court_fee_setting_set(
                court=obj.court,
                kind=obj.kind,
                point=obj.point,
                value=obj.value,
                actor=request.user,  # type: ignore[arg-type]
                request=request,
            )
        except ApplicationError as exc:
            self.message_user(request, str(exc.message), level=messages.ERROR)
            return
        obj.pk = saved.pk
