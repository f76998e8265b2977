"""Who may grant which role, where (角色授权规则): data plus one pure function, no ORM.

The permission table (`courts.permissions`) says whose staff an administrator manages (COURT_STAFF/CHANGE: a
court's system administrator for that court, a higher court's for the courts below it). This table narrows what
such a grant may give:

| role | granted by | needs |
|---|---|---|
| judge, division head | an administrator of the court or of a court above it | the appointment's document number (法官法 Art. 18) |
| president | an administrator of a court above it | the appointment's document number (人民法院组织法 Art. 43) |
| judge assistant, clerk, filing / enforcement officer, court police, trial management, mediator | an administrator of the court or of a court above it | — (人民法院组织法 Art. 45: judicial support and administrative staff) |
| system administrator | an administrator of a court above it | holds no other role (separation of duties) |
| lawyer, party | nobody: they open their own accounts on the public side | — |

And for every grant: never to oneself; a system administrator holds no other role and nobody holding another role
becomes one (whoever runs the system reads no case; whoever reads cases does not run the system); the platform
itself (`SYSTEM`: `manage.py role_grant` on the server) is not bound by the administrators' scopes, but by
everything else here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from smartcourt.core.citations import Citation

from ..roles import PUBLIC_ROLES, Role

JUDGES_ACT_APPOINTMENT = Citation("法官法", "第十八条")
COURTS_ACT_APPOINTMENT = Citation("人民法院组织法", "第四十三条")
COURTS_ACT_STAFF_CLASSES = Citation("人民法院组织法", "第四十五条")
APPOINTMENT_REF_MAX = 64  # RoleGrant.appointment_ref max_length


class Granter(StrEnum):
    COURT = "court"  # an administrator of the court, or of a court above it
    HIGHER_COURT = "higher_court"  # only an administrator of a court above it
    NOBODY = "nobody"  # not granted here at all


@dataclass(frozen=True)
class GrantRule:
    granter: Granter
    appointment: bool  # the grant records the appointment's document number (任免文号)
    citation: Citation | None = None


G = Granter
GRANT_RULES: dict[Role, GrantRule] = {
    Role.JUDGE: GrantRule(G.COURT, True, JUDGES_ACT_APPOINTMENT),
    Role.DIVISION_HEAD: GrantRule(G.COURT, True, JUDGES_ACT_APPOINTMENT),
    Role.PRESIDENT: GrantRule(G.HIGHER_COURT, True, COURTS_ACT_APPOINTMENT),
    Role.JUDGE_ASSISTANT: GrantRule(G.COURT, False, COURTS_ACT_STAFF_CLASSES),
    Role.CLERK: GrantRule(G.COURT, False, COURTS_ACT_STAFF_CLASSES),
    Role.FILING_OFFICER: GrantRule(G.COURT, False, COURTS_ACT_STAFF_CLASSES),
    Role.ENFORCEMENT_OFFICER: GrantRule(G.COURT, False, COURTS_ACT_STAFF_CLASSES),
    Role.COURT_POLICE: GrantRule(G.COURT, False, COURTS_ACT_STAFF_CLASSES),
    Role.TRIAL_MANAGEMENT: GrantRule(G.COURT, False, COURTS_ACT_STAFF_CLASSES),
    Role.MEDIATOR: GrantRule(G.COURT, False),
    Role.ASSISTANCE_WORKER: GrantRule(G.COURT, False),
    Role.SYSTEM_ADMIN: GrantRule(G.HIGHER_COURT, False),
    Role.LAWYER: GrantRule(G.NOBODY, False),
    Role.PARTY: GrantRule(G.NOBODY, False),
}


@dataclass(frozen=True)
class AdminScope:
    """One court-wide reach of the granting administrator: the court's path, and whether it covers the courts
    below it (the table's SUBORDINATE) or the court alone (COURT)."""

    path: str
    subordinate: bool

    def covers(self, path: str) -> bool:
        return path == self.path or (self.subordinate and bool(self.path) and path.startswith(self.path))

    def above(self, path: str) -> bool:
        return self.subordinate and bool(self.path) and path != self.path and path.startswith(self.path)


@dataclass(frozen=True)
class GrantRefusal:
    code: str
    message: str
    citation: Citation | None = None

    def __str__(self) -> str:
        return f"{self.message}（{self.citation}）" if self.citation else self.message


def grant_refusal(
    *,
    role: Role,
    court_path: str,
    by_system: bool,
    self_grant: bool,
    admin_scopes: Iterable[AdminScope],
    holder_roles: Iterable[Role],
    appointment_ref: str = "",
) -> GrantRefusal | None:
    """Why this grant may not be made, or None when it may.

    `court_path` is the target court's path; `admin_scopes` are the granter's court-wide COURT_STAFF/CHANGE reaches
    (ignored for the platform itself, `by_system`); `holder_roles` the roles the person already holds anywhere."""
    rule = GRANT_RULES[role]
    held = set(holder_roles)
    if self_grant:
        return GrantRefusal("courts.grant_self", "不能为自己授予角色，请由其他有权限的系统管理员办理。")
    if rule.granter == Granter.NOBODY or role in PUBLIC_ROLES:
        return GrantRefusal(
            "courts.grant_public_role", "律师、当事人角色不在此授予：由本人在诉讼服务平台注册并完成实名认证。"
        )
    if not by_system:
        scopes = list(admin_scopes)
        if not any(s.covers(court_path) for s in scopes):
            return GrantRefusal("courts.grant_out_of_scope", "只能为本院（或本院下级法院）的人员授予角色。")
        if rule.granter == Granter.HIGHER_COURT and not any(s.above(court_path) for s in scopes):
            return GrantRefusal(
                "courts.grant_needs_higher_court",
                f"“{role.label}”角色须由上级法院的系统管理员授予。",
                rule.citation,
            )
    if rule.appointment:
        ref = (appointment_ref or "").strip()
        if not ref or len(ref) > APPOINTMENT_REF_MAX:
            return GrantRefusal(
                "courts.grant_needs_appointment",
                f"授予“{role.label}”角色须填写任免文件文号（{APPOINTMENT_REF_MAX}字以内）。",
                rule.citation,
            )
    if role == Role.SYSTEM_ADMIN and held - {Role.SYSTEM_ADMIN}:
        return GrantRefusal(
            "courts.grant_separation", "系统管理员不得同时担任其他角色：此人已有其他角色，不能再授予系统管理员。"
        )
    if role != Role.SYSTEM_ADMIN and Role.SYSTEM_ADMIN in held:
        return GrantRefusal(
            "courts.grant_separation", "系统管理员不得同时担任其他角色（系统管理员不查阅案件），请另设账户。"
        )
    return None
