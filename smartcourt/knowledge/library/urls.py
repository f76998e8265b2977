"""Case library, similar-case push and 法答网 pages, mounted at /knowledge/library/."""

from django.urls import path

from . import views

app_name = "knowledge_library"
url_prefix = "knowledge/library/"

urlpatterns = [
    path("", views.library, name="library"),
    path("similar/", views.similar_search, name="similar"),
    path("cases/<int:pk>/", views.library_case, name="case"),
    path("for-case/<int:case_id>/", views.case_similar, name="case_similar"),
    path("qa/", views.qa_board, name="qa"),
    path("qa/ask/", views.qa_ask, name="qa_ask"),
    path("qa/<int:pk>/", views.question, name="question"),
    path("qa/answers/<int:pk>/", views.answer, name="answer"),
    path("sources/", views.sources, name="sources"),
    path("typical/", views.typical_list, name="typical"),
    path("typical/select/<int:case_id>/", views.typical_select, name="typical_select"),
    path("typical/<int:pk>/edit/", views.typical_edit, name="typical_edit"),
    path("typical/<int:pk>/retire/", views.typical_retire, name="typical_retire"),
    path("qa/experts/", views.experts, name="experts"),
    path("qa/experts/<int:pk>/revoke/", views.expert_revoke, name="expert_revoke"),
]
