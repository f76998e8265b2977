"""One provider protocol per channel, chosen by settings; tests swap them here and nowhere else.

- SMS (`OUTBOX_SMS_PROVIDER`): the embedded default writes to the outbox only (no gateway is contacted, so there is
  no delivery report, and a sealed secret such as a one-time service link reaches nobody); a province's SMS
  platform implements `SmsProvider.send` the same way. Development (`make demo`) writes what a phone would receive
  to files under var/sms/ (`FileSmsProvider`), as Django's file e-mail backend does for mail.
- E-mail (`OUTBOX_EMAIL_PROVIDER`): Django's mail framework, so any server configured by EMAIL_URL (SMTP) works. The
  server's acceptance is "sent successfully" only where the backend really hands mail to a server
  (`email_backend_delivers`); console, file and in-memory backends deliver nothing.

A provider answers with a `SendResult`: `rejected` is a refusal for good (never retried), `failed` an error worth
retrying; a provider that raises counts as `failed`.
"""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboundMessage

if TYPE_CHECKING:
    from datetime import datetime

Status = OutboundMessage.Status
DEFAULT_PROVIDERS: dict[str, str] = {
    OutboundMessage.Channel.SMS: "smartcourt.core.outbox.providers.OutboxSmsProvider",
    OutboundMessage.Channel.EMAIL: "smartcourt.core.outbox.providers.DjangoEmailProvider",
}
_SETTINGS: dict[str, str] = {
    OutboundMessage.Channel.SMS: "OUTBOX_SMS_PROVIDER",
    OutboundMessage.Channel.EMAIL: "OUTBOX_EMAIL_PROVIDER",
}


@dataclass(frozen=True)
class SendResult:
    """What a provider did with one message."""

    status: str  # an OutboundMessage.Status value: outbox, accepted, delivered, rejected or failed
    reference: str = ""  # the provider's message id (gateway id, e-mail Message-ID)
    error: str = ""
    at: datetime | None = None  # when the provider reported it (a delivery report's time), else now
    provider: str = ""  # a finer provider name for the record (e.g. the mail backend), else the provider's key


class SmsProvider(Protocol):
    key: str
    reports_delivery: bool  # whether a `delivered` answer is a real delivery report of the gateway

    def send(self, message: OutboundMessage) -> SendResult: ...


class EmailProvider(Protocol):
    key: str
    reports_delivery: bool

    def send(self, message: OutboundMessage) -> SendResult: ...


# --- SMS ----------------------------------------------------------------------------------------------------------


class OutboxSmsProvider:
    """Embedded default: the message stays in the outbox for administrators; no gateway, no delivery report."""

    key = "outbox"
    reports_delivery = False

    def send(self, message: OutboundMessage) -> SendResult:
        return SendResult(Status.OUTBOX, reference=f"outbox:{uuid.uuid4().hex[:12]}")


class FileSmsProvider:
    """Development: the text a phone would receive (secrets filled in) appended to a file per day under
    `OUTBOX_SMS_FILE_PATH` (var/sms/), like Django's file e-mail backend; no gateway, no delivery report."""

    key = "file"
    reports_delivery = False

    def send(self, message: OutboundMessage) -> SendResult:
        folder = Path(getattr(settings, "OUTBOX_SMS_FILE_PATH", "") or Path(settings.BASE_DIR) / "var" / "sms")
        folder.mkdir(parents=True, exist_ok=True)
        now = timezone.localtime()
        with (folder / f"{now:%Y-%m-%d}.log").open("a", encoding="utf-8") as out:
            out.write(f"{now:%H:%M:%S} → {message.to}\n{message.body}\n\n")
        return SendResult(Status.OUTBOX, reference=f"file:{uuid.uuid4().hex[:12]}")


# --- e-mail -------------------------------------------------------------------------------------------------------


class DjangoEmailProvider:
    """E-mail over the configured mail backend (EMAIL_URL; SMTP in production), attachments read from storage."""

    key = "django_mail"
    reports_delivery = False  # SMTP acceptance is no delivery report

    def send(self, message: OutboundMessage) -> SendResult:
        from smartcourt.core.intake.store import blob_read

        reference = f"<outbox-{message.pk}-{uuid.uuid4().hex[:8]}@smartcourt>"
        backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]  # "smtp", "locmem", "console" …
        email = EmailMessage(
            message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to], headers={"Message-ID": reference}
        )
        for item in message.attachments:
            content = blob_read(item["storage_name"])
            email.attach(item["name"], content, item.get("content_type") or "application/octet-stream")
        status: str = Status.ACCEPTED
        error = ""
        try:
            if not get_connection(fail_silently=False).send_messages([email]):
                status, error = Status.REJECTED, "邮件服务器未接收邮件"
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            status, error = _by_code(code), f"收件服务器拒收（{code} {_text(text)}）"
        except smtplib.SMTPResponseException as exc:
            status, error = _by_code(exc.smtp_code), f"邮件服务器拒绝（{exc.smtp_code} {_text(exc.smtp_error)}）"
        except (smtplib.SMTPException, OSError) as exc:
            status, error = Status.FAILED, f"邮件发送失败（{type(exc).__name__}：{exc}）"
        if status == Status.ACCEPTED and not email_backend_delivers():
            status = Status.OUTBOX  # console / file / in-memory: accepted by nobody, so no "sent successfully"
        return SendResult(status, reference=reference, error=error, provider=f"{self.key}:{backend}")


def email_backend_delivers() -> bool:
    """Whether the mail backend really hands messages to a mail server (SMTP, or one named in
    OUTBOX_EMAIL_DELIVERING_BACKENDS); only then is its acceptance the court system's "sent successfully"."""
    backends = getattr(settings, "OUTBOX_EMAIL_DELIVERING_BACKENDS", ("django.core.mail.backends.smtp.EmailBackend",))
    return settings.EMAIL_BACKEND in backends


def _by_code(code: int) -> str:
    """SMTP 5xx is a refusal for good; 4xx is temporary (greylisting, a full mailbox) and worth a retry."""
    return Status.REJECTED if code >= 500 else Status.FAILED


def _text(value: bytes | str) -> str:
    return (value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value))[:200]


# --- the test double ----------------------------------------------------------------------------------------------


class ScriptedProvider:
    """Test double of a real gateway or mail server: answers with a scripted status (delivered, accepted, rejected,
    failed), or raises `raises`; records what it was asked to send."""

    key = "scripted"
    reports_delivery = True

    def __init__(self, status: str = Status.DELIVERED, error: str = "", *, raises: Exception | None = None) -> None:
        self.status, self.error, self.raises = status, error, raises
        self.sent: list[tuple[str, str]] = []

    def send(self, message: OutboundMessage) -> SendResult:
        self.sent.append((message.to, message.body))
        if self.raises is not None:
            raise self.raises
        return SendResult(self.status, reference=f"scripted:{len(self.sent)}", error=self.error, at=timezone.now())


ScriptedSmsProvider = ScriptedProvider  # the name service tests have always used


# --- selection ----------------------------------------------------------------------------------------------------

_OVERRIDES: dict[str, SmsProvider | EmailProvider] = {}


def provider_for(channel: str) -> SmsProvider | EmailProvider:
    """The provider of `channel`: a test override, else the dotted path in settings, else the embedded default."""
    if channel in _OVERRIDES:
        return _OVERRIDES[channel]
    path = getattr(settings, _SETTINGS[channel], "") or DEFAULT_PROVIDERS[channel]
    return import_string(path)()


def provider_override(channel: str, provider: SmsProvider | EmailProvider | None) -> None:
    """Tests swap a channel's provider (None restores the configured one)."""
    if provider is None:
        _OVERRIDES.pop(channel, None)
    else:
        _OVERRIDES[channel] = provider


def sms_provider_override(provider: SmsProvider | None) -> None:
    provider_override(OutboundMessage.Channel.SMS, provider)


def email_provider_override(provider: EmailProvider | None) -> None:
    provider_override(OutboundMessage.Channel.EMAIL, provider)
