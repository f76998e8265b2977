"""Case pages, mounted at /cases/. The deadline calculators at /cases/deadlines/ are legaltime's (legaltime.urls)."""

from django.urls import path

from . import views

app_name = "cases"
url_prefix = "cases/"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/transition/", views.case_transition, name="transition"),
    path("<int:case_id>/assign/random/", views.case_assign_random, name="assign_random"),
    path("<int:case_id>/assign/designated/", views.case_assign_designated, name="assign_designated"),
    path("<int:case_id>/tag/", views.case_tag, name="tag"),
    path("<int:case_id>/team/", views.case_team, name="team"),
    path("<int:case_id>/period/deduction/", views.case_deduction_start, name="deduction_start"),
    path("<int:case_id>/period/deduction/end/", views.case_deduction_end, name="deduction_end"),
    path("<int:case_id>/period/extension/", views.case_extension, name="extension"),
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
