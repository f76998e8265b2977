"""Writes for courts and people: accounts, roles, tokens, second factors, the holiday calendar."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.services import audit_record

from .auth import token_digest
from .models import ApiToken, Court, Division, RoleGrant, User
from .roles import Role

if TYPE_CHECKING:
    from django.http import HttpRequest


@transaction.atomic
def court_create(
    *,
    name: str,
    code: str,
    level: str,
    parent: Court | None = None,
    short_name: str = "",
    region: str = "",
    address: str = "",
    phone: str = "",
) -> Court:
    """Create a court and place it in the hierarchy (its materialised path)."""
    court = Court(
        name=name,
        code=code,
        level=level,
        parent=parent,
        short_name=short_name,
        region=region,
        address=address,
        phone=phone,
        path="",
    )
    court.save()
    court.path = f"{parent.path if parent else '/'}{court.pk}/"
    court.full_clean()
    court.save(update_fields=["path"])
    audit_record(actor=None, action="court.created", target=court)
    return court


@transaction.atomic
def role_grant(
    *, user: User, role: Role, court: Court, division: Division | None = None, actor: User | None = None
) -> RoleGrant:
    """Give `user` a role in a court (and division); idempotent."""
    if division is not None and division.court_id != court.pk:
        from smartcourt.core.errors import ApplicationError

        raise ApplicationError("所选部门不属于该法院。", code="courts.division_mismatch")
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, court=court, division=division)
    if created:
        audit_record(actor=actor, action="role.granted", target=grant)
    return grant


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token; returns the row and the token, which is shown only once."""
    raw = "sc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=token_digest(raw))
    audit_record(actor=user, action="api_token.created", target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit_record(actor=actor, action="api_token.revoked", target=token)
    return token


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Start enrolment of an authenticator app: an unconfirmed device until the first code checks."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, request: HttpRequest | None = None) -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    audit_record(actor=device.user, action="auth.totp_enrolled", target=device.user, kind="auth", request=request)
    return device


# --- Holiday calendar (工作日历): load and edit a year of the State Council's arrangement -------------------------

from django.db import IntegrityError  # noqa: E402

from smartcourt.core.errors import ApplicationError, Conflict  # noqa: E402
from smartcourt.courts.rules.holidays import YearArrangement, arrangement_errors  # noqa: E402

from .models import CalendarDay, HolidayYear  # noqa: E402


class CalendarInvalid(ApplicationError):
    code = "courts.calendar_invalid"
    message = "节假日安排有误，请修改后重新提交。"


class CalendarYearExists(Conflict):
    code = "courts.calendar_year_exists"


class CalendarYearMissing(ApplicationError):
    status, code = 404, "courts.calendar_year_missing"


def _calendar_check(arrangement: YearArrangement) -> None:
    errors = arrangement_errors(arrangement)
    if errors:
        raise CalendarInvalid(f"节假日安排有{len(errors)}处错误：{errors[0]}", extra={"errors": errors})


def _calendar_days_write(row: HolidayYear, arrangement: YearArrangement) -> None:
    CalendarDay.objects.bulk_create(
        CalendarDay(year=row, date=d.date, kind=d.kind.value, name=d.name) for d in arrangement.days
    )


def _calendar_snapshot(days: list[CalendarDay] | tuple) -> dict[str, str]:
    return {str(d.date): f"{getattr(d.kind, 'value', d.kind)} {d.name}" for d in days}


@transaction.atomic
def holiday_year_load(*, arrangement: YearArrangement, actor: User | None) -> HolidayYear:
    """Load one year's holiday arrangement (节假日安排) that is not loaded yet; 民诉法 Art. 85 counts on it.

    A year already loaded is refused (editing is `holiday_year_update`, so a second upload never overwrites
    silently); then the data is validated (dates inside the year, no date both holiday and workday, workdays on
    weekends …). A refusal writes nothing.
    """
    exists = CalendarYearExists(
        f"{arrangement.year}年的节假日安排已录入，不能重复录入；如需修改，请在该年度下点击“修改”。"
    )
    if HolidayYear.objects.filter(year=arrangement.year).exists():
        raise exists
    _calendar_check(arrangement)
    try:
        with transaction.atomic():  # a concurrent load of the same year loses on the unique year, here
            row = HolidayYear.objects.create(
                year=arrangement.year, notice=arrangement.notice, notice_no=arrangement.notice_no, loaded_by=actor
            )
    except IntegrityError as exc:
        raise exists from exc
    _calendar_days_write(row, arrangement)
    audit_record(
        actor=actor,
        action="calendar.year_loaded",
        target=row,
        extra={"year": row.year, "notice_no": row.notice_no, "days": _calendar_snapshot(arrangement.days)},
    )
    return row


@transaction.atomic
def holiday_year_update(
    *, year: int, arrangement: YearArrangement, actor: User | None, reason: str = ""
) -> HolidayYear:
    """Replace a loaded year's notice and days (e.g. a corrected notice); old and new days go to the audit row.

    Deadlines already computed are not recomputed here: each computation explains the days it skipped.
    """
    _calendar_check(arrangement)
    if arrangement.year != year:
        raise CalendarInvalid(f"提交的年度（{arrangement.year}）与所修改的年度（{year}）不一致。")
    row = HolidayYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        raise CalendarYearMissing(f"{year}年的节假日安排尚未录入，请先录入。")
    old = _calendar_snapshot(list(row.days.all()))
    old_notice = {"notice": row.notice, "notice_no": row.notice_no}
    row.days.all().delete()
    row.notice, row.notice_no = arrangement.notice, arrangement.notice_no
    row.loaded_by = actor if actor is not None and actor.is_authenticated else row.loaded_by
    row.full_clean()
    row.save(update_fields=["notice", "notice_no", "loaded_by", "updated_at"])
    _calendar_days_write(row, arrangement)
    audit_record(
        actor=actor,
        action="calendar.year_changed",
        target=row,
        reason=reason,
        extra={
            "year": year,
            "old": {**old_notice, "days": old},
            "new": {"notice": row.notice, "notice_no": row.notice_no, "days": _calendar_snapshot(arrangement.days)},
        },
    )
    return row
