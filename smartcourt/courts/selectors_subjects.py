"""Which data-subject keys (see AuditLog.data_subject) belong to a signed-in person.

Apps that hold personal records of a user (e.g. cases' Person) register a resolver, so the
"who viewed my data" page covers them without courts importing those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User

_RESOLVERS: list[Callable[[User], list[str]]] = []


def register_subject_resolver(resolver: Callable[[User], list[str]]) -> None:
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def data_subjects_of(*, user: User) -> list[str]:
    keys = [f"user:{user.pk}"]
    for resolver in _RESOLVERS:
        keys.extend(resolver(user))
    return keys
