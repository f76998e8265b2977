"""Writes of the public side: registration of parties and lawyers, real-name verification, staff approval."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from smartcourt.cases.rules import identity as id_rules
from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.core.intake import sniff
from smartcourt.core.intake.store import blob_store
from smartcourt.core.selectors import audit_count_since
from smartcourt.core.services import AuditAction, AuditKind, audit_record, client_ip, notification_send
from smartcourt.courts.permissions import Action, Resource, permits
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import username_taken
from smartcourt.courts.services import litigant_user_create
from smartcourt.filing.selectors import filing_lookup_public

from .identity import DEFAULT_PROVIDER, PROVIDERS, lawyer_licence_problem
from .models import LitigantAccount

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest

    from smartcourt.courts.models import Court, User
    from smartcourt.filing.models import Filing


class AccountInputError(ApplicationError):
    code = "portal.invalid_input"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message, extra={"field": field})


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
) -> User:
    """Open a party's or lawyer's account; the phone number is the login name. Verification follows."""
    if kind not in LitigantAccount.Kind.values:
        raise AccountInputError("请选择注册类型（当事人或律师）。", field="kind")
    name = (full_name or "").strip()
    if not name or len(name) > 64:
        raise AccountInputError("请填写真实姓名（与身份证一致）。", field="full_name")
    mobile = id_rules.validate_mobile(phone)
    if not mobile.ok:
        raise AccountInputError(mobile.message, field="phone")
    if username_taken(username=mobile.value):
        raise AccountInputError("该手机号已注册，请直接登录。", field="phone")
    if kind == LitigantAccount.Kind.LAWYER:
        problem = lawyer_licence_problem(licence_no)
        if problem:
            raise AccountInputError(problem, field="licence_no")
        if not law_firm.strip():
            raise AccountInputError("请填写执业律师事务所。", field="law_firm")
    lawyer = kind == LitigantAccount.Kind.LAWYER
    try:
        user = litigant_user_create(
            username=mobile.value,
            full_name=name,
            phone=mobile.value,
            email=email.strip(),
            password=password,
            role=Role.LAWYER if kind == "lawyer" else Role.PARTY,
            court=court,
            lawyer_licence_no=licence_no.strip() if lawyer else "",
            law_firm=law_firm.strip()[:100] if lawyer else "",
        )
    except ValidationError as exc:
        raise AccountInputError("；".join(exc.messages), field="password") from None
    LitigantAccount.objects.create(user=user, kind=kind, email=email.strip())
    audit_record(actor=user, action=AuditAction.PORTAL_REGISTER, target=user, extra={"kind": kind})
    return user


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
    """Staff compare the ID photo with the data and approve or refuse (with a reason)."""
    if not permits(user=actor, resource=Resource.IDENTITY, action=Action.CHANGE):
        raise Forbidden("只有立案或诉讼服务人员可以审核实名认证。")
    account = LitigantAccount.objects.select_for_update().select_related("user").get(pk=account.pk)
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
