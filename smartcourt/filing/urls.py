"""Filing pages, mounted at /filing/. Court fees: the public fee calculator."""

from django.urls import path

from . import views

app_name = "filing"
url_prefix = "filing/"

urlpatterns = [
    path("fees/", views.fee_calculator, name="fee_calculator"),
]
