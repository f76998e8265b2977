"""Statute pages (public: laws are public) and the element guide, mounted at /knowledge/."""

from django.urls import path

from . import views

app_name = "knowledge"
url_prefix = "knowledge/"

urlpatterns = [
    path("statutes/", views.statute_search, name="statutes"),
    path("statutes/<str:law>/", views.law_detail, name="law"),
    path("statutes/<str:law>/<str:article>/", views.article_detail, name="article"),
    path("guide/", views.guide_index, name="guide"),
    path("guide/<slug:slug>/", views.guide_detail, name="guide_cause"),
]
