"""Court document pages, mounted at /documents/."""

from django.urls import path

from . import views

app_name = "documents"
url_prefix = "documents/"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("review/", views.signoff_queue, name="signoff_queue"),
    path("templates/", views.templates, name="templates"),
    path("templates/<int:template_id>/preview/", views.template_preview, name="template_preview"),
    path("templates/<int:template_id>/download/", views.template_download, name="template_download"),
    path("cases/<int:case_id>/generate/", views.generate, name="generate"),
    path("<int:document_id>/", views.detail, name="detail"),
    path("<int:document_id>/file/<str:what>/", views.document_file, name="file"),
    path("<int:document_id>/pdf/", views.make_pdf, name="pdf"),
    path("<int:document_id>/draft/", views.draft, name="draft"),
    path("<int:document_id>/autosave/", views.autosave, name="autosave"),
    path("<int:document_id>/insert/", views.insert, name="insert"),
    path("<int:document_id>/check/", views.check, name="check"),
    path("<int:document_id>/version/", views.version_save, name="version"),
    path("<int:document_id>/submit/", views.submit, name="submit"),
    path("<int:document_id>/diff/", views.diff, name="diff"),
    path("<int:document_id>/signoff/", views.signoff_decide, name="signoff"),
    path("<int:document_id>/sign/", views.sign, name="sign"),
    path("<int:document_id>/job/", views.job, name="job"),
    path("<int:document_id>/serve/", views.serve, name="serve"),
    path("<int:document_id>/effective/", views.take_effect, name="effective"),
]
