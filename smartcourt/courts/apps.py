from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    name = "smartcourt.courts"
    label = "courts"
    verbose_name = _("法院与人员")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (register the workbench panels)
        from .selectors_outbox import outbox_scopes_register
        from .selectors_staff import staff_scopes_register
        from .selectors_teams import standing_team_scopes_register

        outbox_scopes_register()  # the one outbox's scopes in the permission table
        staff_scopes_register()  # court staff (人员与角色) by the courts of their grants
        standing_team_scopes_register()  # judges' standing teams (固定审判团队), scoped on the judge's post
