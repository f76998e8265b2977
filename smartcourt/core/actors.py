"""Who acts: a signed-in person (a `User`), or the platform itself (`SYSTEM`).

Services never take `actor=None`: scheduled jobs, management commands, hand-offs between apps and the demo seed pass
`SYSTEM` explicitly, so "nobody in particular" is never mistaken for "trusted". The permission table
(`smartcourt.courts.permissions`) lets `SYSTEM` perform every action and no person gets that by accident: `SYSTEM`
is no database row, cannot sign in and is not authenticated, so a check that reads `is_authenticated` (the audit
log, timelines) records no user for it, and pages show it as 系统.

Import it as `from smartcourt.courts.selectors import SYSTEM` (or `system_actor()`), or from here in `core`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeAlias

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from smartcourt.courts.models import User

SYSTEM_LABEL = _("系统")


class SystemActor:
    """The platform acting on its own (a job, a command, a hand-off): one instance, `SYSTEM`."""

    _instance: SystemActor | None = None

    pk = None
    id = None
    is_authenticated: Final = False  # no person: FK columns (audit actor, event actor) stay empty
    is_anonymous: Final = False
    is_active: Final = False
    is_superuser: Final = False
    is_staff: Final = False
    username = "system"

    def __new__(cls) -> SystemActor:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return str(SYSTEM_LABEL)

    def __copy__(self) -> SystemActor:
        return self

    def __deepcopy__(self, memo: dict) -> SystemActor:
        return self

    def __reduce__(self) -> str:
        return "SYSTEM"  # pickles as the module-level singleton

    def get_full_name(self) -> str:
        return str(SYSTEM_LABEL)

    def get_username(self) -> str:
        return self.username


SYSTEM: Final = SystemActor()

# A service's `actor`: a person, or the platform. Never None.
Actor: TypeAlias = "User | SystemActor"


class MissingActor(TypeError):
    """A service was called with `actor=None`: pass the signed-in user, or `SYSTEM` for the platform's own work."""

    def __init__(self) -> None:
        super().__init__("actor is required: pass the user, or SYSTEM (smartcourt.core.actors) for system work")


def is_system(actor: object) -> bool:
    return actor is SYSTEM


def actor_required(actor: object) -> None:
    """Refuse `None` as an actor (a programming error, not a user's: a TypeError, never a 4xx)."""
    if actor is None:
        raise MissingActor()


def actor_user(actor: object) -> User | None:
    """The user to store in a "who did it" column: the person, or None for SYSTEM (shown as 系统)."""
    actor_required(actor)
    if actor is SYSTEM or not getattr(actor, "is_authenticated", False):
        return None
    return actor  # type: ignore[return-value]
