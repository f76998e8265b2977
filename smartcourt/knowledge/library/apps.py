from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeLibraryConfig(AppConfig):
    """Case library, similar-case push and the Q&A board (法答网): part of knowledge, its own app so its migrations stand apart."""

    name = "smartcourt.knowledge.library"
    label = "knowledge_library"
    verbose_name = _("案例库与法答网")

    def ready(self) -> None:
        from . import permissions, workbench  # noqa: F401  (register the library scopes and the workbench panel)
