"""送达地址确认书 (service address confirmation) and the court's service policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.selectors import person_get
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.intake import sniff
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record

from ..models import (
    ServiceAddress,
    ServicePolicy,
)
from ..rules import citations as C
from ..rules import plan as P
from ..rules.validation import email_valid, mobile_normalise, mobile_valid

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseParty, Person
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court


from .common import ServiceInputError

PAPER_SCAN_KINDS = frozenset({"pdf", "jpeg", "png"})  # a signed paper confirmation, scanned or photographed

# --- addresses (送达地址确认书) -------------------------------------------------------------------------------------


@dataclass
class AddressIn:
    signed_via: str
    postal_address: str = ""
    postal_code: str = ""
    mobile: str = ""
    email: str = ""
    consent_platform: bool = False
    consent_sms: bool = False
    consent_email: bool = False
    consent_judgments: bool = False
    consent_basis: str = ServiceAddress.ConsentBasis.EXPLICIT
    abroad: bool = False
    paper_scan: bytes | None = None


def _address_validate(person: Person, data: AddressIn, actor: Actor) -> tuple[str, str]:
    if data.signed_via not in ServiceAddress.SignedVia.values:
        raise ServiceInputError("请选择送达地址确认方式。", field="signed_via")
    mobile = mobile_normalise(data.mobile)
    if mobile and not mobile_valid(mobile):
        raise ServiceInputError(f"手机号码“{data.mobile}”无效：应为11位中国大陆手机号码。", field="mobile")
    email = (data.email or "").strip()
    if email and not email_valid(email):
        raise ServiceInputError(f"电子邮箱“{email}”格式无效。", field="email")
    if data.postal_code and not re.fullmatch(r"\d{6}", data.postal_code):
        raise ServiceInputError("邮政编码应为6位数字。", field="postal_code")
    e_any = data.consent_platform or data.consent_sms or data.consent_email
    if e_any and data.consent_basis not in {b for b in ServiceAddress.ConsentBasis.values if b != "none"}:
        raise ServiceInputError(f"同意电子送达须写明同意的依据（{C.ONLINE_CONSENT}第二款）。", field="consent_basis")
    if data.consent_sms and not mobile:
        raise ServiceInputError("同意短信送达须填写手机号码。", field="mobile")
    if data.consent_email and not email:
        raise ServiceInputError("同意电子邮件送达须填写电子邮箱。", field="email")
    if data.consent_platform and person.user_id is None:
        raise ServiceInputError("受送达人尚无诉讼平台账户，不能选择诉讼平台送达。", field="consent_platform")
    if data.consent_judgments and not e_any:
        raise ServiceInputError("同意电子送达裁判文书须至少选择一种电子送达方式。", field="consent_judgments")
    if not (data.postal_address.strip() or mobile or email or data.consent_platform):
        raise ServiceInputError("请至少填写一个送达地址。", field="postal_address")
    signed_by_self = getattr(actor, "is_authenticated", False) and actor.pk == person.user_id  # never SYSTEM
    if data.signed_via == ServiceAddress.SignedVia.ONLINE and not signed_by_self:
        raise ServiceInputError("在线签署须由受送达人本人登录诉讼平台完成。", field="signed_via")
    if data.signed_via == ServiceAddress.SignedVia.PAPER:
        scan = data.paper_scan or b""
        if sniff.kind_of(scan[: sniff.HEAD_BYTES]) not in PAPER_SCAN_KINDS:
            raise ServiceInputError(
                "纸质签署须上传签名后的送达地址确认书扫描件（PDF、JPEG 或 PNG）。", field="paper_scan"
            )
    return mobile, email


@transaction.atomic
def service_address_confirm(
    *, person: Person, data: AddressIn, actor: Actor, case: Case | None = None
) -> ServiceAddress:
    """Record a 送达地址确认书 (民诉法解释 Art. 136; 在线诉讼规则 Art. 29–30); it supersedes the person's previous one
    and applies to the person's later cases and procedures too (民诉法解释 Art. 137)."""
    person = person_get(person_id=person.pk, lock=True)
    mobile, email = _address_validate(person, data, actor)
    scan_sha = scan_name = ""
    if data.signed_via == ServiceAddress.SignedVia.PAPER and data.paper_scan:
        kind = sniff.kind_of(data.paper_scan[: sniff.HEAD_BYTES])
        stored = blob_store(content=data.paper_scan, ext=sniff.EXTENSIONS[kind])
        scan_sha, scan_name = stored.sha256, stored.name
    now = timezone.now()
    e_any = data.consent_platform or data.consent_sms or data.consent_email
    ServiceAddress.objects.filter(person=person, superseded_at__isnull=True).update(superseded_at=now)
    address = ServiceAddress.objects.create(
        person=person,
        case=case,
        postal_address=data.postal_address.strip(),
        postal_code=data.postal_code,
        mobile=mobile,
        email=email,
        platform_user_id=person.user_id if data.consent_platform else None,
        consent_platform=data.consent_platform,
        consent_sms=data.consent_sms,
        consent_email=data.consent_email,
        consent_judgments=data.consent_judgments,
        consent_basis=data.consent_basis if e_any else ServiceAddress.ConsentBasis.NONE,
        abroad=data.abroad,
        signed_via=data.signed_via,
        signed_at=now,
        paper_sha256=scan_sha,
        paper_storage_name=scan_name,
        recorded_by=actor_user(actor),
    )
    if case is not None:
        channels = "、".join(
            label
            for ok, label in (
                (data.consent_platform, "诉讼平台"),
                (data.consent_sms, "短信"),
                (data.consent_email, "电子邮件"),
            )
            if ok
        )
        case_event_append(
            case=case,
            type=CaseEventType.SERVICE_ADDRESS_CONFIRMED,
            actor=actor,
            summary=f"{person.name}确认送达地址（{address.get_signed_via_display()}）"
            + (f"，同意电子送达：{channels}" if channels else "，未同意电子送达")
            + f"（{C.E_CONSENT}）",
            new={"address": address.pk},
        )
    audit_record(actor=actor, action=AuditAction.SERVICE_ADDRESS_CONFIRM, target=address, extra={"person": person.pk})
    return address


def _current_address(person_id: int) -> ServiceAddress | None:
    return (
        ServiceAddress.objects.filter(person_id=person_id, superseded_at__isnull=True)
        .select_related("platform_user")
        .order_by("-signed_at", "-id")
        .first()
    )


def _facts(address: ServiceAddress | None, party: CaseParty) -> P.RecipientFacts:
    postal = (address.postal_address if address else "") or party.service_address or party.person.address
    if address is None:
        return P.RecipientFacts(postal_address=postal)
    return P.RecipientFacts(
        e_consent=address.consent_basis != ServiceAddress.ConsentBasis.NONE,
        platform_account=address.platform_user_id is not None,
        platform_consent=address.consent_platform,
        mobile=address.mobile,
        mobile_ok=mobile_valid(address.mobile),
        sms_consent=address.consent_sms,
        email=address.email,
        email_ok=email_valid(address.email) if address.email else False,
        email_consent=address.consent_email,
        decisions_consent=address.consent_judgments,
        postal_address=postal,
        abroad=address.abroad,
    )


def policy_channels(court: Court) -> tuple[tuple[str, ...], dict[str, int]]:
    row = ServicePolicy.objects.filter(court=court).first()
    channels = tuple(row.channels) if row and row.channels else P.DEFAULT_CHANNELS
    wait = {**P.DEFAULT_WAIT_DAYS, **(row.wait_days if row else {})}
    return channels, wait


@transaction.atomic
def service_policy_set(*, court: Court, channels: list[str], wait_days: dict[str, int], actor: Actor) -> ServicePolicy:
    """Set a court's service policy (送达策略): the channel order and the days an attempt may wait for a receipt.
    Public notice, when listed, must come last (民诉法 Art. 95: only when the other ways cannot serve)."""
    channels = [c for c in channels if c]
    unknown = [c for c in channels if c not in P.LABELS]
    if unknown or not channels or len(set(channels)) != len(channels):
        raise ServiceInputError(f"渠道应为 {', '.join(P.LABELS)} 中不重复的若干项。", field="channels")
    if P.PUBLIC_NOTICE in channels and channels[-1] != P.PUBLIC_NOTICE:
        raise ServiceInputError("公告送达只能排在最后（民事诉讼法第九十五条）。", field="channels")
    bad = {
        k: v
        for k, v in (wait_days or {}).items()
        if k not in P.DEFAULT_WAIT_DAYS or not isinstance(v, int) or not 1 <= v <= 90
    }
    if bad:
        raise ServiceInputError(
            "等待天数应为1至90的整数，渠道为 platform、sms、email、post、in_person。", field="wait_days"
        )
    row, _ = ServicePolicy.objects.select_for_update().get_or_create(court=court)
    old = {"channels": row.channels, "wait_days": row.wait_days}
    row.channels, row.wait_days = channels, dict(wait_days or {})
    row.updated_by = actor_user(actor)
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.SERVICE_POLICY_SET,
        target=row,
        extra={"old": old, "new": {"channels": channels, "wait_days": row.wait_days}},
    )
    return row
