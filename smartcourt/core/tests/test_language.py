"""Chinese by default, whatever the browser asks for. English is chosen with the switch, and the switch is offered
only while settings.LANGUAGE_SWITCH is on (off until the English catalogues cover the pages: ADR 0022)."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_chinese_by_default(client):
    response = client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "法院工作人员登录" in response.content.decode()


def test_the_language_switch_sets_english_while_it_is_offered(client, settings):
    settings.LANGUAGE_SWITCH = True
    assert 'name="language"' in client.get("/staff/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/staff/login/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/staff/login/")["Content-Language"] == "en"


def test_without_the_switch_no_page_offers_it_and_an_old_choice_no_longer_counts(client):
    assert settings.LANGUAGE_SWITCH is False  # the default: English catalogues do not cover the pages yet
    for path in ("/", "/staff/login/", "/login/", "/portal/lookup/"):
        assert 'name="language"' not in client.get(path).content.decode(), path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen while the switch was offered
    response = client.get("/staff/login/")
    assert response["Content-Language"] == "zh-hans"
    assert "法院工作人员登录" in response.content.decode()
