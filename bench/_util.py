"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int = 30, warmup: int = 3) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[max(0, int(len(samples) * 0.95) - 1)], "max": samples[-1]}


def line(label: str, figures: dict[str, float], baseline: dict[str, float] | None = None) -> None:
    text = f"  {label:<48} p50 {figures['p50']:8.2f} ms   p95 {figures['p95']:8.2f} ms"
    if baseline:
        text += f"   ×{figures['p50'] / max(baseline['p50'], 1e-6):6.1f} of baseline p50"
    print(text, flush=True)
