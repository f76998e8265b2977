"""Django's own messages in Chinese where its catalogue falls short (smartcourt/locale/zh_Hans): the password rules
spoke English on the registration page. The compiled catalogue is committed; it must match its .po."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

LC_MESSAGES = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_password_rules_speak_chinese() -> None:
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            validate_password("1234")
        messages = refused.value.messages
        helps = password_validators_help_texts()
    assert messages == [
        "密码太短，至少需要 10 个字符。",
        "密码过于常见，容易被猜中，请换一个。",
        "密码不能全部是数字。",
    ]
    assert all(re.search(r"[\u4e00-\u9fff]", text) and not re.search(r"[A-Za-z]{3,}", text) for text in helps), helps


def test_the_compiled_catalogue_matches_its_source() -> None:
    po = (LC_MESSAGES / "django.po").read_text(encoding="utf-8")
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, msgstr in re.findall(r'^msgid "(.+)"\n(?:msgid_plural ".*"\n)?msgstr(?:\[0\])? "(.*)"$', po, re.M):
        assert compiled.gettext(msgid) == msgstr, f"{msgid!r}: run `make messages`"
