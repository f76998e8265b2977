from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    name = "smartcourt.courts"
    label = "courts"
    verbose_name = _("法院与人员")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import panels  # noqa: F401  (register the workbench panels)
        from .grants import permission_memo_clear, reference_memo_clear
        from .models import CalendarDay, HolidayYear, RoleGrant
        from .selectors_outbox import outbox_scopes_register
        from .selectors_staff import staff_scopes_register
        from .selectors_teams import standing_team_scopes_register
        from .signed_in import receivers_connect

        outbox_scopes_register()  # the one outbox's scopes in the permission table
        staff_scopes_register()  # court staff (人员与角色) by the courts of their grants
        standing_team_scopes_register()  # judges' standing teams (固定审判团队), scoped on the judge's post
        # a request that writes a grant reads it back at once (the request's permission memo, ADR 0025)
        post_save.connect(permission_memo_clear, sender=RoleGrant, dispatch_uid="courts_permission_memo_save")
        post_delete.connect(permission_memo_clear, sender=RoleGrant, dispatch_uid="courts_permission_memo_delete")
        # the signed-in person's cached entry is dropped by their writes (courts.signed_in)
        receivers_connect()
        # and a request that loads or changes a holiday year counts on it at once (the calendar read once per request)
        for model in (HolidayYear, CalendarDay):
            post_save.connect(
                reference_memo_clear, sender=model, dispatch_uid=f"courts_reference_memo_save_{model.__name__}"
            )
            post_delete.connect(
                reference_memo_clear, sender=model, dispatch_uid=f"courts_reference_memo_del_{model.__name__}"
            )
