"""Django admin: for system administrators only (with a verified second factor)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, CalendarDay, Court, Division, HolidayYear, RoleGrant, Room, User
from .roles import Role


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_active and user.is_authenticated):
        return False
    if not (user.is_superuser or user.grants.filter(role=Role.SYSTEM_ADMIN).exists()):
        return False
    return user.is_verified() if hasattr(user, "is_verified") else False


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.site_header = _("智慧法院 系统管理")
admin.site.site_title = _("智慧法院 系统管理")
admin.site.index_title = _("系统管理")


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["court", "division"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "phone", "is_active", "last_login"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("法院信息"), {"fields": ["full_name", "phone", "lawyer_licence_no", "law_firm"]}),
    )
    inlines = [RoleGrantInline]


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
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
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "court", "division"]
    list_filter = ["role", "court"]
    search_fields = ["user__username", "user__full_name"]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ["year", "notice", "notice_no", "created_at"]
    inlines = [CalendarDayInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "prefix"]
