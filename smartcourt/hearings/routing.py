"""Websocket routes of the hearings app (mounted by smartcourt.asgi): the transcript editor's live push, and the
online hearing room's signalling (room/routing.py)."""

from django.urls import path

from .consumers import TranscriptConsumer
from .room.routing import websocket_urlpatterns as room_patterns

websocket_urlpatterns = [
    path("ws/hearings/<int:hearing_id>/transcript/", TranscriptConsumer.as_asgi()),
    *room_patterns,
]
