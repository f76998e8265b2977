"""Hearing pages, mounted at /hearings/."""

from django.urls import path

from . import views, views_async, views_transcript

app_name = "hearings"
url_prefix = "hearings/"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("rooms/<int:room_id>/", views.room_calendar, name="room_calendar"),
    path("judges/<int:user_id>/", views.judge_calendar, name="judge_calendar"),
    path("mine/", views.my_calendar, name="mine"),
    path("mine.ics", views.my_calendar_ics, name="mine_ics"),
    path("stats/", views.statistics, name="stats"),
    path("<int:hearing_id>/", views.hearing_detail, name="detail"),
    path("<int:hearing_id>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:hearing_id>/postpone/", views.postpone, name="postpone"),
    path("<int:hearing_id>/cancel/", views.cancel, name="cancel"),
    path("<int:hearing_id>/held/", views.record_held, name="held"),
    path("<int:hearing_id>/summons/", views.summons_issue, name="summons"),
    path("<int:hearing_id>/appearance-notices/", views.appearance_dispatch, name="appearance_dispatch"),
    path(
        "<int:hearing_id>/appearance-notices/<int:notice_id>/posted/", views.appearance_posted, name="appearance_posted"
    ),
    path("<int:hearing_id>/transcript/", views_transcript.transcript_page, name="transcript"),
    path("<int:hearing_id>/transcript/save/", views_transcript.transcript_save, name="transcript_save"),
    path(
        "<int:hearing_id>/transcript/transcribe/", views_transcript.transcript_transcribe, name="transcript_transcribe"
    ),
    path("<int:hearing_id>/transcript/review/", views_transcript.transcript_review, name="transcript_review"),
    path("<int:hearing_id>/transcript/sign/", views_transcript.transcript_sign, name="transcript_sign"),
    path("<int:hearing_id>/transcript/finalise/", views_transcript.transcript_finalise, name="transcript_finalise"),
    path("cases/<int:case_id>/schedule/", views.schedule, name="schedule"),
    path("cases/<int:case_id>/async/", views_async.async_page, name="async"),
    path("cases/<int:case_id>/async/consent/", views_async.async_consent, name="async_consent"),
    path("cases/<int:case_id>/async/open/", views_async.async_open, name="async_open"),
    path("cases/<int:case_id>/async/opinion/", views_async.async_opinion, name="async_opinion"),
    path("cases/<int:case_id>/async/close/", views_async.async_close, name="async_close"),
    path("cases/<int:case_id>/async/reply/", views_async.async_reply, name="async_reply"),
    path("cases/<int:case_id>/async/switch/", views_async.async_switch, name="async_switch"),
    path("cases/<int:case_id>/async/steps/open/", views_async.async_step_open, name="async_step_open"),
    path("cases/<int:case_id>/async/steps/close/", views_async.async_step_close, name="async_step_close"),
    path("cases/<int:case_id>/async/statement/", views_async.async_statement, name="async_statement"),
    path(
        "cases/<int:case_id>/async/statements/<int:statement_id>/media/",
        views_async.async_statement_media,
        name="async_statement_media",
    ),
    path("sites/", views.sites, name="sites"),
    path("sites/<int:site_id>/", views.site_detail, name="site"),
    path("escorts/", views.escorts, name="escorts"),
    path("escorts/<int:escort_id>/acknowledge/", views.escort_acknowledge, name="escort_acknowledge"),
]
