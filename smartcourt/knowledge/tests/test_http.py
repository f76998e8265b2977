"""The statute pages over HTTP (public): an article at its stable address, a law, search by number and by words,
and bad input (empty, 50,000 characters, an article that does not exist) answered in Chinese, never a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_statutes")]


def _get(path: str, **params: str):  # type: ignore[no-untyped-def]
    return Client().get(path, params)


def test_an_article_has_its_own_page_at_its_address() -> None:
    response = _get(f"/knowledge/statutes/{quote('民法典')}/{quote('第五百七十七条')}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "当事人一方不履行合同义务" in html and "民法典/第五百七十七条" in html
    assert "第五百七十六条" in html and "第五百七十八条" in html  # previous / next


def test_an_article_page_links_the_citations_in_its_text() -> None:
    html = _get(f"/knowledge/statutes/{quote('民事诉讼法')}/{quote('第一百二十六条')}/").content.decode()
    assert 'data-address="民事诉讼法/第一百二十二条"' in html  # "符合本法第一百二十二条的起诉" links within the law


def test_abbreviations_and_arabic_numbers_reach_the_same_page() -> None:
    response = _get(f"/knowledge/statutes/{quote('民诉法')}/122/")
    assert response.status_code == 200 and "起诉必须符合下列条件" in response.content.decode()


def test_an_article_that_does_not_exist_is_a_404_in_chinese() -> None:
    response = _get(f"/knowledge/statutes/{quote('民法典')}/{quote('第九千条')}/")
    assert response.status_code == 404
    assert "《民法典》没有第九千条（共1260条）" in response.content.decode()
    assert _get(f"/knowledge/statutes/{quote('没有这部法')}/1/").status_code == 404
    assert _get(f"/knowledge/statutes/{quote('民法典')}/abc/").status_code == 404


def test_a_law_page_lists_its_articles_under_their_headings() -> None:
    html = _get(f"/knowledge/statutes/{quote('刑法')}/").content.decode()
    assert "第一百三十三条之一" in html and "第一编 总则" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("民诉法 第122条", "起诉必须符合下列条件"),
        ("刑法264", "盗窃公私财物"),
        ("民法典/第五百七十七条", "当事人一方不履行合同义务"),
    ],
)
def test_search_by_article_number(query: str, expected: str) -> None:
    response = _get("/knowledge/statutes/", q=query)
    assert response.status_code == 200
    assert 'data-testid="statute-exact"' in response.content.decode() and expected in response.content.decode()


def test_search_by_words_narrowed_to_a_law() -> None:
    html = _get("/knowledge/statutes/", q="民法典 违约责任").content.decode()
    assert 'data-testid="statute-results"' in html and "《民法典》" in html and "《刑法》" not in html


def test_search_bad_input_is_answered_in_chinese() -> None:
    response = _get("/knowledge/statutes/", q="民法典第九千条")
    assert response.status_code == 200 and "《民法典》没有第九千条。" in response.content.decode()
    response = _get("/knowledge/statutes/", q="")
    assert response.status_code == 200 and "请输入检索词" in response.content.decode()
    response = _get("/knowledge/statutes/", q="借" * 50_000)
    assert response.status_code == 400
    assert "检索词过长（50000字），请精简到200字以内" in response.content.decode()
    assert _get("/knowledge/statutes/", q="没有这样的词语组合啊").status_code == 200


def test_the_index_lists_the_laws() -> None:
    html = _get("/knowledge/statutes/").content.decode()
    assert "中华人民共和国民法典" in html and "LawRefBook" in html


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        (f"/knowledge/statutes/{quote('民法典')}/", 6),  # 1,260 articles: no query per article
        (f"/knowledge/statutes/{quote('民事诉讼法')}/{quote('第一百二十六条')}/", 8),  # citations linked in one query
        ("/knowledge/statutes/?q=" + quote("民法典 违约"), 4),
        ("/knowledge/statutes/", 4),
        ("/knowledge/guide/private-lending/", 12),  # one query per cited article (a dozen, fixed by the guide)
    ],
)
def test_pages_ask_a_bounded_number_of_queries(django_assert_max_num_queries, path: str, bound: int) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.get(path)  # the catalogue is built once per process and import
    with django_assert_max_num_queries(bound):
        assert client.get(path).status_code == 200


def test_the_api_finds_validates_and_looks_up() -> None:
    client = Client()
    response = client.post(
        "/api/v1/statutes/citations",
        {"text": "依照《民法典》第五百七十七条、民法典第九千条", "on": "2025-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 200
    first, second = response.json()
    assert first["valid"] and first["refs"][0]["address"] == "民法典/第五百七十七条"
    assert not second["valid"] and second["error"] == "《民法典》没有第九千条。"
    assert client.get("/api/v1/statutes/article", {"address": "民诉法/122"}).json()["article"] == "第一百二十二条"
    missing = client.get("/api/v1/statutes/article", {"address": "民法典/第九千条"})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/v1/statutes/search", {"q": "刑法264"}).json()["exact"]["address"] == "刑法/第二百六十四条"
    # Bad input: a 4xx with a Chinese message, never a 500.
    too_long = client.post("/api/v1/statutes/citations", {"text": "借" * 50_001}, content_type="application/json")
    assert too_long.status_code in (400, 422)
    bad_date = client.post(
        "/api/v1/statutes/citations", {"text": "刑法第1条", "on": "昨天"}, content_type="application/json"
    )
    assert bad_date.status_code == 400 and "日期格式" in bad_date.json()["message"]
    empty = client.get("/api/v1/statutes/search", {"q": " "})
    assert empty.status_code == 400 and "请输入检索词" in empty.json()["message"]
