"""The one entry point (`service_task_create`), attempts on the electronic channels, the legal moment of
service, the certificate and the periods that start from service; read receipts."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from smartcourt.cases.selectors import PartyRole
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.intake import sniff
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.selectors import SYSTEM
from smartcourt.jobs.handoff import handoff_emit
from smartcourt.legaltime.selectors import calendar_load, deadline_due, deadline_rule_get

from .. import integration
from ..models import (
    ELECTRONIC_CHANNELS,
    AttemptState,
    Channel,
    DocumentType,
    ServiceAddress,
    ServiceAttempt,
    ServiceBatch,
    ServiceDeadline,
    ServiceEventType,
    ServiceTask,
    TaskState,
)
from ..pdf import certificate_pdf
from ..rules import citations as C
from ..rules import moment as M
from ..rules import plan as P

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseParty
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import User

    from ..channels import Dispatch

from .addresses import _current_address, _facts, policy_channels
from .common import (
    MAX_DOCUMENT_BYTES,
    ServiceConflict,
    ServiceInputError,
    _bump,
    _event,
    _locked,
)
from .links import LINK_FIELDS, link_secrets_issue

# --- the one entry point ------------------------------------------------------------------------------------------


def _default_periods(case: Case, party: CaseParty, document_type: str) -> list[str]:
    if document_type == DocumentType.COMPLAINT_COPY and party.role == PartyRole.DEFENDANT:
        return ["civil.defence"]  # 民诉法 Art. 128: 15 days from receiving the complaint copy
    if document_type == DocumentType.JUDGMENT and case.type_code.endswith("初"):
        return ["civil.appeal.judgment"]  # 民诉法 Art. 171(1): 15 days from service of the judgment
    return []


def _document_check(document: bytes) -> None:
    if not document:
        raise ServiceInputError("送达文书为空。", field="document")
    if len(document) > MAX_DOCUMENT_BYTES:
        raise ServiceInputError("送达文书超过20MB，请压缩后重试。", field="document")
    if sniff.kind_of(document[: sniff.HEAD_BYTES]) != "pdf":
        raise ServiceInputError("送达文书须为 PDF 文件。", field="document")


def _task_build(
    *,
    case: Case,
    recipient: CaseParty,
    document: bytes,
    document_type: str,
    title: str,
    actor: Actor,
    origin_ref: str,
    batch: ServiceBatch | None,
    periods: list[str] | None,
    policy: tuple[tuple[str, ...], dict[str, int]],
    address: ServiceAddress | None,
) -> ServiceTask:
    if recipient.case_id != case.pk:
        raise ServiceInputError("受送达人不是本案当事人。", field="recipient")
    if document_type not in DocumentType.values:
        raise ServiceInputError("未知的文书类型。", field="document_type")
    title = (title or "").strip()
    if not title:
        raise ServiceInputError("请填写送达文书名称。", field="title")
    _document_check(document)
    for code in periods or []:
        deadline_rule_get(code=code)  # an unknown rule code is a programming error of the caller: fail loudly
    plan = P.plan_channels(
        policy_channels=policy[0],
        document_type=document_type,
        procedure=case.procedure,
        recipient=_facts(address, recipient),
    )
    if not plan.channels:
        raise ServiceInputError(
            f"{recipient.person.name}没有可用的送达方式：" + "".join(plan.notes) + "请先录入送达地址确认书。",
            field="recipient",
        )
    stored = blob_store(content=document, ext="pdf")
    sha, name = stored.sha256, stored.name
    task = ServiceTask.objects.create(
        court_id=case.court_id,
        case=case,
        party=recipient,
        person_id=recipient.person_id,
        address=address,
        batch=batch,
        document_type=document_type,
        title=title[:120],
        document_sha256=sha,
        document_storage_name=name,
        document_size=len(document),
        plan=list(plan.channels),
        plan_notes=list(plan.notes)
        + [
            f"periods:{c}"
            for c in (periods if periods is not None else _default_periods(case, recipient, document_type))
        ],
        state=TaskState.PENDING,
        created_by=actor_user(actor),
        origin_ref=origin_ref,
    )
    _event(
        task=task,
        kind=ServiceEventType.TASK_CREATED,
        actor=actor,
        summary=f"创建送达任务：{title}送达{recipient.person.name}，渠道顺序：" + " → ".join(P.LABELS[c] for c in plan.channels),
        payload={"document_sha256": sha, "plan": list(plan.channels), "notes": list(plan.notes),
                 "address": address.pk if address else None},
    )  # fmt: skip
    _attempt_start(task, actor=actor)
    return task


@transaction.atomic
def service_task_create(
    *,
    case: Case,
    recipient: CaseParty,
    document: bytes,
    document_type: str,
    title: str,
    actor: Actor,
    origin_ref: str = "",
    periods: list[str] | None = None,
) -> ServiceTask:
    """Create one service task (see the module docstring). `document` is the PDF to serve; `periods` overrides the
    deadline rules that start on service (default: defence period for a complaint copy to a defendant, appeal
    period for a first-instance judgment; pass e.g. ["civil.appeal.ruling"] for an appealable ruling)."""
    if origin_ref:
        existing = ServiceTask.objects.filter(origin_ref=origin_ref).first()
        if existing is not None:
            return existing
    address = _current_address(recipient.person_id)
    task = _task_build(
        case=case, recipient=recipient, document=document, document_type=document_type, title=title, actor=actor,
        origin_ref=origin_ref, batch=None, periods=periods, policy=policy_channels(case.court), address=address,
    )  # fmt: skip
    case_event_append(
        case=case,
        type=CaseEventType.SERVICE_TASK_CREATED,
        actor=actor,
        summary=f"向{recipient.get_role_display()}{recipient.person.name}送达{task.title}（{P.LABELS[task.plan[0]]}优先）",
        new={"task": task.pk},
    )
    audit_record(actor=actor, action=AuditAction.SERVICE_TASK_CREATE, target=task, extra={"case": case.number})
    return task


def service_reach_problem(*, case: Case, recipient: CaseParty, document_type: str) -> str:
    """Why `recipient` could not be served a document of `document_type` now ("" when a channel exists): the check
    `service_task_create` makes, for a caller that produces the document later (the hearing's summons is signed in
    the background and must say at scheduling which party cannot be reached)."""
    address = _current_address(recipient.person_id)
    plan = P.plan_channels(
        policy_channels=policy_channels(case.court)[0], document_type=document_type, procedure=case.procedure,
        recipient=_facts(address, recipient),
    )  # fmt: skip
    if plan.channels:
        return ""
    return f"{recipient.person.name}没有可用的送达方式：" + "".join(plan.notes) + "请先录入送达地址确认书。"


def task_periods(task: ServiceTask) -> list[str]:
    return [n.split(":", 1)[1] for n in task.plan_notes if n.startswith("periods:")]


# --- attempts -----------------------------------------------------------------------------------------------------


def _target_for(task: ServiceTask, channel: str) -> tuple[str, bool]:
    a = task.address
    confirmed = bool(a and a.confirmed)
    if channel == Channel.PLATFORM:
        return (_platform_address(a.platform_user) if a and a.platform_user else ""), confirmed
    if channel == Channel.SMS:
        return (a.mobile if a else ""), confirmed
    if channel == Channel.EMAIL:
        return (a.email if a else ""), confirmed
    if channel in (Channel.POST, Channel.IN_PERSON):
        if a and a.postal_address:
            return a.postal_address, confirmed
        return task.party.service_address or task.person.address, False
    return "", False


def _platform_address(user: User) -> str:
    """The platform account as the service certificate's 送达地址 names it: the holder and the account's phone,
    masked (在线诉讼规则 Art. 29: the address the recipient confirmed) — never a login name."""
    phone = f"，手机{_mask(user.phone)}" if getattr(user, "phone", "") else ""
    return f"诉讼服务平台账户（{user.get_full_name() or '受送达人'}{phone}）"


def _attempt_start(task: ServiceTask, *, actor: Actor) -> ServiceAttempt:
    channel = task.current_channel
    target, confirmed = _target_for(task, channel)
    seq = (task.attempts.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    attempt = ServiceAttempt.objects.create(
        task=task, seq=seq, channel=channel, target=target, confirmed_address=confirmed,
        actor=actor_user(actor),
    )  # fmt: skip
    if channel in ELECTRONIC_CHANNELS:
        # Durable: the hand-off commits with the attempt, so no attempt waits unsent because a broker hiccup lost
        # its enqueue (or failed the request after the commit). A one-time link and its code are made only when the
        # message is sent (`service_attempt_dispatch`) and never stored in clear (ADR 0015).
        handoff_emit(event="service.attempt_started", payload={"attempt_id": attempt.pk})
        summary = f"第{seq}次送达：{P.LABELS[channel]}，发往{_mask(target)}"
    elif channel == Channel.POST:
        summary = f"第{seq}次送达：邮寄送达（法院专递）至{target}，待登记邮件号"
    elif channel == Channel.IN_PERSON:
        summary = f"第{seq}次送达：直接送达至{target}，待送达人现场记录"
    else:
        summary = f"第{seq}次送达：公告送达（{C.PUBLIC_NOTICE}），待登记公告发出日期"
    _event(task=task, attempt=attempt, kind=ServiceEventType.ATTEMPT_STARTED, actor=actor, summary=summary,
           payload={"channel": channel, "target": target, "confirmed_address": confirmed})  # fmt: skip
    if task.state != TaskState.IN_PROGRESS:
        task.state = TaskState.IN_PROGRESS
        _bump(task, "state")
    return attempt


def _mask(target: str) -> str:
    if re.fullmatch(r"\d{11}", target or ""):
        return target[:3] + "****" + target[-4:]
    if "@" in (target or ""):
        name, _, domain = target.partition("@")
        return name[:2] + "***@" + domain
    return target


def _advance(task: ServiceTask, *, actor: Actor, reason: str) -> None:
    """Move to the next channel of the plan; with none left the task is 送达未果 (staff decide what next)."""
    task.step += 1
    if task.step >= len(task.plan):
        task.state = TaskState.EXHAUSTED
        _bump(task, "step", "state")
        _event(task=task, kind=ServiceEventType.TASK_EXHAUSTED, actor=actor, summary=f"各送达渠道均未成功：{reason}")
        case_event_append(
            case=task.case,
            type=CaseEventType.SERVICE_EXHAUSTED,
            actor=actor,
            summary=f"{task.title}向{task.person.name}送达未果（已尝试：{'、'.join(P.LABELS[c] for c in task.plan)}）",
            new={"task": task.pk},
        )
        return
    _bump(task, "step")
    _event(task=task, kind=ServiceEventType.TASK_NEXT_CHANNEL, actor=actor,
           summary=f"转下一送达渠道：{P.LABELS[task.current_channel]}（原因：{reason}）")  # fmt: skip
    _attempt_start(task, actor=actor)


def _attempt_open(task: ServiceTask, channel: str | None = None) -> ServiceAttempt:
    attempt = (
        task.attempts.select_for_update()
        .filter(state__in=[AttemptState.AWAITING, AttemptState.DELIVERED])
        .order_by("-seq")
        .first()
    )
    if attempt is None or (channel is not None and attempt.channel != channel):
        want = P.LABELS.get(channel or "", "该渠道")
        raise ServiceConflict(f"该任务当前不在{want}环节（当前：{task.get_state_display()}），请刷新后重试。")
    return attempt


def service_attempt_dispatch(*, attempt_id: int, link: str = "") -> None:
    """Send an electronic attempt (runs after commit, from the "service" queue): claim it, send, record.

    An SMS / e-mail attempt gets its one-time link and code here, in the claim's transaction (only their hashes are
    stored); the message is written to the outbox with both sealed and only the provider receives them (ADR 0015).
    `link` is ignored (the argument of jobs queued before: a link is never passed around)."""
    from ..channels import ADAPTERS

    code = ""
    with transaction.atomic():
        attempt = ServiceAttempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.sent_at is not None or attempt.state != AttemptState.AWAITING:
            return  # already dispatched (a retried or duplicated job sends nothing twice)
        attempt.sent_at = timezone.now()
        fields = ["sent_at", "updated_at"]
        if attempt.channel in (Channel.SMS, Channel.EMAIL):
            issued = link_secrets_issue(attempt)
            link, code = issued.link, issued.code
            fields += LINK_FIELDS
        else:
            link = reverse("service:inbox_detail", args=[attempt.task_id])
        attempt.save(update_fields=fields)
    attempt = ServiceAttempt.objects.select_related(
        "task__case", "task__court", "task__person", "task__address__platform_user"
    ).get(pk=attempt_id)
    result = ADAPTERS[attempt.channel].dispatch(task=attempt.task, attempt=attempt, link=link, code=code)
    service_attempt_dispatched(attempt=attempt, result=result)


@transaction.atomic
def service_attempt_dispatched(*, attempt: ServiceAttempt, result: Dispatch) -> ServiceTask:
    """Record what a channel adapter reported for one attempt."""
    task = _locked(attempt.task)
    attempt = ServiceAttempt.objects.select_for_update().get(pk=attempt.pk)
    label = P.LABELS[attempt.channel]
    attempt.evidence = {**attempt.evidence, "reference": result.reference, "reports_delivery": result.reports_delivery}
    if result.outcome == "failed":
        attempt.state, attempt.failure_reason, attempt.finished_at = AttemptState.FAILED, result.error[:300], result.at
        attempt.save()
        _event(task=task, attempt=attempt, kind=ServiceEventType.ATTEMPT_FAILED, actor=SYSTEM,
               summary=f"{label}失败：{result.error}", payload={"error": result.error, "reference": result.reference})  # fmt: skip
        if task.state == TaskState.IN_PROGRESS and task.current_channel == attempt.channel:
            _advance(task, actor=SYSTEM, reason=f"{label}失败（{result.error}）")
        return task
    if result.outcome == "delivered":
        attempt.state, attempt.delivered_at = AttemptState.DELIVERED, result.at
        attempt.save()
        _event(task=task, attempt=attempt, kind=ServiceEventType.RECEIPT_DELIVERED, actor=SYSTEM, at=result.at,
               summary=f"{label}：送达信息已到达受送达人{_mask(attempt.target)}所在系统",
               payload={"reference": result.reference, "delivered_at": result.at})  # fmt: skip
    else:
        attempt.save()
        _event(task=task, attempt=attempt, kind=ServiceEventType.ATTEMPT_SENT, actor=SYSTEM, at=result.at,
               summary=f"{label}已发出，通道未回传到达状态，待受送达人查阅", payload={"reference": result.reference})  # fmt: skip
    _electronic_settle(task, actor=SYSTEM)
    return task


def _electronic_settle(task: ServiceTask, *, actor: Actor) -> None:
    """Serve the task if any of its e-attempts is effective (the earliest wins, 在线诉讼规则 Art. 31(4))."""
    if task.state in (TaskState.SERVED, TaskState.CANCELLED):
        return
    candidates: list[tuple[M.Moment, ServiceAttempt]] = []
    for a in task.attempts.filter(channel__in=list(ELECTRONIC_CHANNELS)).exclude(state=AttemptState.FAILED):
        m = M.electronic_moment(
            confirmed_address=a.confirmed_address,
            delivered_at=a.delivered_at,
            read_at=a.read_at,
            provider_reports_delivery=bool(a.evidence.get("reports_delivery", True)),
        )
        if m is not None:
            candidates.append((m, a))
    if not candidates:
        return
    best = M.earliest([m for m, _ in candidates])
    assert best is not None
    attempt = next(a for m, a in candidates if m.at == best.at)
    _serve(task, attempt, best, actor=actor)


def _serve(task: ServiceTask, attempt: ServiceAttempt, moment: M.Moment, *, actor: Actor) -> None:
    """Served: once, at the legal moment, with the article; periods start; the 送达回证 is filed and anchored."""
    if task.state == TaskState.SERVED:
        return
    task.state, task.served_at, task.served_on = TaskState.SERVED, moment.at, moment.on
    task.served_channel, task.served_attempt, task.served_basis = attempt.channel, attempt, list(moment.basis)
    _bump(task, "state", "served_at", "served_on", "served_channel", "served_attempt", "served_basis")
    attempt.state, attempt.finished_at = AttemptState.SERVED, attempt.finished_at or timezone.now()
    attempt.save(update_fields=["state", "finished_at", "updated_at"])
    task.attempts.filter(state__in=[AttemptState.AWAITING, AttemptState.DELIVERED]).exclude(pk=attempt.pk).update(
        state=AttemptState.SUPERSEDED, finished_at=timezone.now()
    )
    when = timezone.localtime(moment.at).strftime("%Y-%m-%d %H:%M")
    receipt = _receipt_text(attempt)
    event = _event(task=task, attempt=attempt, kind=ServiceEventType.SERVED, actor=actor,
                   summary=f"已送达（{P.LABELS[attempt.channel]}），送达时间{when}；{receipt}",
                   payload={"served_at": moment.at, "served_on": moment.on, "channel": attempt.channel,
                            "basis": list(moment.basis)})  # fmt: skip
    case_event_append(
        case=task.case,
        type=CaseEventType.SERVICE_SERVED,
        actor=actor,
        summary=f"{task.title}已送达{task.person.name}（{P.LABELS[attempt.channel]}，{when}）：{receipt}；{moment.basis[0]}",
        new={"task": task.pk, "served_on": moment.on.isoformat(), "channel": attempt.channel, "receipt": event.sha256},
    )
    _deadlines_start(task, actor=actor)
    _certificate_issue(task, actor=actor)
    audit_record(actor=actor, action=AuditAction.SERVICE_SERVED, target=task, extra={"channel": attempt.channel})


def _receipt_text(attempt: ServiceAttempt) -> str:
    if attempt.channel in ELECTRONIC_CHANNELS:
        if attempt.read_at:
            how = "打开送达链接签收" if attempt.channel != Channel.PLATFORM else "登录诉讼平台查阅"
            return f"回执：受送达人于{timezone.localtime(attempt.read_at):%Y-%m-%d %H:%M}{how}"
        return f"回执：系统显示已到达{_mask(attempt.target)}"
    ev = attempt.evidence
    if attempt.channel == Channel.POST:
        return f"回执：邮件{attempt.tracking_number}，{ev.get('outcome_label', '')}{('，签收人' + ev['signer']) if ev.get('signer') else ''}"
    if attempt.channel == Channel.IN_PERSON:
        return f"回执：{ev.get('outcome_label', '')}{('，签收人' + ev['signer']) if ev.get('signer') else ''}，现场照片与定位已存证"
    return f"回执：公告于{attempt.published_on}发出，公告期满视为送达"


def _deadlines_start(task: ServiceTask, *, actor: Actor) -> None:
    codes = task_periods(task)
    if not codes or task.served_on is None:
        return
    calendar = calendar_load()
    for code in codes:
        result = deadline_due(rule=code, start=task.served_on, calendar=calendar)
        lines = [
            f"送达：{task.title}于{task.served_on:%Y年%m月%d日}送达{task.person.name}（{task.served_basis[0]}）",
            *result.explanation,
        ]
        if code.startswith("civil.appeal"):
            lines.append(
                "判决书、裁定书不能同时送达双方当事人的，上诉期从各自收到之日计算（民诉法解释第二百四十四条）。"
            )
        ServiceDeadline.objects.create(
            case=task.case, task=task, party=task.party, rule_code=code, label=result.rule.label,
            start_on=task.served_on, due_on=result.due, explanation=lines, warnings=list(result.warnings),
        )  # fmt: skip
        case_event_append(
            case=task.case,
            type=CaseEventType.SERVICE_PERIOD_STARTED,
            actor=actor,
            summary=f"{task.person.name}的{result.rule.label}自送达次日{task.served_on + timedelta(days=1):%Y-%m-%d}起算，"
            f"{result.due:%Y-%m-%d}届满（{result.rule.citation}；{C.PERIODS}）",
            new={"task": task.pk, "rule": code, "due": result.due.isoformat()},
        )


def _certificate_issue(task: ServiceTask, *, actor: Actor) -> None:
    task = ServiceTask.objects.select_related("case", "court", "party", "person", "served_attempt__actor").get(
        pk=task.pk
    )
    content = certificate_pdf(task)
    stored = blob_store(content=content, ext="pdf")
    sha, name = stored.sha256, stored.name
    integration.certificate_anchor(
        case=task.case, task_id=task.pk, sha256=sha, storage_name=name,
        meta={"case": task.case.number, "document": "送达回证", "task": task.pk},  # public: no names
    )  # fmt: skip
    document_id = integration.certificate_file(
        case=task.case,
        task_id=task.pk,
        title=f"送达回证（{task.title}·{task.person.name}）",
        content=content,
        actor=actor,
    )
    ServiceTask.objects.filter(pk=task.pk).update(
        certificate_sha256=sha, certificate_storage_name=name, certificate_document_id=document_id
    )
