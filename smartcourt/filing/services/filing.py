"""Writes of the filing wizard (网上立案): drafts, parties, claims, court, facts, evidence, consent, submission.

Every function runs in one transaction, appends one filing event and one audit row; a refusal stores nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.rules.case_numbers import TYPE_CODES
from smartcourt.core.actors import SYSTEM, actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.intake import checks, scan, sniff
from smartcourt.core.intake.errors import FileInfected, FileTooLarge, IntakeRefused
from smartcourt.core.intake.limits import filing_max_bytes, limits_current
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.core.timeline import event_time, vocabulary_member
from smartcourt.courts.permissions import Action, Resource, permission_require
from smartcourt.legaltime.selectors import deadline_due

from ..hooks import identity_verified
from ..models import (
    ConsentStep,
    Evidence,
    Filing,
    FilingChannel,
    FilingEvent,
    FilingEventType,
    FilingParty,
    FilingState,
    OnlineConsent,
)
from ..rules import filing_input, jurisdiction, triage
from ..rules.filing_input import FilingInputError, PartyData, Problem
from ..selectors.filing import FILER_ONLY

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from smartcourt.cases.models import CauseOfAction
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User

EDITABLE = (FilingState.DRAFT, FilingState.CORRECTION)
FILING_KINDS = sniff.DOCUMENT_KINDS  # PDF, JPEG, PNG, DOCX (人民法院在线诉讼规则 Art. 11–13: checked before use)
WIZARD_TYPE_CODES = ("民初",)  # online filing covers civil first instance; other types go to the counter


class FilingProblems(ApplicationError):
    """Several field problems at once (the whole step is refused; nothing stored)."""

    code = "filing.incomplete"

    def __init__(self, problems: list[Problem], message: str = "") -> None:
        super().__init__(
            message or problems[0].message,
            extra={"field": problems[0].field, "problems": [p.as_dict() for p in problems]},
        )
        self.problems = problems


class FilingStateError(Conflict):
    code = "filing.state"


def filing_event_append(
    *,
    filing: Filing,
    type: FilingEventType,
    actor: Actor,
    summary: str,
    payload: dict | None = None,
    public: bool = True,
) -> FilingEvent:
    """Append one event to the filing's timeline (append-only); `type` must be a `FilingEventType`."""
    return FilingEvent.objects.create(
        filing=filing,
        type=vocabulary_member(FilingEventType, type),
        occurred_at=event_time(),
        actor=actor_user(actor),  # None refused; SYSTEM (the kiosk, a hand-off) and the anonymous have no user
        summary=summary[:300],
        payload=payload or {},
        public=public,
    )


def _reference() -> str:
    """A filing reference: WL + date + 6 random digits (not guessable in sequence)."""
    for _ in range(10):
        ref = f"WL{timezone.localdate():%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Filing.objects.filter(reference=ref).exists():
            return ref
    raise RuntimeError("could not draw a free filing reference")


def _code() -> str:
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O/1/I/L: read aloud and typed at a kiosk
    return "".join(secrets.choice(alphabet) for _ in range(6))


def _filer_require(filing: Filing, actor: Actor) -> None:
    """The filer, their authorised lawyer (FILING/CHANGE, OWN) or SYSTEM (the kiosk) writes a filing; court staff
    act on it only through the review services (services.review), each on the filing's timeline."""
    permission_require(actor=actor, resource=Resource.FILING, action=Action.CHANGE, obj=filing, message=FILER_ONLY)


def _locked_for_edit(filing: Filing, actor: Actor) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _filer_require(filing, actor)
    if filing.state not in EDITABLE:
        raise FilingStateError(f"立案申请当前状态为“{filing.get_state_display()}”，不能修改。")
    return filing


@transaction.atomic
def filing_draft_create(*, filer: User | None, channel: str = FilingChannel.ONLINE, lawyer: bool = False) -> Filing:
    """Open a draft complaint (草稿); saved at every step until submitted."""
    filing = Filing.objects.create(
        reference=_reference(), verification_code=_code(), filer=filer, channel=channel, filer_is_lawyer=lawyer
    )
    actor = filer or SYSTEM  # a kiosk draft has no filer: the court's terminal opens it
    filing_event_append(
        filing=filing, type=FilingEventType.DRAFTED, actor=actor, summary="创建立案申请草稿", public=False
    )
    audit_record(actor=actor, action=AuditAction.FILING_DRAFT_CREATE, target=filing)
    return filing


@transaction.atomic
def filing_consent_record(
    *, filing: Filing, user: User, step: str, agreed: bool, person_name: str = ""
) -> OnlineConsent:
    """Record a person's consent (or refusal) to conduct one step online (在线诉讼规则 Art. 4–5); a new answer
    withdraws the previous one, which stays on record."""
    if step not in ConsentStep.values:
        raise FilingInputError("未知的诉讼环节。", field="consent")
    now = timezone.now()
    OnlineConsent.objects.filter(user=user, filing=filing, step=step, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    consent = OnlineConsent.objects.create(
        user=user,
        person_name=person_name or user.get_full_name(),
        filing=filing,
        case=filing.case,
        step=step,
        agreed=agreed,
    )
    label = ConsentStep(step).label
    filing_event_append(
        filing=filing,
        type=FilingEventType.CONSENT_RECORDED,
        actor=user,
        summary=f"{'同意' if agreed else '不同意'}{label}（人民法院在线诉讼规则第四条）",
        payload={"step": step, "agreed": agreed},
    )
    audit_record(actor=user, action=AuditAction.FILING_CONSENT, target=filing, extra={"step": step, "agreed": agreed})
    return consent


@transaction.atomic
def filing_basics_set(*, filing: Filing, actor: Actor, type_code: str, cause: CauseOfAction | None) -> Filing:
    filing = _locked_for_edit(filing, actor)
    if type_code not in WIZARD_TYPE_CODES:
        raise FilingInputError("网上立案目前受理民事一审案件；其他类型请到立案窗口办理。", field="type_code")
    if cause is None:
        raise FilingInputError("请选择案由。", field="cause")
    if cause.kind != TYPE_CODES[type_code][1]:
        raise FilingInputError(f"案由“{cause.name}”不是民事案由。", field="cause")
    if not cause.selectable:
        raise FilingInputError(f"“{cause.name}”是案由分类，请选择其下具体的案由。", field="cause")
    filing.type_code, filing.cause = type_code, cause
    filing.save(update_fields=["type_code", "cause", "updated_at"])
    filing_event_append(
        filing=filing, type=FilingEventType.BASICS_SET, actor=actor, summary=f"案由：{cause.name}", public=False
    )
    audit_record(actor=actor, action=AuditAction.FILING_BASICS_SET, target=filing)
    return filing


def _party_from(data: PartyData) -> dict[str, Any]:
    return {
        "role": data.role,
        "kind": data.kind,
        "name": data.name.strip(),
        "id_number": data.id_number.strip().upper(),
        "credit_code": data.credit_code.strip().upper(),
        "phone": data.phone.strip(),
        "address": data.address.strip(),
        "legal_representative": data.legal_representative.strip(),
    }


@transaction.atomic
def filing_parties_set(*, filing: Filing, actor: Actor, parties: list[PartyData], filer_index: int | None) -> Filing:
    """Replace the parties; every party is checked (names, GB 11643 / GB 32100 checksums, phones, addresses) and
    one bad field refuses the whole step. A complaint needs a plaintiff and a defendant (民诉法 Art. 122)."""
    filing = _locked_for_edit(filing, actor)
    problems: list[Problem] = []
    for n, party in enumerate(parties):
        problems.extend(filing_input.party_problems(party, prefix=f"parties.{n}."))
    if not any(p.role == "plaintiff" for p in parties):
        problems.append(Problem("parties", f"请至少填写一名原告（{filing_input.ART_122}第（一）项）。"))
    if not any(p.role == "defendant" for p in parties):
        problems.append(
            Problem("parties", f"起诉须有明确的被告，请至少填写一名被告（{filing_input.ART_122}第（二）项）。")
        )
    seen: set[str] = set()
    for n, party in enumerate(parties):
        key = (party.id_number or party.credit_code).strip().upper()
        if key and key in seen:
            problems.append(Problem(f"parties.{n}.id_number", f"{party.name}：证件号码与其他当事人重复。"))
        seen.add(key)
    if problems:
        raise FilingProblems(problems)
    filing.parties.all().delete()
    positions: dict[str, int] = {}
    for n, party in enumerate(parties):
        positions[party.role] = positions.get(party.role, 0) + 1
        FilingParty.objects.create(
            filing=filing, position=positions[party.role], is_filer=(n == filer_index), **_party_from(party)
        )
    filing.save(update_fields=["updated_at"])
    names = "、".join(p.name for p in parties)
    filing_event_append(
        filing=filing, type=FilingEventType.PARTIES_SET, actor=actor, summary=f"当事人：{names}", public=False
    )
    audit_record(actor=actor, action=AuditAction.FILING_PARTIES_SET, target=filing)
    return filing


@dataclass(frozen=True)
class ClaimIn:
    text: str
    amount: str = ""


@transaction.atomic
def filing_claims_set(
    *,
    filing: Filing,
    actor: Actor,
    claims: list[ClaimIn],
    performance_place: str = "",
    foreign_element: bool = False,
) -> Filing:
    """Claims (诉讼请求) with amounts in yuan; the total is the amount in dispute (诉讼标的额)."""
    filing = _locked_for_edit(filing, actor)
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    total: Decimal | None = None
    for n, claim in enumerate(claims):
        text = claim.text.strip()
        if not text and not claim.amount.strip():
            continue
        try:
            amount = filing_input.claim_amount_parse(
                claim.amount, field=f"claims.{n}.amount", label=f"第{n + 1}项请求的金额"
            )
        except FilingInputError as exc:
            problems.append(Problem(exc.field, str(exc.message)))
            continue
        if not text:
            problems.append(Problem(f"claims.{n}.text", f"第{n + 1}项请求只填了金额，请写明请求内容。"))
        if len(text) > 500:
            problems.append(Problem(f"claims.{n}.text", f"第{n + 1}项请求过长（不超过500字）。"))
        rows.append({"text": text, "amount": None if amount is None else f"{amount:.2f}"})
        if amount is not None:
            total = (total or Decimal("0")) + amount
    if not rows and not problems:
        problems.append(Problem("claims", f"请填写具体的诉讼请求（{filing_input.ART_122}第（三）项）。"))
    if len(performance_place) > 100:
        problems.append(Problem("performance_place", "合同履行地过长（不超过100字）。"))
    if problems:
        raise FilingProblems(problems)
    filing.claims, filing.claim_amount = rows, total
    filing.performance_place, filing.foreign_element = performance_place.strip(), foreign_element
    filing.save(update_fields=["claims", "claim_amount", "performance_place", "foreign_element", "updated_at"])
    filing_event_append(
        filing=filing,
        type=FilingEventType.CLAIMS_SET,
        actor=actor,
        summary=f"诉讼请求{len(rows)}项，标的额{total if total is not None else '无'}",
        public=False,
    )
    audit_record(actor=actor, action=AuditAction.FILING_CLAIMS_SET, target=filing)
    return filing


def jurisdiction_for(filing: Filing, courts: list[jurisdiction.CourtInfo]) -> jurisdiction.JurisdictionResult:
    defendants = [p.address for p in filing.parties.all() if p.role == "defendant" and p.address]
    return jurisdiction.jurisdiction_suggest(
        courts=courts,
        defendant_addresses=defendants,
        performance_place=filing.performance_place,
        cause_name=filing.cause.name if filing.cause else "",
        amount=filing.claim_amount,
        foreign_party=filing.foreign_element,
    )


def court_infos() -> list[jurisdiction.CourtInfo]:
    from smartcourt.courts.selectors import court_list

    return [
        jurisdiction.CourtInfo(c.pk, c.code, c.name, c.level, c.region)
        for c in court_list().only("id", "code", "name", "level", "region")
    ]


@transaction.atomic
def filing_court_set(*, filing: Filing, actor: Actor, court: Court | None) -> Filing:
    """Choose the court; refused where it has no territorial or level jurisdiction (民诉法 Art. 22–24)."""
    filing = _locked_for_edit(filing, actor)
    if court is None:
        raise FilingInputError("请选择受诉法院。", field="court")
    result = jurisdiction_for(filing, court_infos())
    info = jurisdiction.CourtInfo(court.pk, court.code, court.name, court.level, court.region)
    problem = jurisdiction.jurisdiction_problem(result, info)
    if problem:
        raise FilingInputError(problem, field="court", code="filing.no_jurisdiction")
    basis = next(s.basis.key for s in result.suggestions if s.court.id == court.pk)
    filing.court, filing.jurisdiction_basis = court, basis
    filing.save(update_fields=["court", "jurisdiction_basis", "updated_at"])
    filing_event_append(
        filing=filing,
        type=FilingEventType.COURT_SET,
        actor=actor,
        summary=f"受诉法院：{court.name}（{jurisdiction.BASES[basis].label}，{jurisdiction.BASES[basis].citation}）",
        public=False,
    )
    audit_record(actor=actor, action=AuditAction.FILING_COURT_SET, target=filing)
    return filing


@transaction.atomic
def filing_facts_set(*, filing: Filing, actor: Actor, facts: str) -> Filing:
    filing = _locked_for_edit(filing, actor)
    text = (facts or "").strip()
    if len(text) < 20:
        raise FilingInputError(f"请写明事实与理由，不少于20字（{filing_input.ART_124}第（三）项）。", field="facts")
    if len(text) > 20000:
        raise FilingInputError("事实与理由过长（不超过2万字），详细内容可作为证据材料上传。", field="facts")
    filing.facts = text
    filing.save(update_fields=["facts", "updated_at"])
    filing_event_append(
        filing=filing, type=FilingEventType.FACTS_SET, actor=actor, summary="填写事实与理由", public=False
    )
    audit_record(actor=actor, action=AuditAction.FILING_FACTS_SET, target=filing)
    return filing


def _max_upload_bytes() -> int:
    return filing_max_bytes()


def evidence_add(
    *, filing: Filing, actor: Actor, upload: UploadedFile, title: str, source: str = "", purpose: str = ""
) -> Evidence:
    """Check an upload by its bytes (never its name), scan it, store it by SHA-256 and list it as evidence.
    A PDF is refused now if the dossier could not file it after acceptance (corrupt, encrypted, too many pages)."""
    title = (title or "").strip() or (upload.name or "").rsplit(".", 1)[0][:120]
    if not title:
        raise FilingInputError("请填写证据名称。", field="evidence.title")
    name = upload.name or ""
    max_bytes = _max_upload_bytes()
    if (upload.size or 0) > max_bytes:  # refuse before reading a byte of it
        verdict = sniff.sniff(b"", name=name, size=upload.size or 0, kinds=FILING_KINDS, max_bytes=max_bytes)
        raise FilingInputError(verdict.refusal, field="evidence.file", code="filing.upload_too_large")
    upload.seek(0)
    content = upload.read()
    try:
        verdict = checks.content_check(
            content, filename=name, kinds=FILING_KINDS, max_bytes=max_bytes, limits=limits_current(),
            decode_images=False,  # photos are taken as they are; the dossier decodes them when it files them
        )  # fmt: skip
        result = scan.scan_or_refuse(content=content, filename=name)
    except FileTooLarge as exc:
        raise FilingInputError(str(exc.message), field="evidence.file", code="filing.upload_too_large") from exc
    except FileInfected as exc:
        raise FilingInputError(str(exc.message), field="evidence.file") from exc
    except IntakeRefused as exc:
        raise FilingInputError(str(exc.message), field="evidence.file", code="filing.upload_refused") from exc
    with transaction.atomic():
        filing = _locked_for_edit(filing, actor)
        blob = blob_store(content=content, ext=verdict.ext)  # content-addressed: the same bytes are stored once
        position = filing.evidence.count() + 1
        item = Evidence.objects.create(
            filing=filing,
            title=title[:120],
            source=source.strip()[:120],
            purpose=purpose.strip()[:300],
            file=blob.name,
            original_name=name[:200],
            content_type=verdict.content_type,
            size=blob.size,
            sha256=blob.sha256,
            scan_status=result.status,
            scan_note=result.note,
            position=position,
        )
        filing_event_append(
            filing=filing,
            type=FilingEventType.EVIDENCE_ADDED,
            actor=actor,
            summary=f"上传证据：{item.title}",
            payload={"sha256": blob.sha256, "scan": result.status},
            public=False,
        )
        audit_record(
            actor=actor,
            action=AuditAction.FILING_EVIDENCE_ADD,
            target=filing,
            extra={"sha256": blob.sha256, "scan": result.note},
        )
    return item


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: Actor) -> None:
    filing = _locked_for_edit(evidence.filing, actor)
    title = evidence.title
    Evidence.objects.filter(pk=evidence.pk, filing=filing).delete()  # the stored bytes stay: content-addressed
    filing_event_append(
        filing=filing, type=FilingEventType.EVIDENCE_REMOVED, actor=actor, summary=f"删除证据：{title}", public=False
    )
    audit_record(actor=actor, action=AuditAction.FILING_EVIDENCE_REMOVE, target=filing)


def _party_data(filing: Filing) -> list[PartyData]:
    return [
        PartyData(p.role, p.kind, p.name, p.id_number, p.credit_code, p.phone, p.address, p.legal_representative)
        for p in filing.parties.all()
    ]


def filing_problems(filing: Filing) -> list[Problem]:
    """What still stops `filing` from being submitted (shown on the preview step)."""
    problems = filing_input.complaint_problems(
        type_code=filing.type_code,
        cause_id=filing.cause_id,
        parties=_party_data(filing),
        claims=filing.claims or [],
        facts=filing.facts,
        court_id=filing.court_id,
        evidence_count=filing.evidence.count(),
    )
    if filing.court_id is not None and filing.parties.exists():
        result = jurisdiction_for(filing, court_infos())
        court = filing.court
        problem = jurisdiction.jurisdiction_problem(
            result, jurisdiction.CourtInfo(court.pk, court.code, court.name, court.level, court.region)
        )
        if problem:
            problems.append(Problem("court", problem))
    return problems


def triage_for(filing: Filing) -> triage.TriageResult:
    parties = list(filing.parties.all())
    court = filing.court
    province = court.code[:1] if court else ""
    return triage.triage_suggest(
        triage.TriageInput(
            cause_name=filing.cause.name if filing.cause else "",
            amount=filing.claim_amount,
            plaintiffs=sum(1 for p in parties if p.role == "plaintiff"),
            defendants=sum(1 for p in parties if p.role == "defendant"),
            foreign_element=filing.foreign_element,
            court_level=court.level if court else "basic",
        ),
        triage.threshold_for(province, timezone.localdate().year),
    )


def review_clock_start(filing: Filing, *, on: Any = None) -> None:
    """Start (or restart) the 7-day review clock (民诉法 Art. 126; 登记立案规定 Art. 7 after corrections)."""
    start = on or timezone.localdate()
    result = deadline_due(rule="civil.filing_review", start=start)
    filing.clock_started_on, filing.review_due_on = start, result.due


@transaction.atomic
def filing_submit(*, filing: Filing, actor: User, signature_name: str, confirm: bool, submission_key: str) -> Filing:
    """Sign and submit the complaint (递交起诉状, 民诉法 Art. 123). Idempotent: the same key returns the same filing;
    racing submissions queue on the row lock and the second sees it already submitted."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _filer_require(filing, actor)
    if filing.submission_key and filing.submission_key == submission_key and filing.state not in EDITABLE:
        return filing  # a double click or a retried request: already done, nothing filed twice
    if filing.state not in EDITABLE:
        raise FilingStateError(
            f"该立案申请已于{timezone.localtime(filing.submitted_at):%Y-%m-%d %H:%M}提交，请勿重复提交。"
        )
    if not identity_verified(actor):
        raise FilingInputError(
            "请先完成实名认证（人民法院在线诉讼规则第七条），认证通过后即可提交。",
            field="identity",
            code="filing.identity_unverified",
        )
    problems = filing_problems(filing)
    if not confirm:
        problems.append(Problem("confirm", "请勾选“本人确认起诉状内容真实，同意在线提交”。"))
    name = (signature_name or "").strip()
    if not name:
        problems.append(Problem("signature_name", "请输入您的姓名作为签名。"))
    elif name != actor.get_full_name():
        problems.append(Problem("signature_name", f"签名须与实名认证的姓名“{actor.get_full_name()}”一致。"))
    if not submission_key or len(submission_key) > 64:
        problems.append(Problem("submission_key", "提交凭据无效，请刷新页面后重试。"))
    if problems:
        raise FilingProblems(problems)
    correcting = filing.state == FilingState.CORRECTION
    now = timezone.now()
    filing.signature_name, filing.signed_at, filing.submitted_at = name, now, now
    filing.submission_key = submission_key if not correcting else f"{submission_key}"
    filing.state = FilingState.SUBMITTED
    review_clock_start(filing)
    suggestion = triage_for(filing)
    filing.triage_suggested, filing.triage_reasons = suggestion.track, suggestion.reasons
    filing.save()
    if correcting:
        filing.corrections.filter(resolved_at__isnull=True).update(resolved_at=now)
    if not filing.consents.filter(step=ConsentStep.FILING, agreed=True, withdrawn_at__isnull=True).exists():
        OnlineConsent.objects.create(
            user=actor, person_name=actor.get_full_name(), filing=filing, step=ConsentStep.FILING, agreed=True
        )
    summary = (
        f"补正后重新提交，审查期限自{filing.clock_started_on:%Y-%m-%d}重新起算（登记立案规定第七条第二款），"
        f"至{filing.review_due_on:%Y-%m-%d}"
        if correcting
        else f"提交起诉状，法院应于{filing.review_due_on:%Y-%m-%d}前决定是否立案（民事诉讼法第一百二十六条）"
    )
    filing_event_append(
        filing=filing,
        type=FilingEventType.RESUBMITTED if correcting else FilingEventType.SUBMITTED,
        actor=actor,
        summary=summary,
        payload={"review_due_on": filing.review_due_on.isoformat(), "signature": name},
    )
    audit_record(actor=actor, action=AuditAction.FILING_SUBMIT, target=filing)
    return filing


@transaction.atomic
def filing_withdraw(*, filing: Filing, actor: User) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _filer_require(filing, actor)
    if filing.state not in (FilingState.DRAFT, FilingState.SUBMITTED, FilingState.CORRECTION, FilingState.RECEIVED):
        raise FilingStateError("该立案申请已有审查结果，不能撤回。")
    old = filing.state
    filing.state = FilingState.WITHDRAWN
    filing.save(update_fields=["state", "updated_at"])
    filing_event_append(
        filing=filing, type=FilingEventType.WITHDRAWN, actor=actor, summary="申请人撤回立案申请", payload={"old": old}
    )
    audit_record(actor=actor, action=AuditAction.FILING_WITHDRAW, target=filing)
    return filing


@transaction.atomic
def filing_kiosk_submit(*, filing: Filing, kiosk_court: Court, signature_name: str) -> Filing:
    """Submit a complaint entered at a 24-hour kiosk (自助立案终端) of `kiosk_court`; the identity number was typed
    and checked (GB 11643) at the terminal. Another court's case becomes a cross-region filing (跨域立案)."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.state != FilingState.DRAFT or filing.channel != FilingChannel.KIOSK:
        raise FilingStateError("该材料已提交，请勿重复提交。")
    problems = filing_problems(filing)
    if not (signature_name or "").strip():
        problems.append(Problem("signature_name", "请输入您的姓名作为签名。"))
    if problems:
        raise FilingProblems(problems)
    now = timezone.now()
    filing.signature_name, filing.signed_at, filing.submitted_at = signature_name.strip(), now, now
    if filing.court_id != kiosk_court.pk:
        filing.receiving_court, filing.channel, filing.state = (
            kiosk_court,
            FilingChannel.CROSS_REGION,
            FilingState.RECEIVED,
        )
        summary = f"在{kiosk_court.name}自助终端提交，由{filing.court.name}管辖，待收件法院核对转交（跨域立案）"
    else:
        filing.state = FilingState.SUBMITTED
        review_clock_start(filing)
        suggestion = triage_for(filing)
        filing.triage_suggested, filing.triage_reasons = suggestion.track, suggestion.reasons
        summary = (
            f"在自助终端提交起诉状，法院应于{filing.review_due_on:%Y-%m-%d}前决定是否立案（民事诉讼法第一百二十六条）"
        )
    filing.save()
    # The court's self-service terminal files for a signed-out visitor: the platform is the actor (shown as 系统).
    filing_event_append(filing=filing, type=FilingEventType.SUBMITTED_KIOSK, actor=SYSTEM, summary=summary)
    audit_record(
        actor=SYSTEM, action=AuditAction.FILING_KIOSK_SUBMIT, target=filing, extra={"kiosk_court": kiosk_court.code}
    )
    return filing


@transaction.atomic
def authorisation_grant(*, filing: Filing, party_user: User, lawyer: User, authority: str = "一般授权") -> Any:
    """A party authorises a verified lawyer for a filing (委托诉讼代理人); the lawyer then sees and edits it and
    becomes the party's representative when the case is registered (the filing review covers the authorisation).
    Once the case is registered this is refused: the party submits a power of attorney on the case instead
    (`cases.services.power_of_attorney_submit`), which the court reviews (民事诉讼法 Art. 62)."""
    from ..models import Authorisation

    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.filer_id != party_user.pk:
        raise Forbidden("只有立案申请人本人可以委托律师。")
    if filing.case_id is not None:
        # Registered: the case's representation, through a power of attorney the court reviews (cases.services).
        raise FilingInputError(
            "本案已立案。立案后委托律师，须向法院提交授权委托书，经法院审查接受后律师方可查阅本案"
            "（民事诉讼法第六十二条）：请在“我的案件”中点击“委托律师”办理。",
            field="lawyer",
        )
    if lawyer.pk == party_user.pk or not lawyer.grants.filter(role="lawyer").exists() or not lawyer.lawyer_licence_no:
        raise FilingInputError("受托人须为已认证执业证号的律师。", field="lawyer")
    if authority not in ("一般授权", "特别授权"):
        raise FilingInputError("代理权限只能是一般授权或特别授权。", field="authority")
    if filing.authorisations.filter(lawyer=lawyer, revoked_at__isnull=True).exists():
        raise FilingInputError(f"已委托{lawyer.get_full_name()}律师。", field="lawyer")
    auth = Authorisation.objects.create(filing=filing, party_user=party_user, lawyer=lawyer, authority=authority)
    filing_event_append(
        filing=filing,
        type=FilingEventType.LAWYER_AUTHORISED,
        actor=party_user,
        summary=f"委托{lawyer.law_firm}{lawyer.get_full_name()}律师为诉讼代理人（{authority}）",
    )
    audit_record(
        actor=party_user, action=AuditAction.FILING_AUTHORISE_LAWYER, target=filing, extra={"lawyer": lawyer.pk}
    )
    return auth
