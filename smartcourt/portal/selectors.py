"""Reads of the public side: accounts, verification queue, my cases, contact addresses."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from smartcourt.cases.rules.identity import id_number_mask, phone_mask
from smartcourt.cases.selectors import case_visible_to, case_with_user_as_party
from smartcourt.core.errors import Forbidden, NotFound
from smartcourt.core.intake import sniff
from smartcourt.core.intake.store import blob_read
from smartcourt.courts.permissions import (
    Action,
    Resource,
    ScopeBuilders,
    allows,
    courts_q,
    permits,
    register_scopes,
    visible_q,
)
from smartcourt.courts.selectors import court_list, court_subtree

from .models import KioskDevice, LitigantAccount

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from smartcourt.cases.models import Case
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User

PHOTO_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}  # what identity_submit accepts (identity.py)


def account_get(*, user: User) -> LitigantAccount | None:
    return LitigantAccount.objects.filter(user=user).first()


def account_is_verified(user: User) -> bool:
    return LitigantAccount.objects.filter(user=user, state=LitigantAccount.State.VERIFIED).exists()


def account_defaults(user: User) -> dict:
    account = account_get(user=user)
    if account is None or account.kind != LitigantAccount.Kind.PARTY:
        return {}
    return {"id_number": account.id_number}


def account_contacts(user: User) -> dict[str, str]:
    """The e-mail address of the account, for SMS / e-mail copies of a filer's messages (the phone is the user's)."""
    account = account_get(user=user)
    return {"email": account.email} if account is not None and account.email else {}


def verification_visible_to(*, user: User | AnonymousUser) -> QuerySet[LitigantAccount]:
    """Accounts whose real-name data `user` may see: those registered with a court where the permission table gives
    them IDENTITY/VIEW (the court's filing officers); nobody else's, whatever their role elsewhere."""
    return LitigantAccount.objects.filter(visible_q(user=user, resource=Resource.IDENTITY, action=Action.VIEW))


def verification_queue(*, user: User | AnonymousUser) -> QuerySet[LitigantAccount]:
    """Accounts waiting for `user`'s court to approve them (实名认证审核), oldest first."""
    return (
        verification_visible_to(user=user)
        .filter(state=LitigantAccount.State.PENDING)
        .select_related("user", "court")
        .order_by("updated_at", "id")
    )


@dataclass(frozen=True)
class QueueRow:
    """One applicant as the queue lists them: identity number and phone masked (the full ones are on their page)."""

    account_id: int
    name: str
    kind: str
    id_number: str
    phone: str
    lawyer_licence_no: str
    law_firm: str
    court: str
    submitted_at: datetime


def verification_rows(*, user: User | AnonymousUser, limit: int = 200) -> list[QueueRow]:
    return [
        QueueRow(
            account_id=a.pk,
            name=a.user.full_name,
            kind=a.get_kind_display(),
            id_number=id_number_mask(a.id_number),
            phone=phone_mask(a.user.phone),
            lawyer_licence_no=a.user.lawyer_licence_no if a.kind == LitigantAccount.Kind.LAWYER else "",
            law_firm=a.user.law_firm if a.kind == LitigantAccount.Kind.LAWYER else "",
            court=a.court.name if a.court else "",
            submitted_at=a.updated_at,
        )
        for a in verification_queue(user=user)[:limit]
    ]


def verification_get_for_user(
    *, account_id: int, user: User | AnonymousUser, action: Action = Action.VIEW
) -> LitigantAccount:
    """One applicant's account if `user` may see its real-name data; another court's applicant and a missing one
    raise the same NotFound. One they may see but not `action` on is Forbidden."""
    account = verification_visible_to(user=user).select_related("user", "court").filter(pk=account_id).first()
    if account is None:
        raise NotFound()
    if action != Action.VIEW and not allows(user=user, resource=Resource.IDENTITY, action=action, obj=account):
        raise Forbidden()
    return account


def id_photo_content(*, account: LitigantAccount) -> tuple[bytes, str]:
    """The stored ID photo and its type, sniffed from its bytes; NotFound when there is none to show."""
    if not account.id_photo:
        raise NotFound()
    content = blob_read(account.id_photo.name)
    content_type = PHOTO_TYPES.get(sniff.kind_of(content[: sniff.HEAD_BYTES]))
    if content_type is None:
        raise NotFound()
    return content, content_type


def my_cases(*, user: User) -> QuerySet[Case]:
    """Cases I am a party or representative in (the permission table's OWN scope)."""
    return case_visible_to(user=user).select_related("court", "cause").order_by("-filed_on", "-id")


def my_cases_listed(*, user: User) -> QuerySet[Case]:
    """`my_cases` with the columns the page shows, and `user_is_party` on each: whether `user` is a party (not a
    representative), where they may authorise a lawyer — in the one query (issue 15: it was a query of its own, and
    the cases' every column, their cause and their court's were read for a number, a title and a court's name)."""
    shown = (
        my_cases(user=user)
        .select_related(None)
        .select_related("court")
        .only("id", "number", "title", "procedure", "state", "filed_on", "court__name")
    )
    return case_with_user_as_party(shown, user=user)


def lawyer_find(*, licence_no: str) -> User | None:
    """The verified lawyer with this licence number (real-name verified on the platform, 在线诉讼规则 Art. 7)."""
    if not licence_no.strip():
        return None
    account = (
        LitigantAccount.objects.filter(
            kind=LitigantAccount.Kind.LAWYER,
            state=LitigantAccount.State.VERIFIED,
            user__lawyer_licence_no=licence_no.strip(),
        )
        .select_related("user")
        .first()
    )
    return account.user if account else None


# --- Self-service terminals (自助立案终端): Resource.KIOSK, registered from PortalConfig.ready -------------------

KIOSK_SCOPES = ScopeBuilders(
    own=lambda user: Q(pk__in=[]),  # a terminal is the court's, nobody's own
    division=lambda division: Q(pk__in=[]),
    court=lambda court: Q(court=court),
    subordinate=lambda court: Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True))),
)


def kiosk_scopes_register() -> None:
    register_scopes(Resource.KIOSK, KIOSK_SCOPES)


def kiosk_key_digest(key: str) -> str:
    return hashlib.sha256(f"kiosk:{key}".encode()).hexdigest()


def kiosk_device_for_key(*, key: str | None) -> KioskDevice | None:
    """The registered, not revoked terminal whose device key is `key`; None for anything else."""
    key = (key or "").strip()
    if not key.startswith("kiosk_") or len(key) > 100:
        return None
    return (
        KioskDevice.objects.select_related("court")
        .filter(key_hash=kiosk_key_digest(key), revoked_at__isnull=True)
        .first()
    )


def kiosk_courts(*, user: Actor | AnonymousUser) -> QuerySet[Court]:
    """Courts whose terminals `user` may register (KIOSK/CHANGE court-wide in the table)."""
    return court_list().filter(courts_q(user=user, resource=Resource.KIOSK, action=Action.CHANGE))


def kiosk_devices_page_allowed(*, user: User) -> bool:
    return permits(user=user, resource=Resource.KIOSK, action=Action.VIEW)


def kiosk_device_list(*, user: User) -> QuerySet[KioskDevice]:
    """The terminals `user` may see (the table's KIOSK/VIEW), newest first."""
    return (
        KioskDevice.objects.filter(visible_q(user=user, resource=Resource.KIOSK, action=Action.VIEW))
        .select_related("court", "registered_by")
        .order_by("-created_at", "-id")
    )


def kiosk_device_get_for_user(*, device_id: int, user: User) -> KioskDevice | None:
    return kiosk_device_list(user=user).filter(pk=device_id).first()
