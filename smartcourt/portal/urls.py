"""Public-side pages, mounted at /portal/."""

from django.urls import path
from django.views.generic import RedirectView

from . import views, views_publication

app_name = "portal"
url_prefix = "portal/"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("verify/", views.verify, name="verify"),
    path("verifications/", views.verification_queue, name="verification_queue"),
    path("verifications/<int:account_id>/", views.verification_detail, name="verification_detail"),
    path("verifications/<int:account_id>/photo/", views.id_photo, name="id_photo"),
    path("filings/", views.my_filings, name="my_filings"),
    path("filings/<int:filing_id>/", views.filing_detail, name="filing_detail"),
    path("cases/", views.my_cases, name="my_cases"),
    path("cases/<int:case_id>/representation/", views.case_representation, name="case_representation"),
    path("lookup/", views.lookup, name="lookup"),
    path("kiosk/", views.kiosk_start, name="kiosk_start"),
    path("kiosk/activate/", views.kiosk_activate, name="kiosk_activate"),
    path("kiosk/devices/", views.kiosk_devices, name="kiosk_devices"),
    path("kiosk/<str:court_code>/", views.kiosk, name="kiosk"),
    path("kiosk/receipt/<str:reference>/", views.kiosk_receipt, name="kiosk_receipt"),
    path("cases/<int:case_id>/process/", views_publication.case_process, name="case_process"),
    path("publication/", views_publication.tasks, name="publication_tasks"),
    path("publication/<int:publication_id>/", views_publication.task_review, name="publication_task"),
    path("judgments/", views_publication.judgments, name="judgments"),
    path("judgments/<int:judgment_id>/", views_publication.judgment, name="judgment"),
    path("judgments/<int:judgment_id>/pdf/", views_publication.judgment_pdf, name="judgment_pdf"),
    # the SMS / e-mail outbox is the one outbox page now; the old address redirects there
    path("outbox/", RedirectView.as_view(pattern_name="courts:outbox", query_string=True), name="outbox"),
]
