"""Reads of the public side: accounts, verification queue, my cases, contact addresses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from smartcourt.cases.selectors import case_ids_with_party_user, case_visible_to

from .models import LitigantAccount

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User


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


def verification_queue(*, user: User) -> QuerySet[LitigantAccount]:
    """Accounts waiting for staff approval; litigation-service and filing staff of any court review them."""
    return (
        LitigantAccount.objects.filter(state=LitigantAccount.State.PENDING)
        .select_related("user")
        .order_by("updated_at")
    )


def my_cases(*, user: User) -> QuerySet[Case]:
    """Cases I am a party or representative in (the permission table's OWN scope)."""
    return case_visible_to(user=user).select_related("court", "cause").order_by("-filed_on", "-id")


def cases_as_party(*, user: User, case_ids: list[int]) -> list[int]:
    """Those of `case_ids` in which `user` is a party (not a representative): where they may authorise a lawyer."""
    return case_ids_with_party_user(user=user, case_ids=case_ids)


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
