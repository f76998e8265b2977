"""Writes of the mediation register (调解组织管理): areas with their resident figures, mediation bodies, mediators
(their areas, languages, fields, guiding judge) and shared courts (keeper, device, capabilities). Who may: the one
permission table's MEDIATION_BODY / CHANGE at the court (the filing division and trial management manage the
register of the court's 诉调对接). Each write: one transaction, one audit row; refusals in Chinese, nothing half
written. (No dispute is touched, so no dispute event.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from smartcourt.core.errors import Forbidden
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, grant_courts

from .models import (
    CAPABILITIES,
    SHARED_COURT_KIND,
    Area,
    AreaLevel,
    BodyKind,
    MediationBody,
    Mediator,
    MediatorKind,
    SharedCourt,
    Speciality,
)
from .services import MediationInputError

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User

PARENT_LEVEL = {AreaLevel.TOWNSHIP.value: AreaLevel.COUNTY.value, AreaLevel.VILLAGE.value: AreaLevel.TOWNSHIP.value}


def manage_courts(*, user: Actor | Any) -> set[int]:
    """The courts whose mediation register `user` manages (MEDIATION_BODY / CHANGE court-wide)."""
    return grant_courts(user=user, resource=Resource.MEDIATION_BODY, action=Action.CHANGE)


def _require_manage(actor: Actor, court_id: int) -> None:
    if court_id not in manage_courts(user=actor):
        raise Forbidden("只有本院立案庭（诉调对接中心）或审判管理部门可以维护调解组织、调解员、区域和共享法庭。")


def _text(value: object, label: str, max_length: int, *, required: bool = True, field_name: str = "") -> str:
    text = str(value or "").strip()
    if required and not text:
        raise MediationInputError(f"请填写{label}。", field=field_name)
    if len(text) > max_length:
        raise MediationInputError(f"{label}不超过{max_length}字。", field=field_name)
    return text


def _coordinate(value: object, label: str, low: float, high: float, field_name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise MediationInputError(f"{label}须为数字。", field=field_name) from None
    if not low <= number <= high:
        raise MediationInputError(f"{label}须在{low}至{high}之间。", field=field_name)
    return number


# --- areas -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaData:
    level: str
    code: str
    name: str
    residents: int
    parent_id: int | None = None
    lat: float | str | None = None
    lng: float | str | None = None


@transaction.atomic
def area_save(*, actor: Actor, court: Court, data: AreaData, area: Area | None = None) -> Area:
    """Create or edit an area (县/乡/村) of the court with its resident figure (常住人口, the denominator of 万人成讼率)."""
    _require_manage(actor, court.pk)
    if area is not None and area.court_id != court.pk:
        raise Forbidden("该区域不属于本院。")
    if data.level not in AreaLevel.values:
        raise MediationInputError("请选择层级。", field="level")
    code = _text(data.code, "区划代码", 16, field_name="code")
    if not code.isdigit():
        raise MediationInputError("区划代码须为数字。", field="code")
    name = _text(data.name, "名称", 64, field_name="name")
    if data.residents is None or int(data.residents) < 0:
        raise MediationInputError("常住人口须为非负整数。", field="residents")
    parent = None
    if data.parent_id:
        parent = Area.objects.filter(pk=data.parent_id, court=court).first()
        if parent is None:
            raise MediationInputError("上级区域不属于本院。", field="parent")
    wanted = PARENT_LEVEL.get(data.level)
    if wanted and (parent is None or parent.level != wanted):
        raise MediationInputError(f"{AreaLevel(data.level).label}的上级须为{AreaLevel(wanted).label}。", field="parent")
    if data.level == AreaLevel.COUNTY and parent is not None:
        raise MediationInputError("县（区）没有上级区域。", field="parent")
    if parent is not None and not code.startswith(parent.code):
        raise MediationInputError(f"区划代码须以上级区域的代码{parent.code}开头。", field="code")
    clash = Area.objects.filter(code=code).exclude(pk=area.pk if area else 0)
    if clash.exists():
        raise MediationInputError(f"区划代码{code}已被使用。", field="code")
    if area is not None and area.level != data.level and area.children.exists():
        raise MediationInputError("该区域下已有下级区域，不能改变层级。", field="level")
    lat = _coordinate(data.lat, "纬度", -90, 90, "lat")
    lng = _coordinate(data.lng, "经度", -180, 180, "lng")
    area = area or Area(court=court)
    area.level, area.code, area.name, area.residents = data.level, code, name, int(data.residents)
    area.parent, area.lat, area.lng = parent, lat, lng
    area.save()
    audit_record(actor=actor, action=AuditAction.MEDIATION_AREA_SAVE, target=area, extra={"residents": area.residents})
    return area


# --- bodies ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyData:
    name: str
    kind: str
    speciality: str
    area_id: int | None
    guiding_judge_id: int | None = None
    max_amount: Decimal | str | None = None
    active: bool = True


def _judge(court: Court, user_id: int | None) -> User | None:
    from smartcourt.courts.roles import Role
    from smartcourt.courts.selectors import users_with_role

    if not user_id:
        return None
    judge = users_with_role(role=Role.JUDGE, court=court).filter(pk=user_id).first()
    if judge is None:
        raise MediationInputError("指导法官须为本院法官。", field="guiding_judge")
    return judge


@transaction.atomic
def body_save(*, actor: Actor, court: Court, data: BodyData, body: MediationBody | None = None) -> MediationBody:
    """Create or edit a mediation body (人民调解委员会、行业性专业性调解组织、商事调解组织、诉调对接中心) and its guiding
    judge (法官挂点指导)."""
    _require_manage(actor, court.pk)
    if body is not None and body.court_id != court.pk:
        raise Forbidden("该调解组织不属于本院。")
    name = _text(data.name, "名称", 100, field_name="name")
    if data.kind not in BodyKind.values:
        raise MediationInputError("请选择组织类别。", field="kind")
    if data.speciality not in Speciality.values:
        raise MediationInputError("请选择专业领域。", field="speciality")
    area = Area.objects.filter(pk=data.area_id or 0, court=court).first()
    if area is None:
        raise MediationInputError("请选择本院辖区内的所在区域。", field="area")
    if MediationBody.objects.filter(court=court, name=name).exclude(pk=body.pk if body else 0).exists():
        raise MediationInputError("本院已有同名调解组织。", field="name")
    ceiling = None
    if data.max_amount not in (None, ""):
        try:
            ceiling = Decimal(str(data.max_amount).replace(",", "").strip()).quantize(Decimal("0.01"))
        except ArithmeticError:
            raise MediationInputError("受理金额上限须为金额（元）。", field="max_amount") from None
        if ceiling <= 0:
            raise MediationInputError("受理金额上限须大于零；不设上限请留空。", field="max_amount")
    if body is not None and not data.active and body.disputes.filter(state="mediating").exists():
        raise MediationInputError("该组织仍有调解中的纠纷，不能停用；请先办结或改派。", field="active")
    body = body or MediationBody(court=court)
    body.name, body.kind, body.speciality, body.area = name, data.kind, data.speciality, area
    body.guiding_judge, body.max_amount, body.active = _judge(court, data.guiding_judge_id), ceiling, data.active
    body.save()
    audit_record(actor=actor, action=AuditAction.MEDIATION_BODY_SAVE, target=body)
    return body


# --- mediators -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediatorData:
    body_id: int | None
    name: str
    kind: str
    languages: str
    fields: list[str] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)
    guiding_judge_id: int | None = None
    user_id: int | None = None
    active: bool = True


@transaction.atomic
def mediator_save(*, actor: Actor, court: Court, data: MediatorData, mediator: Mediator | None = None) -> Mediator:
    """Create or edit a mediator: their body, kind, languages, fields (擅长领域), areas and guiding judge; the account
    they sign in with must hold the MEDIATOR role at the court (the one permission table)."""
    from smartcourt.courts.roles import Role
    from smartcourt.courts.selectors import users_with_role

    _require_manage(actor, court.pk)
    if mediator is not None and mediator.body.court_id != court.pk:
        raise Forbidden("该调解员不属于本院的调解组织。")
    body = MediationBody.objects.filter(pk=data.body_id or 0, court=court).first()
    if body is None:
        raise MediationInputError("请选择本院的调解组织。", field="body")
    name = _text(data.name, "姓名", 64, field_name="name")
    if data.kind not in MediatorKind.values:
        raise MediationInputError("请选择调解员类别。", field="kind")
    languages = _text(data.languages, "语言", 100, field_name="languages")
    unknown = [f for f in data.fields if f not in Speciality.values]
    if unknown:
        raise MediationInputError("擅长领域有误。", field="fields")
    areas = list(Area.objects.filter(pk__in=data.area_ids, court=court))
    if len(areas) != len(set(data.area_ids)):
        raise MediationInputError("负责区域须为本院辖区内的区域。", field="areas")
    user = None
    if data.user_id:
        user = users_with_role(role=Role.MEDIATOR, court=court).filter(pk=data.user_id).first()
        if user is None:
            raise MediationInputError("登录账户须为本院的调解员账户（调解员角色）。", field="user")
        taken = Mediator.objects.filter(user=user).exclude(pk=mediator.pk if mediator else 0).first()
        if taken is not None:
            raise MediationInputError(f"该账户已是“{taken.body.name}”的调解员{taken.name}。", field="user")
    if mediator is not None and not data.active and mediator.disputes.filter(state="mediating").exists():
        raise MediationInputError("该调解员仍有调解中的纠纷，不能设为离岗；请先办结或改派。", field="active")
    mediator = mediator or Mediator()
    mediator.body, mediator.name, mediator.kind, mediator.languages = body, name, data.kind, languages
    mediator.fields = sorted(set(data.fields))
    mediator.guiding_judge, mediator.user, mediator.active = _judge(court, data.guiding_judge_id), user, data.active
    mediator.save()
    mediator.areas.set(areas)
    audit_record(actor=actor, action=AuditAction.MEDIATION_MEDIATOR_SAVE, target=mediator)
    return mediator


# --- shared courts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteData:
    area_id: int | None
    keeper: str
    keeper_phone: str
    device: str
    capabilities: list[str] = field(default_factory=list)
    lat: float | str | None = None
    lng: float | str | None = None
    # a new shared court: an existing 共享法庭 site of the hearings app, or a new one set up with these
    site_id: int | None = None
    name: str = ""
    host: str = ""
    address: str = ""


@transaction.atomic
def shared_court_save(*, actor: Actor, court: Court, data: SiteData, shared: SharedCourt | None = None) -> SharedCourt:
    """Create or edit a shared court (共享法庭): the hearings app's remote site (kind 共享法庭; a new one is set up through
    `hearings.services.remote_site_create`, which asks its own permission) and its area, keeper (网格员或村干部),
    device and capabilities (立案指导、参加调解、参加庭审、接受送达、法律咨询)."""
    from smartcourt.hearings.selectors import remote_sites_for_court
    from smartcourt.hearings.services import remote_site_create

    _require_manage(actor, court.pk)
    if shared is not None and shared.site.court_id != court.pk:
        raise Forbidden("该共享法庭不属于本院。")
    area = Area.objects.filter(pk=data.area_id or 0, court=court).first()
    if area is None:
        raise MediationInputError("请选择共享法庭服务的区域。", field="area")
    keeper = _text(data.keeper, "管理员", 64, field_name="keeper")
    phone = _text(data.keeper_phone, "管理员电话", 20, required=False, field_name="keeper_phone")
    if phone and not phone.replace("-", "").isdigit():
        raise MediationInputError("管理员电话须为数字。", field="keeper_phone")
    device = _text(data.device, "设备", 100, field_name="device")
    wrong = [c for c in data.capabilities if c not in CAPABILITIES]
    if wrong or not data.capabilities:
        raise MediationInputError("请选择共享法庭的功能（至少一项）。", field="capabilities")
    lat = _coordinate(data.lat, "纬度", -90, 90, "lat")
    lng = _coordinate(data.lng, "经度", -180, 180, "lng")
    if shared is None:
        if data.site_id:
            site = (
                remote_sites_for_court(court_id=court.pk)
                .filter(pk=data.site_id, kind=SHARED_COURT_KIND, shared_court__isnull=True)
                .first()
            )
            if site is None:
                raise MediationInputError("所选场所不是本院尚未登记的共享法庭。", field="site")
        else:
            site = remote_site_create(
                court_id=court.pk, kind=SHARED_COURT_KIND, name=_text(data.name, "场所名称", 100, field_name="name"),
                host=_text(data.host, "设立单位", 100, field_name="host"), address=data.address, actor=actor,
            )  # fmt: skip
        shared = SharedCourt(site=site)
    shared.area, shared.keeper, shared.keeper_phone, shared.device = area, keeper, phone, device
    shared.capabilities = [c for c in CAPABILITIES if c in data.capabilities]
    shared.lat = lat if lat is not None else area.lat
    shared.lng = lng if lng is not None else area.lng
    shared.save()
    audit_record(actor=actor, action=AuditAction.MEDIATION_SITE_SAVE, target=shared)
    return shared
