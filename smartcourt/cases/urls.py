"""Case pages, mounted at /cases/. The deadline calculator lives in views_deadlines."""

from django.urls import path

from . import views_deadlines

app_name = "cases"
url_prefix = "cases/"

urlpatterns = [
    path("deadlines/", views_deadlines.deadline_calculator, name="deadline_calculator"),
]
