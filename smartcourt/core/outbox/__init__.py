"""The one outbox for SMS and e-mail (短信与邮件发件箱), used by every app (ADR 0011).

- `services`: `outbox_send` (write in the caller's transaction; a task sends after the commit, retried),
  `outbox_deliver` (send now and return the provider's verdict: service of process, from its task),
  `notification_copies_queue` (SMS / e-mail copies of an in-site message);
- `providers`: one protocol per channel (`SmsProvider`, `EmailProvider`), chosen by `OUTBOX_SMS_PROVIDER` /
  `OUTBOX_EMAIL_PROVIDER`, swapped in tests by `sms_provider_override` / `email_provider_override`;
- `selectors`: the outbox page's list through the permission table (`Resource.OUTBOX`), messages of one object;
- the page `/outbox/` (`outbox:list`), the schedule `core.outbox_relay`.

Modules are imported directly (`from smartcourt.core.outbox.services import outbox_send`): this package is
loaded while core's models are, so it re-exports nothing.
"""
