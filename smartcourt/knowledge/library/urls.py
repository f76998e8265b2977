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
]
