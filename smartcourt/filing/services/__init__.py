"""Writes for filing. Court fees: a court's point inside each statutory fee range, every change audited."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from smartcourt.core.services import AuditAction, audit_record

from ..models import CourtFeePoint, CourtFeeRangeKind, CourtFeeSetting
from ..rules.fees import RANGES, FeeInputError, RangeChoice, range_pick

if TYPE_CHECKING:
    from django.http import HttpRequest

    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court


def _snapshot(setting: CourtFeeSetting | None) -> dict[str, str | None]:
    if setting is None:
        return {"point": None, "value": None}
    return {"point": setting.point, "value": None if setting.value is None else f"{setting.value:.2f}"}


@transaction.atomic
def court_fee_setting_set(
    *,
    court: Court,
    kind: str,
    point: str,
    value: Decimal | None = None,
    actor: Actor,
    note: str = "",
    request: HttpRequest | None = None,
) -> CourtFeeSetting:
    """Set where `court` stands in one fee range (收费幅度): its minimum, its maximum or a figure inside it.

    The province may fix the point for Art. 13(2), 13(3), 13(6) (诉讼费用交纳办法 Art. 13, last paragraph); the court
    records it here. One audit row holds the old and the new point.
    """
    if kind not in CourtFeeRangeKind.values:
        raise FeeInputError(
            _("收费幅度（kind）“%(kind)s”无法识别，可选：%(choices)s。")
            % {"kind": kind, "choices": "、".join(CourtFeeRangeKind.values)},
            code="fee.range_kind_unknown",
            field="kind",
        )
    if point not in CourtFeePoint.values:
        raise FeeInputError(_("取值（point）只能是 min、max 或 value。"), code="fee.range_point_invalid", field="point")
    if point == CourtFeePoint.VALUE:
        if value is None:
            raise FeeInputError(_("指定金额时须填写金额（value）。"), code="fee.value_required", field="value")
        range_pick(RANGES[kind], RangeChoice(value=value))  # refuses a figure outside the statutory range
    elif value is not None:
        raise FeeInputError(_("取下限或上限时不填写金额（value）。"), code="fee.value_not_applicable", field="value")

    setting = CourtFeeSetting.objects.select_for_update().filter(court=court, kind=kind).first()
    old = _snapshot(setting)
    if setting is None:
        setting = CourtFeeSetting(court=court, kind=kind)
    setting.point, setting.value = point, value
    setting.full_clean(validate_unique=False)
    setting.save()
    audit_record(
        actor=actor,
        action=AuditAction.COURT_FEE_SETTING_SET,
        target=setting,
        reason=note[:200],
        request=request,
        extra={"court": court.code, "kind": kind, "old": old, "new": _snapshot(setting)},
    )
    return setting


# The filing workflow lives in modules of its own (fees, filing, review); re-exported so callers import one place.
from .fees import (  # noqa: E402
    fee_notice_issue,
    fee_relief_apply,
    fee_relief_decide,
    payment_confirm,
    payment_report,
    refund_record,
)
from .filing import (  # noqa: E402
    ClaimIn,
    FilingChannel,  # the channel vocabulary (online, kiosk …) as values, for callers that never import filing.models
    FilingProblems,
    FilingStateError,
    authorisation_grant,
    evidence_add,
    evidence_remove,
    filing_basics_set,
    filing_claims_set,
    filing_consent_record,
    filing_court_set,
    filing_draft_create,
    filing_facts_set,
    filing_kiosk_submit,
    filing_parties_set,
    filing_problems,
    filing_submit,
    filing_withdraw,
)
from .review import (  # noqa: E402
    filing_accept,
    filing_forward,
    filing_receive_for_other_court,
    filing_reject,
    filing_request_correction,
)

__all__ = [
    "ClaimIn",
    "FilingChannel",
    "FilingProblems",
    "FilingStateError",
    "authorisation_grant",
    "court_fee_setting_set",
    "evidence_add",
    "evidence_remove",
    "fee_notice_issue",
    "fee_relief_apply",
    "fee_relief_decide",
    "filing_accept",
    "filing_basics_set",
    "filing_claims_set",
    "filing_consent_record",
    "filing_court_set",
    "filing_draft_create",
    "filing_facts_set",
    "filing_forward",
    "filing_kiosk_submit",
    "filing_parties_set",
    "filing_problems",
    "filing_receive_for_other_court",
    "filing_reject",
    "filing_request_correction",
    "filing_submit",
    "filing_withdraw",
    "payment_confirm",
    "payment_report",
    "refund_record",
]
