"""The public calculators, mounted where the deadline calculator has always been: /cases/deadlines/."""

from django.urls import path

from . import views

app_name = "legaltime"
url_prefix = "cases/deadlines/"

urlpatterns = [
    path("", views.deadline_calculator, name="deadline_calculator"),
    path("trial-period/", views.trial_period_calculator, name="trial_period_calculator"),
]
