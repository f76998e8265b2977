"""Plug points the public side (portal) fills in at start-up, so filing never imports it (dependencies point down).

- identity check: whether a user has passed real-name verification (在线诉讼规则 Art. 7) before filing online;
- contact addresses: where SMS / e-mail copies of a filer's in-site message go (the phone is the account's; the
  public side adds the e-mail address); the copies are outbox rows written with the action (smartcourt.core.outbox).

What other apps do once an accepted filing has become a case (the dossier files its complaint and evidence) is no
hook: `filing_accept` emits the durable hand-off "filing.case_opened" (smartcourt.jobs.handoff) for their receivers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from smartcourt.core.outbox.services import notification_copies_queue
from smartcourt.core.services import notification_send

if TYPE_CHECKING:
    from smartcourt.courts.models import Court, User

_IDENTITY_CHECKS: list[Callable[[User], bool]] = []
_CONTACTS: list[Callable[[User], dict[str, str]]] = []
_FILER_DEFAULTS: list[Callable[[User], dict]] = []


def register_filer_defaults(provider: Callable[[User], dict]) -> None:
    """What the public side knows of a filer (verified ID number …) to pre-fill the plaintiff."""
    if provider not in _FILER_DEFAULTS:
        _FILER_DEFAULTS.append(provider)


def filer_defaults(user: User) -> dict:
    out: dict = {"name": user.get_full_name(), "phone": user.phone}
    for provider in _FILER_DEFAULTS:
        out.update({k: v for k, v in provider(user).items() if v})
    return out


def register_identity_check(check: Callable[[User], bool]) -> None:
    if check not in _IDENTITY_CHECKS:
        _IDENTITY_CHECKS.append(check)


def register_filer_contacts(provider: Callable[[User], dict[str, str]]) -> None:
    """Addresses the public side knows of a filer ({"email": …}) for copies of the filer's messages."""
    if provider not in _CONTACTS:
        _CONTACTS.append(provider)


def filer_contacts(user: User) -> dict[str, str]:
    out = {"phone": user.phone or ""}
    for provider in _CONTACTS:
        out.update({k: v for k, v in provider(user).items() if v})
    return out


def identity_verified(user: User) -> bool:
    """True when every registered check passes; with none registered, a party/lawyer grant is taken as enough."""
    if _IDENTITY_CHECKS:
        return all(check(user) for check in _IDENTITY_CHECKS)
    return user.grants.filter(role__in=["party", "lawyer"]).exists()


def filer_notify(
    *, recipient: User | None, title: str, body: str = "", link: str = "", topic: str = "", court: Court | None = None
) -> None:
    """In-site message and its SMS / e-mail copies, all written in the caller's transaction (a rollback sends
    nothing); the outbox sends the copies after the commit. `court`: whose outbox lists the copies."""
    if recipient is None:
        return
    notification = notification_send(recipient=recipient, title=title, body=body, link=link, topic=topic)
    contacts = filer_contacts(recipient)
    notification_copies_queue(
        notification=notification, phone=contacts.get("phone", ""), email=contacts.get("email", ""), court=court
    )
