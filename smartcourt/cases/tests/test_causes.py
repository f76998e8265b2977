"""The cause-of-action tree: parsed from the shipped data, loaded idempotently, searchable by pinyin."""

from __future__ import annotations

import pytest

from smartcourt.cases.models import CauseOfAction
from smartcourt.cases.rules.causes import all_nodes, civil_nodes, criminal_nodes, pinyin_of
from smartcourt.cases.selectors_causes import cause_path, cause_search
from smartcourt.cases.services_causes import cause_tree_load


def test_the_civil_tree_reaches_the_fourth_level_with_unique_codes():
    nodes = civil_nodes()
    codes = [n.code for n in nodes]
    assert len(codes) == len(set(codes))
    assert sum(1 for n in nodes if n.level == 1) == 11  # 第一部分 … 第十一部分
    third = [n for n in nodes if n.level == 3]
    assert len(third) >= 400
    by_name = {n.name: n for n in nodes}
    assert by_name["民间借贷纠纷"].parent_code == by_name["借款合同纠纷"].code
    assert by_name["离婚纠纷"].code == "civil.14"


def test_criminal_charges_sit_under_their_chapter_and_cite_their_article():
    nodes = criminal_nodes()
    by_name = {n.name: n for n in nodes}
    theft = by_name["盗窃罪"]
    assert theft.articles == "刑法第二百六十四条" and theft.parent_code == "criminal.c5"  # 第五章 侵犯财产罪
    assert by_name["危险驾驶罪"].articles == "刑法第一百三十三条之一"
    assert by_name["集资诈骗罪"].parent_code == "criminal.c3.s5"  # 第三章 第五节 金融诈骗罪
    assert sum(1 for n in nodes if n.selectable) >= 400


def test_pinyin_and_initials():
    assert pinyin_of("民间借贷纠纷") == ("minjianjiedaijiufen", "mjjdjf")
    assert pinyin_of("重婚罪")[1] == "chz"
    assert pinyin_of("合同纠纷")[0] == "hetongjiufen"


@pytest.mark.django_db
def test_loading_twice_gives_the_same_rows():
    first = cause_tree_load()
    count = CauseOfAction.objects.count()
    assert count == first == len(all_nodes())
    CauseOfAction.objects.filter(code="civil.14").update(name="改坏的名字")
    cause_tree_load()
    assert CauseOfAction.objects.count() == count
    assert CauseOfAction.objects.get(code="civil.14").name == "离婚纠纷"  # refreshed in place


@pytest.mark.django_db
def test_search_by_initials_characters_and_kind():
    cause_tree_load()
    assert cause_search(q="mjjd")[0].name == "民间借贷纠纷"
    assert cause_search(q="离婚")[0].name == "离婚纠纷"
    assert cause_search(q="dq", kind="criminal")[0].name == "盗窃罪"
    assert cause_search(q="jtzs")[0].name == "交通肇事罪"
    assert cause_search(q="") == []
    path = cause_path(cause=cause_search(q="民间借贷纠纷")[0])
    assert path == ["合同、准合同纠纷", "合同纠纷", "借款合同纠纷", "民间借贷纠纷"]


@pytest.mark.django_db
def test_cause_api_is_public_and_refuses_bad_queries(client):
    cause_tree_load(kind="civil")
    body = client.get("/api/v1/causes/search", {"q": "mjjd"}).json()
    assert body[0]["name"] == "民间借贷纠纷" and body[0]["path"][0] == "合同、准合同纠纷"
    assert client.get("/api/v1/causes/search", {"q": " "}).status_code == 400
    assert client.get("/api/v1/causes/search", {"q": "x", "kind": "nope"}).json()["code"] == "causes.unknown_kind"
    assert client.get("/api/v1/causes/civil.14").json()["name"] == "离婚纠纷"
    missing = client.get("/api/v1/causes/civil.99999")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
