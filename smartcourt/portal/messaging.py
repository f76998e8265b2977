"""SMS and e-mail adapters for in-site messages (站内信): interfaces plus embedded defaults.

- SMS: the embedded adapter writes to the outbox table (no gateway is contacted); a province's SMS platform would
  implement `SmsGateway.send` the same way.
- E-mail: Django's mail framework, so any SMTP server configured by EMAIL_URL works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.mail import send_mail

from .models import OutboundMessage

if TYPE_CHECKING:
    from smartcourt.core.models import Notification


class SmsGateway(Protocol):
    key: str

    def send(self, *, to: str, body: str, notification: Notification) -> OutboundMessage: ...


class OutboxSmsGateway:
    key = "outbox"

    def send(self, *, to: str, body: str, notification: Notification) -> OutboundMessage:
        return OutboundMessage.objects.create(
            channel=OutboundMessage.Channel.SMS,
            recipient=notification.recipient,
            to=to,
            body=body,
            adapter=self.key,
            topic=notification.topic,
        )


class DjangoEmailGateway:
    key = "django_mail"

    def send(self, *, to: str, subject: str, body: str, notification: Notification) -> OutboundMessage:
        message = OutboundMessage(
            channel=OutboundMessage.Channel.EMAIL,
            recipient=notification.recipient,
            to=to,
            subject=subject[:200],
            body=body,
            adapter=self.key,
            topic=notification.topic,
        )
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
            message.status = OutboundMessage.Status.SENT
        except Exception as exc:
            message.status, message.error = OutboundMessage.Status.FAILED, str(exc)[:300]
        message.save()
        return message


SMS: SmsGateway = OutboxSmsGateway()
EMAIL = DjangoEmailGateway()


def deliver_copies(notification: Notification) -> None:
    """After commit: an SMS to the account's phone and an e-mail when the account has an address."""
    user = notification.recipient
    sms = f"【智慧法院】{notification.title}。{notification.body}"[:300]
    if user.phone:
        SMS.send(to=user.phone, body=sms, notification=notification)
    account = getattr(user, "litigant_account", None)
    if account is not None and account.email:
        EMAIL.send(to=account.email, subject=notification.title, body=notification.body, notification=notification)
