"""Ledger pages, mounted at /ledger/: the public verification page and its downloads; the auditor's findings and
the entries (staff with the ledger-audit grant)."""

from django.urls import path

from . import views

app_name = "ledger"
url_prefix = "ledger/"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/bundle/", views.bundle, name="bundle"),
    path("checkpoint.txt", views.checkpoint_text, name="checkpoint_text"),
    path("key.txt", views.key_text, name="key_text"),
    path("entries/", views.entries, name="entries"),
    path("findings/", views.findings, name="findings"),
    path("findings/<int:finding_id>/resolve/", views.finding_resolve, name="finding_resolve"),
]
