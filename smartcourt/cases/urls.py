"""Case pages, mounted at /cases/. The deadline calculators at /cases/deadlines/ are legaltime's (legaltime.urls)."""

from django.urls import path

from . import views, views_approvals

app_name = "cases"
url_prefix = "cases/"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/tabs/<slug:tab>/", views.case_tab, name="tab"),  # a lazy tab's panel (views.LAZY_TABS)
    path("approvals/", views_approvals.approval_queue, name="approvals"),
    path("approvals/<int:request_id>/decision/", views_approvals.approval_decide, name="approval_decide"),
    path("approvals/<int:request_id>/withdraw/", views_approvals.approval_withdraw, name="approval_withdraw"),
    path("assignments/", views_approvals.assignment_desk, name="assignment_desk"),
    path("assignments/<int:case_id>/random/", views_approvals.assignment_desk_random, name="assignment_desk_random"),
    path(
        "<int:case_id>/assignments/<int:draw_id>/replay/", views_approvals.assignment_replay, name="assignment_replay"
    ),
    path("<int:case_id>/transition/", views.case_transition, name="transition"),
    path("<int:case_id>/assign/random/", views.case_assign_random, name="assign_random"),
    path("<int:case_id>/assignment-requests/", views.case_assignment_request, name="assignment_request"),
    path("<int:case_id>/tag/", views.case_tag, name="tag"),
    path("<int:case_id>/team/", views.case_team, name="team"),
    path("<int:case_id>/period/deduction/", views.case_deduction_start, name="deduction_start"),
    path("<int:case_id>/period/deduction/end/", views.case_deduction_end, name="deduction_end"),
    path("<int:case_id>/period/extension-requests/", views.case_extension_request, name="extension_request"),
    path("<int:case_id>/procedure/", views.case_procedure_change, name="procedure_change"),
    path(
        "<int:case_id>/powers-of-attorney/<int:power_id>/review/",
        views.power_of_attorney_review,
        name="power_of_attorney_review",
    ),
    path(
        "<int:case_id>/powers-of-attorney/<int:power_id>/document",
        views.power_of_attorney_document,
        name="power_of_attorney_document",
    ),
    path(
        "<int:case_id>/representatives/<int:representation_id>/end/",
        views.representation_end,
        name="representation_end",
    ),
]
