"""Writes for courts and people: accounts, roles, tokens, second factors, the holiday calendar."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError
from smartcourt.core.services import AuditAction, audit_record

from .auth import token_digest
from .models import ApiToken, Court, Division, RoleGrant, StandingTeam, User
from .roles import Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from smartcourt.core.actors import Actor


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
    actor: Actor,
) -> Court:
    """Create a court and place it in the hierarchy: its materialised path is its parent's path and its own id, so
    "this court and every court below it" is one prefix query. The path is written here and nowhere else."""
    if parent is not None and not parent.path_is_valid():
        raise ApplicationError("上级法院的层级路径无效，请先修复上级法院。", code="courts.parent_path_invalid")
    court = Court(
        name=name,
        code=code,
        level=level,
        parent=parent,
        short_name=short_name,
        region=region,
        address=address,
        phone=phone,
        # The id is known only after the insert: a placeholder below the parent (well-formed for the database
        # check, never valid for `path_is_valid`) lives until the update two lines down, in this transaction.
        path=f"{parent.path if parent else '/'}new/",
    )
    court.save()
    court.path = court.path_expected()
    court.full_clean()
    court.save(update_fields=["path"])
    audit_record(actor=actor, action=AuditAction.COURT_CREATED, target=court, extra={"path": court.path})
    return court


@transaction.atomic
def user_create(*, username: str, full_name: str, actor: Actor, phone: str = "") -> User:
    """Open a staff account with no usable password yet (the person sets one: `manage.py changepassword`)."""
    username = (username or "").strip()
    if not username or User.objects.filter(username=username).exists():
        raise ApplicationError(f"用户名“{username}”为空或已被使用。", code="courts.username_taken")
    user = User(username=username, full_name=(full_name or "").strip()[:64], phone=(phone or "").strip()[:20])
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(actor=actor, action=AuditAction.USER_CREATED, target=user)
    return user


@transaction.atomic  # joins the caller's registration transaction; atomic on its own when called alone
def litigant_user_create(
    *,
    username: str,
    full_name: str,
    phone: str,
    email: str,
    password: str,
    role: Role,
    court: Court,
    lawyer_licence_no: str = "",
    law_firm: str = "",
) -> User:
    """Open the login of a party or lawyer registering on the public side, with its role in `court`.

    Part of the caller's registration (`portal.services.litigant_register`), which checks the input, holds the
    transaction and writes the one audit row. The password is checked against the password validators first: a
    weak one raises Django's `ValidationError` before anything is written.
    """
    user = User(username=username, full_name=full_name, phone=phone, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.lawyer_licence_no, user.law_firm = lawyer_licence_no, law_firm
    user.save()
    RoleGrant.objects.create(user=user, role=role, court=court)
    return user


@transaction.atomic
def role_grant(*, user: User, role: Role, court: Court, actor: Actor, division: Division | None = None) -> RoleGrant:
    """Give `user` a role in a court (and division); idempotent."""
    if division is not None and division.court_id != court.pk:
        raise ApplicationError("所选部门不属于该法院。", code="courts.division_mismatch")
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, court=court, division=division)
    if created:
        audit_record(actor=actor, action=AuditAction.ROLE_GRANTED, target=grant)
    return grant


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token; returns the row and the token, which is shown only once."""
    raw = "sc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=token_digest(raw))
    audit_record(actor=user, action=AuditAction.API_TOKEN_CREATED, target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.API_TOKEN_REVOKED, target=token)
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
    audit_record(
        actor=device.user, action=AuditAction.AUTH_TOTP_ENROLLED, target=device.user, kind="auth", request=request
    )
    return device


# --- Holiday calendar (工作日历): load and edit a year of the State Council's arrangement -------------------------

from django.db import IntegrityError  # noqa: E402

from smartcourt.core.errors import Conflict  # noqa: E402
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
def holiday_year_load(*, arrangement: YearArrangement, actor: Actor) -> HolidayYear:
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
                year=arrangement.year,
                notice=arrangement.notice,
                notice_no=arrangement.notice_no,
                loaded_by=actor_user(actor),
            )
    except IntegrityError as exc:
        raise exists from exc
    _calendar_days_write(row, arrangement)
    audit_record(
        actor=actor,
        action=AuditAction.CALENDAR_YEAR_LOADED,
        target=row,
        extra={"year": row.year, "notice_no": row.notice_no, "days": _calendar_snapshot(arrangement.days)},
    )
    return row


@transaction.atomic
def holiday_year_update(*, year: int, arrangement: YearArrangement, actor: Actor, reason: str = "") -> HolidayYear:
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
    row.loaded_by = actor_user(actor) or row.loaded_by
    row.full_clean()
    row.save(update_fields=["notice", "notice_no", "loaded_by", "updated_at"])
    _calendar_days_write(row, arrangement)
    audit_record(
        actor=actor,
        action=AuditAction.CALENDAR_YEAR_CHANGED,
        target=row,
        reason=reason,
        extra={
            "year": year,
            "old": {**old_notice, "days": old},
            "new": {"notice": row.notice, "notice_no": row.notice_no, "days": _calendar_snapshot(arrangement.days)},
        },
    )
    return row


# --- Standing teams (固定审判团队) --------------------------------------------------------------------------------


class StandingTeamInputError(ApplicationError):
    code = "courts.standing_team_invalid"


@transaction.atomic
def standing_team_set(*, post: RoleGrant, actor: Actor, assistant: User | None, clerk: User | None) -> StandingTeam:
    """Set a judge's standing team (固定审判团队): the assistant and clerk who join each case assigned to the judge at
    that post from now on (cases already assigned keep their team). The judge or the post's division head may set
    it (permission table: STANDING_TEAM/CHANGE); each member must hold the role at the post's court."""
    from .permissions import Action, Resource, permission_require
    from .selectors_teams import user_holds_role

    post = RoleGrant.objects.select_for_update(of=("self",)).select_related("user", "court").get(pk=post.pk)
    permission_require(
        actor=actor,
        resource=Resource.STANDING_TEAM,
        action=Action.CHANGE,
        obj=post,
        message="只有法官本人或其所在庭的庭长可以设置固定审判团队。",
    )
    if post.role != Role.JUDGE:
        raise StandingTeamInputError("固定审判团队只能为法官职位设置。")
    for person, role, label, field in (
        (assistant, Role.JUDGE_ASSISTANT, "法官助理", "assistant"),
        (clerk, Role.CLERK, "书记员", "clerk"),
    ):
        if person is not None and not user_holds_role(user=person, role=role, court=post.court):
            raise StandingTeamInputError(
                f"{person.get_full_name()}不是{post.court.name}的{label}，不能加入固定审判团队。",
                extra={"field": field},
            )
    team, _created = StandingTeam.objects.select_for_update().get_or_create(post=post)
    old = {"assistant": team.assistant_id, "clerk": team.clerk_id}
    team.assistant, team.clerk = assistant, clerk
    team.save(update_fields=["assistant", "clerk", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.STANDING_TEAM_SET,
        target=team,
        extra={"judge": post.user_id, "old": old, "new": {"assistant": team.assistant_id, "clerk": team.clerk_id}},
    )
    return team
