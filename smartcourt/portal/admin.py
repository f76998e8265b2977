from django.contrib import admin

from .models import LitigantAccount, OutboundMessage


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "to", "subject", "status", "adapter"]
    list_filter = ["channel", "status"]
    readonly_fields = [f.name for f in OutboundMessage._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(LitigantAccount)
class LitigantAccountAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "state", "reviewed_at"]
    list_filter = ["kind", "state"]
    readonly_fields = [
        "user",
        "kind",
        "id_number",
        "id_photo",
        "id_photo_sha256",
        "state",
        "reviewed_by",
        "reviewed_at",
    ]
