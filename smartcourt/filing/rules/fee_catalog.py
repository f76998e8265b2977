"""The calculator's catalogue: every kind with its article, amount, subtypes, range and halvability.

Served by `GET /api/v1/fees/kinds` and drawn by the public page; built from the data in `fees`, so it cannot drift.
"""

from __future__ import annotations

from .fees import (
    AMOUNT_LABELS,
    AMOUNT_USE,
    C_ADMINISTRATIVE_OTHER,
    C_ADMINISTRATIVE_SPECIAL,
    C_ARBITRATION,
    C_BANKRUPTCY,
    C_DIVORCE,
    C_IP,
    C_JURISDICTION_OBJECTION,
    C_LABOUR,
    C_MARITIME_CLAIM_REGISTRATION,
    C_MARITIME_FUND,
    C_MARITIME_GENERAL_AVERAGE,
    C_MARITIME_INJUNCTION,
    C_MARITIME_PRIORITY_NOTICE,
    C_NON_PROPERTY,
    C_PAYMENT_ORDER,
    C_PERSONALITY,
    C_PRESERVATION,
    C_PROPERTY,
    C_PUBLIC_NOTICE,
    HALVABLE_KINDS,
    KIND_LABELS,
    SUBTYPE_LABELS,
    AmountUse,
    FeeKind,
    FeeRange,
    article,
    fee_range_for,
)


def fee_kind_catalog() -> list[dict[str, object]]:
    """Every kind with its article, amount use, subtypes, range and halvability (for `/fees/kinds` and the page)."""
    base_citation = {
        FeeKind.PROPERTY: C_PROPERTY,
        FeeKind.DIVORCE: C_DIVORCE,
        FeeKind.PERSONALITY: C_PERSONALITY,
        FeeKind.NON_PROPERTY: C_NON_PROPERTY,
        FeeKind.IP: C_IP,
        FeeKind.LABOUR: C_LABOUR,
        FeeKind.ADMINISTRATIVE: article("第十三条第（五）项"),
        FeeKind.JURISDICTION_OBJECTION: C_JURISDICTION_OBJECTION,
        FeeKind.ENFORCEMENT: article("第十四条第（一）项"),
        FeeKind.PRESERVATION: C_PRESERVATION,
        FeeKind.PAYMENT_ORDER: C_PAYMENT_ORDER,
        FeeKind.PUBLIC_NOTICE: C_PUBLIC_NOTICE,
        FeeKind.ARBITRATION: C_ARBITRATION,
        FeeKind.BANKRUPTCY: C_BANKRUPTCY,
        FeeKind.MARITIME: article("第十四条第（七）项"),
    }
    subtype_citation = {
        "trademark": C_ADMINISTRATIVE_SPECIAL,
        "patent": C_ADMINISTRATIVE_SPECIAL,
        "maritime": C_ADMINISTRATIVE_SPECIAL,
        "other": C_ADMINISTRATIVE_OTHER,
        "fund": C_MARITIME_FUND,
        "injunction": C_MARITIME_INJUNCTION,
        "priority_notice": C_MARITIME_PRIORITY_NOTICE,
        "claim_registration": C_MARITIME_CLAIM_REGISTRATION,
        "general_average": C_MARITIME_GENERAL_AVERAGE,
    }

    def _range_dict(fee_range: FeeRange | None) -> dict[str, str] | None:
        if fee_range is None:
            return None
        return {"key": fee_range.key, "min": f"{fee_range.low:.2f}", "max": f"{fee_range.high:.2f}"}

    catalog: list[dict[str, object]] = []
    for kind in FeeKind:
        citation = base_citation[kind]
        subtypes = [
            {
                "key": key,
                "label": str(label),
                "basis": f"{subtype_citation[key].law}{subtype_citation[key].article}",
                "range": _range_dict(fee_range_for(kind, key)),
            }
            for key, label in SUBTYPE_LABELS.get(kind, {}).items()
        ]
        catalog.append(
            {
                "kind": kind.value,
                "label": str(KIND_LABELS[kind]),
                "basis": f"{citation.law}{citation.article}",
                "amount": AMOUNT_USE.get(kind, AmountUse.NONE).value,
                "amount_label": str(AMOUNT_LABELS[kind]) if kind in AMOUNT_LABELS else None,
                "subtypes": subtypes,
                "range": _range_dict(fee_range_for(kind)),
                "halvable": kind in HALVABLE_KINDS,
            }
        )
    return catalog
