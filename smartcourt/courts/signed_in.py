"""Who is signed in, read from the cache (ADR 0025, amended for issue 15's 200 users).

Every signed-in page starts with the same reads before its own work: the session, the person, the authenticator
their session was verified with (django-otp), and their role grants — four queries on every page, a fifth of a case
list's. Here the person, their grants and their confirmed devices are kept together under one cache key (Redis in
production, shared by every web process), with a generation token read in the same round trip:

- **The person's writes drop it at once.** A save or delete of the user, one of their grants or one of their OTP
  devices deletes their entry, and deletes it again when the transaction commits (a request that read the old rows
  between the write and the commit would otherwise put them back).
- **A court's or a division's write starts a new generation.** A grant carries its court and division (their names,
  the court's materialised path that `courts_q` scopes by), which change without any grant changing: every entry of
  the old generation is ignored from then on.
- **Nothing is trusted longer than `TTL_SECONDS`**, whatever path a write took.

What is read from here is only who the person is and what they hold; every check made with it (`is_active`, the
session's password hash, the device's owner and confirmation, the permission table) is made on each request as
before. Signing in and verifying a code read the database (django's `authenticate`, django-otp's `verify_token`), and
their writes (last login, the device's counter) drop the entry.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.cache_quiet import cache_quietly

from .grants import _memo
from .models import Court, Division, RoleGrant, User

TTL_SECONDS = 300
logger = logging.getLogger(__name__)
GENERATION_KEY = "signed-in:generation"
DEVICE_MODELS: tuple[type[Device], ...] = (TOTPDevice, StaticDevice)


def _key(user_id: Any) -> str:
    return f"signed-in:person:{user_id}"


@dataclass
class SignedIn:
    """What a request needs to know about the person before its page: the user row, their grants (with court and
    division) and their confirmed devices by persistent id."""

    generation: str
    user: User
    grants: tuple[RoleGrant, ...]
    devices: dict[str, Device] = field(default_factory=dict)


def _load(user_id: Any, generation: str) -> SignedIn | None:
    user = User._default_manager.filter(pk=user_id).first()
    if user is None:
        return None
    grants = tuple(user.grants.select_related("court", "division"))
    devices: dict[str, Device] = {}
    for model in DEVICE_MODELS:
        for device in model.objects.filter(user_id=user.pk, confirmed=True):
            devices[device.persistent_id] = device
    return SignedIn(generation=generation, user=user, grants=grants, devices=devices)


def signed_in(user_id: Any) -> SignedIn | None:
    """The person `user_id` (None if there is no such user): from the cache when its entry is of the current
    generation, else from the database (three queries), kept for the next request. An unreachable cache is logged
    and the database answers."""
    key = _key(user_id)
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if generation is not None and isinstance(entry, SignedIn) and entry.generation == generation:
            return entry
        if generation is None:  # never set, or evicted: start one (another process may have just done so)
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            generation = cache.get(GENERATION_KEY)
    except Exception:
        logger.warning("signed-in cache unreachable on read", exc_info=True)
        return _load(user_id, "")
    entry = _load(user_id, generation or "")
    if entry is not None and generation:
        cache_quietly(cache.set, key, entry, TTL_SECONDS)
    return entry


def forget(user_id: Any) -> None:
    """Drop a person's entry now and again once the writing transaction commits."""
    key = _key(user_id)
    cache_quietly(cache.delete, key)
    transaction.on_commit(lambda: cache_quietly(cache.delete, key))


def new_generation() -> None:
    def bump() -> None:
        cache_quietly(cache.set, GENERATION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def person_written(sender: Any, instance: Any, **_kwargs: Any) -> None:
    """post_save / post_delete of a user, a grant or a device."""
    user_id = instance.pk if isinstance(instance, User) else getattr(instance, "user_id", None)
    if user_id is not None:
        forget(user_id)


def court_written(sender: Any, instance: Any, **_kwargs: Any) -> None:
    """post_save / post_delete of a court or a division."""
    new_generation()


def receivers_connect() -> None:
    from django.db.models.signals import post_delete, post_save

    person_models: tuple[type[Model], ...] = (User, RoleGrant, *DEVICE_MODELS)
    for model in person_models:
        post_save.connect(person_written, sender=model, dispatch_uid=f"signed_in_save_{model.__name__}")
        post_delete.connect(person_written, sender=model, dispatch_uid=f"signed_in_delete_{model.__name__}")
    court_models: tuple[type[Model], ...] = (Court, Division)
    for model in court_models:
        post_save.connect(court_written, sender=model, dispatch_uid=f"signed_in_save_{model.__name__}")
        post_delete.connect(court_written, sender=model, dispatch_uid=f"signed_in_delete_{model.__name__}")


class SignedInBackend(ModelBackend):
    """Django's model backend, whose per-request `get_user` (the session's person) reads the cached entry; inside a
    request it also hands the person's grants to the request's permission memo, so no check reads them again."""

    def get_user(self, user_id: Any) -> User | None:
        entry = signed_in(user_id)
        if entry is None:
            return None
        user = entry.user
        if not self.user_can_authenticate(user):
            return None
        memo = _memo.get()
        if memo is not None:
            memo.grants.setdefault(user.pk, entry.grants)
            memo.reference[f"signed-in:devices:{user.pk}"] = entry.devices
        return user


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, taking the session's device from the person's cached devices (a query per page
    otherwise). Its own checks stay: the device must belong to the person and be confirmed, else the session
    forgets it and the person is not verified."""

    def _verify_user_sync(self, request: Any, user: Any) -> Any:
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = None
            if persistent_id:
                memo = _memo.get()
                devices = None if memo is None else memo.reference.get(f"signed-in:devices:{user.pk}")
                if devices is None:
                    device = self._device_from_persistent_id(persistent_id)
                else:
                    device = devices.get(self._normalize_persistent_id(persistent_id))
            user.otp_device = self._finalize_device(request, user, device)
        return user
