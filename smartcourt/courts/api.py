"""/api/v1/me: who am I, my roles, my API tokens, and who viewed my personal data."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from smartcourt.core.selectors import personal_data_views_for_subjects

from .navigation import user_roles
from .permissions import public
from .selectors_subjects import data_subjects_of
from .services import api_token_create

router = Router(tags=["我的账户"])


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


class TokenOut(Schema):
    name: str
    prefix: str
    token: str


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


@router.post("/tokens", response={201: TokenOut}, summary="创建个人 API 令牌（只显示一次）")
@public("the signed-in person's own API token")
def token_create(request: HttpRequest, payload: TokenIn) -> tuple[int, dict]:
    token, raw = api_token_create(user=request.auth, name=payload.name)
    return 201, {"name": token.name, "prefix": token.prefix, "token": raw}


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
