"""The one outbox for SMS and e-mail (短信与邮件发件箱), used by every app (ADR 0012). A Django app of its own inside
core (label `core_outbox`); like the rest of core it imports no app.

- `services`: `outbox_send` (write in the caller's transaction; a task sends after the commit, retried),
  `outbox_deliver` (send now and return the provider's verdict: service of process, from its task),
  `notification_copies_queue` (SMS / e-mail copies of an in-site message), `outbox_relay`; `sealed` (a secret
  the row stores and shows as a placeholder, filled in for the provider only by `outbox_deliver(unseal=…)`);
- `providers`: one protocol per channel (`SmsProvider`, `EmailProvider`), chosen by `OUTBOX_SMS_PROVIDER` /
  `OUTBOX_EMAIL_PROVIDER`, swapped in tests by `sms_provider_override` / `email_provider_override`;
- `selectors`: messages in a scope, messages of one object, links back to what a message was for.

Above core: the page `/courts/outbox/` and its scopes in the permission table (`Resource.OUTBOX`) are in
smartcourt/courts (`views_outbox`, `selectors_outbox`); the relay's schedule `core.outbox_relay` is in
smartcourt/jobs/schedule.py. This module imports nothing, so importing a submodule never loads models early.
"""
