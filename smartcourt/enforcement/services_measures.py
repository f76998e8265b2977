"""Measures (执行措施与信用惩戒): consumption restriction, the dishonest-debtor list, exit ban, search, detention —
each with its statutory conditions checked, its document, one timeline event, and reversible with a reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.selectors import PartyRole
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import Conflict
from smartcourt.core.services import AuditAction, audit_record

from . import rules as R
from .models import EnforcementFile, Measure, MeasureKind
from .services import (
    EnforcementInputError,
    _require,
    date_cn,
    file_lock,
    measure_lift,
    paid_to_applicants,
    paper_issue,
)

if TYPE_CHECKING:
    from smartcourt.cases.models import CaseParty
    from smartcourt.core.actors import Actor


def _citation(kind: str) -> str:
    return str(
        {
            MeasureKind.REPORT_PROPERTY: R.REPORT_PROPERTY,
            MeasureKind.CONSUMPTION_RESTRICTION: R.CONSUMPTION_RULE,
            MeasureKind.DISHONEST_LIST: R.DISHONEST_GROUNDS,
            MeasureKind.EXIT_BAN: R.EXIT_BAN,
            MeasureKind.SEARCH: R.SEARCH,
            MeasureKind.DETENTION: R.DETENTION,
        }[MeasureKind(kind)]
    )


@transaction.atomic
def measure_take(
    *,
    file: EnforcementFile,
    party: CaseParty,
    kind: str,
    actor: Actor,
    ground: str = "",
    reason: str = "",
    years: int = 2,
    aggravated: bool = False,
    days: int = 0,
    on: date | None = None,
) -> Measure:
    """Take one measure against a debtor of the case; refused with the article when its conditions are not met."""
    from .selectors import secured_value

    file, case = file_lock(file=file)
    _require(actor, case)
    on = on or timezone.localdate()
    if kind not in MeasureKind.values or kind == MeasureKind.REPORT_PROPERTY:
        raise EnforcementInputError("请选择执行措施（报告财产令随执行通知发出）。", extra={"field": "kind"})
    if party.case_id != case.pk or party.role != PartyRole.JUDGMENT_DEBTOR:
        raise EnforcementInputError("执行措施只能针对本案被执行人。", extra={"field": "party"})
    if file.closed_on is not None:
        raise Conflict("本案已结案。")
    if Measure.objects.filter(file=file, party=party, kind=kind, state=Measure.State.ACTIVE).exists():
        raise Conflict("对该被执行人已采取同一措施，且仍然有效。")
    person = party.person
    ends_on: date | None = None
    try:
        if kind == MeasureKind.CONSUMPTION_RESTRICTION:
            R.consumption_check(notice_due_on=file.notice_due_on, today=on)
        elif kind == MeasureKind.DISHONEST_LIST:
            outstanding = file.amount_due - paid_to_applicants(file)
            ends_on = R.dishonest_check(
                R.DishonestFacts(
                    ground=ground,
                    is_minor=person.is_minor,
                    notice_due_on=file.notice_due_on,
                    today=on,
                    outstanding=outstanding,
                    secured=secured_value(file=file) + case.account.balance,
                    years=years,
                    aggravated=aggravated,
                )
            )
        elif kind == MeasureKind.DETENTION:
            R.detention_check(days=days)
            ends_on = on + timedelta(days=days - 1)
        elif kind in (MeasureKind.EXIT_BAN, MeasureKind.SEARCH) and (
            file.notice_due_on is None or on <= file.notice_due_on
        ):
            raise R.RuleRefused(
                f"被执行人未按执行通知履行义务的，方可采取该措施；履行期间尚未届满（{_citation(kind)}）。"
            )
    except R.RuleRefused as exc:
        raise EnforcementInputError(str(exc)) from None
    basis = _citation(kind)
    label = MeasureKind(kind).label
    if kind == MeasureKind.CONSUMPTION_RESTRICTION:
        paper = paper_issue(file=file, case=case, kind="enf_consumption", actor=actor, recipient=party, basis=basis)
    elif kind == MeasureKind.DISHONEST_LIST:
        assert ends_on is not None
        paper = paper_issue(
            file=file, case=case, kind="enf_dishonest", actor=actor, debtor_name=person.name,
            reason_text=R.DISHONEST_GROUND_LABELS[ground], until_cn=date_cn(ends_on), basis=basis,
        )  # fmt: skip
    elif kind == MeasureKind.EXIT_BAN:
        paper = paper_issue(file=file, case=case, kind="enf_exit_ban", actor=actor, debtor_name=person.name,
                            basis=basis)  # fmt: skip
    elif kind == MeasureKind.SEARCH:
        paper = paper_issue(
            file=file, case=case, kind="enf_search", actor=actor, debtor_name=person.name, basis=basis,
            reason_text=reason.strip()[:200] or "被执行人住所及财产隐匿地",
        )  # fmt: skip
    else:
        paper = paper_issue(
            file=file, case=case, kind="enf_detention", actor=actor, debtor_name=person.name, days=days, basis=basis,
            reason_text=reason.strip()[:200] or "拒不履行生效法律文书确定的义务",
        )  # fmt: skip
    identity = person.id_number or person.credit_code or ""
    measure = Measure.objects.create(
        file=file,
        party=party,
        kind=kind,
        ground=ground if kind == MeasureKind.DISHONEST_LIST else "",
        reason=reason.strip()[:300],
        decided_on=on,
        ends_on=ends_on,
        paper=paper,
        decided_by=actor_user(actor),
        public_name=person.name if kind == MeasureKind.DISHONEST_LIST else "",
        public_id=R.mask_id(identity) if kind == MeasureKind.DISHONEST_LIST else "",
    )
    until = f"，至{ends_on:%Y年%m月%d日}" if ends_on else ""
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_MEASURE_TAKEN,
        actor=actor,
        summary=f"对{person.name}{label}{until}（{basis}）",
        new={"measure": measure.pk, "kind": kind},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_MEASURE, target=measure, data_subject=person.name)
    return measure


@transaction.atomic
def measure_revoke(*, measure: Measure, actor: Actor, reason: str, on: date | None = None) -> Measure:
    """Lift a measure with its reason (e.g. the debtor performed: 失信规定 Art. 10), with a decision document."""
    file, case = file_lock(file=measure.file)
    _require(actor, case)
    measure = Measure.objects.select_for_update(of=("self",)).select_related("party__person").get(pk=measure.pk)
    if not reason.strip():
        raise EnforcementInputError("请写明解除措施的理由（如被执行人已履行）。", extra={"field": "reason"})
    if measure.state != Measure.State.ACTIVE:
        raise Conflict("该措施已解除。")
    on = on or timezone.localdate()
    measure_lift(file=file, case=case, measure=measure, actor=actor, reason=reason.strip(), on=on)
    basis = f"（{R.DISHONEST_REMOVE}）" if measure.kind == MeasureKind.DISHONEST_LIST else ""
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_MEASURE_REVOKED,
        actor=actor,
        summary=f"解除对{measure.party.person.name}的{measure.get_kind_display()}：{reason.strip()[:100]}{basis}",
        new={"measure": measure.pk},
    )
    return measure


def outstanding(file: EnforcementFile) -> Decimal:
    return file.amount_due - paid_to_applicants(file)
