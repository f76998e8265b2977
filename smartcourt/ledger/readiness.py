"""Readiness of the ledger (core.readiness): anchors (存证) are sequenced into the tree without falling behind.

The ledger lag is how long the oldest anchor waiting for the flusher has waited (0 when none waits); past
LEDGER_LAG_READY_SECONDS the ledger is not ready — the flush (on commit, and the ledger.flush schedule every minute)
is not running, and pages keep showing "存证入账中". The gauges also give the number of waiting anchors, the tree
size and the age of the latest signed checkpoint.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from smartcourt.core.readiness import Gauge, Probe, Reading

from . import models, selectors
from .selectors import checkpoint_latest, tree_size


def lag_threshold_seconds() -> float:
    return float(getattr(settings, "LEDGER_LAG_READY_SECONDS", 600))


def _waiting() -> tuple[int, datetime | None]:
    """How many anchors wait to be sequenced (leaves above the tree head, ADR 0026), and when the oldest was
    anchored."""
    head = selectors.ledger_head()
    oldest = models.LedgerRecord.objects.filter(index__gte=head.size).aggregate(t=Min("recorded_at"))["t"]
    return int(head.waiting), oldest


def _ledger() -> Reading:
    now = timezone.now()
    count, oldest = _waiting()
    lag = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
    checkpoint = checkpoint_latest()
    gauges = [
        Gauge("ledger_pending_entries", "Anchors waiting to be sequenced into the ledger", count),
        Gauge("ledger_lag_seconds", "How long the oldest anchor has waited to be sequenced", lag),
        Gauge("ledger_tree_size", "Entries in the ledger's tree", tree_size()),
    ]
    if checkpoint is not None:
        age = max(0.0, (now - checkpoint.published_at).total_seconds())
        gauges.append(Gauge("ledger_checkpoint_age_seconds", "Seconds since the latest signed checkpoint", age))
    limit = lag_threshold_seconds()
    ok = lag <= limit
    detail = "" if ok else f"the oldest anchor has waited {lag:.0f} s to be sequenced (limit {limit:.0f} s)"
    return Reading(ok=ok, detail=detail, gauges=tuple(gauges))


probes = [Probe("ledger", _ledger)]
