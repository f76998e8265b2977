"""Sessions in the database, as Django keeps them, without a write per page view (ADR 0025).

A session expires after SESSION_COOKIE_AGE idle seconds (30 minutes: `SESSION_SAVE_EVERY_REQUEST` pushes its expiry
forward on every response). Pushing it forward is an UPDATE and a commit — the only write of most pages, a third of
a case list's statements. This store skips that write while the session is unchanged and was pushed forward less than
REFRESH_SECONDS ago: an idle session then ends between 29 and 30 minutes after the last page, never later.
Any change to the session (signing in, the second factor, a message) is written at once, as before.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

REFRESH_SECONDS = 60


class SessionStore(DatabaseSessionStore):
    _stored_expiry: datetime | None = None

    def _get_session_from_db(self) -> Any:  # Django's own hook (django-stubs leaves it out)
        stored = super()._get_session_from_db()  # type: ignore[misc]
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def save(self, must_create: bool = False) -> None:
        if not must_create:
            # read it (if this request has not) to know when its expiry was last pushed forward
            self._get_session()  # type: ignore[attr-defined]
            if not self.modified and self._fresh():
                return
        super().save(must_create=must_create)
        self._stored_expiry = None

    def _fresh(self) -> bool:
        """Unchanged since it was read, and its stored expiry was pushed forward under REFRESH_SECONDS ago."""
        if self._stored_expiry is None or self.session_key is None:
            return False
        full = timezone.now() + timedelta(seconds=self.get_expiry_age())
        return full - self._stored_expiry < timedelta(seconds=REFRESH_SECONDS)
