"""Writes for courts and people: accounts, roles, tokens, second factors, the holiday calendar."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.actors import actor_required, actor_user
from smartcourt.core.errors import ApplicationError, NotFound
from smartcourt.core.services import AuditAction, audit_record

from .auth import password_stamp, token_digest
from .grants import reference_memo_clear
from .models import ApiToken, Court, Division, RoleGrant, StandingTeam, TotpEnrolmentCode, User
from .permissions import Action, Resource, permits
from .roles import Role
from .rules.grants import grant_refusal
from .selectors_staff import admin_scopes_of, enrolment_code_digest, roles_of, staff_change_allowed

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


class AccountRefused(ApplicationError):
    """A refusal of an account action (a grant, an enrolment code, a token): 403 unless the input was wrong."""

    status, code = 403, "courts.account_refused"


def _person_actor(actor: Actor) -> User | None:
    actor_required(actor)
    return actor if isinstance(actor, User) else None


@transaction.atomic
def user_create(*, username: str, full_name: str, actor: Actor, phone: str = "") -> User:
    """Open a staff account with no usable password yet (the person sets one: `manage.py changepassword`).

    A person opening it needs COURT_STAFF/CHANGE somewhere (a court's system administrator); the account then gets
    its roles through `role_grant`, under the granting rules."""
    person = _person_actor(actor)
    if person is not None and not permits(user=person, resource=Resource.COURT_STAFF, action=Action.CHANGE):
        raise AccountRefused("只有系统管理员可以新建工作人员账户。")
    username = (username or "").strip()
    if not username or User.objects.filter(username=username).exists():
        raise ApplicationError(f"用户名“{username}”为空或已被使用。", code="courts.username_taken")
    user = User(username=username, full_name=(full_name or "").strip()[:64], phone=(phone or "").strip()[:20])
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(actor=actor, action=AuditAction.USER_CREATED, target=user)
    return user


def password_check(*, password: str, username: str, full_name: str = "", phone: str = "", email: str = "") -> None:
    """Check a new password against the password validators for a person with these details (nothing is written);
    raises Django's `ValidationError`. Registration runs it whether or not the phone number is already taken, so a
    weak password is refused alike either way."""
    validate_password(password, User(username=username, full_name=full_name, phone=phone, email=email))


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


def password_hash_spend(*, password: str) -> None:
    """Hash `password` and throw the result away: a refusal that must take as long as an account creation (the
    registration of a phone number already taken answers exactly like a new one, in time too)."""
    make_password(password)


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: Role,
    court: Court,
    actor: Actor,
    division: Division | None = None,
    appointment_ref: str = "",
) -> RoleGrant:
    """Give `user` a role in a court (and division), under the granting rules (courts/rules/grants.py); idempotent.

    The granter needs COURT_STAFF/CHANGE over the court in the permission table (a court's system administrator:
    that court; a higher court's: the courts below it); never grants to themselves; the president's and the system
    administrator's roles come from a higher court; judges' roles record the appointment (法官法 Art. 18); a system
    administrator holds no other role. `SYSTEM` (`manage.py role_grant`) is bound by all but the scope.
    """
    person = _person_actor(actor)
    role = Role(role)
    user = User.objects.select_for_update().get(pk=user.pk)  # two grants racing for one person: one checks after
    if division is not None and division.court_id != court.pk:
        raise ApplicationError("所选部门不属于该法院。", code="courts.division_mismatch")
    refusal = grant_refusal(
        role=role,
        court_path=court.path if court.path_is_valid() else "",
        by_system=person is None,
        self_grant=person is not None and person.pk == user.pk,
        admin_scopes=admin_scopes_of(user=actor),
        holder_roles=roles_of(user=user),
        appointment_ref=appointment_ref,
    )
    if refusal is not None:
        error = AccountRefused(str(refusal), code=refusal.code)
        if refusal.code == "courts.grant_needs_appointment":
            error.status = 400
        raise error
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        role=role,
        court=court,
        division=division,
        defaults={"appointment_ref": (appointment_ref or "").strip()},
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.ROLE_GRANTED,
            target=grant,
            extra={
                "user": user.username,
                "role": role.value,
                "court": court.code,
                "division": division.name if division else None,
                "appointment_ref": grant.appointment_ref,
            },
        )
    return grant


# --- Second factor: enrolment codes and authenticator apps ------------------------------------------------------

# Unambiguous capitals and digits (no 0/O, 1/I/L): 10 of 31 symbols, about 50 bits, typed as "XXXXX-XXXXX".
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _enrolment_code_new() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def totp_enrolment_code_issue(*, user: User, actor: Actor) -> tuple[TotpEnrolmentCode, str]:
    """Issue a one-time code with which `user` binds an authenticator app (绑定码); returns the row and the code,
    which is shown once. Valid `TOTP_ENROLMENT_CODE_HOURS`; an earlier unused code of the person is withdrawn.

    The issuer needs COURT_STAFF/CHANGE over the person and may not issue one to themselves (whoever holds a
    password must not be able to enrol a second factor with it alone)."""
    person = _person_actor(actor)
    if person is not None and person.pk == user.pk:
        raise AccountRefused("不能为自己发放绑定码，请由其他系统管理员办理。", code="courts.enrolment_code_self")
    if person is not None and not staff_change_allowed(user=person, person=user):
        raise AccountRefused("只能为本院（或本院下级法院）的工作人员发放绑定码。", code="courts.enrolment_code_scope")
    if not user.requires_two_factor:
        raise ApplicationError("该账户不是法院工作人员账户，无需绑定身份验证器。", code="courts.enrolment_code_public")
    now = timezone.now()
    TotpEnrolmentCode.objects.filter(user=user, used_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=now, updated_at=now
    )
    raw = _enrolment_code_new()
    row = TotpEnrolmentCode.objects.create(
        user=user,
        code_hash=enrolment_code_digest(raw),
        issued_by=actor_user(actor),
        expires_at=now + timedelta(hours=settings.TOTP_ENROLMENT_CODE_HOURS),
    )
    audit_record(
        actor=actor,
        action=AuditAction.AUTH_TOTP_ENROLMENT_CODE_ISSUED,
        target=user,
        extra={"expires_at": row.expires_at.isoformat()},
    )
    return row, raw


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Start enrolment of an authenticator app: an unconfirmed device until the first code checks. The caller has
    checked the person's enrolment code (`courts.selectors_staff.totp_enrolment_code_find`)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


@transaction.atomic
def totp_device_confirm(
    *, device: TOTPDevice, enrolment_code: TotpEnrolmentCode, request: HttpRequest | None = None
) -> TOTPDevice:
    """Confirm the device whose first code checked, spending the enrolment code that allowed it (once: a second
    confirmation with the same code is refused); any earlier device of the person stops working."""
    code = TotpEnrolmentCode.objects.select_for_update().filter(pk=enrolment_code.pk, user=device.user).first()
    if code is None or code.used_at or code.withdrawn_at or code.expires_at <= timezone.now():
        raise AccountRefused(
            "绑定码已使用、已作废或已过期，请向系统管理员重新领取。", code="courts.enrolment_code_invalid"
        )
    code.used_at = timezone.now()
    code.save(update_fields=["used_at", "updated_at"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    audit_record(
        actor=device.user, action=AuditAction.AUTH_TOTP_ENROLLED, target=device.user, kind="auth", request=request
    )
    return device


# --- Passwords and API tokens ----------------------------------------------------------------------------------


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str, request: HttpRequest | None = None) -> int:
    """Change one's own password (修改密码); every API token of the person is revoked with it. Returns how many.

    (A password changed any other way — `manage.py changepassword` — also ends the tokens: each is bound to the
    password it was issued under, `ApiToken.password_stamp`.)"""
    if not user.check_password(old_password or ""):
        raise ApplicationError("当前密码不正确。", code="courts.password_wrong", extra={"field": "old_password"})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError(
            "；".join(exc.messages), code="courts.password_weak", extra={"field": "new_password"}
        ) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    now = timezone.now()
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=ApiToken.RevokedReason.PASSWORD_CHANGED, updated_at=now
    )
    audit_record(
        actor=user,
        action=AuditAction.AUTH_PASSWORD_CHANGED,
        target=user,
        kind="auth",
        request=request,
        extra={"api_tokens_revoked": revoked},
    )
    return revoked


@transaction.atomic
def api_token_create(*, user: User, name: str, lifetime_days: int | None = None) -> tuple[ApiToken, str]:
    """Issue a personal API token; returns the row and the token, which is shown only once.

    It expires after `lifetime_days` (at most, and by default, `API_TOKEN_LIFETIME_DAYS`) and with the next
    password change."""
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise ApplicationError("请填写令牌用途（64字以内）。", code="courts.token_name", extra={"field": "name"})
    longest = settings.API_TOKEN_LIFETIME_DAYS
    days = longest if lifetime_days is None else lifetime_days
    if not 1 <= days <= longest:
        raise ApplicationError(
            f"有效期应为 1 至 {longest} 天。", code="courts.token_lifetime", extra={"field": "lifetime_days"}
        )
    raw = "sc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:10],
        key_hash=token_digest(raw),
        expires_at=timezone.now() + timedelta(days=days),
        password_stamp=password_stamp(user),
    )
    audit_record(
        actor=user, action=AuditAction.API_TOKEN_CREATED, target=token, extra={"expires_at": str(token.expires_at)}
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    """Revoke a token (吊销): its owner does, from the account page or the API; a token already revoked stays as it
    was (no second audit row). Nobody else revokes another person's token here."""
    person = _person_actor(actor)
    if person is not None and person.pk != token.user_id:
        raise NotFound()
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_reason = ApiToken.RevokedReason.OWNER
    token.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    audit_record(actor=actor, action=AuditAction.API_TOKEN_REVOKED, target=token)
    return token


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
    reference_memo_clear()  # bulk_create sends no signal: this request's later deadlines count on the new days


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
