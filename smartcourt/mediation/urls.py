"""Mediation pages, mounted at /mediation/."""

from django.urls import path

from . import views, views_manage

app_name = "mediation"
url_prefix = "mediation/"

urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("funnel/", views.funnel, name="funnel"),
    path("funnel.<str:fmt>", views.funnel_export, name="funnel_export"),
    path("bodies/", views.bodies, name="bodies"),
    path("sites/", views.sites, name="sites"),
    path("filings/<int:filing_id>/consent/", views.filing_consent, name="filing_consent"),
    path("join/<str:token>/", views.invitation, name="join"),
    path("manage/", views_manage.manage, name="manage"),
    path("manage/areas/new/", views_manage.area_edit, name="manage_area_new"),
    path("manage/areas/<int:pk>/", views_manage.area_edit, name="manage_area"),
    path("manage/bodies/new/", views_manage.body_edit, name="manage_body_new"),
    path("manage/bodies/<int:pk>/", views_manage.body_edit, name="manage_body"),
    path("manage/mediators/new/", views_manage.mediator_edit, name="manage_mediator_new"),
    path("manage/mediators/<int:pk>/", views_manage.mediator_edit, name="manage_mediator"),
    path("manage/sites/new/", views_manage.site_edit, name="manage_site_new"),
    path("manage/sites/<int:pk>/", views_manage.site_edit, name="manage_site"),
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
    path("<int:pk>/invite/<int:party_id>/", views.party_invite, name="invite"),
    path("<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/ruling.pdf", views.ruling_pdf, name="ruling_pdf"),
]
