"""Admin for paper custody: read-only. Every change goes through the services (pages, scan page, API), which
write the custody event, the case timeline and the audit log; the admin is for looking things up."""

from __future__ import annotations

from django.contrib import admin

from smartcourt.core.admin import ReadOnlyModelAdmin

from .models import Borrowing, CustodyEvent, PaperBundle, StorageLocation


@admin.register(StorageLocation)
class StorageLocationAdmin(ReadOnlyModelAdmin):
    list_display = ["court", "kind", "unit", "position", "site", "active"]
    list_filter = ["kind", "active", "court"]
    search_fields = ["unit", "position", "site"]


@admin.register(PaperBundle)
class PaperBundleAdmin(ReadOnlyModelAdmin):
    list_display = ["label_code", "case", "title", "kind", "status", "location", "holder", "updated_at"]
    list_filter = ["status", "kind", "court"]
    search_fields = ["label_code", "case__number", "title"]
    list_select_related = ["case", "location", "holder"]


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyModelAdmin):
    list_display = ["occurred_at", "bundle", "type", "location", "handed_by", "handed_to", "actor"]
    list_filter = ["type"]
    search_fields = ["bundle__label_code", "bundle__case__number"]
    list_select_related = ["bundle", "location", "handed_by", "handed_to", "actor"]


@admin.register(Borrowing)
class BorrowingAdmin(ReadOnlyModelAdmin):
    list_display = ["bundle", "borrower", "state", "due_on", "lent_at", "returned_at", "decided_by"]
    list_filter = ["state"]
    search_fields = ["bundle__label_code", "bundle__case__number", "borrower__full_name"]
    list_select_related = ["bundle", "borrower", "decided_by"]
