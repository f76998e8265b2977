"""Admin for paper custody: the storage locations (the locker map's units) only, read-only. Paper bundles, their
custody events and borrowings are case data: they are read on the paper-file pages, through the permission table,
never browsed in the admin (ADR 0017)."""

from __future__ import annotations

from django.contrib import admin

from smartcourt.core.admin import ReadOnlyModelAdmin

from .models import StorageLocation


@admin.register(StorageLocation)
class StorageLocationAdmin(ReadOnlyModelAdmin):
    list_display = ["court", "kind", "unit", "position", "site", "active"]
    list_filter = ["kind", "active", "court"]
    search_fields = ["unit", "position", "site"]
