"""The service centre (集中送达): next channel, retry, cancel, escalation of stale attempts, batch creation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.selectors import case_list_by_numbers, case_parties_by_role, case_visible_to
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource
from smartcourt.courts.selectors import SYSTEM

from ..models import (
    AttemptState,
    Channel,
    DocumentType,
    ServiceAddress,
    ServiceAttempt,
    ServiceBatch,
    ServiceEventType,
    ServiceTask,
    TaskState,
)
from ..pdf import document_pdf
from ..rules import plan as P

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseParty
    from smartcourt.courts.models import Court, User


from .addresses import _current_address, _facts, policy_channels
from .common import ServiceConflict, ServiceInputError, _bump, _event, _locked, _require
from .delivery import _advance, _attempt_open, _attempt_start, _task_build

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
    _event(task=task, attempt=attempt, kind=ServiceEventType.ATTEMPT_SUPERSEDED, actor=actor,
           summary=f"{P.LABELS[attempt.channel]}未获回执，改用下一渠道：{reason}")  # fmt: skip
    if task.state == TaskState.PUBLIC_NOTICE:
        task.state = TaskState.IN_PROGRESS
    _advance(task, actor=actor, reason=reason)
    audit_record(actor=actor, action=AuditAction.SERVICE_NEXT_CHANNEL, target=task, reason=reason)
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
        kind=ServiceEventType.TASK_RETRIED,
        actor=actor,
        summary="重新送达：" + " → ".join(P.LABELS[c] for c in plan.channels),
    )
    _attempt_start(task, actor=actor)
    audit_record(actor=actor, action=AuditAction.SERVICE_RETRY, target=task)
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
    _event(task=task, kind=ServiceEventType.TASK_CANCELLED, actor=actor, summary=f"撤销送达任务：{reason.strip()}")
    case_event_append(case=task.case, type=CaseEventType.SERVICE_CANCELLED, actor=actor,
                      summary=f"撤销向{task.person.name}送达{task.title}：{reason.strip()}", new={"task": task.pk})  # fmt: skip
    audit_record(actor=actor, action=AuditAction.SERVICE_CANCEL, target=task, reason=reason)
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
            _event(task=task, attempt=current, kind=ServiceEventType.ATTEMPT_SUPERSEDED, actor=SYSTEM,
                   summary=f"{P.LABELS[current.channel]}{days}日内未获回执，自动转下一渠道")  # fmt: skip
            _advance(task, actor=SYSTEM, reason=f"{P.LABELS[current.channel]}{days}日内未获回执")
            moved += 1
    return moved


@dataclass
class BatchResult:
    batch: ServiceBatch | None  # None when nothing was created (every recipient skipped or already served the same)
    created: list[ServiceTask]
    skipped: list[tuple[str, str]]
    duplicates: list[ServiceTask] = field(default_factory=list)  # the tasks that already carry the same document


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
    serve, or recipients without any usable channel, are skipped and listed with the reason.

    Idempotent: a recipient who already has a task (not cancelled) for the very same document — same case, same
    text, same day (the generated PDF is byte-identical, so its SHA-256 is the key) — gets no second one; the task
    is returned in `duplicates`. Resubmitting a batch (a double click, a reload, the back button) therefore creates
    no duplicate summonses; a corrected text or a new hearing date is a new document and is served. The listed
    cases are locked first, so two submissions of the same batch at once queue and the second finds the first's."""
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
    cases = {c.number: c for c in case_list_by_numbers(court=court, numbers=numbers).select_for_update(of=("self",))}
    may = set(
        case_visible_to(user=actor, action=Action.CHANGE, resource=Resource.SERVICE)
        .filter(pk__in=[c.pk for c in cases.values()])
        .values_list("pk", flat=True)
    )
    parties: dict[int, list[CaseParty]] = {}
    for party in case_parties_by_role(cases=cases.values(), roles=roles):
        parties.setdefault(party.case_id, []).append(party)
    skipped: list[tuple[str, str]] = []
    planned: list[tuple[Case, CaseParty, bytes, str]] = []  # case, recipient, document, its SHA-256
    for number in numbers:
        case = cases.get(number)
        if case is None:
            skipped.append((number, "本院没有该案号的案件"))
        elif case.pk not in may:
            skipped.append((number, "您无权办理该案件的送达"))
        elif not parties.get(case.pk):
            skipped.append((number, "该案没有所选诉讼地位的当事人"))
        else:
            for party in parties[case.pk]:
                text = (body or "").replace("{案号}", case.number).replace("{案件}", case.title)
                pdf = document_pdf(court_name=court.name, case_number=case.number, title=title.strip(),
                                   recipient=party.person.name, body=text.replace("{受送达人}", party.person.name))  # fmt: skip
                planned.append((case, party, pdf, hashlib.sha256(pdf).hexdigest()))
    existing = {
        (t.party_id, t.document_sha256): t
        for t in ServiceTask.objects.filter(
            party_id__in={p.pk for _c, p, _d, _s in planned}, document_sha256__in={s for *_r, s in planned}
        )
        .exclude(state=TaskState.CANCELLED)
        .order_by("created_at", "id")
    }
    duplicates = [existing[(p.pk, sha)] for _c, p, _d, sha in planned if (p.pk, sha) in existing]
    fresh = [row for row in planned if (row[1].pk, row[3]) not in existing]
    if not fresh:
        return BatchResult(None, [], skipped, duplicates)
    addresses = {
        a.person_id: a
        for a in ServiceAddress.objects.filter(
            person_id__in=[p.person_id for _c, p, _d, _s in fresh], superseded_at__isnull=True
        )
        .select_related("platform_user")
        .order_by("person_id", "signed_at", "id")
    }
    policy = policy_channels(court)
    batch = ServiceBatch.objects.create(
        court=court, document_type=document_type, title=title.strip()[:120], created_by=actor
    )
    created: list[ServiceTask] = []
    served_cases: dict[int, Case] = {}
    for case, party, pdf, _sha in fresh:
        try:
            with transaction.atomic():
                task = _task_build(
                    case=case, recipient=party, document=pdf, document_type=document_type, title=title, actor=actor,
                    origin_ref="", batch=batch, periods=None, policy=policy, address=addresses.get(party.person_id),
                )  # fmt: skip
        except ServiceInputError as exc:
            skipped.append((case.number, f"{party.person.name}：{exc.message}"))
            continue
        created.append(task)
        served_cases.setdefault(case.pk, case)
    for case in served_cases.values():
        case_event_append(case=case, type=CaseEventType.SERVICE_TASK_CREATED, actor=actor,
                          summary=f"集中送达{title.strip()}（批次{batch.pk}）", new={"batch": batch.pk})  # fmt: skip
    batch.size = len(created)
    batch.save(update_fields=["size", "updated_at"])
    audit_record(actor=actor, action=AuditAction.SERVICE_BATCH_CREATE, target=batch,
                 extra={"created": len(created), "skipped": len(skipped), "duplicates": len(duplicates)})  # fmt: skip
    return BatchResult(batch, created, skipped, duplicates)
