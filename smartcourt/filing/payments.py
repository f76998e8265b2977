"""Payment providers for court fees: an interface and the embedded default (bank transfer, confirmed by staff).

A provider tells the party how to pay and takes the party's report; staff confirm the money arrived. An online
payment gateway (e.g. the province's non-tax revenue platform) would implement the same interface and confirm
itself from the gateway's callback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import FeeNotice


@dataclass(frozen=True)
class Instructions:
    title: str
    lines: list[str]


class PaymentProvider(Protocol):
    key: str
    label: str
    confirmed_by_staff: bool

    def instructions(self, notice: FeeNotice) -> Instructions: ...

    def reference_problem(self, reference: str) -> str:
        """Empty when the party's payment reference is acceptable, else why not (Chinese)."""
        ...


class BankTransferProvider:
    """银行转账 to the court's fee account, with the notice's payment reference in the remark; staff confirm."""

    key = "bank_transfer"
    label = "银行转账（财务人员确认到账）"
    confirmed_by_staff = True

    def __init__(self, *, account_name: str = "", bank: str = "", account_no: str = "") -> None:
        self.account_name = account_name or "（法院诉讼费专户，以财政票据为准）"
        self.bank = bank or "（开户行见本院公告）"
        self.account_no = account_no or "（账号见本院公告）"

    def instructions(self, notice: FeeNotice) -> Instructions:
        return Instructions(
            "银行转账交费",
            [
                f"收款户名：{self.account_name}",
                f"开户银行：{self.bank}",
                f"账号：{self.account_no}",
                f"金额：{notice.amount} 元",
                f"转账附言：{notice.payment_reference}（务必填写，便于核对到账）",
                "转账后请在本页填写银行流水号，财务或立案人员确认到账后出具财政票据。",
            ],
        )

    def reference_problem(self, reference: str) -> str:
        text = reference.strip()
        if not text:
            return "请填写银行流水号或交易号。"
        if len(text) < 6 or len(text) > 64 or not text.replace("-", "").isalnum():
            return "银行流水号应为6至64位字母或数字。"
        return ""


PROVIDERS: dict[str, PaymentProvider] = {"bank_transfer": BankTransferProvider()}


def provider_get(key: str) -> PaymentProvider | None:
    return PROVIDERS.get(key)
