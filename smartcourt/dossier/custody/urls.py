"""Paper-custody pages, mounted at /paper-files/."""

from django.urls import path

from . import views

app_name = "paper_files"
url_prefix = "paper-files/"

urlpatterns = [
    path("", views.paper_file_list, name="list"),
    path("new/", views.paper_file_register, name="register"),
    path("labels.pdf", views.labels_pdf, name="labels"),
    path("lookup/", views.paper_file_lookup, name="lookup"),
    path("locations/", views.locations, name="locations"),
    path("borrowings/", views.borrowing_queue, name="borrowings"),
    path("borrowings/<int:borrowing_id>/decide/", views.borrowing_decide, name="borrowing_decide"),
    path("borrowings/<int:borrowing_id>/cancel/", views.borrowing_cancel, name="borrowing_cancel"),
    path("scan/<str:label_code>/", views.paper_file_scan, name="scan"),
    path("<int:bundle_id>/", views.paper_file_detail, name="detail"),
    path("<int:bundle_id>/check-in/", views.paper_file_check_in, name="check_in"),
    path("<int:bundle_id>/check-out/", views.paper_file_check_out, name="check_out"),
    path("<int:bundle_id>/borrow/", views.borrowing_request, name="borrow"),
]
