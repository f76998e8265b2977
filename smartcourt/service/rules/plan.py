"""The plan of channels for one service task: the court's order, filtered by what the law allows for this
recipient and this document, each skipped channel explained with its article."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import citations as C

PLATFORM, SMS, EMAIL, POST, IN_PERSON, PUBLIC_NOTICE = "platform", "sms", "email", "post", "in_person", "public_notice"
ELECTRONIC = frozenset({PLATFORM, SMS, EMAIL})
# Electronic first, then paper (the court's service centre default): platform → SMS link → e-mail → post →
# in person → public notice (public notice only when the other ways failed, 民诉法 Art. 95).
DEFAULT_CHANNELS: tuple[str, ...] = (PLATFORM, SMS, EMAIL, POST, IN_PERSON, PUBLIC_NOTICE)
# Days an attempt may stay without receipt before the service centre moves it to the next channel.
DEFAULT_WAIT_DAYS: dict[str, int] = {PLATFORM: 3, SMS: 3, EMAIL: 3, POST: 15, IN_PERSON: 7}
# Documents that decide the case: e-served only with the recipient's consent for them (民诉法 Art. 90(1): the
# recipient may ask for paper; 在线诉讼规则 Art. 29), so the address confirmation records that consent separately.
DECISIONS = frozenset({"judgment", "ruling", "mediation"})
SIMPLE_PROCEDURES = frozenset({"simple", "small_claims"})


@dataclass(frozen=True)
class RecipientFacts:
    """What the confirmed address (送达地址确认书) says about one recipient; no database objects."""

    e_consent: bool = False  # any consent under 在线诉讼规则 Art. 29(2)
    platform_account: bool = False
    platform_consent: bool = False
    mobile: str = ""
    mobile_ok: bool = False
    sms_consent: bool = False
    email: str = ""
    email_ok: bool = False
    email_consent: bool = False
    decisions_consent: bool = False
    postal_address: str = ""
    abroad: bool = False


@dataclass(frozen=True)
class Plan:
    channels: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


LABELS = {
    PLATFORM: "诉讼平台电子送达",
    SMS: "短信链接电子送达",
    EMAIL: "电子邮件送达",
    POST: "邮寄送达（法院专递）",
    IN_PERSON: "直接送达",
    PUBLIC_NOTICE: "公告送达",
}


def _electronic_refusal(channel: str, document_type: str, r: RecipientFacts) -> str:
    if not r.e_consent:
        return f"受送达人未同意电子送达（{C.ONLINE_CONSENT}、{C.ELECTRONIC}）"
    if document_type in DECISIONS and not r.decisions_consent:
        return f"受送达人未同意以电子方式送达判决书、裁定书、调解书（{C.ELECTRONIC}、{C.ONLINE_CONSENT}）"
    if channel == PLATFORM:
        if not r.platform_account:
            return "受送达人没有诉讼平台账户"
        if not r.platform_consent:
            return f"送达地址确认书未选择诉讼平台送达（{C.E_CONSENT}）"
    if channel == SMS:
        if not r.mobile:
            return "未提供手机号码"
        if not r.mobile_ok:
            return f"手机号码{r.mobile}格式无效"
        if not r.sms_consent:
            return f"送达地址确认书未选择短信送达（{C.E_CONSENT}）"
    if channel == EMAIL:
        if not r.email:
            return "未提供电子邮箱"
        if not r.email_ok:
            return f"电子邮箱{r.email}格式无效"
        if not r.email_consent:
            return f"送达地址确认书未选择电子邮件送达（{C.E_CONSENT}）"
    return ""


def plan_channels(
    *, policy_channels: tuple[str, ...] | list[str], document_type: str, procedure: str, recipient: RecipientFacts
) -> Plan:
    """The channels to try in order for this document and recipient, and why any of the court's were left out."""
    out: list[str] = []
    notes: list[str] = []
    for channel in policy_channels:
        if channel in out or channel not in LABELS:
            continue
        why = ""
        if channel in ELECTRONIC:
            why = _electronic_refusal(channel, document_type, recipient)
        elif channel in (POST, IN_PERSON) and not recipient.postal_address:
            why = "没有可用的送达地址"
        elif channel == PUBLIC_NOTICE and procedure in SIMPLE_PROCEDURES:
            why = f"适用简易程序（含小额诉讼）的案件不适用公告送达（{C.NO_NOTICE_SIMPLE}）"
        if why:
            notes.append(f"不采用{LABELS[channel]}：{why}。")
        else:
            out.append(channel)
    return Plan(tuple(out), tuple(notes))
