"""Readiness (就绪检查) and operational gauges: what `/readyz` and `/metrics` report (docs/deploy.md).

Each app that has something to say declares it in its own `<app>/readiness.py` as `probes = [Probe(...)]`, found with
`core.discovery.app_modules("readiness")` like schedules and APIs (core imports no app). A probe returns a `Reading`:
whether its part is ready, and the gauges it measured on the way (queue depth, ledger lag …), which `/metrics`
exports next to django-prometheus' request latency. A probe that raises is not ready — an outage of the database or of
Redis makes the probes that need it fail, never the endpoint.

This module is also core's own readiness module: the database and the cache.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gauge:
    """One sample: `smartcourt_<name>{labels} value`."""

    name: str
    help: str
    value: float
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reading:
    ok: bool
    detail: str = ""  # why not ready (English, for operators; /readyz shows it only to the metrics networks)
    gauges: tuple[Gauge, ...] = ()


@dataclass(frozen=True)
class Probe:
    name: str  # "database", "cache", "queue", "ledger" …
    check: Callable[[], Reading]


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str
    seconds: float
    gauges: tuple[Gauge, ...]


def all_probes() -> list[Probe]:
    from .discovery import app_modules

    found: list[Probe] = []
    for _config, module in app_modules("readiness"):
        found.extend(getattr(module, "probes", []))
    return found


def run_probes() -> list[Result]:
    """Every probe, each on its own: one failing (an exception included) does not stop the others."""
    results = []
    for probe in all_probes():
        started = time.monotonic()
        try:
            reading = probe.check()
        except Exception as exc:  # an outage is a reading, not an error page
            logger.warning("readiness probe %s failed: %s", probe.name, exc)
            reading = Reading(ok=False, detail=f"{type(exc).__name__}: {exc}"[:300])
            _close_broken_connection()
        results.append(Result(probe.name, reading.ok, reading.detail, time.monotonic() - started, reading.gauges))
    return results


def _close_broken_connection() -> None:
    """After a failed query the connection may be unusable (or in a failed transaction): drop it, so the next probe
    and the next request reconnect instead of failing on the dead one."""
    from django.db import connection

    try:
        if connection.connection is not None and not connection.is_usable():
            connection.close()
    except Exception:
        connection.connection = None


def _database() -> Reading:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Reading(ok=True)


def _cache() -> Reading:
    """The cache answers a write and a read of its own key (on Redis in production, settings/prod.py)."""
    from django.core.cache import cache

    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return Reading(ok=ok, detail="" if ok else "cache did not return what was written")


probes = [Probe("database", _database), Probe("cache", _cache)]
