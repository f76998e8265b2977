"""Filing pages, mounted at /filing/: the fee calculator, the filing wizard, filing review."""

from django.urls import path

from . import views, views_review, views_wizard

app_name = "filing"
url_prefix = "filing/"

urlpatterns = [
    path("fees/", views.fee_calculator, name="fee_calculator"),
    # the wizard (网上立案)
    path("new/", views_wizard.wizard, name="wizard"),
    path("new/causes/", views_wizard.cause_options, name="cause_options"),
    path("<int:filing_id>/step/<slug:step>/", views_wizard.wizard_step, name="wizard_step"),
    path("<int:filing_id>/submit/", views_wizard.wizard_submit, name="wizard_submit"),
    path("<int:filing_id>/complaint.pdf", views_wizard.complaint_preview, name="complaint_pdf"),
    path("<int:filing_id>/evidence/<int:evidence_id>/delete/", views_wizard.evidence_delete, name="evidence_delete"),
    path("evidence/<int:evidence_id>/", views_wizard.evidence_download, name="evidence_download"),
    # review (立案审查)
    path("review/", views_review.review_queue, name="review_queue"),
    path("review/<int:filing_id>/", views_review.review_detail, name="review_detail"),
    path("cross-region/", views_review.cross_region, name="cross_region"),
    path("cross-region/<int:filing_id>/forward/", views_review.forward, name="forward"),
    path("payments/<int:payment_id>/confirm/", views_review.payment_confirm, name="payment_confirm"),
    path("fee-notices/<int:notice_id>/refund/", views_review.refund, name="refund"),
    path("relief/<int:relief_id>/decide/", views_review.relief_decide, name="relief_decide"),
    path("triage/", views_review.triage_stats, name="triage_stats"),
]
