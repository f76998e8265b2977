"""Writes of court documents: template versions, generation, drafting (autosave, versions), review (阅核), the court's
seal and signature, service and taking effect. Each write: one transaction, one case timeline event, one audit row —
or nothing when it is refused (a Chinese message).

Slow steps (the LibreOffice conversion) run in a background task where a user waits (tasks.document_pdf_task); the
service functions themselves are synchronous, so tests and the demo call them directly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.cases.selectors import case_parties
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core import statutes
from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.core.intake.store import blob_read, blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts, permission_require
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import users_with_role

from . import render, signing
from .docx_builder import stock_template
from .kinds import KINDS, Kind
from .models import (
    Document,
    DocumentState,
    DocumentTemplate,
    DraftVersion,
    SignoffChainConfig,
    SignoffComment,
    SignoffStep,
    SignoffStepState,
)
from .rules import effect as E
from .rules import signoff as RV

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseParty
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User


class DocumentInputError(ApplicationError):
    code = "documents.invalid"
    message = _("文书信息有误，请检查后重试。")


class DocumentStateError(ApplicationError):
    code = "documents.state"
    message = _("文书当前状态不允许该操作。")


class CitationError(ApplicationError):
    code = "documents.citation"
    message = _("文稿引用的法条不存在或未生效。")


def _user(actor: Actor) -> User | None:
    """The person behind `actor` for an author column (None for the platform itself)."""
    from smartcourt.courts.selectors import SYSTEM

    return None if actor is SYSTEM or actor is None else cast("User", actor)


def _kind(code: str) -> Kind:
    kind = KINDS.get(code)
    if kind is None:
        raise DocumentInputError(f"没有这种文书：{code}。")
    return kind


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- templates ------------------------------------------------------------------------------------------------------


def template_stock(*, kind: str) -> DocumentTemplate:
    """The stock version (version 1, no court) of a kind, stored on first use."""
    spec = _kind(kind)
    found = DocumentTemplate.objects.filter(court__isnull=True, kind=kind).order_by("-version").first()
    if found is not None:
        return found
    content = stock_template(spec)
    blob = blob_store(content=content, ext="docx")
    tpl, _created = DocumentTemplate.objects.get_or_create(
        court=None, kind=kind, version=1,
        defaults={"storage_name": blob.name, "sha256": blob.sha256, "fields_used": sorted(render.template_fields(content)),
                  "note": "标准样式（诉讼文书样式）"},
    )  # fmt: skip
    return tpl


def template_current(*, court: Court, kind: str) -> DocumentTemplate:
    """The court's newest version of the kind, else the stock one."""
    own = DocumentTemplate.objects.filter(court=court, kind=kind).order_by("-version").first()
    return own or template_stock(kind=kind)


@transaction.atomic
def template_upload(*, actor: Actor, court: Court, kind: str, content: bytes, note: str = "") -> DocumentTemplate:
    """A new version of the court's template of `kind`. Refused when it uses a field the kind does not declare (the
    message lists them) or is not a readable .docx template."""
    spec = _kind(kind)
    if (
        actor is not None
        and getattr(actor, "pk", None)
        and court.pk not in grant_courts(user=actor, resource=Resource.DOCUMENT_TEMPLATE, action=Action.CHANGE)
    ):
        raise Forbidden("您不能修改本院的文书模板。")
    if not content:
        raise DocumentInputError("请选择模板文件（.docx）。")
    used = render.template_fields(content)
    unknown = sorted(used - spec.fields)
    if unknown:
        raise render.TemplateFieldsError(
            f"模板使用了“{spec.label}”未声明的字段：{'、'.join(unknown)}。可用字段：{'、'.join(sorted(spec.fields))}。"
        )
    blob = blob_store(content=content, ext="docx")
    last = DocumentTemplate.objects.filter(court=court, kind=kind).aggregate(m=Max("version"))["m"] or 1
    tpl = DocumentTemplate.objects.create(
        court=court, kind=kind, version=last + 1, storage_name=blob.name, sha256=blob.sha256,
        fields_used=sorted(used), note=note[:200], uploaded_by=_user(actor),
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.DOCUMENT_TEMPLATE_UPLOAD, target=tpl, extra={"kind": kind})
    return tpl


def sample_context(kind: Kind, court_name: str = "示例人民法院") -> dict[str, Any]:
    """Field values for a template preview: every declared field filled with its own name's sample."""
    values = {f: f"〔{f}〕" for f in kind.fields}
    values |= {
        "court_name": court_name, "doc_title": kind.title, "case_number": "（2025）示0101民初1号",
        "parties_block": "原告：张某，男，1980年1月1日出生，住示例市示例路1号。\n被告：示例有限公司，住所地示例市示例路2号。",
        "date_cn": render.date_cn(timezone.localdate()), "judges_block": "审判长　王某\n审判员　李某",
        "clerk_name": "赵某", "body": "（正文）",
    }  # fmt: skip
    return values


def template_preview(*, template: DocumentTemplate, pdf: bool = True) -> bytes:
    kind = _kind(template.kind)
    docx = render.docx_render(blob_read(template.storage_name), sample_context(kind))
    return render.pdf_convert(docx) if pdf else docx


# --- generation -----------------------------------------------------------------------------------------------------


def _parties(case: Case) -> list[CaseParty]:
    return list(case_parties(case=case))


DRAFT_SKELETON = {
    "judgment": "原告{plaintiffs}与被告{defendants}{cause}一案，本院于{filed}立案后，依法适用{procedure}公开开庭进行了审理。本案现已审理终结。\n"
    "原告诉称：\n被告辩称：\n本院经审理认定事实如下：\n本院认为，\n综上所述，依照……的规定，判决如下：\n"
    "案件受理费……元，由……负担。",
    "ruling": "本院在审理原告{plaintiffs}与被告{defendants}{cause}一案中，\n本院经审查认为，\n依照……的规定，裁定如下：",
    "mediation": "原告{plaintiffs}与被告{defendants}{cause}一案，本院于{filed}立案后，依法适用{procedure}进行审理。\n"
    "经本院主持调解，当事人自愿达成如下协议：\n上述协议，不违反法律规定，本院予以确认。",
}


def _skeleton(case: Case, kind: Kind, context: dict[str, Any]) -> str:
    text = DRAFT_SKELETON[RV.group_of(kind.code)]
    return text.format(
        plaintiffs=context["plaintiff_names"], defendants=context["defendant_names"], cause=context["cause"],
        filed=context["filed_on_cn"], procedure=case.get_procedure_display(),
    )  # fmt: skip


def _require_change(actor: Actor, case: Case) -> None:
    permission_require(
        actor=actor, resource=Resource.DOCUMENT, action=Action.CHANGE, obj=case,
        message="您不是本案承办法官、法官助理或书记员（或其所在庭庭长），不能制作本案文书。",
    )  # fmt: skip


@transaction.atomic
def document_generate(
    *, actor: Actor, case: Case, kind: str, extra: dict[str, Any] | None = None, recipient: CaseParty | None = None,
    convert: bool = True, event: bool = True,
) -> Document:  # fmt: skip
    """Generate a document of `kind` for `case` from the court's current template and the case data.

    A routine notice (通知书、传票: `drafted` False) is rendered to .docx at once and, with `convert`, to PDF (the
    caller waiting for it enqueues tasks.document_pdf_task instead); it is signed with `document_sign`. A decision
    (判决书、裁定书、调解书) starts as a draft whose body the judge writes beside the file, then goes to review.
    `extra` fills or overrides fields (a template's own, e.g. hearing_time); a key the kind does not declare is
    refused. `event=False` when the caller's own write records the one timeline event the paper belongs to (an
    enforcement freeze issues its ruling within the freeze's event)."""
    spec = _kind(kind)
    _require_change(actor, case)
    extra = dict(extra or {})
    unknown = sorted(set(extra) - spec.fields)
    if unknown:
        raise DocumentInputError(f"“{spec.label}”没有这些字段：{'、'.join(unknown)}。")
    parties = _parties(case)
    if recipient is not None and recipient.case_id != case.pk:
        raise DocumentInputError("受送达人不是本案当事人。")
    context = render.case_context(case=case, kind=spec, parties=parties, today=timezone.localdate())
    if recipient is not None:
        context["recipient_name"] = recipient.person.name
    context.update({k: str(v) for k, v in extra.items()})
    skeleton = _skeleton(case, spec, context) if spec.drafted else ""
    context = {k: v for k, v in context.items() if k in spec.fields}
    template = template_current(court=case.court, kind=kind)
    title = spec.label + (f"（{recipient.person.name}）" if recipient is not None else "")
    document = Document.objects.create(
        case=case, kind=kind, title=title[:200], recipient=recipient, template=template, context=context,
        author=_user(actor),
    )  # fmt: skip
    if spec.drafted:
        document.body = str(extra.get("body") or skeleton)
        document.save(update_fields=["body", "updated_at"])
    else:
        document.state = DocumentState.READY
        document.save(update_fields=["state", "updated_at"])
        _docx_store(document)
        if convert:
            _pdf_store(document)
    if event:
        case_event_append(
            case=case, type=CaseEventType.DOCUMENT_GENERATED, actor=actor, summary=f"生成{title}",
            new={"document": document.pk, "kind": kind, "template_version": template.version},
        )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.DOCUMENT_GENERATE, target=document, extra={"case": case.number})
    return document


def _docx_store(document: Document) -> bytes:
    assert document.template is not None
    context = dict(document.context)
    if KINDS[document.kind].drafted:
        context["body"] = document.body
        context["date_cn"] = render.date_cn(timezone.localdate())
    content = render.docx_render(blob_read(document.template.storage_name), context)
    document.docx_storage_name = blob_store(content=content, ext="docx").name
    document.save(update_fields=["docx_storage_name", "updated_at"])
    return content


def _pdf_store(document: Document) -> bytes:
    pdf = render.pdf_convert(blob_read(document.docx_storage_name))
    blob = blob_store(content=pdf, ext="pdf")
    document.pdf_storage_name, document.pdf_sha256, document.error = blob.name, blob.sha256, ""
    document.save(update_fields=["pdf_storage_name", "pdf_sha256", "error", "updated_at"])
    return pdf


def document_pdf_produce(*, document_id: int) -> Document:
    """The PDF of a generated document (the background task's work); a failure is kept on the document."""
    document = Document.objects.select_related("template").get(pk=document_id)
    if document.pdf_storage_name:
        return document
    try:
        with transaction.atomic():
            if not document.docx_storage_name:
                _docx_store(document)
            _pdf_store(document)
    except ApplicationError as exc:
        Document.objects.filter(pk=document.pk).update(error=str(exc.message)[:300])
        document.refresh_from_db()
    return document


# --- drafting -------------------------------------------------------------------------------------------------------


def _draftable(document: Document) -> None:
    if not KINDS[document.kind].drafted:
        raise DocumentStateError("该文书由模板生成，不需要起草。")
    if document.state not in (DocumentState.DRAFT, DocumentState.RETURNED):
        raise DocumentStateError(f"文书当前为“{document.get_state_display()}”，不能修改。")


def draft_autosave(*, actor: Actor, document: Document, body: str) -> Document:
    """Autosave of the draft's body (no version, no timeline event: a version is saved on purpose)."""
    _require_change(actor, document.case)
    _draftable(document)
    if len(body) > 200_000:
        raise DocumentInputError("文稿过长（不超过20万字）。")
    Document.objects.filter(pk=document.pk).update(body=body, updated_at=timezone.now())
    document.body = body
    return document


@dataclass(frozen=True)
class CitationIssue:
    text: str
    error: str


def citations_check(text: str, *, on: date | None = None) -> list[CitationIssue]:
    """The citations in a text that do not hold (no such law or article, not in force). Raises
    statutes.StatutesUnavailable when no statute store is installed."""
    return [
        CitationIssue(m.text, m.error or "未找到该法条") for m in statutes.find_citations(text, on=on) if not m.valid
    ]


def citation_insert_text(address: str) -> str:
    """The text the drafting page inserts for an article address (民法典/第五百七十七条): 《law_title》article. Refused
    (CitationError) when the statute store has no such article."""
    address = address.strip()
    ref = statutes.article(address) if address else None
    if ref is None:
        raise CitationError(f"法条“{address}”不存在，未插入。请核对法律名称和条文序号。")
    if not ref.in_force:
        raise CitationError(f"《{ref.law_title}》{ref.article}已失效，未插入。")
    return f"《{ref.law_title}》{ref.article}"


@transaction.atomic
def draft_version_save(*, actor: Actor, document: Document, body: str, note: str = "") -> DraftVersion:
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require_change(actor, document.case)
    _draftable(document)
    if not body.strip():
        raise DocumentInputError("文稿为空，未保存版本。")
    last = document.versions.aggregate(m=Max("number"))["m"] or 0
    version = DraftVersion.objects.create(
        document=document, number=last + 1, body=body, author=_user(actor),
        note=note[:200],
    )  # fmt: skip
    document.body = body
    document.save(update_fields=["body", "updated_at"])
    case_event_append(
        case=document.case, type=CaseEventType.DOCUMENT_VERSION_SAVED, actor=actor,
        summary=f"{document.title}保存第{version.number}版", new={"document": document.pk, "version": version.number},
    )  # fmt: skip
    audit_record(
        actor=actor, action=AuditAction.DOCUMENT_VERSION_SAVE, target=document, extra={"version": version.number}
    )
    return version


# --- review (阅核) ---------------------------------------------------------------------------------------------------


def _reviewer_for(case: Case, capacity: str) -> User | None:
    from smartcourt.cases.selectors import case_team_current

    if capacity == "presiding_judge":
        m = next((t for t in case_team_current(case=case) if t.presiding), None)
        return m.user if m is not None and m.user_id != case.judge_id else None
    if capacity == "division_head":
        qs = users_with_role(role=Role.DIVISION_HEAD, court=case.court, division=case.division)
        return qs.first() or users_with_role(role=Role.DIVISION_HEAD, court=case.court).first()
    # 分管院长; 审判委员会 and 专业法官会议 are recorded by the president presiding over them
    return users_with_role(role=Role.PRESIDENT, court=case.court).first()


def signoff_chain(*, document: Document, to_committee: str = "") -> list[tuple[str, User]]:
    case = document.case
    configured = SignoffChainConfig.objects.filter(court=case.court, group=RV.group_of(document.kind)).first()
    supervised = case.supervision_tags.filter(removed_at__isnull=True).exists()
    chain = RV.chain_for(
        configured=configured.capacities if configured else None, kind_code=document.kind, supervised=supervised,
        to_committee=to_committee,
    )  # fmt: skip
    steps: list[tuple[str, User]] = []
    for capacity in chain:
        user = _reviewer_for(case, capacity)
        if user is not None and user.pk != case.judge_id:
            steps.append((capacity, user))
    return steps


@transaction.atomic
def signoff_submit(*, actor: Actor, document: Document, body: str | None = None, to_committee: str = "") -> Document:
    """Submit the draft for review (提交阅核): a version is saved, its citations must hold, the chain is built."""
    document = Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
    _require_change(actor, document.case)
    _draftable(document)
    text = document.body if body is None else body
    issues = citations_check(text)
    if issues:
        raise CitationError(
            "文稿中以下引用的法条不存在或未生效，请修改后再提交：" + "；".join(f"{i.text}（{i.error}）" for i in issues)
        )
    version = draft_version_save(actor=actor, document=document, body=text, note="提交阅核")
    steps = signoff_chain(document=document, to_committee=to_committee)
    if not steps:
        raise DocumentStateError("本院没有可以阅核本案文书的院庭长，请先设置庭长、院长。")
    rnd = (document.signoff_steps.aggregate(m=Max("round"))["m"] or 0) + 1
    document.signoff_steps.filter(state=SignoffStepState.WAITING).update(state=SignoffStepState.SUPERSEDED)
    for position, (capacity, user) in enumerate(steps, 1):
        SignoffStep.objects.create(document=document, round=rnd, position=position, capacity=capacity, reviewer=user,
                                  version=version)  # fmt: skip
    document.state = DocumentState.IN_REVIEW
    document.save(update_fields=["state", "updated_at"])
    chain = " → ".join(f"{RV.CAPACITIES[c]}{u.get_full_name()}" for c, u in steps)
    case_event_append(
        case=document.case, type=CaseEventType.DOCUMENT_SUBMITTED, actor=actor,
        summary=f"{document.title}第{version.number}版提交阅核：{chain}"[:300],
        new={"document": document.pk, "version": version.number, "round": rnd},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.DOCUMENT_SUBMIT, target=document, extra={"round": rnd})
    return document


def signoff_current_step(document: Document) -> SignoffStep | None:
    return (
        document.signoff_steps.filter(state=SignoffStepState.WAITING)
        .select_related("reviewer", "version")
        .order_by("round", "position")
        .first()
    )


@dataclass(frozen=True)
class CommentIn:
    passage: str
    text: str
    offset: int | None = None


@transaction.atomic
def signoff_decide(
    *, actor: Actor, document: Document, approve: bool, opinion: str = "", comments: list[CommentIn] | None = None
) -> SignoffStep:
    """The current reviewer's decision: approve (the next step, or the document is approved) or return for changes
    (退回修改, with an opinion or comments). Comments are anchored to a passage of the version reviewed."""
    document = Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
    if document.state != DocumentState.IN_REVIEW:
        raise DocumentStateError("文书不在阅核中。")
    step = signoff_current_step(document)
    if step is None or getattr(actor, "pk", None) != step.reviewer_id:
        raise Forbidden("当前阅核步骤不是您。")
    permission_require(actor=actor, resource=Resource.DOCUMENT, action=Action.VIEW, obj=document.case)
    comments = comments or []
    opinion = opinion.strip()
    if not approve and not (opinion or comments):
        raise DocumentInputError("退回修改须写明意见或批注。", extra={"field": "opinion"})
    body = step.version.body if step.version else document.body
    for c in comments:
        passage = c.passage.strip()
        if not passage or not c.text.strip():
            raise DocumentInputError("批注须选定段落并填写内容。")
        if passage not in body:
            raise DocumentInputError(f"批注的段落“{passage[:30]}”不在所阅核的文稿中。")
        offset = (
            c.offset
            if c.offset is not None and body[c.offset : c.offset + len(passage)] == passage
            else body.find(passage)
        )
        SignoffComment.objects.create(
            step=step, passage=passage[:500], offset=offset, text=c.text.strip(), author=cast("User", actor)
        )
    step.state = SignoffStepState.APPROVED if approve else SignoffStepState.RETURNED
    step.opinion, step.decided_at = opinion, timezone.now()
    step.save(update_fields=["state", "opinion", "decided_at", "updated_at"])
    who = f"{RV.CAPACITIES.get(step.capacity, step.capacity)}{actor}"
    if approve:
        more = signoff_current_step(document)
        if more is None:
            document.state = DocumentState.APPROVED
            document.save(update_fields=["state", "updated_at"])
        summary = f"{who}阅核同意{document.title}" + (
            "，阅核完毕" if more is None else f"，转{RV.CAPACITIES[more.capacity]}阅核"
        )
        event = CaseEventType.DOCUMENT_REVIEW_APPROVED
    else:
        document.signoff_steps.filter(state=SignoffStepState.WAITING).update(state=SignoffStepState.SUPERSEDED)
        document.state = DocumentState.RETURNED
        document.save(update_fields=["state", "updated_at"])
        summary = f"{who}退回{document.title}修改：{opinion or comments[0].text}"
        event = CaseEventType.DOCUMENT_REVIEW_RETURNED
    case_event_append(
        case=document.case, type=event, actor=actor, summary=summary[:300],
        new={"document": document.pk, "step": step.pk, "approve": approve, "comments": len(comments)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.DOCUMENT_REVIEW, target=document, extra={"approve": approve})
    return step


# --- seal and signature, service, effect ------------------------------------------------------------------------------


@transaction.atomic
def document_sign(*, actor: Actor, document: Document) -> Document:
    """Apply the court's seal: the final PDF (rendered now for a decision, from its approved text), signed PAdES with
    the court's key, a visible seal and a timestamp; its hash anchored in the ledger; filed in the dossier.
    Refused before approval (a decision) and when the key is missing or expired — nothing is signed."""
    from smartcourt.dossier.services import dossier_document_add
    from smartcourt.ledger.services import ledger_anchor

    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("case", "case__court", "template")
        .get(pk=document.pk)
    )
    case = document.case
    _require_change(actor, case)
    spec = KINDS[document.kind]
    if document.signed_storage_name:
        raise DocumentStateError("文书已签章。")
    if spec.drafted and document.state != DocumentState.APPROVED:
        raise DocumentStateError("裁判文书须阅核通过后才能签章。")
    signing._signer()  # fail early (a missing key) before the slow conversion
    if spec.drafted or not document.docx_storage_name:
        _docx_store(document)
    pdf = (
        _pdf_store(document)
        if (spec.drafted or not document.pdf_storage_name)
        else blob_read(document.pdf_storage_name)
    )
    signed = signing.pdf_sign(pdf, court_name=case.court.name)
    blob = blob_store(content=signed, ext="pdf")
    document.signed_storage_name, document.signed_sha256 = blob.name, blob.sha256
    document.signed_at, document.state = timezone.now(), DocumentState.SIGNED
    document.save(update_fields=["signed_storage_name", "signed_sha256", "signed_at", "state", "updated_at"])
    ledger_anchor(
        kind="documents.signed", subject=document.ledger_subject, sha256=blob.sha256, storage_name=blob.name,
        meta={"case": case.number, "kind": document.kind, "title": document.title},
    )  # fmt: skip
    dossier_document_add(
        case=case, title=document.title, content=signed, filename=f"{case.number}-{document.title}.pdf",
        source="generated", actor=actor, origin_ref=f"documents.signed:{document.pk}",
    )  # fmt: skip
    case_event_append(
        case=case, type=CaseEventType.DOCUMENT_SIGNED, actor=actor, summary=f"{document.title}加盖电子院印并签章",
        new={"document": document.pk, "sha256": blob.sha256},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.DOCUMENT_SIGN, target=document, extra={"sha256": blob.sha256})
    return document


SERVICE_TYPE = {"summons": "summons", "response_notice": "complaint_copy", "mediation": "mediation"}


def _service_type(kind: str) -> str:
    if kind in SERVICE_TYPE:
        return SERVICE_TYPE[kind]
    if kind.startswith("judgment"):
        return "judgment"
    if kind.startswith("ruling"):
        return "ruling"
    return "notice"


@transaction.atomic
def document_serve(*, actor: Actor, document: Document) -> list[Any]:
    """Serve the signed document through the service app: on its recipient, or on every party of a decision."""
    from smartcourt.service.services import service_task_create

    document = Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
    _require_change(actor, document.case)
    if document.state != DocumentState.SIGNED:
        raise DocumentStateError("文书须先签章才能送达。" if not document.signed_storage_name else "文书已送达。")
    content = blob_read(document.signed_storage_name)
    recipients = [document.recipient] if document.recipient is not None else _parties(document.case)
    dtype = _service_type(document.kind)
    periods = ["civil.appeal.ruling"] if dtype == "ruling" and KINDS[document.kind].appeal_days else None
    tasks = []
    for party in recipients:
        assert party is not None
        tasks.append(
            service_task_create(
                case=document.case, recipient=party, document=content, document_type=dtype, title=document.title,
                actor=actor, origin_ref=f"documents.serve:{document.pk}:{party.pk}", periods=periods,
            )
        )  # fmt: skip
    document.state, document.served_at = DocumentState.SERVED, timezone.now()
    document.save(update_fields=["state", "served_at", "updated_at"])
    case_event_append(
        case=document.case, type=CaseEventType.DOCUMENT_SERVED, actor=actor,
        summary=f"{document.title}交付送达（{len(tasks)}名受送达人）", new={"document": document.pk, "tasks": [t.pk for t in tasks]},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.DOCUMENT_SERVE, target=document, extra={"tasks": len(tasks)})
    return tasks


@transaction.atomic
def document_take_effect(*, actor: Actor, document: Document, on: date | None = None) -> Document:
    """Mark a served judgment, ruling or mediation statement effective (生效): on service when it is final, else when
    the appeal period has run (rules/effect.py, citing its article). Sends `document_took_effect` after commit."""
    from .signals import document_took_effect

    document = Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
    _require_change(actor, document.case)
    spec = KINDS[document.kind]
    if not spec.takes_effect:
        raise DocumentStateError("该文书不是裁判文书，没有生效问题。")
    if document.state != DocumentState.SERVED or document.served_at is None:
        raise DocumentStateError("文书送达后才能登记生效。")
    today = on or timezone.localdate()
    earliest = E.effective_from(kind=spec, served_on=timezone.localtime(document.served_at).date())
    if today < earliest:
        raise DocumentStateError(
            f"上诉期尚未届满（{E.basis_text(spec)}），{earliest:%Y年%m月%d日}起方可登记生效；当事人上诉的，不生效。"
        )
    document.state, document.effective_on = DocumentState.EFFECTIVE, today
    document.save(update_fields=["state", "effective_on", "updated_at"])
    case_event_append(
        case=document.case, type=CaseEventType.DOCUMENT_EFFECTIVE, actor=actor,
        summary=f"{document.title}于{today:%Y年%m月%d日}发生法律效力（{E.basis_text(spec)}）",
        new={"document": document.pk, "effective_on": today.isoformat()},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.DOCUMENT_EFFECTIVE, target=document)
    transaction.on_commit(lambda: document_took_effect.send(sender=Document, document=document))
    return document


def may(actor: Actor, document: Document, action: Action) -> bool:
    return allows(user=actor, resource=Resource.DOCUMENT, action=action, obj=document.case)
