"""Online hearing room pages, mounted at /hearing-room/ (websockets: /ws/hearing-room/, routing.py)."""

from django.urls import path

from . import views

app_name = "hearing_room"
url_prefix = "hearing-room/"

urlpatterns = [
    path("hearings/<int:hearing_id>/enter/", views.hearing_enter, name="hearing_enter"),
    path("<uuid:key>/", views.room, name="room"),
    path("<uuid:key>/notice/", views.notice_accept, name="notice"),
    path("<uuid:key>/token/", views.token, name="token"),
    path("<uuid:key>/participants/<int:participant_id>/identity/", views.identity_confirm, name="identity"),
    path("<uuid:key>/participants/<int:participant_id>/<slug:action>/", views.control, name="control"),
    path("<uuid:key>/recordings/", views.recording_start, name="recording_start"),
    path("<uuid:key>/recordings/<uuid:recording_key>/", views.recording_play, name="recording"),
    path("<uuid:key>/recordings/<uuid:recording_key>/media/", views.recording_media, name="recording_media"),
    path("<uuid:key>/recordings/<uuid:recording_key>/chunks/<int:seq>/", views.recording_chunk, name="recording_chunk"),
    path("<uuid:key>/recordings/<uuid:recording_key>/finish/", views.recording_finish, name="recording_finish"),
]
