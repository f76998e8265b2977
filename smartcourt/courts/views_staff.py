"""People and roles (人员与角色): an administrator's staff list, a person's grants, granting a role under the granting
rules (courts/rules/grants.py) and issuing a one-time authenticator enrolment code. Every decision is the table's
(COURT_STAFF) and the services'; this module only shows and forwards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from smartcourt.core.errors import ApplicationError, Forbidden, NotAuthenticated, NotFound

from .roles import STAFF_ROLES, Role
from .rules.grants import GRANT_RULES, Granter
from .selectors import user_is_person
from .selectors_staff import (
    grant_courts_for,
    grant_divisions_for,
    grants_of,
    staff_change_allowed,
    staff_get_for_user,
    staff_list,
    staff_page_allowed,
    totp_enrolled,
)
from .services import role_grant, totp_enrolment_code_issue

_GRANTER_LABELS = {
    Granter.COURT: gettext_lazy("本院或上级法院的系统管理员"),
    Granter.HIGHER_COURT: gettext_lazy("上级法院的系统管理员"),
    Granter.NOBODY: gettext_lazy("不在此授予（本人注册）"),
}


def _rules_rows() -> list[dict]:
    return [
        {
            "role": role.label,
            "granter": _GRANTER_LABELS[rule.granter],
            "appointment": rule.appointment,
            "citation": str(rule.citation) if rule.citation else "",
        }
        for role, rule in GRANT_RULES.items()
    ]


@login_required
@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_is_person(user):
        raise NotAuthenticated()
    if not staff_page_allowed(user=user):
        raise Forbidden()
    query = request.GET.get("q", "")
    page = Paginator(staff_list(user=user, query=query), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "courts/staff.html",
        {"page": page, "q": query, "query": urlencode({"q": query}) if query else "", "rules": _rules_rows()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_person(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    if not user_is_person(user):
        raise NotAuthenticated()
    if not staff_page_allowed(user=user):
        raise Forbidden()
    person = staff_get_for_user(person_id=person_id, user=user)
    if person is None:
        raise NotFound()
    can_change = staff_change_allowed(user=user, person=person)
    courts = list(grant_courts_for(user=user)) if can_change else []
    error = ""
    enrolment: dict | None = None
    status = 200
    if request.method == "POST":
        if not can_change:
            raise Forbidden(_("不能为自己办理，或此人不在您管理的法院。"))
        try:
            if request.POST.get("action") == "grant":
                court = next((c for c in courts if str(c.pk) == request.POST.get("court")), None)
                if court is None:
                    raise ApplicationError(_("请选择您有权管理的法院。"), code="courts.grant_court")
                division_id = request.POST.get("division") or ""
                division = next((d for d in grant_divisions_for(user=user) if str(d.pk) == division_id), None)
                role = request.POST.get("role", "")
                if role not in Role.values:
                    raise ApplicationError(_("请选择角色。"), code="courts.grant_role")
                grant = role_grant(
                    user=person,
                    role=Role(role),
                    court=court,
                    division=division,
                    appointment_ref=request.POST.get("appointment_ref", ""),
                    actor=user,
                )
                messages.success(request, _("已授予：%(grant)s") % {"grant": grant})
                return redirect("courts:staff_person", person.pk)
            if request.POST.get("action") == "enrolment_code":
                row, code = totp_enrolment_code_issue(user=person, actor=user)
                enrolment = {"code": code, "expires_at": row.expires_at}
        except ApplicationError as exc:
            error, status = str(exc.message), exc.status
    return render(
        request,
        "courts/staff_person.html",
        {
            "person": person,
            "grants": grants_of(user=person),
            "enrolled": totp_enrolled(user=person),
            "can_change": can_change,
            "courts": courts,
            "divisions": grant_divisions_for(user=user) if can_change else [],
            "roles": [r for r in Role if r in STAFF_ROLES],
            "error": error,
            "enrolment": enrolment,
            "post": request.POST if error else {},
            "rules": _rules_rows(),
        },
        status=status,
    )
