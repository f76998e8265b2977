"""A request's memo of permission reads (ADR 0025): each person's role grants, read once; and the answers a page asked
for together (`permissions.allows_prefetch`).

Every permission check (`permissions.visible_q`, `allows`, `permits`, `grant_courts`, `courts_q`), the navigation bar
and `User.requires_two_factor` start from the signed-in person's grants; a case page asked for them twenty-odd times,
a query each, and then asked the table about the same case ten times, a query each. Inside a request
(`PermissionMemoMiddleware`) grants are read once per person and kept until the response is sent; answers are kept
only where a page asked for them in advance, for an object its request does not change. Any grant written during
the request (the `post_save` / `post_delete` receivers in `CourtsConfig.ready`) empties the memo, so a request that
grants a role sees it at once. Outside a request (tasks, commands, services called from tests) nothing is kept:
every call reads the database, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from .models import RoleGrant, User

T = TypeVar("T")

# (person, resource, action, model label, object id) → whether the table allows it
AnswerKey = tuple[int, str, str, str, Any]


@dataclass
class _Memo:
    grants: dict[int, tuple[RoleGrant, ...]] = field(default_factory=dict)
    answers: dict[AnswerKey, bool] = field(default_factory=dict)
    reference: dict[str, Any] = field(default_factory=dict)  # reference data read once per request (`request_once`)


_memo: ContextVar[_Memo | None] = ContextVar("courts_permission_memo", default=None)


def user_grants(*, user: User) -> tuple[RoleGrant, ...]:
    """`user`'s grants with their court and division (one query, or none when this request read them already)."""
    memo = _memo.get()
    if memo is None or user.pk is None:
        return tuple(user.grants.select_related("court", "division"))
    grants = memo.grants.get(user.pk)
    if grants is None:
        grants = memo.grants[user.pk] = tuple(user.grants.select_related("court", "division"))
    return grants


def answer_known(key: AnswerKey) -> bool | None:
    """The answer a page asked for in advance in this request, or None."""
    memo = _memo.get()
    return None if memo is None else memo.answers.get(key)


def answers_keep(answers: dict[AnswerKey, bool]) -> None:
    memo = _memo.get()
    if memo is not None:
        memo.answers.update(answers)


def memo_active() -> bool:
    return _memo.get() is not None


def permission_memo_clear(**_kwargs: Any) -> None:
    """Forget everything read in this request (a grant was written)."""
    memo = _memo.get()
    if memo is not None:
        memo.grants.clear()
        memo.answers.clear()


def request_once(key: str, load: Callable[[], T]) -> T:
    """`load()` once per request under `key` (small reference data several parts of a page read: the holiday
    calendar the trial-period clock, the deadlines and the case page each count on); outside a request, every call
    loads. What a request writes to such data empties the memo (`reference_memo_clear`, from the writing service and
    from the models' signals), so a request never reads back a stale value of its own write."""
    memo = _memo.get()
    if memo is None:
        return load()
    try:
        return memo.reference[key]
    except KeyError:
        value = memo.reference[key] = load()
        return value


def reference_memo_clear(**_kwargs: Any) -> None:
    """Forget the reference data read in this request (the calendar was written)."""
    memo = _memo.get()
    if memo is not None:
        memo.reference.clear()


@contextmanager
def permission_memo() -> Iterator[None]:
    token = _memo.set(_Memo())
    try:
        yield
    finally:
        _memo.reset(token)


class PermissionMemoMiddleware:
    """One memo per request (each request runs in its own thread and context: nothing is shared between them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with permission_memo():
            return self.get_response(request)
