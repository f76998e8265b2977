"""Paper channels: post (邮寄送达, 法院专递), in person (直接送达 / 留置送达), public notice (公告送达)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake import sniff
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.selectors import SYSTEM
from smartcourt.legaltime.selectors import calendar_load

from ..models import (
    AttemptState,
    Channel,
    DocumentType,
    ServiceAttempt,
    ServiceEventType,
    ServiceTask,
    TaskState,
)
from ..rules import citations as C
from ..rules import moment as M
from ..rules import plan as P

if TYPE_CHECKING:
    from smartcourt.courts.models import User


from .common import MAX_DOCUMENT_BYTES, ServiceConflict, ServiceInputError, _bump, _event, _locked, _require
from .delivery import _advance, _attempt_open, _serve

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
    _event(task=task, attempt=attempt, kind=ServiceEventType.ATTEMPT_POSTED, actor=actor,
           summary=f"已交邮：法院专递邮件号{number}，寄往{attempt.target}", payload={"tracking_number": number})  # fmt: skip
    _bump(task, "state")
    audit_record(actor=actor, action=AuditAction.SERVICE_POST_REGISTER, target=task, extra={"tracking_number": number})
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
    _event(task=task, attempt=attempt, kind=ServiceEventType.RECEIPT_POST, actor=actor,
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
        actor=actor,
        action=AuditAction.SERVICE_POST_RETURN,
        target=task,
        extra={"tracking_number": number, "outcome": outcome},
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
    if sniff.kind_of(photo[: sniff.HEAD_BYTES]) not in sniff.IMAGE_KINDS:
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
    photo_blob = blob_store(content=photo, ext=sniff.EXTENSIONS[sniff.kind_of(photo[: sniff.HEAD_BYTES])])
    photo_sha, photo_name = photo_blob.sha256, photo_blob.name
    attempt.evidence = {
        **attempt.evidence, "outcome": outcome, "outcome_label": M.IN_PERSON_OUTCOMES[outcome], "signer": signer.strip(),
        "relation_label": relation, "witness": witness.strip(), "photo_sha256": photo_sha, "photo_storage_name": photo_name,
        "latitude": latitude, "longitude": longitude, "accuracy": accuracy, "captured_at": captured_at.isoformat(),
    }  # fmt: skip
    attempt.actor = actor
    _event(task=task, attempt=attempt, kind=ServiceEventType.RECEIPT_IN_PERSON, actor=actor, at=now,
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
    audit_record(actor=actor, action=AuditAction.SERVICE_IN_PERSON, target=task, extra={"outcome": outcome})
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
    _event(task=task, attempt=attempt, kind=ServiceEventType.NOTICE_PUBLISHED, actor=actor,
           summary=f"公告已于{published_on:%Y-%m-%d}在{medium.strip()}发出，公告期满{deemed:%Y-%m-%d}视为送达",
           payload={"published_on": published_on, "medium": medium.strip(), "deemed_on": deemed, "abroad": abroad})  # fmt: skip
    case_event_append(
        case=task.case,
        type=CaseEventType.SERVICE_PUBLIC_NOTICE,
        actor=actor,
        summary=f"向{task.person.name}公告送达{task.title}，{published_on:%Y-%m-%d}发出，{deemed:%Y-%m-%d}视为送达"
        f"（{C.PUBLIC_NOTICE_ABROAD if abroad else C.PUBLIC_NOTICE}；公告期间不计入审限，民诉法解释第二百四十三条）",
        new={"task": task.pk, "deemed_on": deemed.isoformat()},
    )
    _notice_deduction(task, start=published_on)
    audit_record(
        actor=actor, action=AuditAction.SERVICE_PUBLIC_NOTICE, target=task, extra={"deemed_on": deemed.isoformat()}
    )
    return task


def _notice_deduction(task: ServiceTask, *, start: date | None = None, end: date | None = None) -> None:
    """The public-notice period is not counted in the trial period (民诉法解释 Art. 243): start the case's deduction
    when a notice is published, end it when the last running notice of the case has matured. Recorded by the system
    (actor None); a case outside trial, or one already in a notice deduction, is left as it is."""
    from smartcourt.cases.services import CaseInputError, case_deduction_end, case_deduction_start
    from smartcourt.legaltime.selectors import trial_period_deduction_running
    from smartcourt.legaltime.services import TrialPeriodInputError

    running = trial_period_deduction_running(case_id=task.case_id, kind="public_notice")
    try:
        with transaction.atomic():
            if start is not None and running is None:
                case_deduction_start(case=task.case, kind="public_notice", actor=SYSTEM, started_on=start,
                                     reason=f"公告送达{task.title}（{task.person.name}）")  # fmt: skip
            elif end is not None and running is not None:
                others = ServiceTask.objects.filter(case_id=task.case_id, state=TaskState.PUBLIC_NOTICE).exclude(
                    pk=task.pk
                )
                if not others.exists():
                    case_deduction_end(case=task.case, adjustment=running, actor=SYSTEM, ended_on=end)
    except (CaseInputError, TrialPeriodInputError):
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
            _serve(task, attempt, moment, actor=SYSTEM)
            _notice_deduction(task, end=deemed)
            done += 1
    return done
