from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingRoomConfig(AppConfig):
    """The online hearing room (video and signalling): part of hearings, its own app so its migrations stand apart."""

    name = "smartcourt.hearings.room"
    label = "hearing_room"
    verbose_name = _("在线庭审室")
