"""What filing's pages share with other pages that file (the portal's registration, kiosk and filing pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .services.filing import FilingProblems

if TYPE_CHECKING:
    from smartcourt.core.errors import ApplicationError


def errors_by_field(exc: ApplicationError) -> dict[str, str]:
    """A refusal as the message to show beside each form field (`__all__` for the form as a whole).

    A FilingProblems lists every problem of a step; a field keeps its first message."""
    if isinstance(exc, FilingProblems):
        out: dict[str, str] = {}
        for p in exc.problems:
            out.setdefault(p.field, p.message)
        return out
    return {str(exc.extra.get("field", "__all__")): str(exc.message)}
