"""A court's point inside a fee range: set through the service, audited, and used by the estimate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.filing.models import CourtFeeSetting
from smartcourt.filing.rules.fees import FeeInputError, FeeKind, FeeQuery, RangePoint
from smartcourt.filing.selectors import court_fee_estimate
from smartcourt.filing.services import court_fee_setting_set
from smartcourt.filing.tests.factories import court_make


@pytest.mark.django_db
def test_setting_the_max_changes_the_estimate_and_is_audited() -> None:
    court = court_make(code="苏0508")  # given
    query = FeeQuery(kind=FeeKind.DIVORCE, court_code="苏0508")
    assert court_fee_estimate(query=query).fee == Decimal("50.00")  # no setting: the minimum

    setting = court_fee_setting_set(court=court, kind="divorce", point="max", actor=SYSTEM, note="省定标准")  # when

    assert court_fee_estimate(query=query).fee == Decimal("300.00")  # then
    assert "苏0508" in court_fee_estimate(query=query).breakdown[0].text  # the explanation names who chose
    log = AuditLog.objects.get(action="court_fee_setting.set", target_id=str(setting.pk))
    assert log.extra == {
        "actor": "system",  # set by the platform itself (SYSTEM), not a person
        "court": "苏0508",
        "kind": "divorce",
        "old": {"point": None, "value": None},
        "new": {"point": "max", "value": None},
    }
    assert log.reason == "省定标准"


@pytest.mark.django_db
def test_a_value_inside_the_range_is_used_and_a_second_change_updates_the_same_row() -> None:
    court = court_make()
    court_fee_setting_set(court=court, kind="maritime.fund", point="max", actor=SYSTEM)
    court_fee_setting_set(court=court, kind="maritime.fund", point="value", value=Decimal("2500"), actor=SYSTEM)

    assert CourtFeeSetting.objects.filter(court=court).count() == 1
    query = FeeQuery(kind=FeeKind.MARITIME, subtype="fund", court_code=court.code)
    assert court_fee_estimate(query=query).fee == Decimal("2500.00")
    logs = AuditLog.objects.filter(action="court_fee_setting.set").order_by("id")
    assert [log.extra["new"]["point"] for log in logs] == ["max", "value"]
    assert logs.last().extra["old"] == {"point": "max", "value": None}


@pytest.mark.django_db
def test_an_explicit_range_point_in_the_request_wins_over_the_court_setting() -> None:
    court = court_make()
    court_fee_setting_set(court=court, kind="non_property", point="max", actor=SYSTEM)
    query = FeeQuery(kind=FeeKind.NON_PROPERTY, court_code=court.code, range_point=RangePoint.MIN)
    assert court_fee_estimate(query=query).fee == Decimal("50.00")


@pytest.mark.django_db
def test_another_courts_setting_does_not_apply() -> None:
    court_fee_setting_set(court=court_make(), kind="ip", point="max", actor=SYSTEM)
    other = court_make()
    assert court_fee_estimate(query=FeeQuery(kind=FeeKind.IP, court_code=other.code)).fee == Decimal("500.00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "point", "value", "code"),
    [
        ("divorce", "value", Decimal("301"), "fee.range_value_out_of_range"),
        ("divorce", "value", Decimal("49.99"), "fee.range_value_out_of_range"),
        ("divorce", "value", None, "fee.value_required"),
        ("divorce", "max", Decimal("100"), "fee.value_not_applicable"),
        ("property", "max", None, "fee.range_kind_unknown"),  # the property scale has no range
        ("labour", "max", None, "fee.range_kind_unknown"),
        ("divorce", "middle", None, "fee.range_point_invalid"),
    ],
)
def test_refused_settings_write_nothing(kind: str, point: str, value: Decimal | None, code: str) -> None:
    court = court_make()
    with pytest.raises(FeeInputError) as exc:
        court_fee_setting_set(court=court, kind=kind, point=point, value=value, actor=SYSTEM)
    assert exc.value.code == code
    assert not CourtFeeSetting.objects.exists()
    assert not AuditLog.objects.filter(action="court_fee_setting.set").exists()
