from django.urls import path

from . import views

app_name = "jobs"
url_prefix = "jobs/"
urlpatterns = [
    path("failed/", views.failed, name="failed"),
    path("failed/<str:task_id>/retry/", views.retry, name="retry"),
    path("handoffs/<int:handoff_id>/retry/", views.handoff_retry, name="handoff_retry"),
]
