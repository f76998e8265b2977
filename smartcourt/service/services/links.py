"""One-time links of SMS / e-mail service and their codes (ADR 0015): made when the message is sent, kept only as
hashes, bound to the recipient by a second factor.

The message carries `SERVICE_PUBLIC_BASE_URL/service/s/<token>/` and a six-digit code. The attempt keeps
SHA-256(token) and HMAC-SHA256(key=token, attempt id ‖ code): without the token (which only the message carried) the
stored code hash cannot be brute-forced, and the outbox stores both as sealed placeholders. Nobody at the court can
therefore open a link, let alone sign for the recipient.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from ..models import ReadAuth, ServiceAttempt
from .common import TOKEN_DAYS, _sha256, public_url

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from smartcourt.core.actors import Actor

    from ..models import ServiceTask

CODE_DIGITS = 6
CODE_MAX_FAILURES = 5  # wrong codes before the code path of a link is locked (the account path stays open)
MAX_TOKEN_LENGTH = 100
MAX_USER_AGENT = 300


@dataclass(frozen=True)
class LinkSecrets:
    """What only the message may carry: the token (in the link) and the code."""

    token: str
    code: str
    link: str


@dataclass(frozen=True)
class ReadEvidence:
    """Who opened a one-time link, as far as the court can know it: how they proved to be the recipient (`auth`, a
    `ReadAuth`), from where (IP address) with what (browser), and the account signed in at the time, if any. Stored
    in the append-only, anchored `receipt.read` event and printed on the 送达回证."""

    auth: str
    ip: str = ""
    user_agent: str = ""
    account: str = ""

    def as_payload(self) -> dict[str, str]:
        return {
            "auth": self.auth,
            "ip": self.ip[:64],
            "user_agent": self.user_agent[:MAX_USER_AGENT],
            "account": self.account[:150],
        }


def _code_digest(token: str, attempt_id: int, code: str) -> str:
    return hmac.new(token.encode(), f"{attempt_id}:{code}".encode(), hashlib.sha256).hexdigest()


def link_secrets_issue(attempt: ServiceAttempt) -> LinkSecrets:
    """A fresh token and code for `attempt` (the caller saves the attempt in its transaction, then sends the message
    with the secrets unsealed); a link issued before for this attempt stops working."""
    token = secrets.token_urlsafe(24)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    attempt.token_hash = _sha256(token.encode())
    attempt.code_hash = _code_digest(token, attempt.pk, code)
    attempt.token_expires_at = timezone.now() + timedelta(days=TOKEN_DAYS)
    attempt.code_failures = 0
    attempt.link_locked_at = None
    return LinkSecrets(token=token, code=code, link=public_url(reverse("service:open", args=[token])))


LINK_FIELDS = ["token_hash", "code_hash", "token_expires_at", "code_failures", "link_locked_at"]


def code_normalize(text: str) -> str:
    """The digits typed (full-width digits of a Chinese input method and spaces allowed), or "" if not a code."""
    value = "".join(unicodedata.normalize("NFKC", text or "").split()).replace("-", "")
    return value if len(value) == CODE_DIGITS and value.isascii() and value.isdigit() else ""


def code_matches(attempt: ServiceAttempt, *, token: str, code: str) -> bool:
    return bool(attempt.code_hash) and hmac.compare_digest(_code_digest(token, attempt.pk, code), attempt.code_hash)


def attempt_for_token(token: str) -> ServiceAttempt | None:
    """The attempt whose one-time link carries `token`, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        ServiceAttempt.objects.select_related("task__case", "task__court", "task__person")
        .filter(token_hash=_sha256(token.encode()))
        .first()
    )


def is_recipient_account(*, task: ServiceTask, user: Actor | AnonymousUser) -> bool:
    """Whether `user` is signed in as the recipient's own platform account (the party themself, not a colleague,
    a representative or court staff)."""
    return bool(getattr(user, "is_authenticated", False) and user.pk and task.person.user_id == user.pk)


def read_auth_label(auth: str) -> str:
    return str(ReadAuth(auth).label) if auth in ReadAuth.values else auth
