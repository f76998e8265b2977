"""Writes of the case library and the Q&A board. Each is one transaction, checked against the permission table,
with one audit row (none of them is an event of a case, so none goes on a case's timeline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
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


@transaction.atomic
def question_ask(*, actor: User, court: Court, title: str, body: str = "", cause: str = "") -> Question:
    """A judge asks the board of their court (法答网)."""
    actor_required(actor)
    if court.pk not in grant_courts(user=actor, resource=Resource.LEGAL_QA, action=Action.CHANGE):
        raise Forbidden(_("您无权在该法院的法答网提问。"))
    question = Question.objects.create(
        court=court, asked_by=actor, title=_text(title, _("问题"), max_len=200),
        body=_text(body, _("问题说明"), max_len=MAX_QUERY_CHARS, required=False),
        cause=_text(cause, _("相关案由或罪名"), max_len=100, required=False),
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
    designation, _created = ExpertDesignation.objects.update_or_create(
        court=court, user=user,
        defaults={"field": _text(field, _("专业领域"), max_len=100, required=False), "active": active,
                  "designated_by": actor_user(actor)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.QA_EXPERT_DESIGNATE, target=designation, extra={"active": active})
    return designation


def library_index_build(*, actor: Actor) -> int:
    """Build and save the similar-case index now (else the first push after a change builds it)."""
    from .selectors import similar_index

    actor_required(actor)
    if actor is not SYSTEM and not permits(user=actor, resource=Resource.CASE_LIBRARY, action=Action.CHANGE):
        raise Forbidden()
    index = similar_index()
    return len(index)
