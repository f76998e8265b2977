from django.urls import path

from . import views

app_name = "jobs"
url_prefix = "jobs/"
urlpatterns = [
    path("failed/", views.failed, name="failed"),
    path("failed/<str:task_id>/retry/", views.retry, name="retry"),
]
