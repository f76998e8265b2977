"""Pages and API responses carrying personal data (个人信息) are never stored by a browser or a shared cache.

A view that shows identity numbers, phones, addresses, ID photos, case parties, dossier pages or a filing's content
is marked `@personal_data`: its responses carry `Cache-Control: no-store, private`, so no proxy keeps a copy and the
browser's back button on a shared court-counter computer does not bring the page back after sign-out
(个人信息保护法 Art. 51(2): technical measures against leaks). The mark is also an attribute of the view
(`view.personal_data`), so a test can list which routes are marked. A ninja router takes it for all its operations
with `router.add_decorator(personal_data, mode="view")`: ninja's "view" mode wraps each operation's whole run, which
returns the response (errors included); its "operation" mode would wrap the function returning the data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpResponseBase
from django.utils.cache import patch_cache_control

V = TypeVar("V", bound=Callable[..., Any])


def no_store(response: HttpResponseBase) -> HttpResponseBase:
    """Forbid every cache to keep `response` (and drop any `public` or `max-age` an inner layer set)."""
    if "Cache-Control" in response.headers:
        del response.headers["Cache-Control"]
    patch_cache_control(response, no_store=True, private=True)
    return response


def personal_data(view: V) -> V:
    """Mark `view` (a Django view, or a ninja operation's `run`) as showing personal data: no cache may store it."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseBase):
            no_store(response)
        return response

    wrapped.personal_data = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def is_personal_data(view: object) -> bool:
    """Whether `view` was marked with `@personal_data` (the mark survives `functools.wraps` decorators)."""
    return bool(getattr(view, "personal_data", False))
