"""Reads for filing. Court fees: a court's fee settings, and the estimate that feeds them to the pure rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from smartcourt.core.errors import NotFound
from smartcourt.courts.selectors import court_get_by_code, court_list

from ..models import CourtFeePoint, CourtFeeSetting, Filing
from ..rules.fee_notice import fee_kind_for
from ..rules.fees import FeeQuery, FeeResult, RangeChoice, RangePoint, fee_compute, fee_range_for

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from smartcourt.courts.models import Court


class CourtNotFound(NotFound):
    code = "fee.court_not_found"


def court_fee_setting_get(*, court: Court, kind: str) -> CourtFeeSetting | None:
    return CourtFeeSetting.objects.filter(court=court, kind=kind).first()


def court_fee_range_choice(*, court: Court, kind: str) -> RangeChoice | None:
    """The court's point for range `kind` as the rule takes it, or None (the rule then takes the minimum)."""
    setting = court_fee_setting_get(court=court, kind=kind)
    if setting is None:
        return None
    source = _("%(court)s（%(code)s）设定") % {"court": court.name, "code": court.code}
    if setting.point == CourtFeePoint.VALUE:
        return RangeChoice(value=setting.value, source=source)
    return RangeChoice(point=RangePoint(setting.point), source=source)


def court_fee_court_get(*, code: str) -> Court:
    court = court_get_by_code(code=code)
    if court is None:
        raise CourtNotFound(
            _("未找到代字为“%(code)s”的法院（court），请检查法院代字，如 苏0508。") % {"code": code},
            extra={"field": "court"},
        )
    return court


def court_fee_court_choices() -> QuerySet[Court]:
    """Courts offered on the public calculator page."""
    return court_list().only("id", "name", "code", "path")


def court_fee_estimate(*, query: FeeQuery) -> FeeResult:
    """The fee for `query`: an explicit `range_point` wins, else the court's setting, else the minimum."""
    court = court_fee_court_get(code=query.court_code) if query.court_code else None
    choice = RangeChoice()
    if query.range_point is not None:
        choice = RangeChoice(point=query.range_point, source=_("按请求取值"))
    elif court is not None:
        fee_range = fee_range_for(query.kind, query.subtype)
        configured = court_fee_range_choice(court=court, kind=fee_range.key) if fee_range else None
        choice = configured or RangeChoice(
            source=_("%(court)s未另行设定，取下限") % {"court": court.name},
        )
    return fee_compute(query, choice)


def filing_fee_estimate(*, filing: Filing) -> FeeResult | None:
    """The case fee (案件受理费) the fee notice will ask for once the filing is accepted, shown before it is
    submitted; `fee_notice_issue` computes the notice from this very function. None until a court is chosen."""
    court = filing.court
    if court is None:
        return None
    kind = fee_kind_for(cause_name=filing.cause.name if filing.cause else "", amount=filing.claim_amount)
    amount = filing.claim_amount if kind.value in ("property", "divorce", "personality", "ip") else None
    return court_fee_estimate(query=FeeQuery(kind=kind, amount=amount, court_code=court.code))


# Online filing reads live in selectors.filing (re-exported here so callers import one place).
from .filing import (  # noqa: E402, F401
    COMMON_CAUSES,
    FilingIntakeBundle,
    IntakeEvidence,
    QueueItem,
    common_causes,
    correction_open,
    evidence_get_for_user,
    fee_notice_for_filing,
    fee_notices_pending_confirmation,
    filing_events,
    filing_evidence,
    filing_evidence_content,
    filing_get_for_user,
    filing_intake_bundle,
    filing_list_for_filer,
    filing_lookup_public,
    filing_public_events,
    filing_review_courts,
    filing_visible_to,
    received_for_forwarding,
    review_queue,
    triage_stats,
    triage_stats_courts,
)
