"""The one outbox page: service links and notice copies on one list, by the permission table (a court's clerks and
administrators see that court's messages, no other court's); the old pages redirect to it; an SMTP server that is
down never turns the action that wrote a message into an error."""

from __future__ import annotations

import socket

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from smartcourt.core.models import AuditLog
from smartcourt.core.outbox.models import OutboundMessage
from smartcourt.core.outbox.providers import sms_provider_override
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors_outbox import outbox_list
from smartcourt.courts.tests.factories import UserFactory, login_verified, user_with_role
from smartcourt.filing.hooks import filer_notify
from smartcourt.service import services as service_services
from smartcourt.service.tests.helpers import PDF, confirm, world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _providers():
    sms_provider_override(None)
    yield


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    login_verified(c, user)
    return c


def _court_with_both_kinds():  # type: ignore[no-untyped-def]
    """A court whose outbox holds a service SMS (a one-time link) and an e-mail copy of a filer's notice."""
    w = world()
    confirm(w.defendant, consent_sms=True, mobile="13912345678", consent_basis="explicit")
    task = service_services.service_task_create(case=w.case, recipient=w.defendant, document=PDF,
                                                document_type="summons", title="传票", actor=w.clerk)  # fmt: skip
    from smartcourt.portal.models import LitigantAccount

    LitigantAccount.objects.create(user=w.party_user, kind="party", email="liu@example.cn")
    filer_notify(
        recipient=w.party_user, title="已立案：测试", body="请交纳诉讼费。", topic="filing.accepted", court=w.court
    )
    return w, task


def test_one_page_lists_service_links_and_notice_copies_of_the_clerks_court() -> None:
    w, task = _court_with_both_kinds()
    assert set(OutboundMessage.objects.values_list("channel", "purpose")) == {
        ("sms", "service.sms_link"), ("email", "filing.accepted"),  # the filer's account has no phone
    }  # fmt: skip
    text = _client(w.clerk).get(reverse("courts:outbox")).content.decode()
    assert "13912345678" in text and "〔送达链接（已隐去）〕" in text  # the service SMS, its link sealed …
    assert "/service/s/" not in text  # (ADR 0015: staff cannot open, let alone sign for, the recipient's link)
    assert "liu@example.cn" in text and "已立案：测试" in text  # … and the filer's e-mail copy
    assert w.case.number in text and reverse("service:task", args=[task.pk]) in text  # linked to its task
    assert AuditLog.objects.filter(action="outbox.viewed", actor=w.clerk, kind="read").count() == 1
    only_sms = _client(w.clerk).get(reverse("courts:outbox") + "?channel=sms").content.decode()
    assert "13912345678" in only_sms and "liu@example.cn" not in only_sms


def test_a_clerk_of_another_court_sees_none_of_its_messages() -> None:
    w, _ = _court_with_both_kinds()
    other = world()
    assert not outbox_list(user=other.clerk).exists()
    text = _client(other.clerk).get(reverse("courts:outbox")).content.decode()
    assert "13912345678" not in text and "liu@example.cn" not in text and "发件箱为空" in text
    admin = user_with_role(Role.SYSTEM_ADMIN, w.court)
    assert outbox_list(user=admin).count() == 2 and not outbox_list(user=user_with_role(Role.SYSTEM_ADMIN, other.court))
    superuser = UserFactory(is_superuser=True, is_staff=True)  # Django's flag is no grant of the table (ADR 0013)
    assert not outbox_list(user=superuser).exists()


def test_roles_without_the_grant_are_refused() -> None:
    w, _ = _court_with_both_kinds()
    assert _client(w.judge).get(reverse("courts:outbox")).status_code == 403
    party = Client()
    party.force_login(w.party_user)
    assert party.get(reverse("courts:outbox")).status_code == 403


def test_the_old_pages_redirect_to_the_one_page_keeping_the_filter() -> None:
    w, _ = _court_with_both_kinds()
    c = _client(w.clerk)
    response = c.get(reverse("service:outbox") + "?kind=sms")
    assert response.status_code == 302 and response.url == reverse("courts:outbox") + "?kind=sms"
    text = c.get(response.url).content.decode()
    assert "13912345678" in text and "liu@example.cn" not in text
    assert c.get(reverse("portal:outbox")).url == reverse("courts:outbox")


def test_an_smtp_server_that_is_down_does_not_fail_the_review_that_notifies_the_filer() -> None:
    from smartcourt.filing.models import FilingState
    from smartcourt.filing.tests.online.helpers import submitted
    from smartcourt.filing.tests.online.helpers import world as filing_world

    w = filing_world()
    w.party.litigant_account.email = "liu@example.cn"
    w.party.litigant_account.save(update_fields=["email"])
    filing = submitted(w)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=port, EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_TIMEOUT=5):  # fmt: skip
        response = _client(w.officer).post(
            reverse("filing:review_detail", args=[filing.pk]),
            {"decision": "correct", "items": "请补充借条原件照片", "due_days": "10"},
        )
    assert response.status_code == 302  # the correction request stands …
    filing.refresh_from_db()
    assert filing.state == FilingState.CORRECTION
    mail = OutboundMessage.objects.get(channel="email", purpose="filing.correction")
    assert mail.status == "failed" and "邮件发送失败" in mail.error  # … and the e-mail copy says why it failed
    assert mail.next_attempt_at is not None and mail.court == filing.court  # retried later by the relay
    assert OutboundMessage.objects.get(channel="sms", purpose="filing.correction").status == "outbox"
