"""Writes of the outbox: queue a message in the caller's transaction, deliver it after the commit, relay leftovers.

Two ways to send, one table:

    # a notice copy (站内信的短信、邮件副本): written with the action, sent after the commit by a task
    outbox_send(channel="sms", to=user.phone, body=text, purpose="filing.accepted", recipient=user, court=court)

    # service of process needs the provider's verdict at once, from its own task (an SMTP 550 moves the task on
    # to the next channel): the row is written unqueued, then delivered now
    message = outbox_send(..., related=("service.attempt", attempt.pk), queued=False)
    result = outbox_deliver(message=message)

Secrets (a one-time link, its code) never enter the row: the sender writes a placeholder made by `sealed(label)`
into the body and hands the secret to `outbox_deliver(message=, unseal={placeholder: secret})`, which gives the
provider a copy with the secret filled in and keeps nothing of it (ADR 0015). So the outbox page, the admin, a
database dump and any API show `〔送达链接（已隐去）〕`, never a usable link. Such a message can only take the
immediate path: the relay could not resend what is not stored.

A queued row is put on the task queue after the commit (`outbound_message_send_task`); if that enqueue is lost
(process died, broker down) the `core.outbox_relay` schedule queues it within a minute. A provider that fails is
retried with backoff up to the row's `max_attempts`; a provider's refusal (`rejected`) is final. Nothing here ever
raises a provider's error into the request that wrote the message. Delivery is at least once: a worker killed
between the provider's answer and the record may send a message twice.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from smartcourt.core.backoff import backoff_delay

from .models import OutboundMessage
from .providers import SendResult, provider_for

if TYPE_CHECKING:
    from datetime import datetime

    from smartcourt.core.models import Notification
    from smartcourt.courts.models import Court, User

logger = logging.getLogger(__name__)
Status = OutboundMessage.Status  # for callers in other apps, which use this module, not the models
Channel = OutboundMessage.Channel
RELAY_GRACE = timedelta(seconds=30)  # a queued row this old that no task picked up is queued again by the relay
SEND_LEASE = timedelta(minutes=10)  # a row left "sending" this long: its worker died; the relay takes it back
REQUEUE_AFTER = timedelta(minutes=5)  # a row the relay queued is not queued again before this (a slow queue)
RETRY_BASE = timedelta(minutes=1)  # then 2, 4, 8 … minutes between attempts, at most RETRY_CAP
RETRY_CAP = timedelta(hours=1)
MAX_ATTEMPTS = 5
SENDABLE = (Status.QUEUED, Status.FAILED)
DONE_OK = (Status.OUTBOX, Status.ACCEPTED, Status.SENT, Status.DELIVERED)
SEALED_RE = re.compile(r"〔[^〔〕（）]{1,40}（已隐去）〕")


def sealed(label: str) -> str:
    """The placeholder a message stores (and every page shows) instead of a secret only its recipient may read,
    e.g. `sealed("送达链接")` → "〔送达链接（已隐去）〕"; the secret itself goes to `outbox_deliver(unseal=…)`."""
    text = f"〔{label}（已隐去）〕"
    if not SEALED_RE.fullmatch(text):
        raise ValueError(f"bad sealed label {label!r}")
    return text


@dataclass(frozen=True)
class Attachment:
    """A stored file (core.intake's content-addressed store) attached to an e-mail, read when the message is sent
    (not copied: the served document stays one file)."""

    name: str
    storage_name: str
    content_type: str = "application/octet-stream"
    sha256: str = ""

    def as_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "storage_name": self.storage_name,
            "content_type": self.content_type,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class DeliveryResult:
    """What `outbox_deliver` did: the row's status after this attempt, and what the provider said."""

    message: OutboundMessage
    status: str
    reference: str = ""
    error: str = ""
    at: datetime | None = None
    reports_delivery: bool = False

    @property
    def failed(self) -> bool:
        return self.status in (Status.REJECTED, Status.FAILED)


def outbox_send(
    *,
    channel: str,
    to: str,
    body: str,
    purpose: str,
    subject: str = "",
    attachments: Iterable[Attachment] = (),
    recipient: User | None = None,
    court: Court | None = None,
    related: tuple[str, Any] | None = None,
    queued: bool = True,
) -> OutboundMessage:
    """Write one SMS or e-mail into the outbox, inside the caller's transaction (a rollback sends nothing).

    `queued` (the default): a task sends it after the commit and retries it on failure. `queued=False`: the caller
    sends it itself with `outbox_deliver` (a task that needs the provider's verdict, as service of process does)."""
    if channel not in OutboundMessage.Channel.values:
        raise ValueError(f"unknown outbox channel {channel!r}")
    if queued and SEALED_RE.search(subject + body):
        raise ValueError("a message with sealed secrets is delivered at once (queued=False, then outbox_deliver)")
    related_type, related_id = related if related is not None else ("", "")
    message = OutboundMessage.objects.create(
        channel=channel,
        to=to.strip()[:200],
        subject=subject[:200],
        body=body,
        attachments=[a.as_json() for a in attachments],
        purpose=purpose[:48],
        related_type=related_type,
        related_id=str(related_id),
        recipient=recipient,
        court=court,
        max_attempts=MAX_ATTEMPTS if queued else 1,
        next_attempt_at=timezone.now() + RELAY_GRACE if queued else None,
    )
    if queued:
        message_id = message.pk
        transaction.on_commit(lambda: outbound_messages_enqueue(message_ids=[message_id]))
    return message


def notification_copies_queue(
    *, notification: Notification, phone: str = "", email: str = "", court: Court | None = None
) -> list[OutboundMessage]:
    """An SMS to `phone` and an e-mail to `email` (either may be empty) copying an in-site message (站内信)."""
    common: dict[str, Any] = {
        "purpose": notification.topic,
        "recipient": notification.recipient,
        "court": court,
        "related": ("core.notification", notification.pk),
    }
    out = []
    if phone:
        text = f"【智慧法院】{notification.title}。{notification.body}"[:300]
        out.append(outbox_send(channel=OutboundMessage.Channel.SMS, to=phone, body=text, **common))
    if email:
        out.append(
            outbox_send(
                channel=OutboundMessage.Channel.EMAIL,
                to=email,
                subject=notification.title,
                body=notification.body,
                **common,
            )
        )
    return out


def outbound_messages_enqueue(*, message_ids: list[int]) -> int:
    """Put messages on the task queue; a failure is logged, never raised (the relay schedule tries again)."""
    from .tasks import outbound_message_send_task

    queued = 0
    for message_id in message_ids:
        try:
            outbound_message_send_task.enqueue(message_id=message_id)
        except Exception:
            logger.exception("outbound message %s could not be queued; the relay will retry", message_id)
            continue
        queued += 1
    return queued


def outbox_deliver(*, message: OutboundMessage, unseal: Mapping[str, str] | None = None) -> DeliveryResult:
    """Send one message now and record what the provider said; call it outside any transaction (from a task).

    The row is claimed first, so two workers never send it at once; a row that is not sendable (already sent,
    refused, out of attempts, being sent by another worker) is not sent again and its recorded outcome returned.
    `unseal` maps each `sealed(…)` placeholder of the message to its secret: the provider gets a copy with the
    secrets filled in; the row keeps the placeholders (and an error text never echoes a secret)."""
    unseal = dict(unseal or {})
    placeholders = set(SEALED_RE.findall(message.subject + message.body))
    if placeholders != set(unseal):
        raise ValueError(f"sealed placeholders {sorted(placeholders)} need exactly their secrets, got {sorted(unseal)}")
    now = timezone.now()
    claimed = OutboundMessage.objects.filter(pk=message.pk, status__in=SENDABLE, attempts__lt=F("max_attempts")).update(
        status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE, updated_at=now
    )
    message.refresh_from_db()
    if not claimed:
        return DeliveryResult(message, message.status, message.reference, message.error, message.sent_at)
    key, reports_delivery = "", False
    try:
        provider = provider_for(message.channel)
        key, reports_delivery = provider.key, bool(provider.reports_delivery)
        result = provider.send(_unsealed(message, unseal))
    except Exception as exc:  # a provider's bug or outage never reaches the sender
        # a traceback may echo the message: none for one carrying secrets
        logger.warning("outbound message %s: provider %s raised", message.pk, key, exc_info=not unseal)
        result = SendResult(Status.FAILED, error=f"{type(exc).__name__}: {exc}")
    at = result.at or timezone.now()
    retry = result.status == Status.FAILED and message.attempts < message.max_attempts
    message.status = result.status
    message.provider = (result.provider or key)[:48]
    message.reference = result.reference[:120]
    message.error = _scrub(result.error, unseal)[:300]
    message.sent_at = at if result.status in DONE_OK else None
    message.next_attempt_at = timezone.now() + retry_delay(message.attempts) if retry else None
    message.save(update_fields=["status", "provider", "reference", "error", "sent_at", "next_attempt_at", "updated_at"])
    if result.status in (Status.FAILED, Status.REJECTED):
        logger.warning(
            "outbound message %s (%s) attempt %d: %s %s",
            message.pk,
            message.channel,
            message.attempts,
            result.status,
            message.error,
        )
    return DeliveryResult(message, result.status, result.reference, message.error, at, reports_delivery)


def _unsealed(message: OutboundMessage, unseal: dict[str, str]) -> OutboundMessage:
    """What the provider sends: an unsaved copy of the row with the secrets filled in (never saved)."""
    if not unseal:
        return message
    outgoing = copy.copy(message)
    outgoing._state = copy.copy(message._state)
    for placeholder, secret in unseal.items():
        outgoing.subject = outgoing.subject.replace(placeholder, secret)
        outgoing.body = outgoing.body.replace(placeholder, secret)
    return outgoing


def _scrub(text: str, unseal: dict[str, str]) -> str:
    """A provider's error text with any secret it echoed put back under its placeholder."""
    for placeholder, secret in unseal.items():
        if secret:
            text = text.replace(secret, placeholder)
    return text


def retry_delay(attempts: int) -> timedelta:
    """How long after its `attempts`-th failed attempt a message is tried again (exponential, capped)."""
    seconds = backoff_delay(max(1, attempts), RETRY_BASE.total_seconds(), RETRY_CAP.total_seconds(), jitter=0)
    return timedelta(seconds=seconds)


def outbound_message_send(*, message_id: int) -> str:
    """The queued path's task body: deliver one message; returns its status afterwards."""
    message = OutboundMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "missing"
    return outbox_deliver(message=message).status


def outbox_relay(*, now: datetime | None = None) -> int:
    """Queue what is due: queued rows no task picked up, failed rows whose backoff has passed, rows whose sending
    worker died (lease passed). A row left "sending" with no attempt left is marked failed (sent or not, nobody
    knows). Each row is taken with a conditional update, so a worker that claimed it meanwhile keeps it."""
    now = now or timezone.now()
    due = Q(next_attempt_at__lte=now, status__in=[*SENDABLE, Status.SENDING])
    OutboundMessage.objects.filter(due, status=Status.SENDING, attempts__gte=F("max_attempts")).update(
        status=Status.FAILED,
        error="发送过程中断（工作进程退出），未能确认是否发出",
        next_attempt_at=None,
        updated_at=now,
    )
    rows = OutboundMessage.objects.filter(due, attempts__lt=F("max_attempts")).values_list("pk", "status")
    taken = []
    for pk, status in rows[:1000]:
        # a "sending" row whose lease passed goes back to failed, so the next task may claim it
        if OutboundMessage.objects.filter(pk=pk, status=status, next_attempt_at__lte=now).update(
            status=Status.FAILED if status == Status.SENDING else status,
            next_attempt_at=now + REQUEUE_AFTER,
            updated_at=now,
        ):
            taken.append(pk)
    return outbound_messages_enqueue(message_ids=taken) if taken else 0
