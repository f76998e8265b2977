"""Readiness of background work (core.readiness): the queues are drained and the periodic schedules run.

- queue: per queue, the tasks due now and how long the oldest of them has waited. Not ready when one has waited
  longer than QUEUE_STALL_SECONDS: nobody is taking work (every worker is dead or stuck). On RQ this also needs Redis,
  so a Redis outage shows here. Tasks whose worker died (jobs.selectors.stalled_tasks) are counted too.
- scheduler: how long ago a periodic schedule last ran (`jobs.ScheduleRun`); not ready past QUEUE_STALL_SECONDS once
  any schedule has ever run (the jobs.handoff_relay schedule runs every minute wherever a worker or run_scheduler is
  up). A fresh installation, before its first worker, is not flagged.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from smartcourt.core.readiness import Gauge, Probe, Reading

from .models import ScheduleRun
from .selectors import stalled_tasks


def stall_seconds() -> float:
    return float(getattr(settings, "QUEUE_STALL_SECONDS", 300))


def _age(since: datetime | None, now: datetime) -> float:
    return max(0.0, (now - since).total_seconds()) if since else 0.0


def _database_queues(now: datetime) -> dict[str, tuple[int, float]]:
    from django_tasks_db.models import DBTaskResult, get_date_max

    never = get_date_max()
    rows = (
        DBTaskResult.objects.ready()
        .values("queue_name")
        .annotate(
            n=Count("id"),
            first_enqueued=Min("enqueued_at", filter=Q(run_after=never)),
            first_due=Min("run_after", filter=~Q(run_after=never)),
        )
    )
    out: dict[str, tuple[int, float]] = {}
    for row in rows:
        oldest = [t for t in (row["first_enqueued"], row["first_due"]) if t is not None]
        out[row["queue_name"]] = (row["n"], _age(min(oldest), now) if oldest else 0.0)
    return out


def _rq_queues(now: datetime) -> dict[str, tuple[int, float]]:
    import django_rq

    out: dict[str, tuple[int, float]] = {}
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name)
        depth = queue.count
        oldest = 0.0
        if depth:
            job = queue.fetch_job(queue.get_job_ids(0, 1)[0]) if queue.get_job_ids(0, 1) else None
            if job is not None and job.enqueued_at is not None:
                enqueued = job.enqueued_at
                if timezone.is_naive(enqueued):
                    enqueued = timezone.make_aware(enqueued, UTC)
                oldest = _age(enqueued, now)
        out[name] = (depth, oldest)
    return out


def _queue() -> Reading:
    now = timezone.now()
    backend = settings.TASK_BACKEND
    if backend == "rq":
        queues = _rq_queues(now)
    elif backend == "database":
        queues = _database_queues(now)
    else:  # immediate: nothing waits
        return Reading(ok=True)
    for name in getattr(settings, "TASKS", {}).get("default", {}).get("QUEUES", []):
        queues.setdefault(name, (0, 0.0))
    lost = len(stalled_tasks())
    limit = stall_seconds()
    stuck = sorted(name for name, (_n, age) in queues.items() if age > limit)
    gauges = [
        Gauge("queue_depth", "Tasks due now, waiting for a worker", depth, {"queue": name})
        for name, (depth, _age_s) in sorted(queues.items())
    ] + [
        Gauge("queue_oldest_seconds", "How long the oldest due task has waited", age, {"queue": name})
        for name, (_depth, age) in sorted(queues.items())
    ]
    gauges.append(Gauge("queue_lost_tasks", "Running tasks whose worker stopped renewing its lease", lost))
    gauges.append(Gauge("queue_stalled", "1 when a due task has waited past QUEUE_STALL_SECONDS", int(bool(stuck))))
    detail = f"queues {', '.join(stuck)}: a due task has waited more than {limit:.0f} s" if stuck else ""
    return Reading(ok=not stuck, detail=detail, gauges=tuple(gauges))


def _scheduler() -> Reading:
    last = ScheduleRun.objects.aggregate(last=Max("last_run_at"))["last"]
    if last is None:
        return Reading(ok=True)
    age = _age(last, timezone.now())
    ok = age <= stall_seconds()
    return Reading(
        ok=ok,
        detail="" if ok else f"no periodic schedule has run for {age:.0f} s (is a worker or run_scheduler up?)",
        gauges=(Gauge("scheduler_last_run_seconds", "Seconds since a periodic schedule last ran", age),),
    )


probes = [Probe("queue", _queue), Probe("scheduler", _scheduler)]
