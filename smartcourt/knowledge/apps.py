from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Judge assistance: statutes, citation links, element guide (issue 18)."""

    name = "smartcourt.knowledge"
    label = "knowledge"
    verbose_name = _("法律知识")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from smartcourt.core.elements import register_element_guide
        from smartcourt.core.statutes import register_statute_provider

        from .guide import Guide
        from .models import Law, LawVersion
        from .store import StatuteStore, library_written

        register_statute_provider(StatuteStore())
        register_element_guide(Guide())
        # a law or a version written outside an import (which says so itself): every process reads the library anew
        # (the articles of a version are only written with it, by the import)
        for model in (Law, LawVersion):
            post_save.connect(library_written, sender=model, dispatch_uid=f"knowledge.library_written.{model.__name__}")
            post_delete.connect(
                library_written, sender=model, dispatch_uid=f"knowledge.library_deleted.{model.__name__}"
            )
