from django.urls import path

from . import views

app_name = "dossier"
url_prefix = "dossier/"

urlpatterns = [
    path("scan/", views.scanning, name="scanning"),
    path("review/", views.review_queue, name="review_queue"),
    path("cases/<int:case_id>/", views.viewer, name="viewer"),
    path("cases/<int:case_id>/search/", views.search, name="search"),
    path("cases/<int:case_id>/scan/", views.scan, name="scan"),
    path("cases/<int:case_id>/export/", views.export_create, name="export"),
    path("cases/<int:case_id>/exports/<int:export_id>/file", views.export_file, name="export_file"),
    path("cases/<int:case_id>/pages/<int:page_id>/file", views.page_file, name="page_file"),
    path("cases/<int:case_id>/pages/<int:page_id>/image", views.page_image, name="page_image"),
    path("cases/<int:case_id>/documents/<int:document_id>/file", views.document_file, name="document_file"),
    path("cases/<int:case_id>/documents/<int:document_id>/category/", views.category_correct, name="correct"),
    path("cases/<int:case_id>/documents/<int:document_id>/title/", views.document_rename, name="rename"),
    path("cases/<int:case_id>/ocr-status/", views.ocr_status, name="ocr_status"),
]
