from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Judge assistance: statutes, citation links, element guide (issue 18)."""

    name = "smartcourt.knowledge"
    label = "knowledge"
    verbose_name = _("法律知识")

    def ready(self) -> None:
        from smartcourt.core.elements import register_element_guide
        from smartcourt.core.statutes import register_statute_provider

        from .guide import Guide
        from .store import StatuteStore

        register_statute_provider(StatuteStore())
        register_element_guide(Guide())
