"""Writes of the case library and the Q&A board. Each is one transaction, checked against the permission table,
with one audit row (none of them is an event of a case, so none goes on a case's timeline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcourt.core.actors import SYSTEM, Actor, actor_required, actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts, permits

from .models import Answer, ExpertDesignation, LibraryCase, LibraryKind, Question
from .ranking import MAX_QUERY_CHARS

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import Court, User


class Invalid(ApplicationError):
    status, code = 400, "invalid"


MAX_TEXT = 20_000


def _text(value: str, label: str, *, max_len: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(_("请填写%(label)s。") % {"label": label})
    if len(value) > max_len:
        raise Invalid(_("%(label)s过长（不超过 %(n)s 字）。") % {"label": label, "n": max_len})
    return value


@dataclass(frozen=True)
class LibraryCaseData:
    kind: str
    title: str
    facts: str
    cause: str = ""
    case_type: str = "criminal"
    number: str = ""
    case_number: str = ""
    reasoning: str = ""
    result: str = ""
    statutes: str = ""
    sentence: str = ""
    amount: Decimal | None = None
    tags: str = ""
    decided_on: date | None = None
    court: Court | None = None
    source_case: Case | None = None


@transaction.atomic
def library_case_add(*, actor: Actor, data: LibraryCaseData) -> LibraryCase:
    """Add a case to the library. Reference cases (指导性案例、参考案例) are published for every court and are added by
    the platform (imports, SYSTEM); a court's typical case (典型案例) by those the table lets select them there."""
    actor_required(actor)
    if data.kind not in LibraryKind.values:
        raise Invalid(_("案例类别无效。"))
    if data.kind != LibraryKind.TYPICAL:
        if actor is not SYSTEM:
            raise Forbidden(_("指导性案例、参考案例由平台统一收录。"))
        court = None
    else:
        court = data.court
        if court is None:
            raise Invalid(_("典型案例须写明选编法院。"))
        if actor is not SYSTEM and court.pk not in grant_courts(
            user=actor, resource=Resource.CASE_LIBRARY, action=Action.CHANGE
        ):
            raise Forbidden(_("您无权为该法院选编典型案例。"))
    if data.source_case is not None and data.source_case.court_id != (court.pk if court else None):
        raise Invalid(_("只能选编本院的案件。"))
    case = LibraryCase.objects.create(
        kind=data.kind, court=court,
        title=_text(data.title, _("标题"), max_len=200), facts=_text(data.facts, _("基本案情"), max_len=MAX_TEXT),
        cause=_text(data.cause, _("案由或罪名"), max_len=200, required=False),
        case_type=data.case_type[:16], number=data.number[:64], case_number=data.case_number[:64],
        reasoning=_text(data.reasoning, _("裁判理由"), max_len=MAX_TEXT, required=False),
        result=_text(data.result, _("裁判结果"), max_len=MAX_TEXT, required=False),
        statutes=_text(data.statutes, _("适用法条"), max_len=2000, required=False),
        sentence=_text(data.sentence, _("刑罚或判项要点"), max_len=200, required=False),
        amount=data.amount, tags=_text(data.tags, _("标签"), max_len=300, required=False),
        decided_on=data.decided_on, source_case=data.source_case,
        created_by=actor_user(actor),
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.LIBRARY_CASE_ADD, target=case)
    return case


@dataclass(frozen=True)
class TypicalCaseData:
    """What a court's selector writes about a typical case (典型案例); the rest comes from the case itself."""

    title: str
    facts: str
    summary: str = ""
    tags: str = ""
    cause: str = ""
    result: str = ""
    statutes: str = ""
    sentence: str = ""
    amount: Decimal | None = None


def _may_select_at(actor: User, court_id: int | None) -> bool:
    return court_id is not None and court_id in grant_courts(
        user=actor, resource=Resource.CASE_LIBRARY, action=Action.CHANGE
    )


def _typical_fields(data: TypicalCaseData) -> dict[str, object]:
    if data.amount is not None and (data.amount < 0 or data.amount >= Decimal("1e14")):
        raise Invalid(_("涉案金额无效。"))
    return {
        "title": _text(data.title, _("标题"), max_len=200),
        "facts": _text(data.facts, _("基本案情"), max_len=MAX_TEXT),
        "summary": _text(data.summary, _("裁判要旨"), max_len=MAX_TEXT),
        "tags": "、".join(t for t in _text(data.tags, _("标签"), max_len=300, required=False)
                         .replace("，", "、").replace(",", "、").replace(" ", "、").split("、") if t),
        "cause": _text(data.cause, _("案由或罪名"), max_len=200, required=False),
        "result": _text(data.result, _("裁判结果"), max_len=MAX_TEXT, required=False),
        "statutes": _text(data.statutes, _("适用法条"), max_len=2000, required=False),
        "sentence": _text(data.sentence, _("刑罚或判项要点"), max_len=200, required=False),
        "amount": data.amount,
    }  # fmt: skip


@transaction.atomic
def typical_case_select(*, actor: User, case: Case, data: TypicalCaseData) -> LibraryCase:
    """The court's designated staff (division head, president, trial management: CASE_LIBRARY CHANGE) select a
    closed case of their own court whose judgment has taken effect as a typical case (典型案例); it then enters the
    library's search and the similar-case push of that court."""
    from smartcourt.cases.selectors import case_get_strict

    actor_required(actor)
    case = case_get_strict(case_id=case.pk, lock=True)  # one selection per case at a time
    if not _may_select_at(actor, case.court_id):
        raise Forbidden(_("您无权为该法院选编典型案例。"))
    if case.closed_on is None or case.effective_on is None:
        raise Conflict(_("只能选编已结案且裁判已生效的案件。"))
    from .selectors import NOT_TYPICAL_CLOSINGS

    if case.closing_method in NOT_TYPICAL_CLOSINGS:
        raise Conflict(_("以撤诉、移送或销案方式结案的案件不宜选编为典型案例。"))
    if LibraryCase.objects.filter(source_case=case, retired_at__isnull=True).exists():
        raise Conflict(_("该案件已是本院典型案例。"))
    fields = _typical_fields(data)
    lc = LibraryCase.objects.create(
        kind=LibraryKind.TYPICAL, court_id=case.court_id, case_number=case.number[:64],
        case_type=str(case.kind or "")[:16], decided_on=case.effective_on, source_case=case,
        created_by=actor, **fields,
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.LIBRARY_CASE_ADD, target=lc, extra={"case": case.pk})
    return lc


def _typical_for_update(actor: User, library_case: LibraryCase) -> LibraryCase:
    lc = LibraryCase.objects.select_for_update(of=("self",)).get(pk=library_case.pk)
    if lc.kind != LibraryKind.TYPICAL or not _may_select_at(actor, lc.court_id):
        raise Forbidden(_("您无权修改该案例。"))
    if lc.retired_at is not None:
        raise Conflict(_("该典型案例已撤下。"))
    return lc


@transaction.atomic
def typical_case_edit(*, actor: User, library_case: LibraryCase, data: TypicalCaseData) -> LibraryCase:
    """Change a typical case's title, tags, summary and what the push compares; the index follows on the next push."""
    actor_required(actor)
    lc = _typical_for_update(actor, library_case)
    for name, value in _typical_fields(data).items():
        setattr(lc, name, value)
    lc.save()
    audit_record(actor=actor, action=AuditAction.LIBRARY_CASE_CHANGE, target=lc)
    return lc


@transaction.atomic
def typical_case_retire(*, actor: User, library_case: LibraryCase, reason: str = "") -> LibraryCase:
    """Retire a typical case: it leaves the search and the push; the record and its audit trail stay."""
    actor_required(actor)
    reason = _text(reason, _("撤下理由"), max_len=200, required=False)
    lc = _typical_for_update(actor, library_case)
    lc.retired_at, lc.retired_by = timezone.now(), actor
    lc.save(update_fields=["retired_at", "retired_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.LIBRARY_CASE_RETIRE, target=lc, extra={"reason": reason})
    return lc


def expert_fields(*, court: Court) -> list[str]:
    """The fields the court's active experts are designated for (what a question can be routed to)."""
    rows = ExpertDesignation.objects.filter(court=court, active=True).exclude(field="").values_list("field", flat=True)
    return sorted(set(rows))


@transaction.atomic
def question_ask(
    *, actor: User, court: Court, title: str, body: str = "", cause: str = "", field: str = ""
) -> Question:
    """A judge asks the board of their court (法答网); with a field, the question goes to that field's experts."""
    actor_required(actor)
    if court.pk not in grant_courts(user=actor, resource=Resource.LEGAL_QA, action=Action.CHANGE):
        raise Forbidden(_("您无权在该法院的法答网提问。"))
    field = (field or "").strip()
    if field and field not in expert_fields(court=court):
        raise Invalid(_("本院没有该领域的法答网专家，请重新选择领域。"))
    question = Question.objects.create(
        court=court, asked_by=actor, title=_text(title, _("问题"), max_len=200),
        body=_text(body, _("问题说明"), max_len=MAX_QUERY_CHARS, required=False),
        cause=_text(cause, _("相关案由或罪名"), max_len=100, required=False), field=field,
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.QA_ASK, target=question)
    return question


@transaction.atomic
def answer_give(*, actor: User, question: Question, body: str) -> Answer:
    """A designated expert of the question's court answers; the answer gets its own stable address."""
    actor_required(actor)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not allows(user=actor, resource=Resource.LEGAL_QA, action=Action.REVIEW, obj=question):
        raise Forbidden(_("只有本院指定的法答网专家可以答复。"))
    answer = Answer.objects.create(question=question, author=actor, body=_text(body, _("答复"), max_len=MAX_TEXT))
    audit_record(actor=actor, action=AuditAction.QA_ANSWER, target=answer)
    return answer


@transaction.atomic
def expert_designate(
    *, actor: Actor, court: Court, user: User, field: str = "", active: bool = True
) -> ExpertDesignation:
    """Designate (or revoke) an expert who answers the court's questions."""
    actor_required(actor)
    if actor is not SYSTEM and court.pk not in grant_courts(
        user=actor, resource=Resource.LEGAL_QA_EXPERT, action=Action.CHANGE
    ):
        raise Forbidden(_("您无权为该法院指定法答网专家。"))
    if not getattr(user, "is_active", False):
        raise Conflict(_("该账户已停用。"))
    from .selectors import expert_may_be_designated

    if not expert_may_be_designated(user=user, court_id=court.pk):
        raise Invalid(_("只能指定本院的审判人员（法官、庭长、院长、审管办人员）为法答网专家。"))
    designation, _created = ExpertDesignation.objects.update_or_create(
        court=court, user=user,
        defaults={"field": _text(field, _("专业领域"), max_len=100, required=False), "active": active,
                  "designated_by": actor_user(actor)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.QA_EXPERT_DESIGNATE, target=designation, extra={"active": active})
    return designation


@transaction.atomic
def expert_revoke(*, actor: User, designation: ExpertDesignation) -> ExpertDesignation:
    """Revoke a designation: the expert's queue empties; what they answered stays, signed with their name."""
    actor_required(actor)
    designation = ExpertDesignation.objects.select_for_update().get(pk=designation.pk)
    if designation.court_id not in grant_courts(user=actor, resource=Resource.LEGAL_QA_EXPERT, action=Action.CHANGE):
        raise Forbidden(_("您无权撤销该法院的法答网专家。"))
    if not designation.active:
        raise Conflict(_("该专家已被撤销。"))
    designation.active = False
    designation.designated_by = actor
    designation.save(update_fields=["active", "designated_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.QA_EXPERT_REVOKE, target=designation)
    return designation


def library_index_build(*, actor: Actor) -> int:
    """Build and save the similar-case index now (else the first push after a change builds it)."""
    from .selectors import similar_index

    actor_required(actor)
    if actor is not SYSTEM and not permits(user=actor, resource=Resource.CASE_LIBRARY, action=Action.CHANGE):
        raise Forbidden()
    index = similar_index()
    return len(index)
