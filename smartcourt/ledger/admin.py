"""Admin for the ledger: everything read-only except witnesses, which are registered through the service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from smartcourt.core.admin import ReadOnlyModelAdmin
from smartcourt.core.errors import ApplicationError

from .models import AuditFinding, LedgerCheckpoint, LedgerRecord, LedgerWitness
from .services import ledger_witness_add


@admin.register(LedgerRecord)
class LedgerRecordAdmin(ReadOnlyModelAdmin):
    list_display = ["index", "kind", "subject", "sha256", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["=sha256", "=leaf_hash", "subject"]
    show_full_result_count = False


@admin.register(LedgerCheckpoint)
class LedgerCheckpointAdmin(ReadOnlyModelAdmin):
    list_display = ["tree_size", "root_hash", "published_at"]


@admin.register(AuditFinding)
class AuditFindingAdmin(ReadOnlyModelAdmin):
    list_display = ["kind", "ref", "found_at", "last_seen_at", "resolved_at"]
    list_filter = ["kind", "resolved_at"]


@admin.register(LedgerWitness)
class LedgerWitnessAdmin(admin.ModelAdmin):
    list_display = ["name", "verifier_key", "note", "created_at"]
    fields = ["name", "verifier_key", "note"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cosignatures refer to it

    def save_model(self, request: HttpRequest, obj: LedgerWitness, form: Any, change: bool) -> None:
        try:
            saved = ledger_witness_add(
                name=obj.name,
                verifier_key=obj.verifier_key,
                note_text=obj.note,
                actor=request.user,  # type: ignore[arg-type]
            )
        except ApplicationError as exc:
            self.message_user(request, str(exc.message), level=messages.ERROR)
            return
        obj.pk = saved.pk
