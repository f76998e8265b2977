"""Websocket routes of the hearing room (mounted under /ws/ by smartcourt.asgi)."""

from django.urls import path

from .consumers import HearingRoomConsumer

websocket_urlpatterns = [
    path("ws/hearing-room/<uuid:key>/", HearingRoomConsumer.as_asgi()),
]
