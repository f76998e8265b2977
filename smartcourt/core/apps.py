from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "smartcourt.core"
    label = "core"
    verbose_name = _("平台公共")

    def ready(self) -> None:
        from django.contrib.sessions.models import Session
        from django.db.models.signals import post_delete

        from .sessions import session_deleted

        # a session row deleted by any path leaves no cached copy (core.sessions)
        post_delete.connect(session_deleted, sender=Session, dispatch_uid="core_session_cache_forget")
