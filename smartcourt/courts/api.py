"""/api/v1/me: who am I, my roles, my API tokens (issue, list, revoke), and who viewed my personal data."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from smartcourt.core.errors import NotFound
from smartcourt.core.params import Id
from smartcourt.core.privacy import personal_data
from smartcourt.core.selectors import personal_data_views_for_subjects

from .navigation import user_roles
from .permissions import public
from .selectors_staff import api_token_get_own, api_tokens_of
from .selectors_subjects import data_subjects_of
from .services import api_token_create, api_token_revoke

if TYPE_CHECKING:
    from .models import User

router = Router(tags=["我的账户"])
router.add_decorator(personal_data, mode="view")  # answers name parties, cases or the caller: never cached


def _owner(request: HttpRequest) -> User:
    """The person the token or session authenticated (ninja sets `request.auth`)."""
    return request.auth  # type: ignore[attr-defined]


class GrantOut(Schema):
    role: str
    court: str
    court_code: str
    division: str | None


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]
    grants: list[GrantOut]


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=64)
    lifetime_days: int | None = Field(
        default=None,
        ge=1,
        le=settings.API_TOKEN_LIFETIME_DAYS,
        strict=True,  # `true` is not a number of days
        description="有效天数，默认且最长为 API_TOKEN_LIFETIME_DAYS",
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    token: str
    expires_at: datetime


class TokenListOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    revoked_reason: str


class AccessOut(Schema):
    occurred_at: datetime
    viewer: str
    record: str
    reason: str


@router.get("", response=MeOut, summary="当前用户")
@public("the signed-in person's own account and grants")
def me(request: HttpRequest) -> dict:
    user = request.auth
    grants = user.grants.select_related("court", "division")
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "roles": sorted(user_roles(user)),
        "grants": [
            {
                "role": g.role,
                "court": g.court.name,
                "court_code": g.court.code,
                "division": g.division.name if g.division else None,
            }
            for g in grants
        ],
    }


@router.post("/tokens", response={201: TokenOut}, summary="创建个人 API 令牌（只显示一次，到期或修改密码后失效）")
@public("the signed-in person's own API token")
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    token, raw = api_token_create(user=_owner(request), name=payload.name, lifetime_days=payload.lifetime_days)
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "prefix": token.prefix,
            "token": raw,
            "expires_at": token.expires_at,
        },
    )


@router.get("/tokens", response=list[TokenListOut], summary="我的 API 令牌（不含令牌本身）")
@public("the signed-in person's own API tokens (never the tokens themselves)")
def token_list(request: HttpRequest) -> list:
    return list(api_tokens_of(user=_owner(request)))


@router.delete("/tokens/{token_id}", response={204: None}, summary="吊销我的一个 API 令牌")
@public("revoking one of the signed-in person's own API tokens")
def token_revoke(request: HttpRequest, token_id: Id) -> Status:
    token = api_token_get_own(user=_owner(request), token_id=token_id)
    if token is None:
        raise NotFound()  # another person's token answers as a missing one does
    api_token_revoke(token=token, actor=_owner(request))
    return Status(204, None)


@router.get("/data-access", response=list[AccessOut], summary="谁查看了我的个人信息")
@public("who viewed my personal data: only reads of the signed-in person's own data")
def data_access(request: HttpRequest) -> list[dict]:
    rows = personal_data_views_for_subjects(subjects=data_subjects_of(user=request.auth))[:200]
    return [
        {
            "occurred_at": r.occurred_at,
            "viewer": r.actor.get_full_name() if r.actor else "",
            "record": r.target_label,
            "reason": r.reason,
        }
        for r in rows
    ]


routers = [("me", router)]
