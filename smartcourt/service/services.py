"""Writes of service of process (送达). Every action: one transaction, its immutable `ServiceEvent`s (each a ledger
leaf), the case timeline event where the case's course changes, one audit row.

The one entry point other apps call (filing, hearings, documents, enforcement):

    service_task_create(case=case, recipient=case_party, document=pdf_bytes, document_type="summons",
                        title="传票", actor=user, origin_ref="hearings.summons:42")

It picks the recipient's confirmed address (carried over from earlier cases), plans the channels from the
court's policy and the law (judgments e-served only with consent …), starts the first channel (after commit) and
returns the task. `origin_ref` makes a repeated call return the same task. When the task is served, the periods
that start from service (答辩期, 上诉期) are computed and stored (`ServiceDeadline`) and the 送达回证 is filed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from smartcourt.cases.models import CaseParty, PartyRole, Person
from smartcourt.cases.rules.deadlines import deadline_compute, rule_get
from smartcourt.cases.services import case_event_append
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.services import audit_record
from smartcourt.courts.permissions import Action, Resource, allows
from smartcourt.courts.selectors import calendar_load

from . import integration
from .models import (
    ELECTRONIC_CHANNELS,
    AttemptState,
    Channel,
    DocumentType,
    ServiceAddress,
    ServiceAttempt,
    ServiceBatch,
    ServiceDeadline,
    ServiceEvent,
    ServicePolicy,
    ServiceTask,
    TaskState,
)
from .pdf import certificate_pdf, document_pdf
from .rules import citations as C
from .rules import moment as M
from .rules import plan as P
from .rules.validation import email_valid, mobile_normalise, mobile_valid

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import Court, User

    from .channels import Dispatch

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
TOKEN_DAYS = 30
DEFENDANT_ROLES = frozenset({PartyRole.DEFENDANT, PartyRole.RESPONDENT, PartyRole.APPELLEE, PartyRole.THIRD_PARTY})


class ServiceInputError(ApplicationError):
    """Bad input for a service action; `field` names the form field."""

    code = "service.invalid"

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message, code=code, extra={"field": field} if field else None)
        self.field = field


class ServiceConflict(Conflict):
    code = "service.conflict"


# --- helpers ------------------------------------------------------------------------------------------------------


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _store(content: bytes, *, folder: str, ext: str) -> tuple[str, str]:
    """Content-addressed storage: the same bytes are stored once."""
    sha = _sha256(content)
    name = f"service/{folder}/{sha[:2]}/{sha}.{ext}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    return sha, name


def event_canonical(*, task_id: int, case_id: int, attempt_seq: int | None, kind: str, occurred_at: datetime,
                    payload: dict[str, Any]) -> str:  # fmt: skip
    """The exact text whose SHA-256 is anchored for a service event (re-computable by any auditor)."""
    body = {
        "attempt": attempt_seq,
        "case": case_id,
        "kind": kind,
        "occurred_at": occurred_at.isoformat(),
        "payload": payload,
        "task": task_id,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _event(
    *,
    task: ServiceTask,
    kind: str,
    summary: str,
    actor: User | None,
    attempt: ServiceAttempt | None = None,
    payload: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> ServiceEvent:
    at = at or timezone.now()
    payload = json.loads(json.dumps(payload or {}, default=str))
    text = event_canonical(
        task_id=task.pk, case_id=task.case_id, attempt_seq=attempt.seq if attempt else None, kind=kind,
        occurred_at=at, payload=payload,
    )  # fmt: skip
    event = ServiceEvent.objects.create(
        task=task,
        attempt=attempt,
        case_id=task.case_id,
        kind=kind,
        occurred_at=at,
        actor=actor if actor is not None and actor.is_authenticated else None,
        summary=summary[:300],
        payload=payload,
        sha256=_sha256(text.encode()),
    )
    integration.event_anchor(event=event)
    return event


def _require(actor: User | None, task: ServiceTask, action: Action = Action.CHANGE) -> None:
    """Staff actions need the SERVICE grant on the task (None = the system itself, e.g. a scheduled job)."""
    if actor is not None and not allows(user=actor, resource=Resource.SERVICE, action=action, obj=task.case):
        raise Forbidden("您无权办理该送达任务。")


def _locked(task: ServiceTask, expected_version: int | None = None) -> ServiceTask:
    """The task, locked until commit: a second clerk acting on it waits here, then sees the first one's result."""
    locked = (
        ServiceTask.objects.select_for_update(of=("self",))
        .select_related("case", "court", "party", "person", "address")
        .get(pk=task.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ServiceConflict("该送达任务已被他人更新（例如已登记回执或转下一渠道），请刷新页面后查看最新状态。")
    return locked


def _bump(task: ServiceTask, *fields: str) -> None:
    task.version += 1
    task.save(update_fields=[*fields, "version", "updated_at"])


def public_url(path: str) -> str:
    base = getattr(settings, "SERVICE_PUBLIC_BASE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


# --- addresses (送达地址确认书) -------------------------------------------------------------------------------------


@dataclass
class AddressIn:
    signed_via: str
    postal_address: str = ""
    postal_code: str = ""
    mobile: str = ""
    email: str = ""
    consent_platform: bool = False
    consent_sms: bool = False
    consent_email: bool = False
    consent_judgments: bool = False
    consent_basis: str = ServiceAddress.ConsentBasis.EXPLICIT
    abroad: bool = False
    paper_scan: bytes | None = None


def _address_validate(person: Person, data: AddressIn, actor: User | None) -> tuple[str, str]:
    if data.signed_via not in ServiceAddress.SignedVia.values:
        raise ServiceInputError("请选择送达地址确认方式。", field="signed_via")
    mobile = mobile_normalise(data.mobile)
    if mobile and not mobile_valid(mobile):
        raise ServiceInputError(f"手机号码“{data.mobile}”无效：应为11位中国大陆手机号码。", field="mobile")
    email = (data.email or "").strip()
    if email and not email_valid(email):
        raise ServiceInputError(f"电子邮箱“{email}”格式无效。", field="email")
    if data.postal_code and not re.fullmatch(r"\d{6}", data.postal_code):
        raise ServiceInputError("邮政编码应为6位数字。", field="postal_code")
    e_any = data.consent_platform or data.consent_sms or data.consent_email
    if e_any and data.consent_basis not in {b for b in ServiceAddress.ConsentBasis.values if b != "none"}:
        raise ServiceInputError(f"同意电子送达须写明同意的依据（{C.ONLINE_CONSENT}第二款）。", field="consent_basis")
    if data.consent_sms and not mobile:
        raise ServiceInputError("同意短信送达须填写手机号码。", field="mobile")
    if data.consent_email and not email:
        raise ServiceInputError("同意电子邮件送达须填写电子邮箱。", field="email")
    if data.consent_platform and person.user_id is None:
        raise ServiceInputError("受送达人尚无诉讼平台账户，不能选择诉讼平台送达。", field="consent_platform")
    if data.consent_judgments and not e_any:
        raise ServiceInputError("同意电子送达裁判文书须至少选择一种电子送达方式。", field="consent_judgments")
    if not (data.postal_address.strip() or mobile or email or data.consent_platform):
        raise ServiceInputError("请至少填写一个送达地址。", field="postal_address")
    if data.signed_via == ServiceAddress.SignedVia.ONLINE and (actor is None or actor.pk != person.user_id):
        raise ServiceInputError("在线签署须由受送达人本人登录诉讼平台完成。", field="signed_via")
    if data.signed_via == ServiceAddress.SignedVia.PAPER:
        scan = data.paper_scan or b""
        if not (scan.startswith(b"%PDF-") or scan.startswith(b"\xff\xd8\xff") or scan.startswith(b"\x89PNG")):
            raise ServiceInputError(
                "纸质签署须上传签名后的送达地址确认书扫描件（PDF、JPEG 或 PNG）。", field="paper_scan"
            )
    return mobile, email


@transaction.atomic
def service_address_confirm(
    *, person: Person, data: AddressIn, actor: User | None, case: Case | None = None
) -> ServiceAddress:
    """Record a 送达地址确认书 (民诉法解释 Art. 136; 在线诉讼规则 Art. 29–30); it supersedes the person's previous one
    and applies to the person's later cases and procedures too (民诉法解释 Art. 137)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    mobile, email = _address_validate(person, data, actor)
    scan_sha = scan_name = ""
    if data.signed_via == ServiceAddress.SignedVia.PAPER and data.paper_scan:
        ext = (
            "pdf"
            if data.paper_scan.startswith(b"%PDF-")
            else ("png" if data.paper_scan.startswith(b"\x89PNG") else "jpg")
        )
        scan_sha, scan_name = _store(data.paper_scan, folder="address", ext=ext)
    now = timezone.now()
    e_any = data.consent_platform or data.consent_sms or data.consent_email
    ServiceAddress.objects.filter(person=person, superseded_at__isnull=True).update(superseded_at=now)
    address = ServiceAddress.objects.create(
        person=person,
        case=case,
        postal_address=data.postal_address.strip(),
        postal_code=data.postal_code,
        mobile=mobile,
        email=email,
        platform_user_id=person.user_id if data.consent_platform else None,
        consent_platform=data.consent_platform,
        consent_sms=data.consent_sms,
        consent_email=data.consent_email,
        consent_judgments=data.consent_judgments,
        consent_basis=data.consent_basis if e_any else ServiceAddress.ConsentBasis.NONE,
        abroad=data.abroad,
        signed_via=data.signed_via,
        signed_at=now,
        paper_sha256=scan_sha,
        paper_storage_name=scan_name,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if case is not None:
        channels = "、".join(
            label
            for ok, label in (
                (data.consent_platform, "诉讼平台"),
                (data.consent_sms, "短信"),
                (data.consent_email, "电子邮件"),
            )
            if ok
        )
        case_event_append(
            case=case,
            type="service.address_confirmed",
            actor=actor,
            summary=f"{person.name}确认送达地址（{address.get_signed_via_display()}）"
            + (f"，同意电子送达：{channels}" if channels else "，未同意电子送达")
            + f"（{C.E_CONSENT}）",
            new={"address": address.pk},
        )
    audit_record(actor=actor, action="service.address_confirm", target=address, extra={"person": person.pk})
    return address


def _current_address(person_id: int) -> ServiceAddress | None:
    return (
        ServiceAddress.objects.filter(person_id=person_id, superseded_at__isnull=True)
        .select_related("platform_user")
        .order_by("-signed_at", "-id")
        .first()
    )


def _facts(address: ServiceAddress | None, party: CaseParty) -> P.RecipientFacts:
    postal = (address.postal_address if address else "") or party.service_address or party.person.address
    if address is None:
        return P.RecipientFacts(postal_address=postal)
    return P.RecipientFacts(
        e_consent=address.consent_basis != ServiceAddress.ConsentBasis.NONE,
        platform_account=address.platform_user_id is not None,
        platform_consent=address.consent_platform,
        mobile=address.mobile,
        mobile_ok=mobile_valid(address.mobile),
        sms_consent=address.consent_sms,
        email=address.email,
        email_ok=email_valid(address.email) if address.email else False,
        email_consent=address.consent_email,
        decisions_consent=address.consent_judgments,
        postal_address=postal,
        abroad=address.abroad,
    )


def policy_channels(court: Court) -> tuple[tuple[str, ...], dict[str, int]]:
    row = ServicePolicy.objects.filter(court=court).first()
    channels = tuple(row.channels) if row and row.channels else P.DEFAULT_CHANNELS
    wait = {**P.DEFAULT_WAIT_DAYS, **(row.wait_days if row else {})}
    return channels, wait


@transaction.atomic
def service_policy_set(
    *, court: Court, channels: list[str], wait_days: dict[str, int], actor: User | None
) -> ServicePolicy:
    """Set a court's service policy (送达策略): the channel order and the days an attempt may wait for a receipt.
    Public notice, when listed, must come last (民诉法 Art. 95: only when the other ways cannot serve)."""
    channels = [c for c in channels if c]
    unknown = [c for c in channels if c not in P.LABELS]
    if unknown or not channels or len(set(channels)) != len(channels):
        raise ServiceInputError(f"渠道应为 {', '.join(P.LABELS)} 中不重复的若干项。", field="channels")
    if P.PUBLIC_NOTICE in channels and channels[-1] != P.PUBLIC_NOTICE:
        raise ServiceInputError("公告送达只能排在最后（民事诉讼法第九十五条）。", field="channels")
    bad = {
        k: v
        for k, v in (wait_days or {}).items()
        if k not in P.DEFAULT_WAIT_DAYS or not isinstance(v, int) or not 1 <= v <= 90
    }
    if bad:
        raise ServiceInputError(
            "等待天数应为1至90的整数，渠道为 platform、sms、email、post、in_person。", field="wait_days"
        )
    row, _ = ServicePolicy.objects.select_for_update().get_or_create(court=court)
    old = {"channels": row.channels, "wait_days": row.wait_days}
    row.channels, row.wait_days = channels, dict(wait_days or {})
    row.updated_by = actor if actor is not None and actor.is_authenticated else None
    row.save()
    audit_record(
        actor=actor,
        action="service.policy_set",
        target=row,
        extra={"old": old, "new": {"channels": channels, "wait_days": row.wait_days}},
    )
    return row


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
    if not document.startswith(b"%PDF-"):
        raise ServiceInputError("送达文书须为 PDF 文件。", field="document")


def _task_build(
    *,
    case: Case,
    recipient: CaseParty,
    document: bytes,
    document_type: str,
    title: str,
    actor: User | None,
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
        rule_get(code)  # an unknown rule code is a programming error of the caller: fail loudly
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
    sha, name = _store(document, folder="documents", ext="pdf")
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
        created_by=actor if actor is not None and actor.is_authenticated else None,
        origin_ref=origin_ref,
    )
    _event(
        task=task,
        kind="task.created",
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
    actor: User | None,
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
        type="service.task_created",
        actor=actor,
        summary=f"向{recipient.get_role_display()}{recipient.person.name}送达{task.title}（{P.LABELS[task.plan[0]]}优先）",
        new={"task": task.pk},
    )
    audit_record(actor=actor, action="service.task_create", target=task, extra={"case": case.number})
    return task


def task_periods(task: ServiceTask) -> list[str]:
    return [n.split(":", 1)[1] for n in task.plan_notes if n.startswith("periods:")]


# --- attempts -----------------------------------------------------------------------------------------------------


def _target_for(task: ServiceTask, channel: str) -> tuple[str, bool]:
    a = task.address
    confirmed = bool(a and a.confirmed)
    if channel == Channel.PLATFORM:
        return (a.platform_user.username if a and a.platform_user else ""), confirmed
    if channel == Channel.SMS:
        return (a.mobile if a else ""), confirmed
    if channel == Channel.EMAIL:
        return (a.email if a else ""), confirmed
    if channel in (Channel.POST, Channel.IN_PERSON):
        if a and a.postal_address:
            return a.postal_address, confirmed
        return task.party.service_address or task.person.address, False
    return "", False


def _attempt_start(task: ServiceTask, *, actor: User | None) -> ServiceAttempt:
    channel = task.current_channel
    target, confirmed = _target_for(task, channel)
    seq = (task.attempts.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    attempt = ServiceAttempt.objects.create(
        task=task, seq=seq, channel=channel, target=target, confirmed_address=confirmed,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )  # fmt: skip
    if channel in ELECTRONIC_CHANNELS:
        link = ""
        if channel in (Channel.SMS, Channel.EMAIL):
            token = secrets.token_urlsafe(24)
            attempt.token_hash = _sha256(token.encode())
            attempt.token_expires_at = timezone.now() + timedelta(days=TOKEN_DAYS)
            attempt.save(update_fields=["token_hash", "token_expires_at", "updated_at"])
            link = public_url(reverse("service:open", args=[token]))
        else:
            link = reverse("service:inbox_detail", args=[task.pk])
        # Kept for a dispatcher that runs without the job's arguments (demo, manual re-dispatch); staff who can read
        # the attempt can read the outbox too, so this discloses nothing more.
        attempt.evidence = {"link": link}
        attempt.save(update_fields=["evidence", "updated_at"])
        from .tasks import service_attempt_dispatch_task

        transaction.on_commit(lambda: service_attempt_dispatch_task.enqueue(attempt_id=attempt.pk, link=link))
        summary = f"第{seq}次送达：{P.LABELS[channel]}，发往{_mask(target)}"
    elif channel == Channel.POST:
        summary = f"第{seq}次送达：邮寄送达（法院专递）至{target}，待登记邮件号"
    elif channel == Channel.IN_PERSON:
        summary = f"第{seq}次送达：直接送达至{target}，待送达人现场记录"
    else:
        summary = f"第{seq}次送达：公告送达（{C.PUBLIC_NOTICE}），待登记公告发出日期"
    _event(task=task, attempt=attempt, kind="attempt.started", actor=actor, summary=summary,
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


def _advance(task: ServiceTask, *, actor: User | None, reason: str) -> None:
    """Move to the next channel of the plan; with none left the task is 送达未果 (staff decide what next)."""
    task.step += 1
    if task.step >= len(task.plan):
        task.state = TaskState.EXHAUSTED
        _bump(task, "step", "state")
        _event(task=task, kind="task.exhausted", actor=actor, summary=f"各送达渠道均未成功：{reason}")
        case_event_append(
            case=task.case,
            type="service.exhausted",
            actor=actor,
            summary=f"{task.title}向{task.person.name}送达未果（已尝试：{'、'.join(P.LABELS[c] for c in task.plan)}）",
            new={"task": task.pk},
        )
        return
    _bump(task, "step")
    _event(task=task, kind="task.next_channel", actor=actor,
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


def service_attempt_dispatch(*, attempt_id: int, link: str) -> None:
    """Send an electronic attempt (runs after commit, from the "service" queue): claim it, send, record."""
    from .channels import ADAPTERS

    with transaction.atomic():
        attempt = ServiceAttempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.sent_at is not None or attempt.state != AttemptState.AWAITING:
            return  # already dispatched (a retried or duplicated job sends nothing twice)
        attempt.sent_at = timezone.now()
        attempt.save(update_fields=["sent_at", "updated_at"])
    attempt = ServiceAttempt.objects.select_related(
        "task__case", "task__court", "task__person", "task__address__platform_user"
    ).get(pk=attempt_id)
    link = link or attempt.evidence.get("link", "")
    result = ADAPTERS[attempt.channel].dispatch(task=attempt.task, attempt=attempt, link=link)
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
        _event(task=task, attempt=attempt, kind="attempt.failed", actor=None,
               summary=f"{label}失败：{result.error}", payload={"error": result.error, "reference": result.reference})  # fmt: skip
        if task.state == TaskState.IN_PROGRESS and task.current_channel == attempt.channel:
            _advance(task, actor=None, reason=f"{label}失败（{result.error}）")
        return task
    if result.outcome == "delivered":
        attempt.state, attempt.delivered_at = AttemptState.DELIVERED, result.at
        attempt.save()
        _event(task=task, attempt=attempt, kind="receipt.delivered", actor=None, at=result.at,
               summary=f"{label}：送达信息已到达受送达人{_mask(attempt.target)}所在系统",
               payload={"reference": result.reference, "delivered_at": result.at})  # fmt: skip
    else:
        attempt.save()
        _event(task=task, attempt=attempt, kind="attempt.sent", actor=None, at=result.at,
               summary=f"{label}已发出，通道未回传到达状态，待受送达人查阅", payload={"reference": result.reference})  # fmt: skip
    _electronic_settle(task, actor=None)
    return task


def _electronic_settle(task: ServiceTask, *, actor: User | None) -> None:
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


def _serve(task: ServiceTask, attempt: ServiceAttempt, moment: M.Moment, *, actor: User | None) -> None:
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
    event = _event(task=task, attempt=attempt, kind="served", actor=actor,
                   summary=f"已送达（{P.LABELS[attempt.channel]}），送达时间{when}；{receipt}",
                   payload={"served_at": moment.at, "served_on": moment.on, "channel": attempt.channel,
                            "basis": list(moment.basis)})  # fmt: skip
    case_event_append(
        case=task.case,
        type="service.served",
        actor=actor,
        summary=f"{task.title}已送达{task.person.name}（{P.LABELS[attempt.channel]}，{when}）：{receipt}；{moment.basis[0]}",
        new={"task": task.pk, "served_on": moment.on.isoformat(), "channel": attempt.channel, "receipt": event.sha256},
    )
    _deadlines_start(task, actor=actor)
    _certificate_issue(task, actor=actor)
    audit_record(actor=actor, action="service.served", target=task, extra={"channel": attempt.channel})


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


def _deadlines_start(task: ServiceTask, *, actor: User | None) -> None:
    codes = task_periods(task)
    if not codes:
        return
    calendar = calendar_load()
    for code in codes:
        result = deadline_compute(rule=code, start=task.served_on, calendar=calendar)
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
            type="service.period_started",
            actor=actor,
            summary=f"{task.person.name}的{result.rule.label}自送达次日{task.served_on + timedelta(days=1):%Y-%m-%d}起算，"
            f"{result.due:%Y-%m-%d}届满（{result.rule.citation}；{C.PERIODS}）",
            new={"task": task.pk, "rule": code, "due": result.due.isoformat()},
        )


def _certificate_issue(task: ServiceTask, *, actor: User | None) -> None:
    task = ServiceTask.objects.select_related("case", "court", "party", "person", "served_attempt__actor").get(
        pk=task.pk
    )
    content = certificate_pdf(task)
    sha, name = _store(content, folder="certificates", ext="pdf")
    integration.certificate_anchor(
        case=task.case, task_id=task.pk, sha256=sha, storage_name=name,
        meta={"case": task.case.number, "title": f"送达回证：{task.title}", "recipient": task.person.name},
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


# --- receipts -----------------------------------------------------------------------------------------------------


def attempt_for_token(token: str) -> ServiceAttempt | None:
    if not token or len(token) > 100:
        return None
    return (
        ServiceAttempt.objects.select_related("task__case", "task__court", "task__person")
        .filter(token_hash=_sha256(token.encode()))
        .first()
    )


@transaction.atomic
def service_receipt_read(*, attempt: ServiceAttempt, actor: User | None, via: str) -> ServiceTask:
    """The recipient opened the documents (one-time link, or the platform inbox): a read receipt (已阅知)."""
    task = _locked(attempt.task)
    attempt = ServiceAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.read_at is not None:
        return task  # one receipt per attempt; opening again changes nothing
    if attempt.state == AttemptState.FAILED:
        raise ServiceConflict("该送达已失败，请登录诉讼平台查看。")
    attempt.read_at = timezone.now()
    if attempt.channel in (Channel.SMS, Channel.EMAIL):
        attempt.token_expires_at = attempt.read_at  # the link is single-use
    attempt.save()
    where = {"link": "打开送达链接并签收", "inbox": "登录诉讼平台查阅"}.get(via, via)
    _event(task=task, attempt=attempt, kind="receipt.read", actor=actor,
           summary=f"受送达人{where}（{P.LABELS[attempt.channel]}）", payload={"via": via, "read_at": attempt.read_at})  # fmt: skip
    _electronic_settle(task, actor=actor)
    return task


# --- post (邮寄送达) -------------------------------------------------------------------------------------------------

TRACKING_RE = re.compile(r"^[A-Z0-9]{8,30}$")


@transaction.atomic
def service_post_register(
    *, task: ServiceTask, tracking_number: str, actor: User, expected_version: int | None = None
) -> ServiceAttempt:
    """Record the 法院专递 tracking number of the post attempt (the letter was handed to the post)."""
    _require(actor, task)
    task = _locked(task, expected_version)
    attempt = _attempt_open(task, Channel.POST)
    number = (tracking_number or "").strip().upper()
    if not TRACKING_RE.match(number):
        raise ServiceInputError("邮件号应为8至30位字母或数字。", field="tracking_number")
    if attempt.tracking_number:
        raise ServiceConflict(f"本次邮寄已登记邮件号{attempt.tracking_number}。")
    other = ServiceAttempt.objects.filter(tracking_number=number).select_related("task__case").first()
    if other is not None:
        raise ServiceInputError(
            f"邮件号{number}已登记在案件{other.task.case.number}的送达任务上，请核对。", field="tracking_number"
        )
    attempt.tracking_number, attempt.sent_at = number, timezone.now()
    attempt.evidence = {**attempt.evidence, "tracking_number": number}
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError as exc:  # a concurrent registration of the same number
        raise ServiceInputError(f"邮件号{number}已被登记，请核对。", field="tracking_number") from exc
    _event(task=task, attempt=attempt, kind="attempt.posted", actor=actor,
           summary=f"已交邮：法院专递邮件号{number}，寄往{attempt.target}", payload={"tracking_number": number})  # fmt: skip
    _bump(task, "state")
    audit_record(actor=actor, action="service.post_register", target=task, extra={"tracking_number": number})
    return attempt


@transaction.atomic
def service_post_return(
    *,
    tracking_number: str,
    outcome: str,
    on: date,
    actor: User,
    signer: str = "",
    relation: str = "",
    case_number: str = "",
    expected_version: int | None = None,
) -> ServiceTask:
    """Enter the return receipt (回执) of a letter: signed → served on the date on the receipt (民诉法 Art. 91);
    refused / wrong confirmed address → served on the return date (法院专递规定 Art. 11); other returns fail the
    attempt and the task moves on."""
    number = (tracking_number or "").strip().upper()
    attempt = ServiceAttempt.objects.select_related("task__case").filter(tracking_number=number).first()
    if attempt is None:
        raise ServiceInputError(f"未找到邮件号{number}的送达记录。", field="tracking_number")
    if case_number and attempt.task.case.number != case_number.strip():
        raise ServiceInputError(
            f"邮件号{number}属于案件{attempt.task.case.number}，不属于{case_number.strip()}，请核对。",
            field="tracking_number",
        )
    _require(actor, attempt.task)
    task = _locked(attempt.task, expected_version)
    attempt = ServiceAttempt.objects.select_for_update().get(pk=attempt.pk)
    if outcome not in M.POST_OUTCOMES:
        raise ServiceInputError("请选择回执状态。", field="outcome")
    if attempt.state not in (AttemptState.AWAITING, AttemptState.SUPERSEDED):
        raise ServiceConflict(f"邮件{number}的回执已登记（{attempt.get_state_display()}）。")
    if on > timezone.localdate() or (attempt.sent_at and on < timezone.localtime(attempt.sent_at).date()):
        raise ServiceInputError("回执日期不能早于交邮日期，也不能晚于今天。", field="on")
    if outcome == "signed" and (not signer.strip() or relation not in M.POST_SIGNER_RELATIONS):
        raise ServiceInputError("已签收的回执须填写签收人及其与受送达人的关系。", field="signer")
    if (
        outcome == "signed"
        and relation == "family"
        and task.case.parties.filter(person__name=signer.strip()).exclude(pk=task.party_id).exists()
    ):
        raise ServiceInputError(
            "代收人是同一案件另一方当事人的，不能代为签收（法院专递规定第七条第二款）。", field="signer"
        )
    at = timezone.make_aware(datetime.combine(on, time(12, 0)))
    attempt.evidence = {
        **attempt.evidence, "outcome": outcome, "outcome_label": M.POST_OUTCOMES[outcome], "signer": signer.strip(),
        "relation": relation, "relation_label": M.POST_SIGNER_RELATIONS.get(relation, ""), "receipt_on": on.isoformat(),
    }  # fmt: skip
    moment = M.post_moment(
        outcome=outcome, at=at, signer_relation=relation, confirmed_address=attempt.confirmed_address
    )
    _event(task=task, attempt=attempt, kind="receipt.post", actor=actor,
           summary=f"邮件{number}回执：{M.POST_OUTCOMES[outcome]}（{on:%Y-%m-%d}）{('，签收人' + signer) if signer else ''}",
           payload={"outcome": outcome, "on": on, "signer": signer, "relation": relation})  # fmt: skip
    if moment is not None and task.state != TaskState.SERVED:
        attempt.save()
        _serve(task, attempt, moment, actor=actor)
    elif moment is None:
        attempt.state, attempt.finished_at, attempt.failure_reason = (
            AttemptState.FAILED,
            timezone.now(),
            M.POST_OUTCOMES[outcome],
        )
        attempt.save()
        if task.state == TaskState.IN_PROGRESS and task.current_channel == Channel.POST:
            _advance(task, actor=actor, reason=M.POST_OUTCOMES[outcome])
        else:
            _bump(task, "state")
    else:
        attempt.save()
    audit_record(
        actor=actor, action="service.post_return", target=task, extra={"tracking_number": number, "outcome": outcome}
    )
    return task


@dataclass
class ImportResult:
    ok: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


CSV_OUTCOMES = {"签收": "signed", "拒收": "refused", "地址不准确": "address_wrong", "迁移": "moved", "查无此人": "moved",
                "无人签收": "unclaimed", **{k: k for k in M.POST_OUTCOMES}}  # fmt: skip
CSV_RELATIONS = {v: k for k, v in M.POST_SIGNER_RELATIONS.items()} | {
    "本人": "self",
    "家属": "family",
    "收发室": "office",
}


def service_post_import(*, text: str, actor: User) -> ImportResult:
    """Import return receipts from the post's CSV (邮件号,案号,状态,日期,签收人,关系): each row on its own, so one bad
    row is reported with its line number and the others still count."""
    result = ImportResult()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for line, row in enumerate(reader, start=1):
        if not row or not any(c.strip() for c in row):
            continue
        if line == 1 and row[0].strip() in ("邮件号", "tracking_number"):
            continue
        cells = [c.strip() for c in row] + [""] * 6
        number, case_number, status, day, signer, relation = cells[:6]
        try:
            outcome = CSV_OUTCOMES.get(status)
            if outcome is None:
                raise ServiceInputError(f"未知的回执状态“{status}”")
            try:
                on = date.fromisoformat(day)
            except ValueError as exc:
                raise ServiceInputError(f"日期“{day}”应为 YYYY-MM-DD") from exc
            service_post_return(
                tracking_number=number, case_number=case_number, outcome=outcome, on=on, signer=signer,
                relation=CSV_RELATIONS.get(relation, relation), actor=actor,
            )  # fmt: skip
            result.ok += 1
        except ApplicationError as exc:
            result.errors.append((line, str(exc.message)))
    return result


# --- in person (直接送达 / 留置送达) ---------------------------------------------------------------------------------


def _photo_check(photo: bytes | None) -> None:
    if not photo:
        raise ServiceInputError("请拍摄或上传送达现场照片（留置送达须拍照记录，民事诉讼法第八十九条）。", field="photo")
    if len(photo) > MAX_DOCUMENT_BYTES:
        raise ServiceInputError("照片超过20MB。", field="photo")
    if not (photo.startswith(b"\xff\xd8\xff") or photo.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ServiceInputError("照片须为 JPEG 或 PNG 图片。", field="photo")


@transaction.atomic
def service_in_person_record(
    *,
    task: ServiceTask,
    outcome: str,
    photo: bytes | None,
    latitude: float | None,
    longitude: float | None,
    accuracy: float | None,
    actor: User,
    signer: str = "",
    relation: str = "",
    witness: str = "",
    captured_at: datetime | None = None,
    expected_version: int | None = None,
) -> ServiceTask:
    """Court staff record an in-person service on the phone page: outcome, photo, GPS position and time."""
    _require(actor, task)
    task = _locked(task, expected_version)
    if task.state == TaskState.SERVED:
        raise ServiceConflict(f"该任务已于{timezone.localtime(task.served_at):%Y-%m-%d %H:%M}送达，无需重复记录。")
    attempt = _attempt_open(task, Channel.IN_PERSON)
    if outcome not in M.IN_PERSON_OUTCOMES:
        raise ServiceInputError("请选择送达情况。", field="outcome")
    _photo_check(photo)
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ServiceInputError("未取得定位：请允许浏览器获取位置后重新记录。", field="latitude")
    if outcome in ("signed", "family_signed") and not signer.strip():
        raise ServiceInputError("请填写签收人姓名。", field="signer")
    if outcome in ("left", "refused_at_court") and task.document_type == DocumentType.MEDIATION:
        raise ServiceInputError(
            f"调解书应当直接送达当事人本人，不适用留置送达（{C.MEDIATION_DIRECT}）。", field="outcome"
        )
    now = timezone.now()
    captured_at = captured_at or now
    if captured_at > now + timedelta(minutes=5) or captured_at < now - timedelta(days=2):
        raise ServiceInputError("拍摄时间与服务器时间相差过大，请现场重新记录。", field="captured_at")
    assert photo is not None
    photo_sha, photo_name = _store(photo, folder="photos", ext="png" if photo.startswith(b"\x89PNG") else "jpg")
    attempt.evidence = {
        **attempt.evidence, "outcome": outcome, "outcome_label": M.IN_PERSON_OUTCOMES[outcome], "signer": signer.strip(),
        "relation_label": relation, "witness": witness.strip(), "photo_sha256": photo_sha, "photo_storage_name": photo_name,
        "latitude": latitude, "longitude": longitude, "accuracy": accuracy, "captured_at": captured_at.isoformat(),
    }  # fmt: skip
    attempt.actor = actor
    _event(task=task, attempt=attempt, kind="receipt.in_person", actor=actor, at=now,
           summary=f"直接送达现场记录：{M.IN_PERSON_OUTCOMES[outcome]}{('，签收人' + signer) if signer else ''}"
                   f"（{latitude:.5f},{longitude:.5f}）",
           payload={k: v for k, v in attempt.evidence.items() if k != "photo_storage_name"})  # fmt: skip
    moment = M.in_person_moment(outcome=outcome, at=captured_at, document_type=task.document_type, has_photo=True)
    if moment is None:
        attempt.state, attempt.finished_at, attempt.failure_reason = (
            AttemptState.FAILED,
            now,
            M.IN_PERSON_OUTCOMES[outcome],
        )
        attempt.save()
        _advance(task, actor=actor, reason=M.IN_PERSON_OUTCOMES[outcome])
    else:
        attempt.save()
        _serve(task, attempt, moment, actor=actor)
    audit_record(actor=actor, action="service.in_person", target=task, extra={"outcome": outcome})
    return task


# --- public notice (公告送达) ----------------------------------------------------------------------------------------


@transaction.atomic
def service_public_notice_publish(
    *, task: ServiceTask, published_on: date, medium: str, actor: User, expected_version: int | None = None
) -> ServiceTask:
    """Record the publication of a public notice; it is deemed served when the period has passed (民诉法 Art. 95)."""
    _require(actor, task)
    task = _locked(task, expected_version)
    attempt = _attempt_open(task, Channel.PUBLIC_NOTICE)
    if task.case.procedure in P.SIMPLE_PROCEDURES:
        raise ServiceInputError(f"适用简易程序的案件不适用公告送达（{C.NO_NOTICE_SIMPLE}）。", field="published_on")
    if not (medium or "").strip():
        raise ServiceInputError("请填写公告载体（如人民法院公告网、法院公告栏、报纸名称）。", field="medium")
    if published_on > timezone.localdate():
        raise ServiceInputError("公告发出日期不能晚于今天。", field="published_on")
    abroad = bool(task.address and task.address.abroad)
    deemed, lines = M.public_notice_deemed(published_on=published_on, abroad=abroad, calendar=calendar_load())
    attempt.published_on, attempt.sent_at = published_on, timezone.now()
    attempt.evidence = {
        **attempt.evidence,
        "medium": medium.strip(),
        "deemed_on": deemed.isoformat(),
        "explanation": lines,
    }
    attempt.save()
    task.state, task.notice_deemed_on = TaskState.PUBLIC_NOTICE, deemed
    _bump(task, "state", "notice_deemed_on")
    _event(task=task, attempt=attempt, kind="notice.published", actor=actor,
           summary=f"公告已于{published_on:%Y-%m-%d}在{medium.strip()}发出，公告期满{deemed:%Y-%m-%d}视为送达",
           payload={"published_on": published_on, "medium": medium.strip(), "deemed_on": deemed, "abroad": abroad})  # fmt: skip
    case_event_append(
        case=task.case,
        type="service.public_notice",
        actor=actor,
        summary=f"向{task.person.name}公告送达{task.title}，{published_on:%Y-%m-%d}发出，{deemed:%Y-%m-%d}视为送达"
        f"（{C.PUBLIC_NOTICE_ABROAD if abroad else C.PUBLIC_NOTICE}；公告期间不计入审限，民诉法解释第二百四十三条）",
        new={"task": task.pk, "deemed_on": deemed.isoformat()},
    )
    _notice_deduction(task, start=published_on)
    audit_record(actor=actor, action="service.public_notice", target=task, extra={"deemed_on": deemed.isoformat()})
    return task


def _notice_deduction(task: ServiceTask, *, start: date | None = None, end: date | None = None) -> None:
    """The public-notice period is not counted in the trial period (民诉法解释 Art. 243): start the case's deduction
    when a notice is published, end it when the last running notice of the case has matured. Recorded by the system
    (actor None); a case outside trial, or one already in a notice deduction, is left as it is."""
    from smartcourt.cases.selectors import case_adjustments
    from smartcourt.cases.services import CaseInputError, case_deduction_end, case_deduction_start

    running = [a for a in case_adjustments(case=task.case) if a.kind == "public_notice" and a.ended_on is None]
    try:
        with transaction.atomic():
            if start is not None and not running:
                case_deduction_start(case=task.case, kind="public_notice", actor=None, started_on=start,
                                     reason=f"公告送达{task.title}（{task.person.name}）")  # fmt: skip
            elif end is not None and running:
                others = ServiceTask.objects.filter(case_id=task.case_id, state=TaskState.PUBLIC_NOTICE).exclude(
                    pk=task.pk
                )
                if not others.exists():
                    case_deduction_end(case=task.case, adjustment=running[0], actor=None, ended_on=end)
    except CaseInputError:
        pass


def service_public_notices_mature(*, today: date | None = None) -> int:
    """Serve every public notice whose period has passed (run daily; also `manage.py service_tick`)."""
    today = today or timezone.localdate()
    done = 0
    for task_id in ServiceTask.objects.filter(state=TaskState.PUBLIC_NOTICE, notice_deemed_on__lte=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            task = _locked(ServiceTask(pk=task_id))
            if task.state != TaskState.PUBLIC_NOTICE:
                continue
            attempt = _attempt_open(task, Channel.PUBLIC_NOTICE)
            deemed = task.notice_deemed_on
            assert deemed is not None
            moment = M.Moment(
                timezone.make_aware(datetime.combine(deemed, time(0, 0))),
                (f"自发出公告之日起经过公告期间，即视为送达（{C.PUBLIC_NOTICE_ABROAD if task.address and task.address.abroad else C.PUBLIC_NOTICE}）。",
                 *attempt.evidence.get("explanation", [])[-1:]),
            )  # fmt: skip
            _serve(task, attempt, moment, actor=None)
            _notice_deduction(task, end=deemed)
            done += 1
    return done


# --- the service centre: next channel, cancel, escalation, batch --------------------------------------------------


@transaction.atomic
def service_task_next_channel(
    *, task: ServiceTask, actor: User, reason: str, expected_version: int | None = None
) -> ServiceTask:
    """Staff give up on the current channel (no receipt in time, wrong number …) and move to the next one. A
    late receipt on the abandoned e-attempt still counts (在线诉讼规则 Art. 31(4))."""
    _require(actor, task)
    task = _locked(task, expected_version)
    if task.state not in (TaskState.IN_PROGRESS, TaskState.PUBLIC_NOTICE):
        raise ServiceConflict(f"该任务当前状态为“{task.get_state_display()}”，不能转下一渠道。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceInputError("请填写转下一渠道的原因。", field="reason")
    attempt = _attempt_open(task)
    attempt.state, attempt.finished_at = AttemptState.SUPERSEDED, timezone.now()
    attempt.save(update_fields=["state", "finished_at", "updated_at"])
    _event(task=task, attempt=attempt, kind="attempt.superseded", actor=actor,
           summary=f"{P.LABELS[attempt.channel]}未获回执，改用下一渠道：{reason}")  # fmt: skip
    if task.state == TaskState.PUBLIC_NOTICE:
        task.state = TaskState.IN_PROGRESS
    _advance(task, actor=actor, reason=reason)
    audit_record(actor=actor, action="service.next_channel", target=task, reason=reason)
    return task


@transaction.atomic
def service_task_retry(*, task: ServiceTask, actor: User, expected_version: int | None = None) -> ServiceTask:
    """A task 送达未果 is tried again from the first channel of a fresh plan (e.g. after a new address)."""
    _require(actor, task)
    task = _locked(task, expected_version)
    if task.state != TaskState.EXHAUSTED:
        raise ServiceConflict("只有送达未果的任务可以重新送达。")
    address = _current_address(task.person_id)
    plan = P.plan_channels(policy_channels=policy_channels(task.court)[0], document_type=task.document_type,
                           procedure=task.case.procedure, recipient=_facts(address, task.party))  # fmt: skip
    if not plan.channels:
        raise ServiceInputError("仍没有可用的送达方式，请先更新送达地址确认书。")
    periods = [n for n in task.plan_notes if n.startswith("periods:")]
    task.address, task.plan, task.plan_notes, task.step = address, list(plan.channels), [*plan.notes, *periods], 0
    _bump(task, "address", "plan", "plan_notes", "step")
    _event(
        task=task,
        kind="task.retried",
        actor=actor,
        summary="重新送达：" + " → ".join(P.LABELS[c] for c in plan.channels),
    )
    _attempt_start(task, actor=actor)
    audit_record(actor=actor, action="service.retry", target=task)
    return task


@transaction.atomic
def service_task_cancel(
    *, task: ServiceTask, actor: User, reason: str, expected_version: int | None = None
) -> ServiceTask:
    _require(actor, task)
    task = _locked(task, expected_version)
    if task.state in (TaskState.SERVED, TaskState.CANCELLED):
        raise ServiceConflict(f"该任务已{task.get_state_display()}，不能撤销。")
    if not (reason or "").strip():
        raise ServiceInputError("请填写撤销原因。", field="reason")
    task.attempts.filter(state__in=[AttemptState.AWAITING, AttemptState.DELIVERED]).update(
        state=AttemptState.SUPERSEDED, finished_at=timezone.now()
    )
    task.state = TaskState.CANCELLED
    _bump(task, "state")
    _event(task=task, kind="task.cancelled", actor=actor, summary=f"撤销送达任务：{reason.strip()}")
    case_event_append(case=task.case, type="service.cancelled", actor=actor,
                      summary=f"撤销向{task.person.name}送达{task.title}：{reason.strip()}", new={"task": task.pk})  # fmt: skip
    audit_record(actor=actor, action="service.cancel", target=task, reason=reason)
    return task


def service_tasks_escalate(*, now: datetime | None = None) -> int:
    """Attempts without receipt past the court's waiting days move to the next channel (run hourly)."""
    now = now or timezone.now()
    moved = 0
    open_attempts = (
        ServiceAttempt.objects.filter(
            state__in=[AttemptState.AWAITING, AttemptState.DELIVERED],
            task__state=TaskState.IN_PROGRESS,
            channel__in=list(P.DEFAULT_WAIT_DAYS),
        )
        .select_related("task__court")
        .only("pk", "channel", "created_at", "sent_at", "task_id", "task__court")
    )
    waits: dict[int, dict[str, int]] = {}
    for attempt in open_attempts.iterator():
        wait = waits.setdefault(attempt.task.court_id, policy_channels(attempt.task.court)[1])
        if attempt.channel == Channel.POST and attempt.sent_at is None:
            continue  # not posted yet: the clerk has to post it first
        if (attempt.sent_at or attempt.created_at) + timedelta(days=wait.get(attempt.channel, 3)) > now:
            continue
        with transaction.atomic():
            task = _locked(ServiceTask(pk=attempt.task_id))
            current = (
                task.attempts.select_for_update()
                .filter(pk=attempt.pk, state__in=[AttemptState.AWAITING, AttemptState.DELIVERED])
                .first()
            )
            if current is None or task.state != TaskState.IN_PROGRESS:
                continue
            current.state, current.finished_at = AttemptState.SUPERSEDED, now
            current.save(update_fields=["state", "finished_at", "updated_at"])
            days = wait.get(attempt.channel, 3)
            _event(task=task, attempt=current, kind="attempt.superseded", actor=None,
                   summary=f"{P.LABELS[current.channel]}{days}日内未获回执，自动转下一渠道")  # fmt: skip
            _advance(task, actor=None, reason=f"{P.LABELS[current.channel]}{days}日内未获回执")
            moved += 1
    return moved


@dataclass
class BatchResult:
    batch: ServiceBatch
    created: list[ServiceTask]
    skipped: list[tuple[str, str]]


@transaction.atomic
def service_batch_create(
    *,
    court: Court,
    case_numbers: list[str],
    roles: list[str],
    document_type: str,
    title: str,
    body: str,
    actor: User,
) -> BatchResult:
    """集中送达: generate the document for each recipient of each listed case and create the tasks at once.

    Reads are batched (cases, parties, addresses, policy: four queries whatever the size); cases the actor may not
    serve, or recipients without any usable channel, are skipped and listed with the reason."""
    from smartcourt.cases.models import Case

    numbers = list(dict.fromkeys(n.strip() for n in case_numbers if n.strip()))
    if not numbers:
        raise ServiceInputError("请填写至少一个案号。", field="case_numbers")
    if len(numbers) > 1000:
        raise ServiceInputError("一次最多批量送达1000件案件。", field="case_numbers")
    if document_type not in DocumentType.values:
        raise ServiceInputError("请选择文书类型。", field="document_type")
    if not (title or "").strip():
        raise ServiceInputError("请填写文书名称。", field="title")
    if not roles:
        raise ServiceInputError("请选择受送达人。", field="roles")
    from smartcourt.courts.permissions import visible_q

    cases = {c.number: c for c in Case.objects.filter(court=court, number__in=numbers).select_related("court")}
    may = set(
        Case.objects.filter(pk__in=[c.pk for c in cases.values()])
        .filter(visible_q(user=actor, resource=Resource.SERVICE, action=Action.CHANGE))
        .values_list("pk", flat=True)
    )
    parties: dict[int, list[CaseParty]] = {}
    for party in (
        CaseParty.objects.filter(case__in=list(cases.values()), role__in=roles)
        .select_related("person")
        .order_by("case_id", "role", "position")
    ):
        parties.setdefault(party.case_id, []).append(party)
    addresses = {
        a.person_id: a
        for a in ServiceAddress.objects.filter(
            person_id__in=[p.person_id for ps in parties.values() for p in ps], superseded_at__isnull=True
        )
        .select_related("platform_user")
        .order_by("person_id", "signed_at", "id")
    }
    policy = policy_channels(court)
    batch = ServiceBatch.objects.create(
        court=court, document_type=document_type, title=title.strip()[:120], created_by=actor
    )
    created: list[ServiceTask] = []
    skipped: list[tuple[str, str]] = []
    for number in numbers:
        case = cases.get(number)
        if case is None:
            skipped.append((number, "本院没有该案号的案件"))
            continue
        if case.pk not in may:
            skipped.append((number, "您无权办理该案件的送达"))
            continue
        if not parties.get(case.pk):
            skipped.append((number, "该案没有所选诉讼地位的当事人"))
            continue
        for party in parties[case.pk]:
            text = (
                (body or "")
                .replace("{案号}", case.number)
                .replace("{案件}", case.title)
                .replace("{受送达人}", party.person.name)
            )
            pdf = document_pdf(
                court_name=court.name,
                case_number=case.number,
                title=title.strip(),
                recipient=party.person.name,
                body=text,
            )
            try:
                with transaction.atomic():
                    task = _task_build(
                        case=case, recipient=party, document=pdf, document_type=document_type, title=title, actor=actor,
                        origin_ref="", batch=batch, periods=None, policy=policy, address=addresses.get(party.person_id),
                    )  # fmt: skip
            except ServiceInputError as exc:
                skipped.append((number, f"{party.person.name}：{exc.message}"))
                continue
            created.append(task)
        case_event_append(case=case, type="service.task_created", actor=actor,
                          summary=f"集中送达{title.strip()}（批次{batch.pk}）", new={"batch": batch.pk})  # fmt: skip
    batch.size = len(created)
    batch.save(update_fields=["size", "updated_at"])
    audit_record(actor=actor, action="service.batch_create", target=batch,
                 extra={"created": len(created), "skipped": len(skipped)})  # fmt: skip
    return BatchResult(batch, created, skipped)
