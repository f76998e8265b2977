"""Service channels behind one interface, each with a real adapter and a test double.

`dispatch()` runs after the attempt was committed (a background task on the "service" queue), never inside a
transaction that could roll back after an SMS or e-mail left the court. It returns what happened; the service
layer records it (`service_attempt_dispatched`). Paper channels (post, in person, public notice) have no
dispatch: court staff enter what happened.

- platform: an in-site message (站内信) to the recipient's platform account; it reaches that system at once.
- sms: a link to a one-time page (在线诉讼规则 Art. 32) and the code that opens it, sent through the one outbox
  (smartcourt.core.outbox); its provider is pluggable (`OUTBOX_SMS_PROVIDER`), the embedded default writes to the
  outbox only (no gateway, therefore no delivery report). The outbox row holds the link and the code sealed
  (`sealed`); only the provider receives them (`outbox_deliver(unseal=…)`, ADR 0015).
- email: through the outbox's e-mail provider, Django's mail framework over the configured backend (SMTP in
  production); the server's acceptance is the court system's "sent successfully" (民诉法解释 Art. 135(2)), a
  rejection or failure fails the attempt (the task moves on to the next channel).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.utils import timezone

from smartcourt.core.outbox.services import (
    Attachment,
    DeliveryResult,
    Status,
    outbox_deliver,
    outbox_send,
    sealed,
)

from .models import Channel
from .selectors import ATTEMPT_RELATED

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

    def dispatch(self, *, task: ServiceTask, attempt: ServiceAttempt, link: str, code: str = "") -> Dispatch: ...


# --- platform inbox -----------------------------------------------------------------------------------------------


class PlatformInbox:
    """诉讼平台专用账号 (在线诉讼规则 Art. 29): the message is in the recipient's inbox the moment it is written."""

    channel = Channel.PLATFORM

    def dispatch(self, *, task: ServiceTask, attempt: ServiceAttempt, link: str, code: str = "") -> Dispatch:
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


# --- SMS and e-mail: through the one outbox (smartcourt.core.outbox) ----------------------------------------------


LINK = sealed("送达链接")
CODE = sealed("验证码")


def _outbox_dispatch(
    task: ServiceTask, attempt: ServiceAttempt, *, link: str, code: str, **message: Any
) -> DeliveryResult:
    """Write the message into the outbox unqueued, the link and code sealed, and have its provider send it now with
    them filled in: this already runs in the dispatch task, after the attempt committed, and the provider's verdict
    decides the attempt."""
    row = outbox_send(
        to=attempt.target, court=task.court, related=(ATTEMPT_RELATED, attempt.pk), queued=False, **message
    )
    return outbox_deliver(message=row, unseal={LINK: link, CODE: code})


class SmsLink:
    """短信链接: an SMS with a link to a one-time page where the recipient, with the code, reads and receives the
    documents."""

    channel = Channel.SMS

    def dispatch(self, *, task: ServiceTask, attempt: ServiceAttempt, link: str, code: str = "") -> Dispatch:
        body = (
            f"【{task.court.short_name or task.court.name}】{task.person.name}：本院向您送达（{task.case.number}）"
            f"{task.title}，请打开 {LINK} 并输入验证码{CODE}查阅签收，验证码请勿告知他人。"
        )
        result = _outbox_dispatch(
            task, attempt, link=link, code=code, channel="sms", body=body, purpose="service.sms_link"
        )
        at = result.at or timezone.now()
        if result.failed:
            return Dispatch("failed", at, reference=result.reference, error=result.error or "短信通道拒绝发送")
        if result.status == Status.DELIVERED:
            return Dispatch("delivered", at, reports_delivery=result.reports_delivery, reference=result.reference)
        return Dispatch("awaiting", at, reports_delivery=False, reference=result.reference)


class SmtpEmail:
    """电子邮件 over the configured mail backend (EMAIL_URL; SMTP in production), the document attached."""

    channel = Channel.EMAIL

    def dispatch(self, *, task: ServiceTask, attempt: ServiceAttempt, link: str, code: str = "") -> Dispatch:
        subject = f"{task.court.name}送达：{task.title}（{task.case.number}）"
        body = (
            f"{task.person.name}：\n\n{task.court.name}依法向您送达（{task.case.number}）{task.title}，文书见附件。"
            f"\n请打开以下链接，输入验证码{CODE}签收：{LINK}\n验证码请勿告知他人。"
            f"\n\n本邮件由法院送达平台发出，请勿直接回复。"
        )
        document = Attachment(
            name=f"{task.title}.pdf",
            storage_name=task.document_storage_name,
            content_type="application/pdf",
            sha256=task.document_sha256,
        )
        result = _outbox_dispatch(
            task, attempt, link=link, code=code, channel="email", subject=subject, body=body,
            attachments=[document], purpose="service.email",
        )  # fmt: skip
        if result.failed:
            return Dispatch("failed", timezone.now(), reference=result.reference, error=result.error)
        if result.status not in (Status.ACCEPTED, Status.DELIVERED):
            # console / file / in-memory backends accept everything and deliver nothing: no "sent successfully"
            return Dispatch("awaiting", timezone.now(), reports_delivery=False, reference=result.reference)
        return Dispatch("delivered", timezone.now(), reference=result.reference)


ADAPTERS: dict[str, ChannelAdapter] = {
    Channel.PLATFORM: PlatformInbox(),
    Channel.SMS: SmsLink(),
    Channel.EMAIL: SmtpEmail(),
}
