"""Enforcement pages, mounted at /enforcement/."""

from django.urls import path

from . import views, views_crosscourt

app_name = "enforcement"
url_prefix = "enforcement/"

urlpatterns = [
    path("", views.enforcement_list, name="list"),
    path("apply/<int:case_id>/", views.apply, name="apply"),
    path("<int:file_id>/", views.detail, name="detail"),
    path("<int:file_id>/act/<str:name>/", views.act, name="act"),
    path("papers/<int:paper_id>/", views.paper, name="paper"),
    path("reconcile/", views.reconcile, name="reconcile"),
    path("indicators/", views.indicators, name="indicators"),
    path("dishonest/", views.dishonest_query, name="dishonest"),
    # --- cross-court and entrusted enforcement, the assistance network (异地交叉执行、委托执行、协助执行网络, ADR 0043) ---
    path("<int:file_id>/crosscourt/<str:name>/", views_crosscourt.crosscourt_act, name="crosscourt_act"),
    path("crosscourt/", views_crosscourt.crosscourt_inbox, name="crosscourt_inbox"),
    path(
        "crosscourt/papers/ruling/<int:pk>/",
        views_crosscourt.crosscourt_paper,
        {"what": "ruling"},
        name="crosscourt_ruling",
    ),
    path(
        "crosscourt/papers/letter/<int:pk>/",
        views_crosscourt.crosscourt_paper,
        {"what": "letter"},
        name="entrustment_letter",
    ),
    path(
        "crosscourt/papers/notice/<int:pk>/",
        views_crosscourt.crosscourt_paper,
        {"what": "notice"},
        name="assistance_notice",
    ),
    path("handovers/<int:crosscourt_id>/", views_crosscourt.handover_detail, name="handover"),
    path("entrustments/<int:entrustment_id>/", views_crosscourt.entrustment_detail, name="entrustment"),
    path("assistance/", views_crosscourt.assistance_mine, name="assistance_mine"),
    path("assistance/<int:task_id>/", views_crosscourt.assistance_task, name="assistance_task"),
    path("assistance/<int:task_id>/photo/", views_crosscourt.assistance_photo, name="assistance_photo"),
]
