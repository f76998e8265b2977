"""Service channels behind one interface, each with a real adapter and a test double.

`dispatch()` runs after the attempt was committed (a background task on the "service" queue), never inside a
transaction that could roll back after an SMS or e-mail left the court. It returns what happened; the service
layer records it (`service_attempt_dispatched`). Paper channels (post, in person, public notice) have no
dispatch: court staff enter what happened.

- platform: an in-site message (站内信) to the recipient's platform account; it reaches that system at once.
- sms: a link to a one-time page (在线诉讼规则 Art. 32). The provider is pluggable (`SERVICE_SMS_PROVIDER`); the
  embedded default writes to the outbox (no gateway, therefore no delivery report).
- email: Django's mail framework over the configured backend (SMTP in production); the server's acceptance is
  the court system's "sent successfully" (民诉法解释 Art. 135(2)), a rejection fails the attempt.
"""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Channel, ServiceMessage

if TYPE_CHECKING:
    from datetime import datetime

    from .models import ServiceAttempt, ServiceTask


@dataclass(frozen=True)
class Dispatch:
    """What one dispatch did: delivered (reached the recipient's system), awaiting (sent, no report) or failed."""

    outcome: str  # "delivered" | "awaiting" | "failed"
    at: datetime
    reports_delivery: bool = True
    reference: str = ""
    error: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


class ChannelAdapter(Protocol):
    channel: str

    def dispatch(self, *, task: ServiceTask, attempt: ServiceAttempt, link: str) -> Dispatch: ...


# --- platform inbox -----------------------------------------------------------------------------------------------


class PlatformInbox:
    """诉讼平台专用账号 (在线诉讼规则 Art. 29): the message is in the recipient's inbox the moment it is written."""

    channel = Channel.PLATFORM

    def dispatch(self, *, task: ServiceTask, attempt: ServiceAttempt, link: str) -> Dispatch:
        from smartcourt.core.services import notification_send

        user = task.address.platform_user if task.address else None
        if user is None:
            return Dispatch("failed", timezone.now(), error="受送达人没有诉讼平台账户")
        note = notification_send(
            recipient=user,
            title=f"送达：{task.title}（{task.case.number}）",
            body=f"{task.court.name}向您送达{task.title}，请登录诉讼平台查阅、下载。",
            link=link,
            topic="service.delivered",
        )
        return Dispatch("delivered", note.created_at, reference=f"notification:{note.pk}")


# --- SMS ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmsResult:
    status: str  # ServiceMessage.Status value
    reference: str = ""
    error: str = ""
    at: datetime | None = None


class SmsProvider(Protocol):
    key: str
    reports_delivery: bool

    def send(self, *, to: str, body: str, attempt: ServiceAttempt) -> SmsResult: ...


class OutboxSmsProvider:
    """Embedded default: the message is written to the outbox for administrators; no gateway, no delivery report."""

    key = "outbox"
    reports_delivery = False

    def send(self, *, to: str, body: str, attempt: ServiceAttempt) -> SmsResult:
        return SmsResult(ServiceMessage.Status.OUTBOX, reference=f"outbox:{uuid.uuid4().hex[:12]}")


class ScriptedSmsProvider:
    """Test double of a real gateway: answers with a scripted status (delivered, accepted or rejected)."""

    key = "scripted"
    reports_delivery = True

    def __init__(self, status: str = ServiceMessage.Status.DELIVERED, error: str = "") -> None:
        self.status, self.error, self.sent = status, error, []

    def send(self, *, to: str, body: str, attempt: ServiceAttempt) -> SmsResult:
        self.sent.append((to, body))
        return SmsResult(self.status, reference=f"scripted:{len(self.sent)}", error=self.error, at=timezone.now())


_sms_override: list[SmsProvider] = []


def sms_provider() -> SmsProvider:
    if _sms_override:
        return _sms_override[-1]
    path = getattr(settings, "SERVICE_SMS_PROVIDER", "smartcourt.service.channels.OutboxSmsProvider")
    return import_string(path)()


def sms_provider_override(provider: SmsProvider | None) -> None:
    """Tests swap the gateway (None restores the configured one)."""
    _sms_override.clear()
    if provider is not None:
        _sms_override.append(provider)


class SmsLink:
    """短信链接: an SMS with a link to a one-time page where the recipient reads and receives the documents."""

    channel = Channel.SMS

    def dispatch(self, *, task: ServiceTask, attempt: ServiceAttempt, link: str) -> Dispatch:
        provider = sms_provider()
        body = (
            f"【{task.court.short_name or task.court.name}】{task.person.name}：本院向您送达（{task.case.number}）"
            f"{task.title}，请打开 {link} 查阅签收。"
        )
        result = provider.send(to=attempt.target, body=body, attempt=attempt)
        ServiceMessage.objects.create(
            attempt=attempt,
            kind=ServiceMessage.Kind.SMS,
            to=attempt.target,
            body=body,
            status=result.status,
            provider=provider.key,
            reference=result.reference,
            error=result.error[:300],
        )
        at = result.at or timezone.now()
        if result.status == ServiceMessage.Status.REJECTED:
            return Dispatch("failed", at, reference=result.reference, error=result.error or "短信通道拒绝发送")
        if result.status == ServiceMessage.Status.DELIVERED:
            return Dispatch("delivered", at, reports_delivery=provider.reports_delivery, reference=result.reference)
        return Dispatch("awaiting", at, reports_delivery=False, reference=result.reference)


# --- e-mail -------------------------------------------------------------------------------------------------------


class SmtpEmail:
    """电子邮件 over the configured mail backend (EMAIL_URL; SMTP in production), the document attached."""

    channel = Channel.EMAIL

    def dispatch(self, *, task: ServiceTask, attempt: ServiceAttempt, link: str) -> Dispatch:
        from smartcourt.core.intake.store import blob_read

        subject = f"{task.court.name}送达：{task.title}（{task.case.number}）"
        body = (
            f"{task.person.name}：\n\n{task.court.name}依法向您送达（{task.case.number}）{task.title}，文书见附件。"
            f"\n也可打开以下链接查阅、签收：{link}\n\n本邮件由法院送达平台发出，请勿直接回复。"
        )
        reference = f"<service-{attempt.task_id}-{attempt.seq}-{uuid.uuid4().hex[:8]}@smartcourt>"
        message = EmailMessage(
            subject, body, settings.DEFAULT_FROM_EMAIL, [attempt.target], headers={"Message-ID": reference}
        )
        message.attach(f"{task.title}.pdf", blob_read(task.document_storage_name), "application/pdf")
        status, error = ServiceMessage.Status.ACCEPTED, ""
        try:
            sent = get_connection(fail_silently=False).send_messages([message])
            if not sent:
                status, error = ServiceMessage.Status.REJECTED, "邮件服务器未接收邮件"
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            status, error = ServiceMessage.Status.REJECTED, f"收件服务器拒收（{code} {_text(text)}）"
        except smtplib.SMTPResponseException as exc:
            status, error = ServiceMessage.Status.REJECTED, f"邮件服务器拒绝（{exc.smtp_code} {_text(exc.smtp_error)}）"
        except (smtplib.SMTPException, OSError) as exc:
            status, error = ServiceMessage.Status.REJECTED, f"邮件发送失败（{type(exc).__name__}：{exc}）"
        if status == ServiceMessage.Status.ACCEPTED and not email_backend_delivers():
            status = ServiceMessage.Status.OUTBOX
        ServiceMessage.objects.create(
            attempt=attempt,
            kind=ServiceMessage.Kind.EMAIL,
            to=attempt.target,
            subject=subject[:200],
            body=body,
            status=status,
            provider=settings.EMAIL_BACKEND.rsplit(".", 2)[-2],
            reference=reference,
            error=error[:300],
        )
        if status == ServiceMessage.Status.REJECTED:
            return Dispatch("failed", timezone.now(), reference=reference, error=error)
        if not email_backend_delivers():
            # console / file / in-memory backends accept everything and deliver nothing: no "sent successfully"
            return Dispatch("awaiting", timezone.now(), reports_delivery=False, reference=reference)
        return Dispatch("delivered", timezone.now(), reference=reference)


def email_backend_delivers() -> bool:
    """Whether the mail backend really hands messages to a mail server (SMTP, or one named in
    SERVICE_EMAIL_DELIVERING_BACKENDS); only then is its acceptance the court system's "sent successfully"."""
    backends = getattr(settings, "SERVICE_EMAIL_DELIVERING_BACKENDS", ("django.core.mail.backends.smtp.EmailBackend",))
    return settings.EMAIL_BACKEND in backends


def _text(value: bytes | str) -> str:
    return (value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value))[:200]


ADAPTERS: dict[str, ChannelAdapter] = {
    Channel.PLATFORM: PlatformInbox(),
    Channel.SMS: SmsLink(),
    Channel.EMAIL: SmtpEmail(),
}
