"""The legal moment of service (送达生效时间) per channel, with the article that makes it so.

Every function answers `None` when the rules do not (yet) say the document is served: nothing may show
"served" on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from . import citations as C

if TYPE_CHECKING:
    from smartcourt.legaltime.rules.calendar import Calendar


@dataclass(frozen=True)
class Moment:
    at: datetime
    basis: tuple[str, ...]

    @property
    def on(self) -> date:
        """The legal day (Beijing time): periods that start from service count from the next day (民诉法 Art. 85)."""
        return timezone.localtime(self.at).date()


def electronic_moment(
    *,
    confirmed_address: bool,
    delivered_at: datetime | None,
    read_at: datetime | None,
    provider_reports_delivery: bool = True,
) -> Moment | None:
    """E-service (platform inbox, SMS link, e-mail).

    - To an address the recipient provided or confirmed: served when the message reaches that system
      (在线诉讼规则 Art. 31(1); 民诉法 Art. 90(2)), i.e. when the court's system shows it sent successfully
      (民诉法解释 Art. 135(2)).
    - Otherwise (or when the provider gives no delivery report): only the recipient's reading or reply proves it
      (在线诉讼规则 Art. 31(2)).
    """
    if confirmed_address and delivered_at is not None and provider_reports_delivery:
        return Moment(
            delivered_at,
            (
                f"送达信息到达受送达人确认的电子地址所在系统时即为送达（{C.ONLINE_ARRIVAL}；{C.ELECTRONIC}第二款）；"
                f"到达日期为法院系统显示发送成功的日期（{C.E_MEDIUM}第二款）。",
            ),
        )
    if read_at is not None:
        if confirmed_address:
            why = (
                f"电子地址系受送达人确认，但送达通道未回传到达状态，以可以证明的到达时间即受送达人查阅时间为送达时间"
                f"（{C.ONLINE_ARRIVAL}；{C.ELECTRONIC}第二款）。"
            )
        else:
            why = f"电子地址未经受送达人确认，系统反馈受送达人已阅知，推定完成有效送达（{C.ONLINE_READ}第二项）。"
        return Moment(read_at, (why,))
    return None


def earliest(moments: list[Moment | None]) -> Moment | None:
    """Several e-channels for the same documents: the earliest effective service counts (在线诉讼规则 Art. 31(4))."""
    real = [m for m in moments if m is not None]
    if not real:
        return None
    first = min(real, key=lambda m: m.at)
    if len(real) > 1:
        first = Moment(
            first.at, (*first.basis, f"多种电子方式送达的，以最先完成的有效送达时间为准（{C.ONLINE_EARLIEST}）。")
        )
    return first


POST_SIGNER_RELATIONS = {
    "self": "受送达人本人",
    "legal_representative": "法定代表人或主要负责人",
    "office": "法人或其他组织的办公室、收发室、值班室工作人员",
    "guardian": "法定代理人",
    "agent": "诉讼代理人",
    "designated": "受送达人指定的代收人",
    "family": "同住成年家属",
}
POST_OUTCOMES = {
    "signed": "已签收",
    "refused": "受送达人拒绝签收，邮件退回",
    "address_wrong": "受送达人确认的地址不准确，邮件退回",
    "moved": "查无此人/迁移新址，邮件退回",
    "unclaimed": "多次投递无人签收，邮件退回",
}


def post_moment(
    *, outcome: str, at: datetime, signer_relation: str = "", confirmed_address: bool = False
) -> Moment | None:
    """邮寄送达 (法院专递): the date on the return receipt (民诉法 Art. 91; 法院专递规定 Art. 9). A return because the
    recipient refused, or because the address the recipient confirmed was wrong, is service on the return date
    (法院专递规定 Art. 11); other returns are not service."""
    if outcome == "signed":
        if signer_relation not in POST_SIGNER_RELATIONS:
            return None
        return Moment(
            at,
            (
                f"{POST_SIGNER_RELATIONS[signer_relation]}在邮件回执上签收，以回执上注明的收件日期为送达日期"
                f"（{C.POST}；{C.POST_SIGNERS}）。",
            ),
        )
    if outcome in ("refused", "address_wrong") and confirmed_address:
        return Moment(
            at,
            (
                f"{POST_OUTCOMES[outcome]}；因受送达人自己确认的送达地址不准确或拒绝签收致未能实际接收，文书退回之日视为送达之日"
                f"（{C.POST_RETURNED}）。",
            ),
        )
    return None


IN_PERSON_OUTCOMES = {
    "signed": "受送达人签收",
    "family_signed": "同住成年家属/代收人签收",
    "left": "拒收，留置送达（拍照、录像记录）",
    "refused_at_court": "在法院或住所地以外拒绝签署送达回证（拍照、录像记录）",
    "not_found": "未遇到受送达人",
}


def in_person_moment(*, outcome: str, at: datetime, document_type: str, has_photo: bool) -> Moment | None:
    """直接送达 by court staff (民诉法 Art. 87–89; 民诉法解释 Art. 131, 133)."""
    if outcome == "signed":
        return Moment(at, (f"受送达人在送达回证上签收，签收日期为送达日期（{C.CERTIFICATE}第二款；{C.DIRECT}）。",))
    if outcome == "family_signed":
        return Moment(at, (f"同住成年家属、代收人或诉讼代理人签收，签收日期为送达日期（{C.DIRECT}第二款）。",))
    if outcome in ("left", "refused_at_court"):
        if document_type == "mediation":
            return None  # 民诉法解释 Art. 133: a mediation document is never served by leaving it
        if not has_photo:
            return None
        if outcome == "left":
            return Moment(at, (f"受送达人拒绝接收，留置于其住所并拍照记录送达过程，视为送达（{C.LEFT_AT_HOME}）。",))
        return Moment(at, (f"受送达人拒绝签署送达回证，已拍照记录送达过程，视为送达（{C.REFUSED_AT_COURT}）。",))
    return None


def public_notice_deemed(*, published_on: date, abroad: bool, calendar: Calendar) -> tuple[date, list[str]]:
    """公告送达: deemed served when the notice period has passed (民诉法 Art. 95: 30 days; abroad Art. 283: 60 days),
    counted by the deadline engine from the publication date (民诉法解释 Art. 138: the last posting/publishing day)."""
    from smartcourt.legaltime.rules.deadlines import deadline_compute

    code = "service.public_notice_abroad" if abroad else "service.public_notice"
    result = deadline_compute(rule=code, start=published_on, calendar=calendar)
    lines = [f"公告发出日期以最后张贴或刊登的日期为准（{C.NOTICE_POSTING}）。", *result.explanation]
    return result.due, lines
