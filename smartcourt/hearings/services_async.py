"""Writes of asynchronous cross-examination (异步质证) and asynchronous trial (非同步审理), ADR 0032.

Each action: one transaction, one case timeline event, one audit row — or nothing when refused (a Chinese reason
naming the article, 在线诉讼规则 Art. 20–21). Consent and opinions are append-only rows (who said what when).

- `async_consent_record`: a party (or its representative, or the court recording a written statement) says whether it
  agrees to asynchronous proceedings;
- `async_round_open`: the judge puts the case's evidence (dossier documents of category 证据) to the parties with a
  deadline the judge sets, counted by legaltime; refused without every party's consent or on a procedure that does not
  allow it; `async_reply_round_open`: a reply round on the same items;
- `async_opinion_submit`: a party's opinion on one item of another party's evidence (or, in a reply round, on any
  item), with an optional attachment filed in the dossier through the file intake; refused after the deadline;
- `async_round_close`: the report (质证报告) PDF compiled, filed in the dossier (which anchors it in the ledger);
- `async_switch_to_hearing`: the judge stops the asynchronous way at any time; open rounds end with their report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.cases.selectors import RUNNING_STATES, case_get_strict
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, allows, permission_require
from smartcourt.dossier.services import dossier_document_add
from smartcourt.legaltime.rules.deadlines import deadline_compute
from smartcourt.legaltime.selectors import calendar_load

from . import pdf
from . import selectors_async as S
from .models import (
    AsyncConsent,
    AsyncEvidence,
    AsyncKind,
    AsyncOpinion,
    AsyncRound,
    AsyncRoundState,
    AsyncStatement,
    AsyncTrialStep,
    TrialStep,
    Verdict,
)
from .pdf_trial import statement_certificate_pdf
from .rules import asynchronous as A

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseParty
    from smartcourt.core.actors import Actor

REPORT_CATEGORY = "hearing_record"  # 庭审笔录 in the volume order: the cross-examination record sits with them
MAX_ITEMS = 200


class AsyncInputError(ApplicationError):
    code = "hearing.async_invalid"
    message = _("异步质证信息有误，请检查后重试。")

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message, extra={"field": field} if field else None)
        if code:
            self.code = code


class AsyncRefused(Conflict):
    """The rule refuses: no consent, a procedure that does not allow it, after the deadline, a round not open."""

    code = "hearing.async_refused"


def _judge_require(actor: Actor, case: Case) -> None:
    permission_require(
        actor=actor, resource=Resource.HEARING, action=Action.CHANGE, obj=case,
        message="您不是本案承办法官、法官助理或书记员，不能组织异步质证。",
    )  # fmt: skip


def _case_running(case: Case) -> None:
    if case.state not in RUNNING_STATES:
        raise AsyncRefused(f"案件当前状态为“{case.get_state_display()}”，不能进行异步质证。")


def _acting_party(*, case: Case, actor: Actor, party_id: int) -> CaseParty:
    """The party `actor` acts for: itself, a party it represents (in force today), or — for the court's staff who
    may change the case's hearings — any party (recording a written statement)."""
    user = actor_user(actor)
    if user is None:
        raise Forbidden("请先登录。")
    mine = {p.pk: p for p in S.parties_acting_for(case=case, user=user)}
    if party_id in mine:
        return mine[party_id]
    if allows(user=user, resource=Resource.HEARING, action=Action.CHANGE, obj=case):
        for p in S.case_parties_all(case=case):
            if p.pk == party_id:
                return p
        raise AsyncInputError("该当事人不属于本案。", field="party")
    raise Forbidden("您不是该当事人或其诉讼代理人，不能代其发表意见。")


def _now() -> datetime:
    return timezone.now()


# --- consent -----------------------------------------------------------------------------------------------------


@transaction.atomic
def async_consent_record(
    *, case: Case, party_id: int, kind: str, consented: bool, actor: Actor, note: str = ""
) -> AsyncConsent:
    """A party's answer on asynchronous proceedings of `kind` (在线诉讼规则 Art. 20–21; Art. 4–5)."""
    if kind not in AsyncKind.values:
        raise AsyncInputError("未知的异步审理方式。", field="kind")
    case = case_get_strict(case_id=case.pk, lock=True)
    party = _acting_party(case=case, actor=actor, party_id=party_id)
    note = (note or "").strip()[:300]
    row = AsyncConsent.objects.create(
        case=case,
        party=party,
        kind=kind,
        consented=consented,
        given_by=actor_user(actor),
        occurred_at=_now(),
        note=note,
    )
    answer = "同意" if consented else "不同意"
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_CONSENT, actor=actor,
        summary=f"{S.party_label(party)}{answer}以{A.KIND_LABELS[kind]}方式进行（{A.ART_20 if kind == 'evidence' else A.ART_21}）",
        new={"party": party.pk, "kind": kind, "consented": consented},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ASYNC_CONSENT, target=row, extra={"case": case.number})
    return row


# --- rounds --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemIn:
    document_id: int
    submitted_by_id: int


def opinion_deadline(*, opened_on: date, days: int) -> tuple[date, str]:
    """The last day for opinions: `days` after `opened_on`, counted by legaltime (rest days, holidays)."""
    result = deadline_compute(rule=A.OPINION_PERIOD, start=opened_on, calendar=calendar_load(), amount=days)
    return result.due, "\n".join([*result.explanation, *result.warnings])


def _rule_check(case: Case, kind: str) -> None:
    parties = S.case_parties_all(case=case)
    check = A.async_allowed(
        kind=kind, case_kind=case.kind, procedure=case.procedure, consents=S.consent_map(case=case, kind=kind),
        party_names={p.pk: S.party_label(p) for p in parties},
    )  # fmt: skip
    if not check.ok:
        raise AsyncRefused(check.message)
    if kind == AsyncKind.TRIAL:
        closed, disputed = S.disputed_count_of_closed_rounds(case=case)
        facts = A.async_trial_facts_check(evidence_rounds_closed=closed, disputed_items=disputed)
        if not facts.ok:
            raise AsyncRefused(facts.message)


def _days_check(days: int) -> None:
    if not 1 <= days <= 60:
        raise AsyncInputError("质证意见提交期限应为1至60日。", field="days")


@transaction.atomic
def async_round_open(
    *, case: Case, items: list[ItemIn], days: int, actor: Actor, kind: str = AsyncKind.EVIDENCE, instructions: str = ""
) -> AsyncRound:
    """The judge opens a round: the listed evidence of the case's dossier is put to the parties, opinions due
    `days` later (counted by legaltime). Refused without every party's consent, on a procedure that does not allow
    it, with another round still open, or with evidence that is not the case's."""
    case = case_get_strict(case_id=case.pk, lock=True)
    _judge_require(actor, case)
    _case_running(case)
    _days_check(days)
    _rule_check(case, kind)
    if S.round_open_for_case(case=case) is not None:
        raise AsyncRefused("本案已有进行中的异步质证，请先结束该轮。")
    if kind == AsyncKind.EVIDENCE and not items:
        raise AsyncInputError("请至少选择一项证据。", field="items")
    if len(items) > MAX_ITEMS:
        raise AsyncInputError(f"一轮最多{MAX_ITEMS}项证据。", field="items")
    docs = {d: (title, guess) for d, title, guess in S.evidence_candidates(case=case)}
    parties = {p.pk for p in S.case_parties_all(case=case)}
    seen: set[int] = set()
    for it in items:
        if it.document_id not in docs:
            raise AsyncInputError("所选材料不是本案卷宗中的证据。", field="items")
        if it.submitted_by_id not in parties:
            raise AsyncInputError(f"请为“{docs[it.document_id][0]}”选择本案的举证方。", field="items")
        if it.document_id in seen:
            raise AsyncInputError("同一证据不能重复列入。", field="items")
        seen.add(it.document_id)
    opened = _now()
    deadline, basis = opinion_deadline(opened_on=timezone.localdate(opened), days=days)
    number = (
        AsyncRound.objects.filter(case=case).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    user = actor_user(actor)
    if user is None:
        raise Forbidden("请先登录。")
    rnd = AsyncRound.objects.create(
        case=case, court_id=case.court_id, kind=kind, number=number, opened_by=user, opened_at=opened,
        deadline=deadline, deadline_basis=basis, instructions=(instructions or "").strip()[:500],
    )  # fmt: skip
    AsyncEvidence.objects.bulk_create([
        AsyncEvidence(round=rnd, document_id=it.document_id, submitted_by_id=it.submitted_by_id, number=n,
                      title=docs[it.document_id][0][:200])
        for n, it in enumerate(items, start=1)
    ])  # fmt: skip
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_OPENED, actor=actor,
        summary=f"开启第{number}轮{A.KIND_LABELS[kind]}（{len(items)}项证据，{deadline.isoformat()}前提交意见）",
        new={"round": rnd.pk, "items": len(items), "deadline": deadline.isoformat()},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ASYNC_OPEN, target=rnd, extra={"case": case.number})
    return rnd


@transaction.atomic
def async_reply_round_open(*, round: AsyncRound, days: int, actor: Actor) -> AsyncRound:
    """A reply round (回应轮) after a closed round: the same items, each party may answer the others' opinions."""
    case = case_get_strict(case_id=round.case_id, lock=True)
    _judge_require(actor, case)
    _case_running(case)
    _days_check(days)
    parent = AsyncRound.objects.get(pk=round.pk)
    if parent.state != AsyncRoundState.CLOSED:
        raise AsyncRefused("只能在一轮质证结束后开启回应轮。")
    _rule_check(case, parent.kind)
    if S.round_open_for_case(case=case) is not None:
        raise AsyncRefused("本案已有进行中的异步质证，请先结束该轮。")
    opened = _now()
    deadline, basis = opinion_deadline(opened_on=timezone.localdate(opened), days=days)
    number = (
        AsyncRound.objects.filter(case=case).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    user = actor_user(actor)
    if user is None:
        raise Forbidden("请先登录。")
    rnd = AsyncRound.objects.create(
        case=case, court_id=case.court_id, kind=parent.kind, number=number, replies_to=parent, opened_by=user,
        opened_at=opened, deadline=deadline, deadline_basis=basis, instructions=f"对第{parent.number}轮质证意见的回应",
    )  # fmt: skip
    AsyncEvidence.objects.bulk_create([
        AsyncEvidence(round=rnd, document_id=it.document_id, submitted_by_id=it.submitted_by_id, number=it.number,
                      title=it.title)
        for it in parent.items.order_by("number")
    ])  # fmt: skip
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_OPENED, actor=actor,
        summary=f"开启第{number}轮（回应第{parent.number}轮），{deadline.isoformat()}前提交意见",
        new={"round": rnd.pk, "replies_to": parent.pk, "deadline": deadline.isoformat()},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ASYNC_OPEN, target=rnd, extra={"case": case.number})
    return rnd


# --- opinions ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpinionIn:
    authenticity: str
    legality: str
    relevance: str
    authenticity_reason: str = ""
    legality_reason: str = ""
    relevance_reason: str = ""


@dataclass(frozen=True)
class AttachmentIn:
    content: bytes
    filename: str


def _opinion_check(opinion: OpinionIn) -> None:
    for code, label in A.ASPECTS:
        verdict = getattr(opinion, code)
        if verdict not in Verdict.values:
            raise AsyncInputError(f"请就{label}选择“认可”或“不认可”。", field=code)
        reason = (getattr(opinion, f"{code}_reason") or "").strip()
        if verdict == Verdict.DISPUTE and not reason:
            raise AsyncInputError(f"不认可{label}的，请写明理由。", field=f"{code}_reason")
        if len(reason) > 1000:
            raise AsyncInputError(f"{label}意见不能超过1000字。", field=f"{code}_reason")


@transaction.atomic
def async_opinion_submit(
    *, round: AsyncRound, item_id: int, party_id: int, opinion: OpinionIn, actor: Actor,
    attachment: AttachmentIn | None = None,
) -> AsyncOpinion:  # fmt: skip
    """A party's opinion on one item. Refused after the round's deadline (a Chinese reason with the date), on a
    round not open, on the party's own evidence in a first round (it gives opinions on the other side's), and by
    someone who neither is nor represents the party. A revised opinion is a new row; the latest counts."""
    case = case_get_strict(case_id=round.case_id, lock=True)
    rnd = AsyncRound.objects.select_for_update().get(pk=round.pk)
    party = _acting_party(case=case, actor=actor, party_id=party_id)
    if rnd.state != AsyncRoundState.OPEN:
        raise AsyncRefused(f"第{rnd.number}轮质证{rnd.get_state_display()}，不再接收质证意见。")
    today = timezone.localdate()
    if today > rnd.deadline:
        raise AsyncRefused(
            f"质证意见提交期限已于{rnd.deadline.isoformat()}届满（{A.ART_20}，法院指定期限），逾期提交的意见不予接收。"
        )
    item = AsyncEvidence.objects.filter(round=rnd, pk=item_id).first()
    if item is None:
        raise AsyncInputError("该证据不在本轮质证范围内。", field="item")
    if rnd.replies_to_id is None and item.submitted_by_id == party.pk:
        raise AsyncInputError("当事人对对方提交的证据发表质证意见；本方证据请在回应轮中回应对方意见。", field="item")
    _opinion_check(opinion)
    user = actor_user(actor)
    if user is None:
        raise Forbidden("请先登录。")
    document = None
    if attachment is not None and attachment.content:
        document = dossier_document_add(
            case=case, title=f"质证意见附件（证据{item.number}，{S.party_label(party)}）", content=attachment.content,
            filename=attachment.filename, source="upload", actor=actor, submitted_by_party=True,
            note=f"第{rnd.number}轮异步质证",
        )  # fmt: skip
    row = AsyncOpinion.objects.create(
        round=rnd, item=item, party=party, author=user, occurred_at=_now(),
        authenticity=opinion.authenticity, authenticity_reason=opinion.authenticity_reason.strip(),
        legality=opinion.legality, legality_reason=opinion.legality_reason.strip(),
        relevance=opinion.relevance, relevance_reason=opinion.relevance_reason.strip(), attachment=document,
    )  # fmt: skip
    verdicts = "、".join(f"{label}{A.VERDICT_LABELS[getattr(row, code)]}" for code, label in A.ASPECTS)
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_OPINION, actor=actor,
        summary=f"{S.party_label(party)}对证据{item.number}“{item.title[:40]}”发表质证意见：{verdicts}",
        new={"round": rnd.pk, "item": item.pk, "opinion": row.pk, "disputed": row.disputed},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ASYNC_OPINION, target=row, extra={"case": case.number})
    return row


# --- closing, report, switching ------------------------------------------------------------------------------------


def _report(case: Case, rnd: AsyncRound, *, closing_note: str, actor: Actor) -> None:
    """Compile the report of `rnd` (with the rounds it replies to), file it in the dossier (anchored in the ledger)."""
    chain = S.round_chain(round=rnd)
    evidence = S.evidence_views(rounds=chain)
    AsyncTrialStep.objects.filter(round=rnd, closed_at__isnull=True).update(closed_at=_now(), updated_at=_now())
    statements = S.trial_statement_rows(round=rnd) if rnd.kind == AsyncKind.TRIAL else None
    consents = [
        (S.party_label(row.party), "同意" if row.consented else "不同意",
         f"{timezone.localtime(row.occurred_at):%Y-%m-%d %H:%M}（{row.given_by.get_full_name() if row.given_by else '—'}）")
        for row in S.consent_history(case=case).filter(kind=rnd.kind).order_by("occurred_at", "pk")
    ]  # fmt: skip
    title = f"{rnd.get_kind_display()}第{rnd.number}轮" + (f"（回应第{chain[-2].number}轮）" if len(chain) > 1 else "")
    content = pdf.cross_examination_report_pdf(
        case=case, round_title=title, court_name=case.court.name,
        opened_at=f"{timezone.localtime(rnd.opened_at):%Y-%m-%d %H:%M}", deadline=rnd.deadline.isoformat(),
        closed_at=f"{timezone.localtime(rnd.closed_at):%Y-%m-%d %H:%M}" if rnd.closed_at else "",
        closing_note=closing_note, evidence=evidence, consents=consents, rule_text=A.RULE_TEXT, statements=statements,
    )  # fmt: skip
    name = "非同步审理记录" if rnd.kind == AsyncKind.TRIAL else "质证报告"
    document = dossier_document_add(
        case=case, title=f"{name}（第{rnd.number}轮）", content=content, filename=f"{name}-第{rnd.number}轮.pdf",
        source="generated", actor=actor, category=REPORT_CATEGORY, origin_ref=f"hearings.async_round:{rnd.pk}",
    )  # fmt: skip
    rnd.report = document
    rnd.save(update_fields=["report", "updated_at"])


@transaction.atomic
def async_round_close(*, round: AsyncRound, actor: Actor, note: str = "") -> AsyncRound:
    """End an open round (at or after its deadline, or earlier when the judge decides): the report is compiled and
    filed in the dossier, where it is anchored in the ledger."""
    case = case_get_strict(case_id=round.case_id, lock=True, with_court=True)
    _judge_require(actor, case)
    rnd = AsyncRound.objects.select_for_update().get(pk=round.pk)
    if rnd.state != AsyncRoundState.OPEN:
        raise AsyncRefused(f"第{rnd.number}轮质证{rnd.get_state_display()}。")
    rnd.state, rnd.closed_at = AsyncRoundState.CLOSED, _now()
    rnd.save(update_fields=["state", "closed_at", "updated_at"])
    _report(case, rnd, closing_note=(note or "").strip()[:300], actor=actor)
    disputed = sum(1 for v in S.evidence_views(rounds=S.round_chain(round=rnd)) if v.disputed)
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_CLOSED, actor=actor,
        summary=f"第{rnd.number}轮异步质证结束，生成质证报告（争议证据{disputed}项，提交庭审）",
        new={"round": rnd.pk, "report": rnd.report_id, "disputed": disputed},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ASYNC_CLOSE, target=rnd, extra={"case": case.number})
    return rnd


@transaction.atomic
def async_switch_to_hearing(*, case: Case, actor: Actor, reason: str) -> AsyncRound | None:
    """The judge switches the case to a live hearing (转为开庭审理), at any time: the open round ends (its report, with
    the opinions so far, is filed) and the case's hearings are scheduled as usual."""
    case = case_get_strict(case_id=case.pk, lock=True, with_court=True)
    _judge_require(actor, case)
    reason = (reason or "").strip()
    if not reason:
        raise AsyncInputError("请填写转为开庭审理的理由。", field="reason")
    rnd = AsyncRound.objects.select_for_update().filter(case=case, state=AsyncRoundState.OPEN).first()
    if rnd is not None:
        rnd.state, rnd.closed_at = AsyncRoundState.SWITCHED, _now()
        rnd.save(update_fields=["state", "closed_at", "updated_at"])
        _report(case, rnd, closing_note=f"法官决定转为开庭审理：{reason[:200]}", actor=actor)
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_SWITCHED, actor=actor,
        summary=f"异步质证转为开庭审理：{reason[:120]}", new={"round": rnd.pk if rnd else None},
    )  # fmt: skip
    audit_record(
        actor=actor, action=AuditAction.HEARING_ASYNC_SWITCH, target=rnd, reason=reason[:300],
        extra={"case": case.number},
    )  # fmt: skip
    return rnd


# --- non-synchronous trial steps (非同步审理), issue 16 -------------------------------------------------------------


def clip_kind(content: bytes) -> tuple[str, str] | None:
    """(MIME type, extension) of a video or audio clip, from its first bytes; None when it is not one we accept."""
    head = content[:16]
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm", "webm"
    if head[4:8] == b"ftyp":
        return "video/mp4", "mp4"
    if head.startswith(b"OggS"):
        return "audio/ogg", "ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg", "mp3"
    return None


def statement_deadline(*, opened_on: date, days: int) -> tuple[date, str]:
    result = deadline_compute(rule=A.STATEMENT_PERIOD, start=opened_on, calendar=calendar_load(), amount=days)
    return result.due, "\n".join([*result.explanation, *result.warnings])


@transaction.atomic
def async_trial_step_open(*, round: AsyncRound, step: str, days: int, actor: Actor) -> AsyncTrialStep:
    """The judge opens a step of a non-synchronous trial (陈述与答辩、法庭辩论、最后陈述) with its deadline. Refused on
    an evidence round, a round not open, with another step still open, or a step already held; the consent and
    the Art. 21 conditions are asked again (a party may have withdrawn)."""
    case = case_get_strict(case_id=round.case_id, lock=True)
    _judge_require(actor, case)
    _case_running(case)
    _days_check(days)
    rnd = AsyncRound.objects.select_for_update().get(pk=round.pk)
    if rnd.kind != AsyncKind.TRIAL:
        raise AsyncRefused("异步质证轮次不分庭审环节；请开启非同步审理。")
    if rnd.state != AsyncRoundState.OPEN:
        raise AsyncRefused(f"第{rnd.number}轮{rnd.get_state_display()}。")
    if step not in TrialStep.values:
        raise AsyncInputError("请选择庭审环节。", field="step")
    if AsyncTrialStep.objects.filter(round=rnd, closed_at__isnull=True).exists():
        raise AsyncRefused("请先结束正在进行的庭审环节。")
    if AsyncTrialStep.objects.filter(round=rnd, step=step).exists():
        raise AsyncRefused(f"“{TrialStep(step).label}”环节已经进行过。")
    _rule_check(case, AsyncKind.TRIAL)
    user = actor_user(actor)
    if user is None:
        raise Forbidden("请先登录。")
    opened = _now()
    deadline, basis = statement_deadline(opened_on=timezone.localdate(opened), days=days)
    row = AsyncTrialStep.objects.create(
        round=rnd, step=step, opened_by=user, opened_at=opened, deadline=deadline, deadline_basis=basis
    )
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_OPENED, actor=actor,
        summary=f"非同步审理开始“{row.get_step_display()}”环节，{deadline.isoformat()}前提交陈述（{A.ART_21}）",
        new={"round": rnd.pk, "step": step, "deadline": deadline.isoformat()},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ASYNC_OPEN, target=row, extra={"case": case.number})
    return row


@transaction.atomic
def async_trial_step_close(*, step: AsyncTrialStep, actor: Actor) -> AsyncTrialStep:
    case = case_get_strict(case_id=step.round.case_id, lock=True)
    _judge_require(actor, case)
    row = AsyncTrialStep.objects.select_for_update().get(pk=step.pk)
    if row.closed_at is not None:
        raise AsyncRefused(f"“{row.get_step_display()}”环节已结束。")
    row.closed_at = _now()
    row.save(update_fields=["closed_at", "updated_at"])
    count = AsyncStatement.objects.filter(step=row).count()
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_CLOSED, actor=actor,
        summary=f"非同步审理“{row.get_step_display()}”环节结束（陈述{count}份）", new={"step": row.pk},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ASYNC_CLOSE, target=row, extra={"case": case.number})
    return row


@transaction.atomic
def async_statement_submit(
    *, step: AsyncTrialStep, party_id: int, text: str, actor: Actor, clip: AttachmentIn | None = None
) -> AsyncStatement:
    """A party's statement in an open step: text and/or a video or audio clip. The clip is stored in the file intake
    under its SHA-256 and a certificate naming the hash is filed in the dossier (anchored in the ledger). Refused
    after the step's deadline, on a closed step, empty, or by someone who neither is nor represents the party."""
    case = case_get_strict(case_id=step.round.case_id, lock=True, with_court=True)
    row = AsyncTrialStep.objects.select_for_update().select_related("round").get(pk=step.pk)
    party = _acting_party(case=case, actor=actor, party_id=party_id)
    if row.round.state != AsyncRoundState.OPEN or row.closed_at is not None:
        raise AsyncRefused(f"“{row.get_step_display()}”环节已结束，不再接收陈述。")
    if timezone.localdate() > row.deadline:
        raise AsyncRefused(
            f"“{row.get_step_display()}”环节的陈述期限已于{row.deadline.isoformat()}届满（{A.ART_21}，法院指定期限），"
            "逾期提交的陈述不予接收。"
        )
    text = (text or "").strip()
    if len(text) > 5000:
        raise AsyncInputError("陈述内容不能超过5000字。", field="text")
    content = clip.content if clip is not None else b""
    if not text and not content:
        raise AsyncInputError("请填写陈述内容或上传陈述视频、录音。", field="text")
    user = actor_user(actor)
    if user is None:
        raise Forbidden("请先登录。")
    media: dict[str, object] = {}
    if content:
        if len(content) > A.MAX_CLIP_BYTES:
            raise AsyncInputError("陈述视频或录音不能超过200MB。", field="clip")
        kind = clip_kind(content)
        if kind is None:
            raise AsyncInputError("陈述视频或录音的格式不受支持（支持 WebM、MP4、Ogg、MP3、WAV）。", field="clip")
        blob = blob_store(content=content, ext=kind[1])
        now = timezone.localtime(_now())
        certificate = dossier_document_add(
            case=case, title=f"非同步审理陈述音视频存证说明（{row.get_step_display()}，{S.party_label(party)}）",
            content=statement_certificate_pdf(court_name=case.court.name, rule=f"依据：{A.ART_21}；电子数据以 SHA-256 哈希值存证。", rows=[
                ("案号", case.number), ("庭审环节", f"第{row.round.number}轮非同步审理 · {row.get_step_display()}"),
                ("当事人", S.party_label(party)), ("提交人", user.get_full_name() or user.get_username()),
                ("提交时间", f"{now:%Y-%m-%d %H:%M:%S}"), ("文件", f"{(clip.filename if clip else '')[:80]}（{kind[0]}，{len(content)} 字节）"),
                ("SHA-256", blob.sha256),
            ]),
            filename="非同步审理陈述存证说明.pdf", source="generated", actor=actor, category=REPORT_CATEGORY,
            origin_ref=f"hearings.async_statement:{row.pk}:{party.pk}:{blob.sha256[:16]}",
        )  # fmt: skip
        media = {"media_name": blob.name, "media_sha256": blob.sha256, "media_type": kind[0],
                 "media_size": len(content), "certificate": certificate}  # fmt: skip
    statement = AsyncStatement.objects.create(
        step=row, party=party, author=user, occurred_at=_now(), text=text, **media
    )
    case_event_append(
        case=case, type=CaseEventType.HEARING_ASYNC_OPINION, actor=actor,
        summary=f"{S.party_label(party)}在非同步审理“{row.get_step_display()}”环节提交陈述"
        + ("（含音视频）" if content else ""),
        new={"step": row.pk, "statement": statement.pk, "media_sha256": media.get("media_sha256", "")},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_ASYNC_OPINION, target=statement, extra={"case": case.number})
    return statement
