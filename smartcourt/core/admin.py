"""Shared admin pieces. The Django admin is a read-only lookup (ADR 0013, 0017): every table shown there is shown
read-only (no add, no change, no delete), to those the site lets in — the permission table's `admin_site` grant
with a verified second factor (`courts.admin`); Django's own model permissions and superuser flag grant nothing.
Case data and personal data are not registered at all: they are read on their own pages, through the table."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """An admin for looking things up: every change goes through the app's services, which write the timeline
    event and the audit log the admin would skip. Viewing is whatever the admin site allows (its `has_permission`,
    which asks the permission table), never Django's per-model permissions."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline of a read-only admin page: shown, never edited."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
