"""The mediation register's pages (调解组织管理): one overview and one form per thing — areas with their residents,
bodies, mediators, shared courts — for the court staff the permission table lets manage them (MEDIATION_BODY /
CHANGE). Thin: a form, a service (services_manage), a redirect; a refusal comes back on the form in Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from smartcourt.core.errors import ApplicationError
from smartcourt.core.params import int_param
from smartcourt.courts.selectors import court_list_by_ids, user_is_person

from . import forms as F
from . import services_manage as S
from .models import Area, MediationBody, Mediator, SharedCourt

if TYPE_CHECKING:
    from smartcourt.courts.models import User


def _court(request: HttpRequest) -> Any:
    """The court whose register the user manages (the `court` parameter when they manage several)."""
    if not user_is_person(request.user):
        raise PermissionDenied
    ids = S.manage_courts(user=request.user)
    if not ids:
        raise PermissionDenied
    wanted = int_param(request.GET.get("court"))
    court_id = wanted if wanted in ids else min(ids)
    return court_list_by_ids(court_ids=[court_id]).first()


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    court = _court(request)
    areas = list(Area.objects.filter(court=court).select_related("parent").order_by("code"))
    bodies = list(
        MediationBody.objects.filter(court=court).select_related("area", "guiding_judge")
        .annotate(n=Count("mediators")).order_by("name")
    )  # fmt: skip
    mediators = list(
        Mediator.objects.filter(body__court=court).select_related("body", "user", "guiding_judge")
        .prefetch_related("areas").order_by("body__name", "name")
    )  # fmt: skip
    sites = list(SharedCourt.objects.filter(site__court=court).select_related("site", "area").order_by("area__code"))
    return render(
        request,
        "mediation/manage.html",
        {"court": court, "areas": areas, "bodies": bodies, "mediators": mediators, "sites": sites},
    )


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # a signed-in person (_court checked it)


def _apply(form: Any, exc: ApplicationError) -> None:
    field = (exc.extra or {}).get("field", "") if hasattr(exc, "extra") else ""
    form.add_error(field if field in form.fields else None, str(exc.message))


def _form_page(request: HttpRequest, form: Any, title: str, back: str = "mediation:manage") -> HttpResponse:
    return render(request, "mediation/manage_form.html", {"form": form, "title": title, "back": back})


@login_required
def area_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    court = _court(request)
    area = Area.objects.filter(court=court, pk=pk).first() if pk else None
    if pk and area is None:
        raise PermissionDenied
    initial = (
        {"level": area.level, "parent": area.parent_id or "", "code": area.code, "name": area.name,
         "residents": area.residents, "lat": area.lat or "", "lng": area.lng or ""}
        if area else {}
    )  # fmt: skip
    form = F.AreaForm(request.POST or None, initial=initial, court_id=court.pk)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = S.AreaData(
            level=c["level"], code=c["code"], name=c["name"], residents=c["residents"],
            parent_id=form.int_or_none("parent"), lat=c["lat"], lng=c["lng"],
        )  # fmt: skip
        try:
            saved = S.area_save(actor=_actor(request), court=court, data=data, area=area)
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已保存区域“{saved.name}”（常住人口{saved.residents}人）。")
            return redirect("mediation:manage")
    return _form_page(request, form, f"编辑区域：{area.name}" if area else "新增区域")


@login_required
def body_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    court = _court(request)
    body = MediationBody.objects.filter(court=court, pk=pk).first() if pk else None
    if pk and body is None:
        raise PermissionDenied
    initial = (
        {"name": body.name, "kind": body.kind, "speciality": body.speciality, "area": body.area_id,
         "guiding_judge": body.guiding_judge_id or "", "max_amount": body.max_amount or "", "active": body.active}
        if body else {"active": True}
    )  # fmt: skip
    form = F.BodyForm(request.POST or None, initial=initial, court_id=court.pk)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = S.BodyData(
            name=c["name"], kind=c["kind"], speciality=c["speciality"], area_id=form.int_or_none("area"),
            guiding_judge_id=form.int_or_none("guiding_judge"), max_amount=c["max_amount"], active=c["active"],
        )  # fmt: skip
        try:
            saved = S.body_save(actor=_actor(request), court=court, data=data, body=body)
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已保存调解组织“{saved.name}”。")
            return redirect("mediation:manage")
    return _form_page(request, form, f"编辑调解组织：{body.name}" if body else "新增调解组织")


@login_required
def mediator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    court = _court(request)
    mediator = Mediator.objects.filter(body__court=court, pk=pk).select_related("body").first() if pk else None
    if pk and mediator is None:
        raise PermissionDenied
    initial = (
        {"body": mediator.body_id, "name": mediator.name, "kind": mediator.kind, "languages": mediator.languages,
         "fields_": mediator.fields, "areas": [str(a.pk) for a in mediator.areas.all()],
         "guiding_judge": mediator.guiding_judge_id or "", "user": mediator.user_id or "", "active": mediator.active}
        if mediator else {"active": True, "languages": "普通话"}
    )  # fmt: skip
    form = F.MediatorForm(request.POST or None, initial=initial, court_id=court.pk)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = S.MediatorData(
            body_id=form.int_or_none("body"), name=c["name"], kind=c["kind"], languages=c["languages"],
            fields=list(c["fields_"]), area_ids=[int(x) for x in c["areas"]],
            guiding_judge_id=form.int_or_none("guiding_judge"), user_id=form.int_or_none("user"), active=c["active"],
        )  # fmt: skip
        try:
            saved = S.mediator_save(actor=_actor(request), court=court, data=data, mediator=mediator)
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已保存调解员“{saved.name}”。")
            return redirect("mediation:manage")
    return _form_page(request, form, f"编辑调解员：{mediator.name}" if mediator else "新增调解员")


@login_required
def site_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    court = _court(request)
    shared = SharedCourt.objects.filter(site__court=court, pk=pk).select_related("site").first() if pk else None
    if pk and shared is None:
        raise PermissionDenied
    initial = (
        {"area": shared.area_id, "keeper": shared.keeper, "keeper_phone": shared.keeper_phone, "device": shared.device,
         "capabilities": shared.capabilities, "lat": shared.lat or "", "lng": shared.lng or ""}
        if shared else {"device": "一体机"}
    )  # fmt: skip
    form = F.SiteForm(request.POST or None, initial=initial, court_id=court.pk, editing=shared is not None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = S.SiteData(
            area_id=form.int_or_none("area"), keeper=c["keeper"], keeper_phone=c["keeper_phone"], device=c["device"],
            capabilities=list(c["capabilities"]), lat=c["lat"], lng=c["lng"],
            site_id=form.int_or_none("site") if shared is None else None, name=c.get("name", ""),
            host=c.get("host", ""), address=c.get("address", ""),
        )  # fmt: skip
        try:
            saved = S.shared_court_save(actor=_actor(request), court=court, data=data, shared=shared)
        except ApplicationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已保存共享法庭“{saved.site.name}”。")
            return redirect("mediation:manage")
    return _form_page(request, form, f"编辑共享法庭：{shared.site.name}" if shared else "新增共享法庭")
