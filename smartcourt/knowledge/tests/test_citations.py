"""Citation recognition, validation and linking (core.statutes.find_citations, the link_citations filter): each
tricky form, and every citation a careful independent regex finds in the dev judgments."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date

import pytest
from django.template import Context, Template

from smartcourt.core.statutes import find_citations

from .conftest import SHARED_LECARD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_statutes")]


def _found(text: str, **kwargs) -> list[tuple[str, list[str], str]]:  # type: ignore[no-untyped-def]
    return [(m.text, [r.address for r in m.refs], m.error) for m in find_citations(text, **kwargs)]


def test_full_title_and_a_list_carry_the_law() -> None:
    assert _found("依照《中华人民共和国民法典》第五百七十七条、第五百七十八条之规定") == [
        ("《中华人民共和国民法典》第五百七十七条", ["民法典/第五百七十七条"], ""),
        ("第五百七十八条", ["民法典/第五百七十八条"], ""),
    ]


def test_bare_law_name_with_paragraph_and_item() -> None:
    [(text, refs, error)] = _found("根据民事诉讼法第一百二十二条第一款的规定")
    assert text == "民事诉讼法第一百二十二条第一款" and refs == ["民事诉讼法/第一百二十二条"] and not error
    [match] = find_citations("符合民诉法第一百二十二条第（三）项")
    assert match.valid and match.refs[0].item == 3
    [match] = find_citations("《民事诉讼法》第一百二十二条第四项")
    assert match.valid and match.refs[0].item == 4


def test_inserted_article_and_range() -> None:
    [(text, refs, error)] = _found("构成《中华人民共和国刑法》第一百三十三条之一规定的危险驾驶罪")
    assert refs == ["刑法/第一百三十三条之一"] and not error
    [(text, refs, error)] = _found("刑法第一百三十三条至第一百三十四条")
    assert refs == ["刑法/第一百三十三条", "刑法/第一百三十三条之一", "刑法/第一百三十三条之二", "刑法/第一百三十四条"]
    assert text == "刑法第一百三十三条至第一百三十四条"
    [(_, _, error)] = _found("刑法第一百三十四条至第一百三十三条")
    assert "在第一百三十三条之后" in error


def test_arabic_numerals_and_abbreviations() -> None:
    assert _found("刑法第264条")[0][1] == ["刑法/第二百六十四条"]
    assert _found("民诉法 第122条第1款")[0][1] == ["民事诉讼法/第一百二十二条"]
    assert _found("刑诉法第12条")[0][1] == ["刑事诉讼法/第十二条"]
    assert _found("行诉法第2条")[0][1] == ["行政诉讼法/第二条"]
    assert _found("《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十条")[0][1] == ["民诉法解释/第九十条"]


def test_a_bare_article_carries_the_last_law_named_or_the_documents_own() -> None:
    found = _found("原告依据《民法典》第六百七十五条主张还款。本院认为，依照第六百七十六条，被告应支付逾期利息。")
    assert [refs for _, refs, _ in found] == [["民法典/第六百七十五条"], ["民法典/第六百七十六条"]]
    assert _found("依照第十条", default_law="民事诉讼法")[0][1] == ["民事诉讼法/第十条"]
    assert _found("本法第十条", default_law="刑法")[0][1] == ["刑法/第十条"]
    assert _found("依照第十条") == []  # no law named, none given: not a citation


def test_contract_clauses_and_book_titles_are_not_statutes() -> None:
    assert _found("《民法典》第五百七十七条。双方借款合同第五条约定了利息。") == [
        ("《民法典》第五百七十七条", ["民法典/第五百七十七条"], "")
    ]
    assert _found("《借款合同》第三条约定") == []


def test_invalid_citations_say_why_in_chinese() -> None:
    [(_, refs, error)] = _found("民法典第九千条")
    assert refs == [] and error == "《民法典》没有第九千条。"
    assert "只有1款" in _found("《民法典》第五百七十七条第三款")[0][2]
    assert "没有第9项" in _found("民事诉讼法第一百二十二条第九项")[0][2]
    assert "已于2021年1月1日废止" in _found("《中华人民共和国合同法》第一百零七条")[0][2]
    assert "未收录" in _found("《中华人民共和国道路交通安全法》第七十六条")[0][2]
    # Not in force on the date: the 2023 民事诉讼法 amendment applies from 2024-01-01.
    error = _found("民事诉讼法第一百二十二条", on=date(2023, 6, 1))[0][2]
    assert "2024年1月1日" in error and "未收录" in error
    assert _found("民事诉讼法第一百二十二条", on=date(2024, 6, 1))[0][2] == ""


def test_the_filter_links_valid_citations_and_marks_invalid_ones() -> None:
    html = Template("{% load statute_links %}{{ text|link_citations }}").render(
        Context({"text": "<b>依照</b>《民法典》第五百七十七条和民法典第九千条"})
    )
    assert "&lt;b&gt;依照&lt;/b&gt;" in html
    assert (
        'href="/knowledge/statutes/%E6%B0%91%E6%B3%95%E5%85%B8/' in html
        and 'data-address="民法典/第五百七十七条"' in html
    )
    assert 'class="sc-cite-invalid' in html and "《民法典》没有第九千条。" in html


# --- the dev judgments (LeCaRD candidates' full texts) against an independent regex

_N = "[零〇一二三四五六七八九十百千两0-9]+"
_TITLE = r"《[^《》\n]{1,120}?(?:法|法典|条例|规定|解释|办法|规则|决定|意见|批复|细则|纪要|修正案|通则)(?:（[^）]{0,12}）)?》"
_ART = rf"第{_N}条(?:之[一二三四五六七八九十]+)?(?:第{_N}款)?(?:第(?:[（(]{_N}[)）]|{_N})项)?"
CAREFUL = re.compile(rf"{_TITLE}\s*{_ART}(?:\s*(?:、|，|,|和|及|以及|或者|至)\s*{_ART})*")
ARTICLE_START = re.compile(rf"第{_N}条")


@pytest.mark.skipif(not (SHARED_LECARD / "candidates.jsonl.gz").exists(), reason="../shared/data/lecard is absent")
def test_every_citation_the_careful_regex_finds_in_the_dev_judgments_is_recognised() -> None:
    seen: set[str] = set()
    texts: list[str] = []
    with gzip.open(SHARED_LECARD / "candidates.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["cid"] not in seen:
                seen.add(row["cid"])
                texts.append(row["qw"])
    expected = recognised = 0
    misses: list[str] = []
    for text in texts:
        spans = [(m.start, m.end) for m in find_citations(text)]
        for chain in CAREFUL.finditer(text):
            for art in ARTICLE_START.finditer(chain[0]):
                position = chain.start() + art.start()
                expected += 1
                if any(s <= position < e for s, e in spans):
                    recognised += 1
                elif len(misses) < 10:
                    misses.append(text[max(0, position - 40) : position + 20])
    assert len(texts) > 3000 and expected > 10000
    assert recognised == expected, misses


def test_numbers_no_statute_reaches_are_refused_not_crashed() -> None:
    assert _found("民法典第12345条")[0][2] == "《民法典》没有第12345条。"
    assert _found("刑法第99999999999999999999999条") == []
