"""Enforcement titles (执行依据): what a 执 case is filed from, as plain data.

`title_from_case` reads an effective judgment / ruling / mediation already in the system through the cases
selectors (parties, amount, effective date). The lead extends this one module after the merge to the documents
app's effective judgments and to mediation's confirmed agreements; those apps then call
`services.enforcement_apply_from_title(title=..., ...)` with a `Title` they build — no other entry point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from smartcourt.cases.selectors import case_parties
from smartcourt.core.errors import ApplicationError

from .models import TitleKind
from .rules import EFFECTIVE_TITLE

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User


class TitleRefused(ApplicationError):
    status, code = 409, "enforcement.title_refused"


@dataclass(frozen=True)
class TitleParty:
    """A party of the title: `applicant` (申请执行人, with the amount owed to them) or `debtor` (被执行人)."""

    side: str  # "applicant" | "debtor"
    name: str
    kind: str = "natural"  # Person.Kind
    id_number: str | None = None
    credit_code: str | None = None
    phone: str = ""
    address: str = ""
    user: User | None = None
    amount: Decimal = Decimal(0)


@dataclass(frozen=True)
class Title:
    kind: str  # TitleKind
    reference: str  # the title's number (案号 / 仲裁裁决书文号 / 公证书编号)
    parties: tuple[TitleParty, ...]
    amount: Decimal
    effective_on: date | None = None
    case_id: int | None = None  # the title's case in this system
    file_name: str = ""  # an outside title's scanned file
    file_content: bytes | None = field(default=None, repr=False)


_APPLICANT_ROLES = {"plaintiff", "appellant", "applicant", "creditor", "civil_plaintiff", "private_prosecutor"}
_DEBTOR_ROLES = {"defendant", "appellee", "respondent", "debtor", "accused"}
_KIND_BY_CLOSING = {
    "judgment": TitleKind.JUDGMENT,  # cases' ClosingMethod values
    "mediation": TitleKind.MEDIATION,
    "ruling": TitleKind.RULING,
}


def _first_applicant_takes_the_rest(parties: list[TitleParty], amount: Decimal) -> None:
    """Equal shares rounded to the cent: the first applicant carries the cent left over, so the shares sum to the
    amount (in place)."""
    first = next((i for i, p in enumerate(parties) if p.side == "applicant"), None)
    if first is None:
        return
    rest = sum((p.amount for p in parties if p.side == "applicant"), Decimal(0)) - parties[first].amount
    parties[first] = TitleParty(**{**parties[first].__dict__, "amount": amount - rest})


def title_from_confirmed_agreement(*, dispute_id: int) -> Title:
    """A judicially confirmed mediation agreement (司法确认, 民诉法 Art. 206: the party may apply to the court that
    made the ruling for enforcement): the agreement's amount owed by the respondents to the applicants, carried over
    from the mediation record, nothing typed twice."""
    from smartcourt.mediation.selectors import confirmed_title

    confirmed = confirmed_title(dispute_id=dispute_id)
    if confirmed is None:
        raise TitleRefused("该调解协议尚未经司法确认，不能申请强制执行（《民事诉讼法》第二百零六条）。")
    return _title_from_confirmed(confirmed)


def _title_from_confirmed(confirmed: Any) -> Title:
    amount = Decimal(confirmed.amount or 0)
    if amount <= 0:
        raise TitleRefused(f"{confirmed.ruling_reference}确认的调解协议没有确定的给付金额，不能申请金钱给付执行。")
    creditors = [p for p in confirmed.parties if p.side == "applicant"]
    parties: list[TitleParty] = []
    for p in confirmed.parties:
        side = "applicant" if p.side == "applicant" else "debtor"
        share = (amount / len(creditors)).quantize(Decimal("0.01")) if side == "applicant" else Decimal(0)
        parties.append(
            TitleParty(
                side=side, name=p.name, kind="legal" if p.credit_code else "natural", id_number=p.id_number or None,
                credit_code=p.credit_code or None, phone=p.phone, address=p.address, amount=share,
            )
        )  # fmt: skip
    _first_applicant_takes_the_rest(parties, amount)
    return Title(
        kind=TitleKind.CONFIRMED_AGREEMENT,
        reference=confirmed.ruling_reference,
        parties=tuple(parties),
        amount=amount,
        effective_on=confirmed.decided_on,
        case_id=confirmed.ruling_case_id,
    )


def title_from_case(*, case: Case) -> Title:
    """The title of a decided case in the system; refused unless it is effective (民诉法 Art. 247). A judicial
    confirmation case (民特) stands for the agreement it confirmed."""
    if case.kind == "enforcement":
        raise TitleRefused("执行案件本身不能作为执行依据。")
    from smartcourt.mediation.selectors import confirmed_title_for_ruling_case

    confirmed = confirmed_title_for_ruling_case(case_id=case.pk)
    if confirmed is not None:
        return _title_from_confirmed(confirmed)
    effective = case.state == "effective" or (case.state == "archived" and case.effective_on)
    if not effective:
        raise TitleRefused(f"{case.number}的裁判文书尚未发生法律效力，不能申请执行（{EFFECTIVE_TITLE}）。")
    kind = _KIND_BY_CLOSING.get(case.closing_method)
    if kind is None:
        raise TitleRefused(f"{case.number}以“{case.get_closing_method_display()}”结案，没有可供执行的给付内容。")
    amount = case.claim_amount or Decimal(0)
    if amount <= 0:
        raise TitleRefused(f"{case.number}没有确定的给付金额，不能申请金钱给付执行。")
    parties: list[TitleParty] = []
    applicants = [p for p in case_parties(case=case) if p.role in _APPLICANT_ROLES]
    for cp in case_parties(case=case):
        side = "applicant" if cp.role in _APPLICANT_ROLES else "debtor" if cp.role in _DEBTOR_ROLES else ""
        if not side:
            continue
        person = cp.person
        share = (amount / len(applicants)).quantize(Decimal("0.01")) if side == "applicant" else Decimal(0)
        parties.append(
            TitleParty(
                side=side,
                name=person.name,
                kind=person.kind,
                id_number=person.id_number,
                credit_code=person.credit_code,
                phone=person.phone,
                address=person.address,
                user=person.user,
                amount=share,
            )
        )
    _first_applicant_takes_the_rest(parties, amount)
    return Title(
        kind=kind,
        reference=case.number,
        parties=tuple(parties),
        amount=amount,
        effective_on=case.effective_on,
        case_id=case.pk,
    )
