from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "smartcourt.filing"
    label = "filing"
    verbose_name = _("立案")

    def ready(self) -> None:
        from smartcourt.core.intake.limits import filing_max_bytes
        from smartcourt.core.request_limits import body_limit_register

        from . import permissions, workbench  # noqa: F401  (register filing scopes and workbench panels)

        body_limit_register("filing:wizard_step", filing_max_bytes, "网上立案：一份证据")  # the evidence step
