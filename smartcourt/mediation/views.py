"""Mediation pages: the disputes a person may see, a dispute's room (messages, offers, the agreement and its
signatures, the deadline, judicial confirmation), the agreement and ruling PDFs, the funnel dashboard with its
exports, bodies and mediators, shared courts with their map; a filer's agreement to pre-filing mediation. Thin: a
selector, a service, a template."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartcourt.core.access import public
from smartcourt.core.errors import ApplicationError
from smartcourt.core.params import int_param
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows
from smartcourt.courts.selectors import user_is_person
from smartcourt.legaltime.rules.deadlines import date_parse as _date_parse

from . import selectors, services
from .models import Area, DisputeParty, DisputeState, Offer
from .video import mediation_video_room

if TYPE_CHECKING:
    from smartcourt.courts.models import User


def date_parse(text: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when empty or malformed (a filter left blank is no filter)."""
    try:
        return _date_parse(text) if (text or "").strip() else None
    except ApplicationError:
        return None


def _person(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


STATE_TABS = [
    ("mediating", "调解中"),
    ("settled", "调解成功"),
    ("expired", "期限届满"),
    ("filed", "已转立案"),
    ("failed", "调解不成"),
    ("", "全部"),
]


@login_required
@require_GET
def dispute_list(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    state = request.GET.get("state", "mediating")
    if state not in {s for s, _label in STATE_TABS}:
        state = "mediating"
    rows = list(selectors.disputes_list(user=user, state=state)[:200])
    today = timezone.localdate()
    for d in rows:
        d.shown_state = selectors.display_state(d, today)  # type: ignore[attr-defined]
    confirmations = list(selectors.confirmations_for_judge(user=user).filter(state="pending")[:50])
    return render(
        request,
        "mediation/list.html",
        {"rows": rows, "tabs": STATE_TABS, "state": state, "confirmations": confirmations, "today": today},
    )


def _room_context(request: HttpRequest, user: User, pk: int) -> dict[str, Any]:
    dispute = selectors.dispute_get(user=user, pk=pk)
    room = selectors.dispute_room(dispute=dispute)
    can_change = allows(user=user, resource=Resource.MEDIATION, action=Action.CHANGE, obj=dispute)
    me = next((p for p in room["parties"] if p.user_id == user.pk), None)
    confirmation = room["confirmation"]
    return {
        "d": dispute,
        **room,
        "shown_state": selectors.display_state(dispute),
        "can_change": can_change,
        "open": can_change and dispute.state == DisputeState.MEDIATING and not dispute.overdue,
        "me": me,
        "can_decide": confirmation is not None
        and confirmation.state == "pending"
        and services.confirmation_allowed(user=user, confirmation=confirmation),
        "today": timezone.localdate(),
        "awaiting": [p for p in room["parties"] if p.awaiting],
        "days_left": (dispute.due_on - timezone.localdate()).days,
    }


@login_required
@require_GET
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    return render(request, "mediation/room.html", _room_context(request, user, pk))


def _back(pk: int) -> HttpResponse:
    return redirect("mediation:detail", pk=pk)


@login_required
@require_POST
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    flash_action(
        request,
        lambda: services.message_post(dispute=dispute, actor=user, body=request.POST.get("body", "")),
        "已发送。",
    )
    return _back(pk)


def _offer_args(request: HttpRequest) -> dict[str, Any]:
    due = date_parse(request.POST.get("first_due_on", ""))
    if due is None:
        raise services.MediationInputError("请填写首期履行日。", field="first_due_on")
    return {
        "amount": request.POST.get("amount", ""),
        "instalments": int_param(request.POST.get("instalments"), default=1, min_value=1, max_value=60) or 1,
        "first_due_on": due,
        "note": request.POST.get("note", ""),
    }


@login_required
@require_POST
def offer_make(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    reply_id = int_param(request.POST.get("replies_to"))
    party_id = int_param(request.POST.get("party"))

    def act() -> None:
        replies = Offer.objects.filter(dispute=dispute, pk=reply_id).first() if reply_id else None
        party = dispute.parties.filter(pk=party_id).first() if party_id else None
        services.offer_make(dispute=dispute, actor=user, replies_to=replies, party=party, **_offer_args(request))

    flash_action(request, act, "调解方案已提出，等待对方回应。")
    return _back(pk)


@login_required
@require_POST
def offer_accept(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    offer = Offer.objects.filter(dispute=dispute, pk=offer_id).first()
    if offer is None:
        messages.error(request, "该方案不存在。")
        return _back(pk)
    flash_action(
        request, lambda: services.offer_accept(offer=offer, actor=user), "已接受方案，调解协议已生成，请各方签署。"
    )
    return _back(pk)


@login_required
@require_POST
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    agreement = getattr(dispute, "agreement", None)
    if agreement is None:
        messages.error(request, "尚未生成调解协议。")
        return _back(pk)
    flash_action(
        request,
        lambda: services.agreement_sign(agreement=agreement, actor=user, name=request.POST.get("name", "")),
        "已签署调解协议。",
    )
    return _back(pk)


@login_required
@require_POST
def dispute_extend(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    days = int_param(request.POST.get("days"), default=0, max_value=365) or 0
    flash_action(
        request,
        lambda: services.dispute_extend(
            dispute=dispute, actor=user, days=days, all_parties_agree=request.POST.get("agree") == "on"
        ),
        "调解期限已延长。",
    )
    return _back(pk)


@login_required
@require_POST
def dispute_fail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    flash_action(
        request,
        lambda: services.dispute_fail(dispute=dispute, actor=user, reason=request.POST.get("reason", "")),
        "已记录调解不成；诉前调解的纠纷已转立案，材料随案移转。",
    )
    return _back(pk)


@login_required
@require_POST
def confirmation_apply(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    agreement = getattr(dispute, "agreement", None)
    if agreement is None:
        messages.error(request, "尚未生成调解协议，不能申请司法确认。")
        return _back(pk)
    flash_action(request, lambda: services.confirmation_apply(agreement=agreement, actor=user), "已申请司法确认。")
    return _back(pk)


@login_required
@require_POST
def confirmation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    confirmation = getattr(getattr(dispute, "agreement", None), "confirmation", None)
    if confirmation is None:
        messages.error(request, "该纠纷没有司法确认申请。")
        return _back(pk)
    confirm = request.POST.get("decision") == "confirm"
    flash_action(
        request,
        lambda: services.confirmation_decide(
            confirmation=confirmation, actor=user, confirm=confirm, reason=request.POST.get("reason", "")
        ),
        "已作出裁定，裁定书已交送达。",
    )
    return _back(pk)


@login_required
@require_POST
def video(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    try:
        return redirect(mediation_video_room(dispute=dispute, actor=user))
    except ApplicationError as exc:
        messages.info(request, str(exc.message))
        return _back(pk)


@login_required
@require_GET
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    agreement = getattr(dispute, "agreement", None)
    if agreement is None or not agreement.pdf_storage_name:
        raise PermissionDenied
    response = HttpResponse(services.agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="agreement.pdf"'
    return response


@login_required
@require_GET
def ruling_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    confirmation = getattr(getattr(dispute, "agreement", None), "confirmation", None)
    if confirmation is None or confirmation.state == "pending" or confirmation.ruling_id is None:
        raise PermissionDenied
    response = HttpResponse(services.ruling_pdf(confirmation), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="ruling.pdf"'
    return response


# --- the funnel ------------------------------------------------------------------------------------------------------


def _funnel_args(request: HttpRequest, user: User) -> dict[str, Any]:
    parent_id = int_param(request.GET.get("area"))
    parent = selectors.funnel_areas(user=user).filter(pk=parent_id).first() if parent_id else None
    return {
        "parent": parent,
        "first": date_parse(request.GET.get("from", "")),
        "last": date_parse(request.GET.get("to", "")),
        "cause": (request.GET.get("cause") or "")[:100],
    }


def _trail(parent: Area | None) -> list[Area]:
    trail: list[Area] = []
    node = parent
    while node is not None and len(trail) < 5:
        trail.insert(0, node)
        node = node.parent
    return trail


@login_required
@require_GET
def funnel(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    if not selectors.funnel_allowed(user=user):
        raise PermissionDenied
    args = _funnel_args(request, user)
    data = selectors.funnel(user=user, **args)
    chart = {
        "stages": ["进入调解", "调解成功", "司法确认", "转立案"],
        "total": [data["total"][f] for f in ("entered", "settled", "confirmed", "filed")],
        "areas": [r.label for r in data["rows"]],
        "area_entered": [r.entered for r in data["rows"]],
        "area_settled": [r.settled for r in data["rows"]],
        "area_filed": [r.filed for r in data["rows"]],
        "area_rate": [r.per_10k for r in data["rows"]],
        "months": [s["month"] for s in data["series"]],
        "month_entered": [s["entered"] for s in data["series"]],
        "month_settled": [s["settled"] for s in data["series"]],
        "month_filed": [s["filed"] for s in data["series"]],
    }
    query = request.GET.copy()
    return render(
        request,
        "mediation/funnel.html",
        {**data, **args, "chart": chart, "trail": _trail(args["parent"]), "query": query.urlencode()},
    )


HEADER = ["区域/案由", "进入调解", "调解成功", "司法确认", "转立案", "调解成功率(%)", "常住人口", "万人成讼率"]


def _rows(data: dict[str, Any]) -> list[list[Any]]:
    out: list[list[Any]] = [
        [r.label, r.entered, r.settled, r.confirmed, r.filed, r.settle_rate, r.residents, r.per_10k]
        for r in data["rows"]
    ]
    out += [
        [f"案由：{r.label}", r.entered, r.settled, r.confirmed, r.filed, r.settle_rate, "", ""] for r in data["causes"]
    ]
    return out


@login_required
@require_GET
def funnel_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = _person(request)
    if not selectors.funnel_allowed(user=user) or fmt not in ("csv", "xlsx"):
        raise PermissionDenied
    data = selectors.funnel(user=user, **_funnel_args(request, user))
    rows = _rows(data)
    audit_record(actor=user, action=AuditAction.MEDIATION_FUNNEL_EXPORT, extra={"format": fmt}, request=request)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(HEADER)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook  # type: ignore[import-untyped]

        book = Workbook()
        sheet = book.active
        sheet.title = "调解漏斗"
        sheet.append(HEADER)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="mediation-funnel-{stamp}.{fmt}"'
    return response


# --- bodies, shared courts -------------------------------------------------------------------------------------------


@login_required
@require_GET
def bodies(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    rows = list(selectors.bodies_visible(user=user)[:300])
    by_body: dict[int, list[Any]] = {}
    for m in selectors.mediators_of(body_ids=[b.pk for b in rows]):
        by_body.setdefault(m.body_id, []).append(m)
    for b in rows:
        b.mediator_rows = by_body.get(b.pk, [])  # type: ignore[attr-defined]
    return render(request, "mediation/bodies.html", {"rows": rows})


@login_required
@require_GET
def sites(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    rows = selectors.shared_courts(user=user)
    points = [r for r in rows if r["site"].lat is not None and r["site"].lng is not None]
    chart = {
        "points": [
            {"name": r["site"].site.name, "value": [r["site"].lng, r["site"].lat, r["activity"]]} for r in points
        ]
    }
    return render(request, "mediation/sites.html", {"rows": rows, "chart": chart})


# --- the other side without an account: the invitation link ---------------------------------------------------------


@public(
    "an invitation link whose token is the credential: it shows the invited party only the dispute's number, cause "
    "and court; taking part needs sign-in and real-name verification (the accounts flow), checked by the service"
)
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    party = services.invitation_party(token=token)
    if request.method == "POST" and party is not None:
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        try:
            dispute = services.invitation_claim(token=token, user=request.user)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, "已认领，您现在可以在线参加调解：查看留言、提出或接受调解方案、签署调解协议。")
            return redirect("mediation:detail", pk=dispute.pk)
    return render(
        request,
        "mediation/join.html",
        {"party": party, "d": party.dispute if party else None, "next": request.path},
        status=200 if party is not None else 404,
    )


@login_required
@require_POST
def party_invite(request: HttpRequest, pk: int, party_id: int) -> HttpResponse:
    user = _person(request)
    dispute = selectors.dispute_get(user=user, pk=pk)
    party = DisputeParty.objects.filter(dispute=dispute, pk=party_id).first()
    if party is None:
        messages.error(request, "该当事人不存在。")
        return _back(pk)
    flash_action(
        request, lambda: services.party_invite(dispute=dispute, party=party, actor=user), "已重新发送调解邀请。"
    )
    return _back(pk)


# --- the filer's agreement to pre-filing mediation ----------------------------------------------------------------


@login_required
@require_POST
def filing_consent(request: HttpRequest, filing_id: int) -> HttpResponse:
    """The filer agrees (or not) to pre-filing mediation (诉前调解) of their submitted complaint: recorded as their
    online consent for the mediation step; the filing officer then registers it on the mediation track (诉前调)."""
    from smartcourt.filing.selectors.filing import filing_get_for_user
    from smartcourt.filing.services.filing import filing_consent_record

    user = _person(request)
    filing = filing_get_for_user(filing_id=filing_id, user=user, action=Action.CHANGE)
    agreed = request.POST.get("agree") == "yes"
    flash_action(
        request,
        lambda: filing_consent_record(filing=filing, user=user, step="mediation", agreed=agreed),
        "已记录：同意先行诉前调解，法院将分派调解组织。" if agreed else "已记录：不同意诉前调解。",
    )
    return redirect(f"/portal/filings/{filing.pk}/")
