from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Judge assistance: statutes, citation links, element guide (issue 18)."""

    name = "smartcourt.knowledge"
    label = "knowledge"
    verbose_name = _("法律知识")
