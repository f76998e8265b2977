from django.contrib import admin

from .models import LitigantAccount


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
