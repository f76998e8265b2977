"""The mark of a page or API operation that the permission table does not govern (re-exported by
`smartcourt.courts.permissions`, where every other access decision lives; here so that core's own pages can carry
it too). tests/security/test_permission_coverage.py lets a view answer without asking the table only with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

_View = TypeVar("_View", bound=Callable[..., Any])


def public(reason: str) -> Callable[[_View], _View]:
    """Mark a view the table does not govern, saying why: open to anyone (the ledger's verification page, the fee
    calculator, a one-time service link whose token is the credential) or only about the signed-in person's own
    account (sign-in, their second factor, who viewed their data)."""
    if not reason.strip():
        raise ValueError("a public view says why it is public")

    def mark(view: _View) -> _View:
        view.permission_public = reason  # type: ignore[attr-defined]
        return view

    return mark
