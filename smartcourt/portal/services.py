"""Writes of the public side: registration of parties and lawyers, real-name verification, staff approval."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from smartcourt.cases.rules import identity as id_rules
from smartcourt.core.actors import actor_required, actor_user
from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake import sniff
from smartcourt.core.intake.store import blob_store
from smartcourt.core.outbox.selectors import outbox_messages
from smartcourt.core.outbox.services import Channel as OutboxChannel
from smartcourt.core.outbox.services import outbox_send
from smartcourt.core.selectors import audit_count_since
from smartcourt.core.services import AuditAction, AuditKind, audit_record, client_ip, notification_send
from smartcourt.courts.permissions import Action, Resource, allows, permission_require
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import user_courts, user_get_by_username
from smartcourt.courts.services import litigant_user_create, password_check, password_hash_spend
from smartcourt.filing.selectors import filing_lookup_public

from .identity import DEFAULT_PROVIDER, PROVIDERS, lawyer_licence_problem
from .models import KioskDevice, LitigantAccount
from .selectors import kiosk_courts, kiosk_key_digest

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest

    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User
    from smartcourt.filing.models import Filing


REGISTER_REPEATED_PURPOSE = "portal.register_repeated"


class AccountInputError(ApplicationError):
    code = "portal.invalid_input"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message, extra={"field": field})


REPEATED_NOTICE_GAP = timedelta(hours=1)  # at most one "someone tried to register your number" SMS an hour


@transaction.atomic
def litigant_register(
    *,
    kind: str,
    full_name: str,
    phone: str,
    password: str,
    court: Court,
    licence_no: str = "",
    law_firm: str = "",
    email: str = "",
) -> User | None:
    """Open a party's or lawyer's account; the phone number is the login name. Verification follows.

    Whether the phone number is already registered is never told to whoever registers: every check of the input
    (the password too) runs first, the same either way; then a new number gets its account and a known one gets
    nothing but an SMS to its owner, through the outbox (at most one an hour). The password is hashed in both
    cases, so even the time taken is alike. Returns the new user, or None for a known number — the caller answers
    both alike ("sign in with your phone number and password")."""
    if kind not in LitigantAccount.Kind.values:
        raise AccountInputError("请选择注册类型（当事人或律师）。", field="kind")
    name = (full_name or "").strip()
    if not name or len(name) > 64:
        raise AccountInputError("请填写真实姓名（与身份证一致）。", field="full_name")
    mobile = id_rules.validate_mobile(phone)
    if not mobile.ok:
        raise AccountInputError(mobile.message, field="phone")
    lawyer = kind == LitigantAccount.Kind.LAWYER
    if lawyer:
        problem = lawyer_licence_problem(licence_no)
        if problem:
            raise AccountInputError(problem, field="licence_no")
        if not law_firm.strip():
            raise AccountInputError("请填写执业律师事务所。", field="law_firm")
    try:
        password_check(password=password, username=mobile.value, full_name=name, phone=mobile.value, email=email)
    except ValidationError as exc:
        raise AccountInputError("；".join(exc.messages), field="password") from None
    existing = user_get_by_username(username=mobile.value)
    if existing is not None:
        password_hash_spend(password=password)  # as long as creating the account would have taken
        _register_repeated_notify(user=existing, phone=mobile.value, court=court)
        return None
    try:
        with transaction.atomic():  # a concurrent registration of the same number wins the unique username here
            user = litigant_user_create(
                username=mobile.value,
                full_name=name,
                phone=mobile.value,
                email=email.strip(),
                password=password,
                role=Role.LAWYER if lawyer else Role.PARTY,
                court=court,
                lawyer_licence_no=licence_no.strip() if lawyer else "",
                law_firm=law_firm.strip()[:100] if lawyer else "",
            )
    except IntegrityError:
        return None
    except ValidationError as exc:
        raise AccountInputError("；".join(exc.messages), field="password") from None
    # The court chosen at registration (常用法院) is the account's: its filing officers verify the person.
    LitigantAccount.objects.create(user=user, kind=kind, email=email.strip(), court=court)
    audit_record(actor=user, action=AuditAction.PORTAL_REGISTER, target=user, extra={"kind": kind})
    return user


def _register_repeated_notify(*, user: User, phone: str, court: Court) -> None:
    """Tell the owner of a registered number, by SMS through the outbox, that someone asked to register it."""
    recent = outbox_messages(
        where=Q(recipient=user, purpose=REGISTER_REPEATED_PURPOSE, created_at__gte=timezone.now() - REPEATED_NOTICE_GAP)
    )
    if recent.exists():
        return
    outbox_send(
        channel=OutboxChannel.SMS,
        to=user.phone or phone,
        body=(
            "【智慧法院】有人使用您的手机号申请注册诉讼服务账户。您已注册，可直接用手机号和原密码登录；"
            "忘记密码请联系法院。如非本人操作，请忽略本短信，您的账户未作任何变更。"
        ),
        purpose=REGISTER_REPEATED_PURPOSE,
        recipient=user,
        court=court,
    )
    audit_record(actor=AnonymousUser(), action=AuditAction.PORTAL_REGISTER_REPEATED, target=user)


@transaction.atomic
def identity_submit(
    *, user: User, id_number: str, photo: UploadedFile | None, provider: str = DEFAULT_PROVIDER
) -> LitigantAccount:
    """Submit real-name data to the identity provider; the embedded one queues it for staff approval."""
    account = LitigantAccount.objects.select_for_update().get(user=user)
    if account.state == LitigantAccount.State.VERIFIED:
        raise AccountInputError("您已完成实名认证。", field="id_number")
    chosen = PROVIDERS.get(provider)
    if chosen is None:
        raise AccountInputError("未知的认证方式。", field="provider")
    check = chosen.check(full_name=user.get_full_name(), id_number=id_number, photo=photo)
    if not check.ok:
        raise AccountInputError(check.message, field=check.field)
    value = id_number.strip().upper()
    if LitigantAccount.objects.filter(id_number=value).exclude(pk=account.pk).exists():
        raise AccountInputError("该身份证号已被其他账户认证；如非本人操作，请联系法院。", field="id_number")
    account.id_number, account.provider = value, chosen.key
    if account.court_id is None:  # an account opened before accounts had a court: the court of its registration
        account.court = user_courts(user=user).first()
    if photo is not None:
        photo.seek(0)
        content = photo.read()
        blob = blob_store(content=content, ext=sniff.EXTENSIONS.get(sniff.kind_of(content[: sniff.HEAD_BYTES]), "bin"))
        account.id_photo, account.id_photo_sha256 = blob.name, blob.sha256
    account.state = LitigantAccount.State.VERIFIED if check.decided else LitigantAccount.State.PENDING
    account.refusal_reason = ""
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise AccountInputError("该身份证号已被其他账户认证。", field="id_number") from None
    audit_record(actor=user, action=AuditAction.PORTAL_IDENTITY_SUBMIT, target=account, data_subject=f"user:{user.pk}")
    return account


@transaction.atomic
def identity_review(*, account: LitigantAccount, actor: User, approve: bool, reason: str = "") -> LitigantAccount:
    """Staff compare the ID photo with the data and approve or refuse (with a reason): the filing officers of the
    court the applicant registered with (permission table: IDENTITY/CHANGE, court scope)."""
    account = LitigantAccount.objects.select_for_update().select_related("user").get(pk=account.pk)
    permission_require(
        actor=actor,
        resource=Resource.IDENTITY,
        action=Action.CHANGE,
        obj=account,
        message="只有申请人注册法院的立案人员可以审核其实名认证。",
    )
    if account.state != LitigantAccount.State.PENDING:
        raise AccountInputError("该认证申请已处理。", field="state")
    if not approve and len((reason or "").strip()) < 4:
        raise AccountInputError("不予通过须说明理由，如“照片模糊”。", field="reason")
    account.state = LitigantAccount.State.VERIFIED if approve else LitigantAccount.State.REFUSED
    account.reviewed_by, account.reviewed_at, account.refusal_reason = (
        actor,
        timezone.now(),
        (reason or "").strip()[:200],
    )
    account.save()
    audit_record(
        actor=actor,
        action=AuditAction.PORTAL_IDENTITY_REVIEW,
        target=account,
        reason=account.refusal_reason,
        data_subject=f"user:{account.user_id}",
        extra={"approve": approve},
    )
    notification_send(
        recipient=account.user,
        title="实名认证已通过" if approve else "实名认证未通过",
        body="您可以在线提交立案申请了。" if approve else f"理由：{account.refusal_reason}。请重新提交。",
        link="/portal/verify/",
        topic="portal.identity",
    )
    return account


# --- Self-service terminals (自助立案终端) -----------------------------------------------------------------------


class KioskRefused(ApplicationError):
    status, code = 403, "portal.kiosk_refused"


@transaction.atomic
def kiosk_device_register(*, court: Court, name: str, actor: Actor) -> tuple[KioskDevice, str]:
    """Register a self-service terminal of `court`; returns the row and its device key, which is shown once.

    The court's administrator registers it (the table's KIOSK/CHANGE at that court), or the platform (`manage.py
    kiosk_register` on the server). Only a terminal presenting the key may file (`portal.views.kiosk`)."""
    actor_required(actor)
    if not kiosk_courts(user=actor).filter(pk=court.pk).exists():
        raise KioskRefused("只能为本院登记自助立案终端。")
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise AccountInputError("请填写终端名称（64字以内），如“诉讼服务中心1号机”。", field="name")
    raw = "kiosk_" + secrets.token_urlsafe(32)
    device = KioskDevice.objects.create(
        court=court, name=name, prefix=raw[:12], key_hash=kiosk_key_digest(raw), registered_by=actor_user(actor)
    )
    audit_record(actor=actor, action=AuditAction.KIOSK_DEVICE_REGISTERED, target=device, extra={"court": court.code})
    return device, raw


@transaction.atomic
def kiosk_device_revoke(*, device: KioskDevice, actor: Actor) -> KioskDevice:
    """Stop a terminal (停用): its key files nothing more. Idempotent (a second call writes nothing)."""
    actor_required(actor)
    if not allows(user=actor, resource=Resource.KIOSK, action=Action.CHANGE, obj=device):
        raise KioskRefused("只能停用本院的自助立案终端。")
    device = KioskDevice.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is not None:
        return device
    device.revoked_at = timezone.now()
    device.save(update_fields=["revoked_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.KIOSK_DEVICE_REVOKED, target=device)
    return device


def kiosk_device_used(*, device: KioskDevice) -> None:
    """Stamp the terminal's last use (not an action of anyone's: no audit row, as for API tokens)."""
    KioskDevice.objects.filter(pk=device.pk).update(last_used_at=timezone.now())


# --- public progress lookup (进度查询) ----------------------------------------------------------------------------

# Enumeration guard: the case number is guessable (it counts up), the 查询码 is not (31^6 values); a client address
# whose lookups were refused this many times in the window is turned away until the window has passed.
LOOKUP_REFUSALS_ALLOWED = 10
LOOKUP_WINDOW = timedelta(minutes=15)


class LookupThrottled(ApplicationError):
    status = 429
    code = "portal.lookup_throttled"
    message = "查询次数过多：案号（或立案申请号）与查询码多次不匹配，请15分钟后再试。"


@transaction.atomic
def progress_lookup(*, reference: str, code: str, request: HttpRequest) -> Filing | None:
    """Look up a filing, or the case it became, by its reference or case number and its 查询码 (no login).

    Every answer is audited, a found one with the filing as target; a wrong pair returns None without saying which
    half was wrong, and too many wrong pairs from one address raise LookupThrottled (written nothing)."""
    since = timezone.now() - LOOKUP_WINDOW
    refused = AuditAction.PORTAL_PROGRESS_LOOKUP_REFUSED
    if audit_count_since(action=refused, ip_address=client_ip(request), since=since) >= LOOKUP_REFUSALS_ALLOWED:
        raise LookupThrottled()
    filing = filing_lookup_public(reference=reference, code=code)
    if filing is None:
        audit_record(actor=request.user, action=refused, kind=AuditKind.READ, request=request,
                     extra={"reference": (reference or "").strip()[:40]})  # fmt: skip
        return None
    audit_record(actor=request.user, action=AuditAction.PORTAL_PROGRESS_LOOKUP, kind=AuditKind.READ, target=filing,
                 request=request, reason="凭查询码查询案件进度")  # fmt: skip
    return filing
