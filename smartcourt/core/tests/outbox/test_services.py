"""The outbox's writes: a message leaves only after its transaction commits, once; a failing provider marks the
row and is retried with backoff by the relay; a refusal is final; a lost enqueue or a dead worker is recovered; a
real SMTP server's answers (550, 451, acceptance with the attachment) are recorded as they are."""

from __future__ import annotations

import email
import socket
from datetime import timedelta
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from smartcourt.core.outbox import tasks
from smartcourt.core.outbox.models import OutboundMessage
from smartcourt.core.outbox.providers import ScriptedProvider, email_provider_override, sms_provider_override
from smartcourt.core.outbox.services import (
    RELAY_GRACE,
    Attachment,
    outbox_deliver,
    outbox_relay,
    outbox_send,
    sealed,
)
from smartcourt.courts.tests.factories import CourtFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _providers():
    sms_provider_override(None)
    email_provider_override(None)
    yield
    sms_provider_override(None)
    email_provider_override(None)


def _sms(**kw: object) -> OutboundMessage:
    return outbox_send(channel="sms", to="13912345678", body="【智慧法院】测试", purpose="test.notice", **kw)  # type: ignore[arg-type]


def _row(message: OutboundMessage) -> OutboundMessage:
    return OutboundMessage.objects.get(pk=message.pk)


def test_a_message_written_in_a_rolled_back_transaction_is_never_sent() -> None:
    provider = ScriptedProvider("delivered")
    sms_provider_override(provider)
    with pytest.raises(RuntimeError), transaction.atomic():
        _sms()
        raise RuntimeError("the action failed after writing its message")
    assert provider.sent == [] and not OutboundMessage.objects.exists()
    with transaction.atomic():  # the same action committing: sent after the commit, not before
        message = _sms()
        assert provider.sent == []
    assert provider.sent == [("13912345678", "【智慧法院】测试")] and _row(message).status == "delivered"


def test_a_sent_message_is_not_sent_again() -> None:
    provider = ScriptedProvider("accepted")
    email_provider_override(provider)
    with transaction.atomic():
        message = outbox_send(channel="email", to="a@example.cn", subject="通知", body="内容", purpose="test.notice")
    row = _row(message)
    assert row.status == "accepted" and row.attempts == 1 and row.sent_at is not None and row.next_attempt_at is None
    again = outbox_deliver(message=row)  # a duplicated task
    assert again.status == "accepted" and len(provider.sent) == 1 and _row(message).attempts == 1


def test_the_embedded_sms_provider_only_writes_the_outbox() -> None:
    message = _sms()
    row = _row(message)
    assert row.status == "outbox" and row.provider == "outbox" and row.reference.startswith("outbox:")
    assert row.get_status_display() == "已写入发件箱（无回执）"


def test_a_failing_provider_marks_the_row_and_the_relay_retries_it_after_the_backoff() -> None:
    sms_provider_override(ScriptedProvider(raises=ConnectionError("短信网关无响应")))
    message = _sms()  # autocommit: sent (and failed) at once, nothing raised here
    row = _row(message)
    assert row.status == "failed" and row.attempts == 1 and "短信网关无响应" in row.error
    assert row.next_attempt_at > timezone.now() and row.sent_at is None
    assert outbox_relay() == 0  # not before the backoff has passed
    provider = ScriptedProvider("delivered")
    sms_provider_override(provider)
    assert outbox_relay(now=row.next_attempt_at + timedelta(seconds=1)) == 1
    row = _row(message)
    assert row.status == "delivered" and row.attempts == 2 and row.error == "" and len(provider.sent) == 1


def test_a_refusal_is_final_and_attempts_run_out() -> None:
    sms_provider_override(ScriptedProvider("rejected", error="空号"))
    refused = _sms()
    row = _row(refused)
    assert row.status == "rejected" and row.error == "空号" and row.next_attempt_at is None
    sms_provider_override(ScriptedProvider(raises=TimeoutError("timeout")))
    failing = _sms()
    later = timezone.now()
    for _ in range(10):
        later += timedelta(days=1)
        outbox_relay(now=later)
    row = _row(failing)
    assert row.status == "failed" and row.attempts == row.max_attempts == 5 and row.next_attempt_at is None
    assert _row(refused).attempts == 1


def test_a_lost_enqueue_never_fails_the_sender_and_the_relay_sends_it() -> None:
    provider = ScriptedProvider("delivered")
    sms_provider_override(provider)
    down = mock.Mock(**{"enqueue.side_effect": ConnectionError("redis down")})
    with mock.patch.object(tasks, "outbound_message_send_task", down), transaction.atomic():
        message = _sms()
    assert _row(message).status == "queued" and provider.sent == []
    assert outbox_relay() == 0  # within the grace period the task may still be on its way
    assert outbox_relay(now=timezone.now() + RELAY_GRACE + timedelta(seconds=1)) == 1
    assert _row(message).status == "delivered" and len(provider.sent) == 1


def test_a_message_whose_worker_died_while_sending_is_taken_back() -> None:
    provider = ScriptedProvider("delivered")
    sms_provider_override(provider)
    with mock.patch.object(tasks, "outbound_message_send_task"):  # the enqueue is lost
        retried, given_up = _sms(), outbox_send(channel="sms", to="13900000000", body="x", purpose="t", queued=False)
    past = timezone.now() - timedelta(minutes=1)
    OutboundMessage.objects.filter(pk__in=[retried.pk, given_up.pk]).update(
        status="sending", attempts=1, next_attempt_at=past
    )
    assert outbox_relay() == 1
    assert _row(retried).status == "delivered" and _row(retried).attempts == 2
    row = _row(given_up)  # its one attempt was taken: nobody knows whether it left, so it is failed, not resent
    assert row.status == "failed" and "中断" in row.error and row.next_attempt_at is None
    assert provider.sent == [("13912345678", "【智慧法院】测试")]


def test_an_unqueued_message_waits_for_its_sender() -> None:
    provider = ScriptedProvider("delivered")
    sms_provider_override(provider)
    court = CourtFactory()
    message = outbox_send(channel="sms", to="13912345678", body="送达", purpose="service.sms_link", court=court,
                          related=("service.attempt", 7), queued=False)  # fmt: skip
    assert outbox_relay(now=timezone.now() + timedelta(days=1)) == 0 and provider.sent == []
    result = outbox_deliver(message=message)
    assert result.status == "delivered" and result.reports_delivery and not result.failed
    row = _row(message)
    assert (row.related_type, row.related_id, row.court) == ("service.attempt", "7", court)


def test_a_sealed_secret_reaches_only_the_provider_never_the_row() -> None:
    """A one-time link and its code (ADR 0015): the row and every page show placeholders; the provider gets them."""
    link, code = sealed("送达链接"), sealed("验证码")
    body = f"请打开 {link} 并输入验证码{code}"
    with pytest.raises(ValueError, match="sealed"):  # the relay could not resend what is not stored
        outbox_send(channel="sms", to="13912345678", body=body, purpose="service.sms_link")
    message = outbox_send(channel="sms", to="13912345678", body=body, purpose="service.sms_link", queued=False)
    with pytest.raises(ValueError, match="sealed"):  # a placeholder left unfilled would send a useless text
        outbox_deliver(message=message, unseal={link: "https://court.example/s/t0k3n/"})
    provider = ScriptedProvider(raises=ConnectionError("gateway echoed 请打开 https://court.example/s/t0k3n/"))
    sms_provider_override(provider)
    result = outbox_deliver(message=message, unseal={link: "https://court.example/s/t0k3n/", code: "204816"})
    assert provider.sent == [("13912345678", "请打开 https://court.example/s/t0k3n/ 并输入验证码204816")]
    row = _row(message)
    assert row.body == body and "t0k3n" not in row.error and "t0k3n" not in result.error and link in row.error


def test_the_development_sms_provider_writes_what_the_phone_receives(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OUTBOX_SMS_PROVIDER = "smartcourt.core.outbox.providers.FileSmsProvider"
    settings.OUTBOX_SMS_FILE_PATH = str(tmp_path)
    link = sealed("送达链接")
    message = outbox_send(channel="sms", to="13912345678", body=f"请打开 {link}", purpose="t", queued=False)
    assert outbox_deliver(message=message, unseal={link: "http://127.0.0.1:8000/service/s/abc/"}).status == "outbox"
    written = "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert "13912345678" in written and "/service/s/abc/" in written and _row(message).body == f"请打开 {link}"


# --- a real SMTP server ---------------------------------------------------------------------------------------------


class _Server:
    """aiosmtpd handler: 550 for bounce@…, 451 for busy@…, accepts the rest."""

    def __init__(self) -> None:
        self.accepted: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address.startswith("bounce@"):
            return "550 5.1.1 <bounce@example.cn>: Recipient address rejected: User unknown"
        if address.startswith("busy@"):
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.accepted.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _smtp_settings(port: int):  # type: ignore[no-untyped-def]
    return override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                             EMAIL_PORT=port, EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_HOST_USER="",
                             EMAIL_HOST_PASSWORD="", EMAIL_TIMEOUT=5)  # fmt: skip


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    handler = _Server()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    with _smtp_settings(port):
        yield handler
    controller.stop()


def _email(to: str, **kw: object) -> OutboundMessage:
    return outbox_send(channel="email", to=to, subject="立案通知", body="您的立案申请已受理。", purpose="t", **kw)  # type: ignore[arg-type]


def test_smtp_answers_are_recorded_as_they_are(smtp_server) -> None:  # type: ignore[no-untyped-def]
    name = default_storage.save("outbox-test/notice.pdf", ContentFile(b"%PDF-1.4 test"))
    try:
        ok = _email("liu@example.cn", attachments=[Attachment("通知书.pdf", name, "application/pdf")])
        bounced, busy = _email("bounce@example.cn"), _email("busy@example.cn")
    finally:
        default_storage.delete(name)
    row = _row(ok)
    assert row.status == "accepted" and row.provider == "django_mail:smtp" and row.reference.startswith("<outbox-")
    (recipients, content), *_ = smtp_server.accepted
    sent = email.message_from_bytes(content)
    assert recipients == ["liu@example.cn"] and sent["Message-ID"] == row.reference
    (attached,) = [part for part in sent.walk() if part.get_filename() == "通知书.pdf"]
    assert attached.get_content_type() == "application/pdf" and attached.get_payload(decode=True) == b"%PDF-1.4 test"
    row = _row(bounced)
    assert row.status == "rejected" and "550" in row.error and "拒收" in row.error and row.next_attempt_at is None
    row = _row(busy)
    assert row.status == "failed" and "451" in row.error and row.next_attempt_at is not None  # retried later
    assert len(smtp_server.accepted) == 1


def test_an_smtp_server_that_is_down_marks_the_row_and_raises_nothing() -> None:
    with _smtp_settings(_free_port()), transaction.atomic():
        message = _email("liu@example.cn")
    row = _row(message)
    assert row.status == "failed" and "邮件发送失败" in row.error and row.next_attempt_at is not None
