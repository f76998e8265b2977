"""Registration does not tell whether a phone number is already registered (ADR 0017): the answer to a known
number and to a new one is the same page, the same message, the same errors; the number's owner is told by SMS
through the outbox instead (at most one an hour)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from smartcourt.core.models import AuditLog
from smartcourt.core.outbox.models import OutboundMessage
from smartcourt.courts.models import User
from smartcourt.filing.tests.online.helpers import world
from smartcourt.portal.models import LitigantAccount

pytestmark = pytest.mark.django_db
PASSWORD = "Litigant-Pass-2025"
KNOWN, NEW = "13912345678", "13987654321"


def _register(phone: str, **extra: str):  # type: ignore[no-untyped-def]
    data = {
        "kind": "party",
        "full_name": "赵小明",
        "phone": phone,
        "password": PASSWORD,
        "password2": PASSWORD,
        "agree": "on",
        "court": "苏0508",
    } | extra
    client = Client()
    response = client.post(reverse("portal:register"), data)
    follow = client.get(response["Location"]) if response.status_code == 302 else response
    return response, follow.content.decode()


def _normalise(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|<meta name="csrf-token" content="[^"]+">', "", html)


def test_the_answer_is_the_same_for_a_known_and_a_new_number() -> None:
    world()
    _register(KNOWN)  # the number's owner registered first
    owner = User.objects.get(username=KNOWN)
    known, known_page = _register(KNOWN, full_name="冒名者")
    new, new_page = _register(NEW)
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert _normalise(known_page) == _normalise(new_page)
    assert "已注册" not in known_page.replace("此前已注册过", "")  # only the one sentence both answers carry
    assert User.objects.filter(username=KNOWN).count() == 1 and owner.get_full_name() == "赵小明"
    assert LitigantAccount.objects.filter(user__username=NEW).exists()
    sms = OutboundMessage.objects.get(purpose="portal.register_repeated")
    assert sms.to == KNOWN and sms.recipient == owner and "已注册" in sms.body
    assert AuditLog.objects.filter(action="portal.register_repeated", target_id=str(owner.pk)).count() == 1


def test_input_errors_are_the_same_for_a_known_and_a_new_number() -> None:
    world()
    _register(KNOWN)
    weak_known, known_page = _register(KNOWN, password="12345678", password2="12345678")
    weak_new, new_page = _register(NEW, password="12345678", password2="12345678")
    assert weak_known.status_code == weak_new.status_code == 200
    assert _normalise(known_page).replace(KNOWN, NEW) == _normalise(new_page)
    assert not OutboundMessage.objects.filter(purpose="portal.register_repeated").exists()  # refused before any SMS


def test_the_owner_gets_at_most_one_sms_an_hour() -> None:
    world()
    _register(KNOWN)
    for _ in range(3):
        _register(KNOWN)
    assert OutboundMessage.objects.filter(purpose="portal.register_repeated").count() == 1
