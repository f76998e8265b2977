"""Trial-management pages, mounted at /management/."""

from django.urls import path

from . import views

app_name = "management"
url_prefix = "management/"

urlpatterns = [
    path("", views.overview, name="dashboard"),
]
