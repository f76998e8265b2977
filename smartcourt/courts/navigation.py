"""The navigation bar per role: one declaration, filtered by the roles a person holds.

Entries whose page is not installed yet (a later app) are skipped, so the menu never links to a 404.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from .grants import user_grants
from .permissions import Action, Resource, roles_with
from .roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from .models import User

ALL = frozenset(Role)
STAFF = STAFF_ROLES
TRIAL = frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK, Role.DIVISION_HEAD, Role.PRESIDENT})
LEADERS = frozenset({Role.DIVISION_HEAD, Role.PRESIDENT, Role.TRIAL_MANAGEMENT})


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    roles: frozenset[Role]
    icon: str = ""


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("工作台"), "workbench", ALL, "▣"),
    # the system administrator reads no case (ADR 0017): no case list in their menu
    NavItem(
        _("案件"), "cases:list", (STAFF - {Role.SYSTEM_ADMIN, Role.ASSISTANCE_WORKER}) | {Role.LAWYER, Role.PARTY}, "⚖"
    ),
    NavItem(_("立案审查"), "filing:review_queue", frozenset({Role.FILING_OFFICER}), "✎"),  # FILING/CHANGE court-wide
    NavItem(_("网上立案"), "filing:wizard", frozenset({Role.LAWYER, Role.PARTY}), "✚"),
    NavItem(
        _("实名认证审核"), "portal:verification_queue", roles_with(resource=Resource.IDENTITY, action=Action.VIEW), "☑"
    ),
    NavItem(_("我的送达"), "service:inbox", frozenset({Role.LAWYER, Role.PARTY}), "✉"),
    NavItem(_("送达中心"), "service:queue", frozenset({Role.CLERK, Role.JUDGE_ASSISTANT, Role.FILING_OFFICER}), "✉"),
    NavItem(_("扫描归档"), "dossier:scanning", frozenset({Role.CLERK, Role.JUDGE_ASSISTANT}), "⎙"),
    NavItem(_("编目审核"), "dossier:review_queue", frozenset({Role.CLERK, Role.JUDGE_ASSISTANT}), "☰"),
    NavItem(_("庭审排期"), "hearings:calendar", TRIAL, "◷"),
    NavItem(_("我的庭审"), "hearings:mine", frozenset({Role.LAWYER, Role.PARTY}), "◷"),
    NavItem(_("提押申请"), "hearings:escorts", roles_with(resource=Resource.ESCORT, action=Action.CHANGE), "⛓"),
    NavItem(_("远程庭审场所"), "hearings:sites", frozenset({Role.TRIAL_MANAGEMENT}), "⌂"),
    NavItem(
        _("纸质卷宗"),
        "paper_files:list",
        TRIAL | {Role.FILING_OFFICER, Role.TRIAL_MANAGEMENT},
        "▥",
    ),
    NavItem(
        _("裁判文书公开"),
        "portal:publication_tasks",
        roles_with(resource=Resource.PUBLICATION, action=Action.REVIEW),
        "☍",
    ),
    NavItem(
        _("调解"),
        "mediation:list",
        LEADERS | {Role.MEDIATOR, Role.JUDGE, Role.LAWYER, Role.PARTY},
        "☯",
    ),
    NavItem(
        _("执行"),
        "enforcement:list",
        frozenset({Role.ENFORCEMENT_OFFICER, Role.DIVISION_HEAD, Role.PRESIDENT, Role.LAWYER, Role.PARTY}),
        "⚑",
    ),
    NavItem(
        _("异地执行协作"),
        "enforcement:crosscourt_inbox",
        frozenset({Role.ENFORCEMENT_OFFICER, Role.DIVISION_HEAD}),
        "⇄",
    ),
    NavItem(_("协助执行任务"), "enforcement:assistance_mine", frozenset({Role.ASSISTANCE_WORKER}), "⚐"),
    NavItem(_("审判管理"), "management:dashboard", LEADERS, "▤"),
    NavItem(_("法律法规"), "knowledge:statutes", TRIAL | {Role.FILING_OFFICER, Role.LAWYER}, "§"),
    NavItem(_("诉讼费计算"), "filing:fee_calculator", ALL, "¥"),
    NavItem(_("期限计算"), "legaltime:deadline_calculator", ALL, "⌛"),
    NavItem(_("存证核验"), "ledger:verify", ALL, "✔"),
    NavItem(_("谁查看了我的信息"), "accounts:data_access", ALL, "◉"),
    NavItem(_("人员与角色"), "courts:staff", roles_with(resource=Resource.COURT_STAFF, action=Action.VIEW), "☺"),
    NavItem(_("自助立案终端"), "portal:kiosk_devices", roles_with(resource=Resource.KIOSK, action=Action.VIEW), "▢"),
    NavItem(_("节假日安排"), "courts:calendar", frozenset({Role.SYSTEM_ADMIN, Role.TRIAL_MANAGEMENT}), "☷"),
    NavItem(_("短信与邮件发件箱"), "courts:outbox", frozenset({Role.SYSTEM_ADMIN}), "✉"),
    NavItem(_("后台任务"), "jobs:failed", frozenset({Role.SYSTEM_ADMIN}), "⚙"),
    NavItem(_("账本审计"), "ledger:findings", frozenset({Role.SYSTEM_ADMIN, Role.TRIAL_MANAGEMENT}), "⛨"),
    NavItem(_("系统管理"), "admin:index", frozenset({Role.SYSTEM_ADMIN}), "⚒"),
)


def user_roles(user: User) -> set[Role]:
    """The roles of `user`'s grants (Django's superuser flag is none of them: ADR 0013, 0017)."""
    return {Role(grant.role) for grant in user_grants(user=user)}


@functools.lru_cache(maxsize=256)
def _entries_for(roles: frozenset[Role], script_prefix: str) -> tuple[tuple[Any, str, str], ...]:
    """(label, url, icon) of the entries `roles` see: a function of the roles and the URLconf (with the prefix the
    site is served under) only, fixed for the life of the process, so worked out once per combination (ADR 0025)."""
    entries = []
    for item in NAV_ITEMS:
        if not (item.roles & roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append((item.label, url, item.icon))
    return tuple(entries)


def navigation_for(*, user: User, path: str) -> dict[str, Any]:
    roles = user_roles(user)
    items = [
        {"label": label, "url": url, "icon": icon, "active": False}
        for label, url, icon in _entries_for(frozenset(roles), get_script_prefix())
    ]
    # The most specific entry is the active one (/cases/deadlines/ is the calculator, not the case list).
    matches = [i for i in items if (path == i["url"] if i["url"] == "/" else path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items, "nav_roles": sorted(roles, key=list(Role).index)}
