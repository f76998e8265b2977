"""Routing (分调裁审的分流): which mediation body and which mediator take a dispute, explained like case assignment.

In this order: the parties' choice of a body (人民法院在线调解规则 Art. 10: 当事人可以选择调解组织或者调解员) when it
is active, competent for the dispute's field and its amount; otherwise the body of the dispute's speciality nearest
its place (the village, then the township, then the county, then the court's own centre); bodies whose amount
ceiling is below the claim are passed over. Within the body: an active mediator speaking the parties' language, the
mediators responsible for the dispute's place (their areas), then those skilled in its field, then the
fewest disputes in hand, the best rating, then the oldest record. A rule never queries: the caller passes the
candidates as plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from smartcourt.core.citations import Citation

CHOICE = Citation("人民法院在线调解规则", "第十条")
DESIGNATION = Citation("人民法院在线调解规则", "第十条第三款")
PEOPLES_MEDIATION = Citation("人民调解法", "第十七条")

# cause-name markers → speciality (the first match wins; none: general)
SPECIALITY_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("labour", ("劳动", "劳务", "工资", "工伤", "社会保险")),
    ("family", ("离婚", "婚姻", "抚养", "赡养", "扶养", "继承", "同居", "家庭")),
    ("traffic", ("交通事故",)),
    ("finance", ("借款", "信用卡", "金融", "保险", "融资租赁", "储蓄")),
    ("ip", ("著作权", "商标", "专利", "知识产权", "不正当竞争")),
)


def speciality_for(cause_name: str) -> str:
    for speciality, markers in SPECIALITY_MARKERS:
        if any(m in cause_name for m in markers):
            return speciality
    return "general"


@dataclass(frozen=True)
class BodyInfo:
    id: int
    name: str
    kind: str
    speciality: str
    area_id: int
    max_amount: Decimal | None
    active: bool = True


@dataclass(frozen=True)
class MediatorInfo:
    id: int
    body_id: int
    name: str
    languages: str
    caseload: int
    rating: Decimal
    active: bool = True
    fields: tuple[str, ...] = ()  # 擅长领域 (Speciality values)
    area_ids: tuple[int, ...] = ()  # 负责区域 (none: the body's whole area)


@dataclass(frozen=True)
class RoutingInput:
    cause_name: str
    amount: Decimal | None
    area_chain: tuple[int, ...]  # the dispute's area, then its parents up to the county
    chosen_body_id: int | None = None
    language: str = ""


@dataclass
class RoutingResult:
    body_id: int | None
    mediator_id: int | None
    reasons: list[str] = field(default_factory=list)


def _fits(body: BodyInfo, speciality: str, amount: Decimal | None) -> str:
    """Why `body` cannot take the dispute ('' when it can)."""
    if not body.active:
        return f"{body.name}已停用"
    if body.speciality not in ("general", speciality):
        return f"{body.name}专门调解其他领域的纠纷"
    if amount is not None and body.max_amount is not None and amount > body.max_amount:
        return f"标的额{amount}元超过{body.name}的受理上限{body.max_amount}元"
    return ""


def route(data: RoutingInput, bodies: list[BodyInfo], mediators: list[MediatorInfo]) -> RoutingResult:
    speciality = speciality_for(data.cause_name)
    reasons: list[str] = []
    body: BodyInfo | None = None
    if data.chosen_body_id is not None:
        chosen = next((b for b in bodies if b.id == data.chosen_body_id), None)
        why = "所选调解组织不存在" if chosen is None else _fits(chosen, speciality, data.amount)
        if chosen is not None and not why:
            body = chosen
            reasons.append(f"当事人选择{chosen.name}（{CHOICE}）")
        else:
            reasons.append(f"当事人所选调解组织不能受理：{why}，由法院指定（{DESIGNATION}）")
    # a specialised dispute goes to the nearest body of its field first, then to the nearest general body
    passes = [speciality, "general"] if speciality != "general" else ["general"]
    for wanted in passes if body is None else []:
        for level, area_id in enumerate(data.area_chain):
            here = [
                b for b in bodies
                if b.area_id == area_id and b.speciality == wanted and b.kind != "court"
                and not _fits(b, speciality, data.amount)
            ]  # fmt: skip
            if here:
                body = min(here, key=lambda b: b.id)
                place = ("纠纷发生地", "所在乡镇（街道）", "所在县（区）")[min(level, 2)]
                field_note = "专业对口" if wanted != "general" else "综合调解"
                reasons.append(f"按纠纷类型与发生地分派：{place}的{body.name}（{field_note}，{PEOPLES_MEDIATION}）")
                break
        if body is not None:
            break
    if body is None:
        court_bodies = [b for b in bodies if b.kind == "court" and not _fits(b, speciality, data.amount)]
        if court_bodies:
            body = court_bodies[0]
            reasons.append(f"当地无可受理的调解组织，由{body.name}调解（{DESIGNATION}）")
    if body is None:
        reasons.append("没有可以受理该纠纷的调解组织，请人工指定。")
        return RoutingResult(None, None, reasons)
    pool = [m for m in mediators if m.body_id == body.id and m.active]
    if data.language:
        speaking = [m for m in pool if data.language in m.languages]
        if speaking:
            pool = speaking
            reasons.append(f"调解员通晓{data.language}")
    if not pool:
        reasons.append(f"{body.name}暂无在岗调解员，请组织指定。")
        return RoutingResult(body.id, None, reasons)
    local = [m for m in pool if set(m.area_ids) & set(data.area_chain)]
    if local:
        pool = local
        reasons.append("调解员负责纠纷发生地所在区域")
    if speciality != "general":
        skilled = [m for m in pool if speciality in m.fields]
        if skilled:
            pool = skilled
            reasons.append("调解员擅长该类纠纷")
    pool.sort(key=lambda m: (m.caseload, -m.rating, m.id))
    chosen_mediator = pool[0]
    reasons.append(
        f"调解员{chosen_mediator.name}：在办{chosen_mediator.caseload}件，评分{chosen_mediator.rating}（在办最少者优先）"
    )
    return RoutingResult(body.id, chosen_mediator.id, reasons)
