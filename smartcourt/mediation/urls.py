"""Mediation pages, mounted at /mediation/."""

from django.urls import path

from . import views

app_name = "mediation"
url_prefix = "mediation/"

urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("funnel/", views.funnel, name="funnel"),
    path("funnel.<str:fmt>", views.funnel_export, name="funnel_export"),
    path("bodies/", views.bodies, name="bodies"),
    path("sites/", views.sites, name="sites"),
    path("filings/<int:filing_id>/consent/", views.filing_consent, name="filing_consent"),
    path("<int:pk>/", views.dispute_detail, name="detail"),
    path("<int:pk>/message/", views.message_post, name="message"),
    path("<int:pk>/offer/", views.offer_make, name="offer"),
    path("<int:pk>/offers/<int:offer_id>/accept/", views.offer_accept, name="offer_accept"),
    path("<int:pk>/sign/", views.agreement_sign, name="sign"),
    path("<int:pk>/extend/", views.dispute_extend, name="extend"),
    path("<int:pk>/fail/", views.dispute_fail, name="fail"),
    path("<int:pk>/confirmation/", views.confirmation_apply, name="confirmation_apply"),
    path("<int:pk>/confirmation/decide/", views.confirmation_decide, name="confirmation_decide"),
    path("<int:pk>/video/", views.video, name="video"),
    path("<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/ruling.pdf", views.ruling_pdf, name="ruling_pdf"),
]
