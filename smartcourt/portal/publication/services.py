"""Writes of publication (裁判文书上网): open a task when a judgment or ruling takes effect, decide not to publish
(with the recorded reason), confirm the anonymisation after the side-by-side review, publish. Each action: one
transaction, one case timeline event, one audit row — or nothing when it is refused with a Chinese reason.

`publication_open` takes plain data (`PublicationSource`), so the documents app (its `document_took_effect`
signal), the demo and tests call it alike without this app reading theirs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.cases.selectors import case_get
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError, Conflict
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, permission_require
from smartcourt.legaltime.selectors import calendar_load

from ..anonymise import anonymise, protected_role
from ..models import PublicationKind, PublicationState, PublicationTask
from ..rules import publication as rules
from . import pdf
from .search import index_words

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor

LEDGER_KIND = "publication.judgment"
SHA256 = re.compile(r"[0-9a-f]{64}")


class PublicationInputError(ApplicationError):
    code = "publication.invalid"
    message = _("裁判文书公开信息有误。")


class PublicationRefused(Conflict):
    """The task's state does not allow the action (excluded, not reviewed, already published)."""

    code = "publication.refused"


@dataclass(frozen=True)
class RegistryParty:
    """One person of the case's party registry as the court holds it."""

    name: str
    role: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    minor: bool = False


@dataclass(frozen=True)
class PublicationSource:
    """What the publication of one effective judgment or ruling needs, as plain data."""

    case_id: int
    court_id: int
    kind: str  # "judgment" | "ruling"
    title: str
    full_text: str
    effective_on: date
    parties: Sequence[RegistryParty] = field(default_factory=tuple)
    signed_pdf: bytes | None = None
    signed_pdf_sha256: str = ""


def _validate(source: PublicationSource) -> None:
    if source.kind not in PublicationKind.values:
        raise PublicationInputError(_("只有判决书和裁定书在生效后公开。"), extra={"field": "kind"})
    if not (source.title or "").strip() or len(source.title) > 200:
        raise PublicationInputError(_("文书标题不能为空，且不超过200个字符。"), extra={"field": "title"})
    if not (source.full_text or "").strip():
        raise PublicationInputError(_("文书正文为空，无法公开。"), extra={"field": "full_text"})
    if source.effective_on > timezone.localdate():
        raise PublicationInputError(_("文书尚未生效，不能创建公开任务。"), extra={"field": "effective_on"})
    sha = (source.signed_pdf_sha256 or "").lower()
    if sha and not SHA256.fullmatch(sha):
        raise PublicationInputError(_("签章文书的SHA-256格式不正确。"), extra={"field": "signed_pdf_sha256"})
    if source.signed_pdf is not None and sha and hashlib.sha256(source.signed_pdf).hexdigest() != sha:
        raise PublicationInputError(
            _("签章文书的内容与其SHA-256不符，文书可能在签章后被改动，不能公开。"), extra={"field": "signed_pdf"}
        )
    for party in source.parties:
        if not (party.name or "").strip():
            raise PublicationInputError(_("当事人名单中有未填写姓名的条目。"), extra={"field": "parties"})


def _case_type(case_kind: str, cause: str) -> str:
    return "family" if rules.is_family_case(cause=cause) else case_kind


@transaction.atomic
def publication_open(source: PublicationSource, *, actor: Actor) -> PublicationTask:
    """A publication task for an effective judgment or ruling, with its deadline (Art. 7), the suggested exclusion
    the case's data shows (Art. 4) and the anonymised text (Art. 8–10) for the reviewer. The same text opened again
    for the same case returns the task already open."""
    _validate(source)
    case = case_get(case_id=source.case_id)
    if case is None or case.court_id != source.court_id:
        raise PublicationInputError(_("案件不存在，或不属于该法院。"), extra={"field": "case_id"})
    permission_require(actor=actor, resource=Resource.PUBLICATION, action=Action.REVIEW, obj=case)
    source_sha = hashlib.sha256(source.full_text.encode()).hexdigest()
    existing = PublicationTask.objects.filter(case=case, source_sha256=source_sha).first()
    if existing is not None:
        return existing
    cause = case.cause.name if case.cause is not None else ""
    signed_name, signed_sha = "", (source.signed_pdf_sha256 or "").lower()
    if source.signed_pdf is not None:
        blob = blob_store(content=source.signed_pdf, ext="pdf")
        signed_name, signed_sha = blob.name, blob.sha256
    due = rules.publication_due(effective_on=source.effective_on, calendar=calendar_load())
    minor_defendant = any(p.minor and "被告" in p.role for p in source.parties)
    suggestion = rules.exclusion_suggested(
        case_kind=case.kind,
        cause=cause,
        closing_method=case.closing_method,
        title=source.title,
        minor_defendant=minor_defendant,
    )
    parties = [asdict(p) for p in source.parties]
    case_type = _case_type(case.kind, cause)
    result = anonymise(source.full_text, parties, case_type)
    try:
        with transaction.atomic():
            task = PublicationTask.objects.create(
                case=case,
                court=case.court,
                kind=source.kind,
                title=source.title.strip(),
                case_number=case.number,
                case_kind=case.kind,
                cause=cause[:100],
                effective_on=source.effective_on,
                due_on=due.due_on,
                full_text=source.full_text,
                source_sha256=source_sha,
                parties=parties,
                signed_pdf_sha256=signed_sha,
                signed_pdf_name=signed_name,
                suggested_exclusion=suggestion.reason.value if suggestion else "",
                suggested_note=suggestion.why[:200] if suggestion else "",
                anonymised_text=result.text,
                replacements=[asdict(r) for r in result.replacements],
            )
    except IntegrityError:  # the same text opened at the same moment by another request
        return PublicationTask.objects.get(case=case, source_sha256=source_sha)
    case_event_append(
        case=case,
        type=CaseEventType.PUBLICATION_OPENED,
        actor=actor,
        summary=f"{task.title}已生效，应于{task.due_on.isoformat()}前在互联网公布（{rules.DEADLINE}）",
        new={"task": task.pk, "due_on": task.due_on.isoformat(), "suggested_exclusion": task.suggested_exclusion},
    )
    audit_record(actor=actor, action=AuditAction.PUBLICATION_OPEN, target=task)
    return task


def _document_text(document: Any) -> str:
    """A signed judgment's or ruling's full text as it was rendered: court, title, number, the parties block, the
    body, the judges and the date (the fields the documents app rendered it from)."""
    ctx = document.context or {}
    lines = [ctx.get("court_name", ""), ctx.get("doc_title", document.title), ctx.get("case_number", "")]
    lines += [ctx.get("parties_block", ""), document.body or ctx.get("body", ""), ctx.get("judges_block", "")]
    lines += [ctx.get("date_cn", ""), ctx.get("clerk_name", "") and f"书记员　{ctx['clerk_name']}"]
    return "\n".join(line.strip() for line in lines if line and line.strip())


def publication_open_for_document(document: Any) -> PublicationTask | None:
    """The publication task of a court document that took effect (the hand-off `documents.took_effect`, portal.hooks): judgments and
    rulings only (a mediation statement is not published, Art. 4(3)); the signed PDF and the case's party registry
    go with it. None for a kind that is not published."""
    from smartcourt.core.actors import SYSTEM
    from smartcourt.core.intake.store import blob_read

    from .selectors import registry_from_case

    kind = (
        "judgment" if document.kind.startswith("judgment") else "ruling" if document.kind.startswith("ruling") else ""
    )
    if not kind or document.effective_on is None:
        return None
    signed = blob_read(document.signed_storage_name) if document.signed_storage_name else None
    source = PublicationSource(
        case_id=document.case_id,
        court_id=document.case.court_id,
        kind=kind,
        title=f"{document.case.number} {document.title}"[:200],
        full_text=_document_text(document),
        effective_on=document.effective_on,
        parties=registry_from_case(case_id=document.case_id),
        signed_pdf=signed,
        signed_pdf_sha256=document.signed_sha256 or "",
    )
    return publication_open(source, actor=SYSTEM)


def _locked(task: PublicationTask) -> PublicationTask:
    return PublicationTask.objects.select_for_update(of=("self",)).select_related("case", "court").get(pk=task.pk)


@transaction.atomic
def publication_exclude(task: PublicationTask, *, reason: str, note: str, actor: Actor) -> PublicationTask:
    """Decide not to publish (Art. 4), with the reason recorded: the item of Art. 4 and a note (required for the
    court's "other" reasons)."""
    task = _locked(task)
    permission_require(
        actor=actor,
        resource=Resource.PUBLICATION,
        action=Action.APPROVE,
        obj=task.case,
        message=_("决定裁判文书不公开须由庭长、院长或审判管理部门作出。"),
    )
    if reason not in rules.ExclusionReason.values:
        raise PublicationInputError(
            _("请选择不公开的理由（法释〔2016〕19号第四条所列情形）。"), extra={"field": "reason"}
        )
    note = (note or "").strip()
    if reason == rules.ExclusionReason.OTHER and not note:
        raise PublicationInputError(_("以“其他情形”不公开的，须写明理由。"), extra={"field": "note"})
    if len(note) > 500:
        raise PublicationInputError(_("说明不超过500个字符。"), extra={"field": "note"})
    if task.state == PublicationState.PUBLISHED:
        raise PublicationRefused(_("该文书已公布，不能再决定不公开。"))
    if task.state == PublicationState.EXCLUDED:
        raise PublicationRefused(_("该文书已决定不公开。"))
    task.state = PublicationState.EXCLUDED
    task.exclusion_reason = reason
    task.exclusion_note = note
    task.decided_by = actor_user(actor)
    task.decided_at = timezone.now()
    task.save(update_fields=["state", "exclusion_reason", "exclusion_note", "decided_by", "decided_at", "updated_at"])
    label = rules.ExclusionReason(reason).label
    case_event_append(
        case=task.case,
        type=CaseEventType.PUBLICATION_EXCLUDED,
        actor=actor,
        summary=f"{task.title}不在互联网公布：{label}（{rules.exclusion_citation(reason)}）",
        new={"task": task.pk, "reason": reason, "note": note},
    )
    audit_record(actor=actor, action=AuditAction.PUBLICATION_EXCLUDE, target=task, reason=note or str(label))
    return task


def _leaks(task: PublicationTask, text: str) -> list[str]:
    """What the registry says must not be published and the text still holds: protected names, ID numbers, phones."""
    leaks: list[str] = []
    case_type = _case_type(task.case_kind, task.cause)
    digits = re.sub(r"\s|-", "", text)
    for party in task.parties:
        name = (party.get("name") or "").strip()
        protected = protected_role(party.get("role") or "", case_type, minor=bool(party.get("minor")))
        if protected and len(name) >= 2 and name in text:
            leaks.append(name)
        for key in ("id_number", "phone"):
            value = re.sub(r"\s|-", "", party.get(key) or "")
            if len(value) >= 7 and value in digits:
                leaks.append(value)
    return leaks


@transaction.atomic
def publication_review(
    task: PublicationTask, *, actor: Actor, text: str | None = None, publish_note: str = ""
) -> PublicationTask:
    """The reviewer confirms the anonymised text after reading it beside the original (optionally corrected by
    hand: the registry's protected names and numbers must still be gone). A case the data shows under Art. 4 needs
    a note why it is published all the same (e.g. 确有必要公开的调解书, Art. 4 (三))."""
    task = _locked(task)
    permission_require(
        actor=actor,
        resource=Resource.PUBLICATION,
        action=Action.REVIEW,
        obj=task.case,
        message=_("您不能审核本案裁判文书的公开。"),
    )
    if task.state != PublicationState.PENDING:
        raise PublicationRefused(_("该文书当前状态为“%(state)s”，不能再审核。") % {"state": task.get_state_display()})
    publish_note = (publish_note or "").strip()
    if task.suggested_exclusion and not publish_note:
        reason = rules.ExclusionReason(task.suggested_exclusion)
        raise PublicationRefused(
            _(
                "本案%(why)s，属于%(citation)s“%(label)s”，依规定不在互联网公布；确需公布的，请写明理由，否则请作出不公开决定。"
            )
            % {"why": task.suggested_note, "citation": rules.exclusion_citation(reason), "label": reason.label},
            code="publication.excluded_by_rule",
        )
    if text is not None:
        text = text.replace("\r\n", "\n").strip()
        if not text:
            raise PublicationInputError(_("公布文本不能为空。"), extra={"field": "text"})
        leaks = _leaks(task, text)
        if leaks:
            raise PublicationInputError(
                _("修改后的文本仍含有应当隐去的信息：%(items)s（%(citation)s）。")
                % {"items": "、".join(dict.fromkeys(leaks)), "citation": rules.ANONYMISE_NAMES},
                extra={"field": "text"},
            )
        task.anonymised_text = text
    task.state = PublicationState.REVIEWED
    task.reviewed_by = actor_user(actor)
    task.reviewed_at = timezone.now()
    task.save(update_fields=["state", "anonymised_text", "reviewed_by", "reviewed_at", "updated_at"])
    case_event_append(
        case=task.case,
        type=CaseEventType.PUBLICATION_REVIEWED,
        actor=actor,
        summary=f"确认{task.title}的隐名处理（{len(task.replacements)}处替换）",
        new={"task": task.pk, "edited": text is not None, "note": publish_note[:200]},
    )
    audit_record(actor=actor, action=AuditAction.PUBLICATION_REVIEW, target=task, reason=publish_note[:200])
    return task


@transaction.atomic
def publication_publish(task: PublicationTask, *, actor: Actor) -> PublicationTask:
    """Publish the reviewed text: its PDF stored and anchored in the ledger (存证), the words indexed for search."""
    from smartcourt.ledger.services import ledger_anchor

    task = _locked(task)
    permission_require(
        actor=actor,
        resource=Resource.PUBLICATION,
        action=Action.REVIEW,
        obj=task.case,
        message=_("您不能公布本案的裁判文书。"),
    )
    if task.state == PublicationState.EXCLUDED:
        label = rules.ExclusionReason(task.exclusion_reason).label if task.exclusion_reason else ""
        raise PublicationRefused(
            _("该文书已决定不在互联网公布（%(label)s），不能公布。") % {"label": label},
            code="publication.excluded",
        )
    if task.state == PublicationState.PENDING:
        raise PublicationRefused(
            _("该文书的隐名处理尚未经审核确认，不能公布。请先在对照页面核对并确认。"), code="publication.not_reviewed"
        )
    if task.state == PublicationState.PUBLISHED:
        raise PublicationRefused(_("该文书已经公布。"), code="publication.already_published")
    content = pdf.published_pdf(task, task.anonymised_text)
    blob = blob_store(content=content, ext="pdf")
    ledger_anchor(
        kind=LEDGER_KIND,
        subject=f"publication:{task.pk}",
        sha256=blob.sha256,
        storage_name=blob.name,
        meta={"case_number": task.case_number, "title": task.title, "court": task.court.name},
    )
    task.state = PublicationState.PUBLISHED
    task.published_at = timezone.now()
    task.published_by = actor_user(actor)
    task.published_pdf_name = blob.name
    task.published_pdf_sha256 = blob.sha256
    task.search_text = index_words(task.title, task.case_number, task.cause, task.court.name, task.anonymised_text)
    task.save(
        update_fields=[
            "state",
            "published_at",
            "published_by",
            "published_pdf_name",
            "published_pdf_sha256",
            "search_text",
            "updated_at",
        ]
    )
    case_event_append(
        case=task.case,
        type=CaseEventType.PUBLICATION_PUBLISHED,
        actor=actor,
        summary=f"{task.title}已在互联网公布（存证SHA-256 {blob.sha256[:12]}…）",
        new={"task": task.pk, "sha256": blob.sha256},
    )
    audit_record(actor=actor, action=AuditAction.PUBLICATION_PUBLISH, target=task)
    return task
