"""Whole numbers from a request (ids, filters, counts): read once, bounded to the database's 64-bit integers.

A query string or form field is text of any length; `int()` of it is an unbounded Python int that the database
refuses (SQLite: OverflowError; PostgreSQL: "value out of range") — a 500. And `str.isdigit()` is no guard: "²" is
a digit to it, but not to `int()`. Every integer a page or the API takes from a request goes through here:

- pages: `int_param()` for one value (a bad one is "not given", or the `default`), `int_params()` for a list,
  `IdField` / `BoundedIntegerField` in forms (a Chinese message under the field), and `filter_values()` for a
  list page's filter form (an unreadable filter is not applied, and a Chinese message says which);
- the API: the `Id` and `Int64` annotations, which also tell the OpenAPI schema the bounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from pydantic import Field

INT64_MAX = 2**63 - 1  # BigAutoField / BIGINT on PostgreSQL and SQLite alike
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII only: Python's int() also reads "١٢" and str.isdigit() passes "²"
_SIGNED = re.compile(r"-?[0-9]{1,40}")

# The API's integers: a row id (1 … 2⁶³−1) and any other whole number the database stores.
Id = Annotated[int, Field(ge=1, le=INT64_MAX, description="记录编号（正整数）")]
Int64 = Annotated[int, Field(ge=0, le=INT64_MAX)]
# In a JSON body a number is a number: `true` is not 1 (pydantic's lax mode would take it). Path and query values are
# text and keep `Id`, which converts them.
BodyId = Annotated[int, Field(ge=1, le=INT64_MAX, strict=True, description="记录编号（正整数）")]


def int_param(
    value: str | None, *, default: int | None = None, min_value: int = 0, max_value: int = INT64_MAX
) -> int | None:
    """`value` as an int when it is ASCII digits within [min_value, max_value]; otherwise `default`."""
    text = (value or "").strip()
    if not _DIGITS.fullmatch(text):
        return default
    number = int(text)
    return number if min_value <= number <= max_value else default


def int_params(values: Iterable[str], *, min_value: int = 1, max_value: int = INT64_MAX, limit: int = 500) -> list[int]:
    """The well-formed ids among `values` (at most `limit` of them), in order, others dropped."""
    out: list[int] = []
    for value in values:
        number = int_param(value, min_value=min_value, max_value=max_value)
        if number is not None:
            out.append(number)
            if len(out) >= limit:
                break
    return out


class BoundedIntegerField(forms.IntegerField):
    """An IntegerField that never lets a number past the database's 64-bit range, with Chinese messages."""

    default_error_messages = {
        "invalid": _("请输入整数。"),
        "max_value": _("数值不能大于 %(limit_value)s。"),
        "min_value": _("数值不能小于 %(limit_value)s。"),
    }

    def __init__(self, *, min_value: int | None = 0, max_value: int | None = None, **kwargs: Any) -> None:
        upper = INT64_MAX if max_value is None else min(max_value, INT64_MAX)
        super().__init__(min_value=min_value, max_value=upper, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip() and not _SIGNED.fullmatch(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)  # then min/max_value name the bound


class IdField(BoundedIntegerField):
    """The id of a row picked in a form or a filter (1 … 2⁶³−1)."""

    default_error_messages = {**BoundedIntegerField.default_error_messages, "min_value": _("请选择有效的记录。")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def filter_values(request: HttpRequest, form: forms.Form) -> dict[str, Any]:
    """The filters of a list page that are valid; each one that is not is left out and named in a Chinese message
    above the list (a filter that cannot be read never widens or breaks the list: it is simply not applied)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    bad = [str(form.fields[name].label or name) for name in form.errors if name in form.fields]
    if bad:
        messages.warning(request, _("以下筛选条件无法识别，已忽略：%(fields)s。") % {"fields": "、".join(bad)})
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
