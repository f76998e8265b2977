"""Read receipts (已阅知): the recipient opens the documents in the platform inbox, or through a one-time SMS / e-mail
link after proving to be the recipient (ADR 0015). Where the read is the legal moment of service (民诉法 Art. 90(2);
在线诉讼规则 Art. 31), the evidence of who read is kept with the receipt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.core.actors import actor_user
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.selectors import SYSTEM

from ..models import AttemptState, Channel, ReadAuth, ServiceAttempt, ServiceEventType, ServiceTask
from ..rules import plan as P
from .common import ServiceConflict, _event, _locked
from .delivery import _electronic_settle
from .links import (
    CODE_MAX_FAILURES,
    ReadEvidence,
    attempt_for_token,
    code_matches,
    code_normalize,
    is_recipient_account,
    read_auth_label,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from smartcourt.core.actors import Actor

LINK_CHANNELS = (Channel.SMS, Channel.EMAIL)


def _receipt_record(
    task: ServiceTask, attempt: ServiceAttempt, *, actor: Actor | AnonymousUser, via: str, evidence: ReadEvidence
) -> None:
    """Write the read receipt of a locked attempt: its time, the event with the evidence, the audit row; then serve
    the task if the read is the legal moment."""
    if evidence.auth not in ReadAuth.values:
        raise ValueError(f"unknown read authentication {evidence.auth!r}")
    attempt.read_at = timezone.now()
    if attempt.channel in LINK_CHANNELS:
        attempt.token_expires_at = attempt.read_at  # the link is single-use
    attempt.save()
    where = {"link": "打开送达链接并签收", "inbox": "登录诉讼平台查阅"}.get(via, via)
    _event(task=task, attempt=attempt, kind=ServiceEventType.RECEIPT_READ, actor=actor,
           summary=f"受送达人{where}（{P.LABELS[attempt.channel]}；{read_auth_label(evidence.auth)}）",
           payload={"via": via, "read_at": attempt.read_at, **evidence.as_payload()})  # fmt: skip
    audit_record(actor=actor, action=AuditAction.SERVICE_RECEIPT_READ, target=task,
                 extra={"attempt": attempt.seq, "via": via, **evidence.as_payload()})  # fmt: skip
    _electronic_settle(task, actor=actor_user(actor) or SYSTEM)


@transaction.atomic
def service_receipt_read(
    *, attempt: ServiceAttempt, actor: Actor | AnonymousUser, via: str, evidence: ReadEvidence
) -> ServiceTask:
    """The recipient opened the documents (`via` "inbox": signed in on the platform; "link": a one-time link whose
    second factor `service_link_sign` checked): a read receipt (已阅知) with its `evidence`. One per attempt;
    opening again changes nothing. What follows (service, periods, certificate) is the system's."""
    task = _locked(attempt.task)
    attempt = ServiceAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.read_at is not None:
        return task
    if attempt.state == AttemptState.FAILED:
        raise ServiceConflict("该送达已失败，请登录诉讼平台查看。")
    _receipt_record(task, attempt, actor=actor, via=via, evidence=evidence)
    return task


@dataclass(frozen=True)
class LinkResult:
    """What `service_link_sign` did: "read" (receipt written, or written before), "wrong_code" (`remaining` tries
    left), "locked" (too many wrong codes), "bad_code" (not six digits: not counted), "no_code" (a link sent before
    codes existed: only the account path), "not_recipient" (signed in, but not as the recipient), "closed"
    (spent, expired or failed: the page says which)."""

    status: str
    remaining: int = 0
    task: ServiceTask | None = None


@transaction.atomic
def service_link_sign(
    *, token: str, actor: Actor | AnonymousUser, code: str | None, ip: str = "", user_agent: str = ""
) -> LinkResult:
    """The person holding a one-time link asks to sign for the documents (签收). Opening the link (GET) records
    nothing; this needs a second factor: the code sent with the link, or (`code` None) being signed in as the
    recipient's own account. A wrong code is counted and audited; the fifth locks the code path and is a service
    event. On success the read receipt carries the evidence (`ReadEvidence`)."""
    found = attempt_for_token(token)
    if found is None:
        return LinkResult("closed")
    task = _locked(found.task)
    attempt = ServiceAttempt.objects.select_for_update().get(pk=found.pk)
    if attempt.read_at is not None:
        return LinkResult("closed", task=task)
    if (
        attempt.state == AttemptState.FAILED
        or attempt.token_expires_at is None
        or attempt.token_expires_at < timezone.now()
    ):
        return LinkResult("closed", task=task)
    account = str(getattr(actor, "username", "") or "") if getattr(actor, "is_authenticated", False) else ""
    if code is None:
        if not is_recipient_account(task=task, user=actor):
            return LinkResult("not_recipient", task=task)
        evidence = ReadEvidence(auth=ReadAuth.ACCOUNT, ip=ip, user_agent=user_agent, account=account)
        _receipt_record(task, attempt, actor=actor, via="link", evidence=evidence)
        return LinkResult("read", task=task)
    if attempt.link_locked_at is not None:
        return LinkResult("locked", task=task)
    if not attempt.code_hash:
        return LinkResult("no_code", task=task)
    digits = code_normalize(code)
    if not digits:
        return LinkResult("bad_code", remaining=CODE_MAX_FAILURES - attempt.code_failures, task=task)
    if not code_matches(attempt, token=token, code=digits):
        return _code_refused(task, attempt, actor=actor, ip=ip, user_agent=user_agent)
    evidence = ReadEvidence(auth=ReadAuth.CODE, ip=ip, user_agent=user_agent, account=account)
    _receipt_record(task, attempt, actor=actor, via="link", evidence=evidence)
    return LinkResult("read", task=task)


def _code_refused(
    task: ServiceTask, attempt: ServiceAttempt, *, actor: Actor | AnonymousUser, ip: str, user_agent: str
) -> LinkResult:
    """Count a wrong code (committed with the refusal); the last allowed one locks the link's code path."""
    attempt.code_failures += 1
    locked = attempt.code_failures >= CODE_MAX_FAILURES
    if locked:
        attempt.link_locked_at = timezone.now()
    attempt.save(update_fields=["code_failures", "link_locked_at", "updated_at"])
    # the wrong code itself is not kept: it may be one digit off the right one
    seen = {"attempt": attempt.seq, "failures": attempt.code_failures, "ip": ip[:64], "user_agent": user_agent[:300]}
    if locked:
        _event(task=task, attempt=attempt, kind=ServiceEventType.LINK_LOCKED, actor=actor,
               summary=f"送达链接验证码连续输错{attempt.code_failures}次，已锁定；受送达人可登录本人账户签收，"
                       f"或由法院改用其他方式送达", payload=seen)  # fmt: skip
    audit_record(actor=actor, action=AuditAction.SERVICE_LINK_LOCKED if locked else AuditAction.SERVICE_LINK_CODE_REFUSED,
                 target=task, extra=seen)  # fmt: skip
    return LinkResult("locked" if locked else "wrong_code", remaining=CODE_MAX_FAILURES - attempt.code_failures,
                      task=task)  # fmt: skip
