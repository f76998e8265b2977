"""Writes for courts and people: accounts, roles, tokens, second factors, the holiday calendar."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.services import audit_record

from .auth import token_digest
from .models import ApiToken, Court, Division, RoleGrant, User
from .roles import Role

if TYPE_CHECKING:
    from django.http import HttpRequest


@transaction.atomic
def court_create(
    *,
    name: str,
    code: str,
    level: str,
    parent: Court | None = None,
    short_name: str = "",
    region: str = "",
    address: str = "",
    phone: str = "",
) -> Court:
    """Create a court and place it in the hierarchy (its materialised path)."""
    court = Court(
        name=name,
        code=code,
        level=level,
        parent=parent,
        short_name=short_name,
        region=region,
        address=address,
        phone=phone,
        path="",
    )
    court.save()
    court.path = f"{parent.path if parent else '/'}{court.pk}/"
    court.full_clean()
    court.save(update_fields=["path"])
    audit_record(actor=None, action="court.created", target=court)
    return court


@transaction.atomic
def role_grant(
    *, user: User, role: Role, court: Court, division: Division | None = None, actor: User | None = None
) -> RoleGrant:
    """Give `user` a role in a court (and division); idempotent."""
    if division is not None and division.court_id != court.pk:
        from smartcourt.core.errors import ApplicationError

        raise ApplicationError("所选部门不属于该法院。", code="courts.division_mismatch")
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, court=court, division=division)
    if created:
        audit_record(actor=actor, action="role.granted", target=grant)
    return grant


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token; returns the row and the token, which is shown only once."""
    raw = "sc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=token_digest(raw))
    audit_record(actor=user, action="api_token.created", target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit_record(actor=actor, action="api_token.revoked", target=token)
    return token


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Start enrolment of an authenticator app: an unconfirmed device until the first code checks."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, request: HttpRequest | None = None) -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    audit_record(actor=device.user, action="auth.totp_enrolled", target=device.user, kind="auth", request=request)
    return device
