"""Django admin: a read-only lookup for system administrators (with a verified second factor), limited to what the
permission table allows (ADR 0013, 0017).

- Who gets in: the table's `admin_site` grant, nothing else — Django's superuser and staff flags open nothing.
- What it shows: organisation and configuration tables, read-only. People, grants and tokens only of the courts whose
  staff the administrator manages (COURT_STAFF/VIEW). Never a password hash, a TOTP secret, a token or its digest:
  authenticator devices (django-otp) and login records (django-axes) are not registered, people are shown without
  their password field. Case data and personal data (cases, filings, dossiers, paper files, service tasks and
  addresses, SMS bodies, litigant accounts, ledger records) are not registered at all.
- What it writes: nothing here. People, grants and enrolment codes change on the staff pages (`courts:staff`), courts
  with `manage.py court_add`, the calendar on its page — all through audited services. (The fee-point and service-
  policy forms of filing and service write through their services, for the administrator's own court only.)
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartcourt.core.admin import ReadOnlyInline, ReadOnlyModelAdmin

from .models import ApiToken, CalendarDay, Court, Division, HolidayYear, RoleGrant, Room, User
from .permissions import Action, Resource, courts_q, permits, visible_q
from .selectors_staff import totp_enrolled


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_active and user.is_authenticated):
        return False
    # The table's grant opens the site; Django's superuser flag does not (a superuser without it is refused).
    if not permits(user=user, resource=Resource.ADMIN_SITE, action=Action.VIEW):
        return False
    return user.is_verified() if hasattr(user, "is_verified") else False


def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin has no sign-in of its own (Django's asks for the staff flag): the one sign-in, then back here. A
    person already signed in whom the table does not let in is refused (403), not sent round to sign in again."""
    if request.user.is_authenticated:
        raise PermissionDenied
    target = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


def _admin_password_change(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """One place to change a password: 账户安全, through `password_change` (audited; ends the API tokens)."""
    return HttpResponseRedirect(reverse("accounts:security"))


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.password_change = _admin_password_change  # type: ignore[method-assign,assignment]
admin.site.site_header = _("智慧法院 系统管理")
admin.site.site_title = _("智慧法院 系统管理")
admin.site.index_title = _("系统管理（只读）")

# Registered by the libraries; none belongs in the lookup: authenticator devices hold the TOTP secrets and static
# codes, login records (axes) every user's addresses, groups are unused (the permission table decides), task
# results and queues carry payloads of any app (case ids, names). (Those apps' admin modules are imported before
# this one: they come first in INSTALLED_APPS.)
NOT_IN_ADMIN = frozenset({"auth", "otp_totp", "otp_static", "axes", "django_tasks_database", "django_rq"})
for _model in [m for m in list(admin.site._registry) if m._meta.app_label in NOT_IN_ADMIN]:
    admin.site.unregister(_model)


def _staff_in_scope(request: HttpRequest) -> QuerySet[User]:
    """The people whose staff page the administrator may open (COURT_STAFF/VIEW, by the table's scopes)."""
    visible = visible_q(user=request.user, resource=Resource.COURT_STAFF, action=Action.VIEW)
    return User.objects.filter(pk__in=User.objects.filter(visible).values("pk"))


_GRANT_FIELDS = ("role", "court", "division", "appointment_ref", "created_at")
# Explicit fields: never `password` (its hash), never Django's permission flags (the table decides).
_USER_FIELDS = (
    "username",
    "full_name",
    "phone",
    "email",
    "is_active",
    "last_login",
    "date_joined",
    "lawyer_licence_no",
    "law_firm",
    "authenticator",
)
_TOKEN_FIELDS = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_reason")


class RoleGrantInline(ReadOnlyInline):
    model = RoleGrant
    fields = _GRANT_FIELDS
    readonly_fields = _GRANT_FIELDS


@admin.register(User)
class UserAdmin(ReadOnlyModelAdmin):
    list_display = ["username", "full_name", "phone", "is_active", "last_login"]
    search_fields = ["username", "full_name", "phone"]
    list_filter = ["is_active"]
    fields = _USER_FIELDS
    readonly_fields = _USER_FIELDS
    inlines = [RoleGrantInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return _staff_in_scope(request)

    @admin.display(description=_("身份验证器"))
    def authenticator(self, obj: User) -> str:
        return str(_("已绑定") if totp_enrolled(user=obj) else _("未绑定"))


@admin.register(Court)
class CourtAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    search_fields = ["name", "code"]
    list_filter = ["level"]
    readonly_fields = ["path"]


@admin.register(Division)
class DivisionAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "court", "kind"]
    list_filter = ["kind", "court"]
    search_fields = ["name", "court__name"]


@admin.register(Room)
class RoomAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "court", "kind", "capacity"]
    list_filter = ["kind", "court"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "role", "court", "division", "appointment_ref"]
    list_filter = ["role", "court"]
    search_fields = ["user__username", "user__full_name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleGrant]:
        return super().get_queryset(request).filter(user__in=_staff_in_scope(request))


class CalendarDayInline(ReadOnlyInline):
    model = CalendarDay


@admin.register(HolidayYear)
class HolidayYearAdmin(ReadOnlyModelAdmin):
    list_display = ["year", "notice", "notice_no", "created_at"]
    inlines = [CalendarDayInline]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyModelAdmin):
    """Which tokens exist, whose, until when: never the token, its digest or its password stamp."""

    list_display = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    fields = _TOKEN_FIELDS
    readonly_fields = _TOKEN_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        return super().get_queryset(request).filter(user__in=_staff_in_scope(request))


class CourtSettingAdmin(admin.ModelAdmin):
    """A court's setting (fee points, service policy) whose every write goes through its app's audited service
    (`save_model` calls it): shown for the courts the administrator's `admin_site` grant covers and changed only for
    the courts where the table gives `admin_site/change` — the administrator's own court. Never deleted here."""

    def _courts(self, request: HttpRequest, action: Action) -> QuerySet[Court]:
        return Court.objects.filter(courts_q(user=request.user, resource=Resource.ADMIN_SITE, action=action))

    def court_allowed(self, request: HttpRequest, court_id: int | None) -> bool:
        return court_id is not None and self._courts(request, Action.CHANGE).filter(pk=court_id).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request) and self._courts(request, Action.CHANGE).exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.admin_site.has_permission(request):
            return False
        return (
            self.court_allowed(request, obj.court_id)
            if obj is not None
            else self._courts(request, Action.CHANGE).exists()
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(court__in=self._courts(request, Action.VIEW))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "court":
            kwargs["queryset"] = self._courts(request, Action.CHANGE).order_by("path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
