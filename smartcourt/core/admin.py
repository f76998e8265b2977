"""Shared admin pieces. Tables written only through the audited services (timelines, custody events, ledger
records, service tasks) are shown read-only in the admin: no add, no change, no delete."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """An admin for looking things up: every change goes through the app's services, which write the timeline
    event and the audit log the admin would skip."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
