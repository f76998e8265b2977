"""Sessions in the database, as Django keeps them, read through the cache and without a write per page view
(ADR 0025).

- **No write per page view.** A session expires after SESSION_COOKIE_AGE idle seconds (30 minutes:
  `SESSION_SAVE_EVERY_REQUEST` pushes its expiry forward on every response). Pushing it forward is an UPDATE and a
  commit — the only write of most pages, a third of a case list's statements. This store skips that write while the
  session is unchanged and was pushed forward less than REFRESH_SECONDS ago: an idle session then ends between 29
  and 30 minutes after the last page, never later. Any change to the session (signing in, the second factor, a
  message) is written at once, as before.
- **No read per page view.** Each session row, as written, is also kept in the cache (Redis in production, shared by
  every web process) with its expiry, so a page reads it from there (a query on every signed-in page otherwise).
  The database stays the record: every write goes to it first and then replaces the cached copy; a deleted session
  (signing out, `cycle_key` on signing in, a row deleted by any path: the `post_delete` receiver) is dropped from
  the cache; a cached copy past its expiry is never used. If the cache cannot be reached, the database answers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import cache
from django.utils import timezone

from .cache_quiet import cache_quietly

REFRESH_SECONDS = 60
CACHE_PREFIX = "smartcourt.session:"


def cache_forget(session_key: str) -> None:
    cache_quietly(cache.delete, CACHE_PREFIX + session_key)


class SessionStore(DatabaseSessionStore):
    _stored_expiry: datetime | None = None
    _written: tuple[dict[str, Any], datetime] | None = None

    def load(self) -> dict[str, Any]:
        key = self.session_key
        if key:
            cached = cache_quietly(cache.get, CACHE_PREFIX + key)
            if cached is not None:
                data, expiry = cached
                if expiry > timezone.now():
                    self._stored_expiry = expiry
                    return dict(data)
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        self._cache_set(stored.session_key, (data, stored.expire_date))
        return data

    def _get_session_from_db(self) -> Any:  # Django's own hook (django-stubs leaves it out)
        stored = super()._get_session_from_db()  # type: ignore[misc]
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        row = super().create_model_instance(data)
        self._written = (dict(data), row.expire_date)
        return row

    def save(self, must_create: bool = False) -> None:
        if not must_create:
            # read it (if this request has not) to know when its expiry was last pushed forward
            self._get_session()  # type: ignore[attr-defined]
            if not self.modified and self._fresh():
                return
        super().save(must_create=must_create)
        self._stored_expiry = None
        if self._written is not None and self.session_key:
            data, expiry = self._written
            self._cache_set(self.session_key, (data, expiry))
            self._written = None

    def delete(self, session_key: str | None = None) -> None:
        super().delete(session_key)
        key = session_key or self.session_key
        if key:
            cache_forget(key)

    def _fresh(self) -> bool:
        """Unchanged since it was read, and its stored expiry was pushed forward under REFRESH_SECONDS ago."""
        if self._stored_expiry is None or self.session_key is None:
            return False
        full = timezone.now() + timedelta(seconds=self.get_expiry_age())
        return full - self._stored_expiry < timedelta(seconds=REFRESH_SECONDS)

    @staticmethod
    def _cache_set(session_key: str, row: tuple[dict[str, Any], datetime]) -> None:
        """The row as written, kept until its expiry."""
        seconds = (row[1] - timezone.now()).total_seconds()
        cache_quietly(cache.set, CACHE_PREFIX + session_key, row, max(1, int(seconds)))


def session_deleted(sender: Any, instance: Any, **_kwargs: Any) -> None:
    """A session row deleted by any path (a queryset, `clearsessions`, the admin) leaves no cached copy behind."""
    cache_forget(instance.session_key)
