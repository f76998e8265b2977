from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeLibraryConfig(AppConfig):
    """Case library, similar-case push and the Q&A board (法答网): part of knowledge, its own app so its migrations stand apart."""

    name = "smartcourt.knowledge.library"
    label = "knowledge_library"
    verbose_name = _("案例库与法答网")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from smartcourt.courts.grants import reference_memo_clear

        from . import permissions, workbench  # noqa: F401  (register the library scopes and the workbench panel)
        from .models import ExpertDesignation

        # the person's designations are read once per request (permissions._expert_courts): a write empties the memo
        post_save.connect(reference_memo_clear, sender=ExpertDesignation, dispatch_uid="library_expert_memo_save")
        post_delete.connect(reference_memo_clear, sender=ExpertDesignation, dispatch_uid="library_expert_memo_del")
