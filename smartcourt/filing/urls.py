"""Filing pages, mounted at /filing/: the fee calculator, the filing wizard, filing review."""

from django.urls import path

from .views import fees, review, wizard

app_name = "filing"
url_prefix = "filing/"

urlpatterns = [
    path("fees/", fees.fee_calculator, name="fee_calculator"),
    # the wizard (网上立案)
    path("new/", wizard.wizard, name="wizard"),
    path("new/causes/", wizard.cause_options, name="cause_options"),
    path("<int:filing_id>/step/<slug:step>/", wizard.wizard_step, name="wizard_step"),
    path("<int:filing_id>/submit/", wizard.wizard_submit, name="wizard_submit"),
    path("<int:filing_id>/complaint.pdf", wizard.complaint_preview, name="complaint_pdf"),
    path("<int:filing_id>/evidence/<int:evidence_id>/delete/", wizard.evidence_delete, name="evidence_delete"),
    path("evidence/<int:evidence_id>/", wizard.evidence_download, name="evidence_download"),
    # review (立案审查)
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:filing_id>/", review.review_detail, name="review_detail"),
    path("cross-region/", review.cross_region, name="cross_region"),
    path("cross-region/<int:filing_id>/forward/", review.forward, name="forward"),
    path("payments/<int:payment_id>/confirm/", review.payment_confirm, name="payment_confirm"),
    path("fee-notices/<int:notice_id>/refund/", review.refund, name="refund"),
    path("relief/<int:relief_id>/decide/", review.relief_decide, name="relief_decide"),
    path("triage/", review.triage_stats, name="triage_stats"),
]
