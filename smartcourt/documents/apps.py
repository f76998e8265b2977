from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Court documents: templates, drafting beside the file, review (阅核), seal and signature (issue 17)."""

    name = "smartcourt.documents"
    label = "documents"
    verbose_name = _("裁判文书")

    def ready(self) -> None:
        from . import permissions, sources  # noqa: F401  (register the document scopes and the built-in draft sources)
