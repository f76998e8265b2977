"""Service pages, mounted at /service/."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "service"
url_prefix = "service/"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("batch/", views.batch_create, name="batch"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/capture/", views.capture, name="capture"),
    path("tasks/<int:task_id>/document.pdf", views.document, name="document"),
    path("tasks/<int:task_id>/certificate.pdf", views.certificate, name="certificate"),
    path("post/import/", views.post_import, name="post_import"),
    path("stats/", views.stats, name="stats"),
    # the SMS / e-mail outbox is the one outbox page now; old links (?kind=sms) keep working
    path("outbox/", RedirectView.as_view(pattern_name="courts:outbox", query_string=True), name="outbox"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:task_id>/", views.inbox_detail, name="inbox_detail"),
    path("s/<str:token>/", views.open_link, name="open"),
    path("s/<str:token>/document.pdf", views.open_document, name="open_document"),
    path("parties/<int:party_id>/address/", views.address_confirm, name="address"),
    path("parties/<int:party_id>/serve/", views.case_task_create, name="case_task_create"),
]
