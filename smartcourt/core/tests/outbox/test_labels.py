"""The outbox page names providers and purposes, never their codes (`outbox`, `django_mail:filebased` …)."""

from __future__ import annotations

import pytest

from smartcourt.core.outbox.labels import PURPOSE_LABELS, provider_label, purpose_label
from smartcourt.core.outbox.models import OutboundMessage


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("outbox", "短信（模拟，未接短信网关）"),
        ("django_mail:filebased", "电子邮件（写入文件，模拟）"),
        ("django_mail:smtp", "电子邮件（SMTP 服务器）"),
        ("django_mail:custom", "电子邮件（custom）"),
        ("", ""),
    ],
)
def test_provider_labels(code: str, label: str) -> None:
    assert provider_label(code) == label
    assert OutboundMessage(provider=code).get_provider_display() == label


def test_purpose_labels_fall_back_to_their_area_never_to_the_code() -> None:
    assert purpose_label("filing.accepted") == "立案通知"
    assert purpose_label("filing.something_new") == "立案通知"
    assert purpose_label("unknown.thing") == "系统通知"
    assert all("." not in str(label) for label in PURPOSE_LABELS.values())
