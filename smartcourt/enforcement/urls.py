"""Enforcement pages, mounted at /enforcement/."""

from django.urls import path

from . import views

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
]
