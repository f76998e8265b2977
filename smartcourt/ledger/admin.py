"""Admin for the ledger: published checkpoints (read-only) and witnesses, which are registered through the audited
service by those the table gives `ledger_audit/change`. Ledger records name every anchored document of every case
and the auditor's findings have their own page (`ledger:findings`): neither is browsed in the admin (ADR 0017)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from smartcourt.core.admin import ReadOnlyModelAdmin
from smartcourt.core.errors import ApplicationError
from smartcourt.courts.permissions import Action, Resource, permits

from .models import LedgerCheckpoint, LedgerWitness
from .services import ledger_witness_add


@admin.register(LedgerCheckpoint)
class LedgerCheckpointAdmin(ReadOnlyModelAdmin):
    list_display = ["tree_size", "root_hash", "published_at"]


@admin.register(LedgerWitness)
class LedgerWitnessAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "verifier_key", "note", "created_at"]
    fields = ["name", "verifier_key", "note"]

    def _may_change(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request) and permits(
            user=request.user, resource=Resource.LEDGER_AUDIT, action=Action.CHANGE
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_change(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request)  # cosignatures refer to a witness: never deleted

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
