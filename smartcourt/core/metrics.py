"""The Prometheus exposition behind `/metrics` (core.views.metrics; docs/deploy.md lists the series).

- Request counts and latency come from django-prometheus' middleware (settings/prod.py adds it). Under gunicorn each
  worker is its own process: with PROMETHEUS_MULTIPROC_DIR set (deploy/gunicorn.conf.py sets it) every worker
  writes its samples there and the scrape adds them up, whichever worker answers it.
- The operational gauges are read at scrape time from the readiness probes (core.readiness): queue depth and the
  oldest due task per queue, lost tasks, the scheduler's last run, ledger lag and waiting anchors, tree size, plus
  `smartcourt_ready{check=…}` 1/0 per probe. A probe that cannot read (database down) reports not ready and no
  figure, rather than a stale one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from .readiness import Result, run_probes

PREFIX = "smartcourt_"


class ReadinessCollector(Collector):
    def __init__(self, results: list[Result]) -> None:
        self.results = results

    def collect(self) -> Iterator[Metric]:
        ready = GaugeMetricFamily(f"{PREFIX}ready", "1 when the readiness probe passes", labels=["check"])
        families: dict[str, GaugeMetricFamily] = {}
        for result in self.results:
            ready.add_metric([result.name], 1.0 if result.ok else 0.0)
            for gauge in result.gauges:
                labels = sorted(gauge.labels)
                family = families.get(gauge.name)
                if family is None:
                    family = families[gauge.name] = GaugeMetricFamily(
                        f"{PREFIX}{gauge.name}", gauge.help, labels=labels
                    )
                family.add_metric([gauge.labels[k] for k in labels], float(gauge.value))
        yield ready
        yield from families.values()


def _process_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def exposition() -> tuple[bytes, str]:
    """The text a scrape receives, and its content type."""
    gauges = CollectorRegistry()
    gauges.register(ReadinessCollector(run_probes()))
    return generate_latest(_process_registry()) + generate_latest(gauges), CONTENT_TYPE_LATEST
