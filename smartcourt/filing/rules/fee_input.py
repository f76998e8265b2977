"""Parse the fee calculator's raw query strings into a `FeeQuery`, refusing bad input with a message naming the field.

Shared by the API (`GET /api/v1/fees/estimate`) and the public page, so both refuse the same input the same way.
Pure: no database (the court code is only checked for shape here; the selector looks it up).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .fees import MAX_AMOUNT, FeeInputError, FeeKind, FeeQuery, RangePoint, money

_AMOUNT_RE = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")  # ASCII digits only: Python's \d also takes "１" and "١"
_TOO_MANY_DECIMALS_RE = re.compile(r"[0-9]+\.[0-9]{3,}")
_CHINESE_NUMERALS_RE = re.compile(r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]")
_COURT_CODE_MAX = 16
_TRUE, _FALSE = frozenset({"true", "1", "on", "yes"}), frozenset({"false", "0", "off", "no"})


def _amount_error(message: str, code: str = "fee.amount_invalid") -> FeeInputError:
    return FeeInputError(message, code=code, field="amount")


def amount_parse(raw: str) -> Decimal:
    """Yuan written with ASCII digits and at most two decimals ("1000000", "12345.67"), 0 to MAX_AMOUNT."""
    text = raw.strip()
    if text == "":
        raise _amount_error(_("金额（amount）不能为空；不按金额计算时请省略该参数。"), "fee.amount_empty")
    if len(text) > 40:
        raise _amount_error(_("金额（amount）过长，请填写以元为单位的数字，如 1000000。"))
    if _AMOUNT_RE.fullmatch(text) is None:
        if text.startswith("-") and _AMOUNT_RE.fullmatch(text[1:].strip()):
            raise _amount_error(_("金额（amount）不能为负数。"))
        if _TOO_MANY_DECIMALS_RE.fullmatch(text):
            raise _amount_error(_("金额（amount）最多保留两位小数（精确到分），如 12345.67。"))
        if _CHINESE_NUMERALS_RE.search(text):
            raise _amount_error(_("金额（amount）请用阿拉伯数字填写，如 1000000，不要用中文数字。"))
        if "e" in text.lower() and _is_decimal(text):
            raise _amount_error(_("金额（amount）不接受科学计数法，请写成完整的数字，如 1000000000。"))
        if "," in text or "，" in text:
            raise _amount_error(_("金额（amount）不要使用千分位逗号，请写成 1000000 这样的数字。"))
        raise _amount_error(_("金额（amount）须为以元为单位的数字，最多两位小数，如 1000000 或 12345.67。"))
    amount = Decimal(text)
    if amount > MAX_AMOUNT:
        raise _amount_error(_("金额（amount）不能超过%(max)s元。") % {"max": money(MAX_AMOUNT)})
    return amount


def _is_decimal(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def kind_parse(raw: str | None) -> FeeKind:
    choices = "、".join(k.value for k in FeeKind)
    if raw is None or raw.strip() == "":
        raise FeeInputError(
            _("请选择案件或申请类型（kind），可选：%(choices)s。") % {"choices": choices},
            code="fee.kind_required",
            field="kind",
        )
    try:
        return FeeKind(raw.strip())
    except ValueError:
        raise FeeInputError(
            _("案件或申请类型（kind）“%(value)s”无法识别，可选：%(choices)s。")
            % {"value": raw.strip()[:40], "choices": choices},
            code="fee.kind_unknown",
            field="kind",
        ) from None


def range_point_parse(raw: str | None) -> RangePoint | None:
    if raw is None:
        return None
    try:
        return RangePoint(raw.strip())
    except ValueError:
        raise FeeInputError(
            _("幅度取值（range_point）只能是 min（下限）或 max（上限）。"),
            code="fee.range_point_invalid",
            field="range_point",
        ) from None


def halved_parse(raw: str | None) -> bool:
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise FeeInputError(
        _("减半（halved）只能是 true 或 false。"),
        code="fee.halved_invalid",
        field="halved",
    )


def court_code_parse(raw: str | None) -> str | None:
    if raw is None:
        return None
    code = raw.strip()
    if code == "" or len(code) > _COURT_CODE_MAX:
        raise FeeInputError(
            _("法院代字（court）格式不正确，如 苏0508；不指定法院时请省略该参数。"),
            code="fee.court_invalid",
            field="court",
        )
    return code


def fee_query_parse(
    *,
    kind: str | None,
    amount: str | None = None,
    subtype: str | None = None,
    range_point: str | None = None,
    halved: str | None = None,
    court: str | None = None,
) -> FeeQuery:
    """Raw strings (None = parameter absent) → a typed query. Combination checks (amount required, subtype valid,
    halving allowed) are the rule's, in `fee_compute`."""
    parsed_subtype = subtype.strip() if subtype is not None else None
    if parsed_subtype == "":
        raise FeeInputError(
            _("子类型（subtype）不能为空；不需要时请省略该参数。"), code="fee.subtype_empty", field="subtype"
        )
    return FeeQuery(
        kind=kind_parse(kind),
        amount=None if amount is None else amount_parse(amount),
        subtype=parsed_subtype,
        range_point=range_point_parse(range_point),
        halved=halved_parse(halved),
        court_code=court_code_parse(court),
    )
