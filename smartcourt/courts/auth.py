"""API authentication: a personal token (`Authorization: Bearer <token>`) or the browser session (with CSRF)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from .models import ApiToken, User


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_stamp(user: User) -> str:
    """A fingerprint of the person's stored password hash (itself salted): a token remembers the one it was issued
    under and stops working when the password changes — through the account page, `manage.py changepassword` or
    anything else that sets a new one."""
    return hashlib.sha256(f"api-token:{user.password}".encode()).hexdigest()


class TokenAuth(HttpBearer):
    """A personal token: not revoked, not expired, of an active person whose password is still the one the token
    was issued under. Anything else is no token at all (401, the same answer for each reason)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(
                key_hash=token_digest(token),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                user__is_active=True,
            )
            .first()
        )
        if found is None or found.password_stamp != password_stamp(found.user):
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser session; unsafe methods need the CSRF token; staff need a verified second factor."""

    param_name = "sessionid"

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.requires_two_factor and not (hasattr(user, "is_verified") and user.is_verified()):
            return None
        return user
