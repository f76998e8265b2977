"""The outbox in the admin: read-only (messages are written by `outbox_send` and recorded by their provider)."""

from __future__ import annotations

from django.contrib import admin

from smartcourt.core.admin import ReadOnlyModelAdmin

from .models import OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "channel", "to", "subject", "status", "provider", "purpose", "court"]
    list_filter = ["channel", "status", "purpose"]
    search_fields = ["to", "reference", "related_id"]
