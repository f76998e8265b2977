"""Django admin: for system administrators only (with a verified second factor).

People, role grants, courts and the holiday calendar are read-only here: the admin would write them without the
services' checks and audit rows (a court added here got an empty hierarchy path, which the permission table once
read as "every court"). They change through their services: `court_create`, `role_grant`, `holiday_year_load` /
`holiday_year_update` (the calendar page), each writing its audit row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartcourt.core.admin import ReadOnlyModelAdmin

from .models import ApiToken, CalendarDay, Court, Division, HolidayYear, RoleGrant, Room, User
from .permissions import Action, Resource, permits


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_active and user.is_authenticated):
        return False
    # Django's own superuser flag opens Django's own site (bootstrap); everyone else needs the table's grant.
    if not (user.is_superuser or permits(user=user, resource=Resource.ADMIN_SITE, action=Action.VIEW)):
        return False
    return user.is_verified() if hasattr(user, "is_verified") else False


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.site_header = _("智慧法院 系统管理")
admin.site.site_title = _("智慧法院 系统管理")
admin.site.index_title = _("系统管理")


class _ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoleGrantInline(_ReadOnlyInline):
    model = RoleGrant


@admin.register(User)
class UserAdmin(ReadOnlyModelAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "phone", "is_active", "last_login"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("法院信息"), {"fields": ["full_name", "phone", "lawyer_licence_no", "law_firm"]}),
    )
    inlines = [RoleGrantInline]


@admin.register(Court)
class CourtAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    search_fields = ["name", "code"]
    list_filter = ["level"]
    readonly_fields = ["path"]


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["name", "court", "kind"]
    list_filter = ["kind", "court"]
    search_fields = ["name", "court__name"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "court", "kind", "capacity"]
    list_filter = ["kind", "court"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "role", "court", "division"]
    list_filter = ["role", "court"]
    search_fields = ["user__username", "user__full_name"]


class CalendarDayInline(_ReadOnlyInline):
    model = CalendarDay


@admin.register(HolidayYear)
class HolidayYearAdmin(ReadOnlyModelAdmin):
    list_display = ["year", "notice", "notice_no", "created_at"]
    inlines = [CalendarDayInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "prefix"]
