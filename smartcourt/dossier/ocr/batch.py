"""Batch OCR of image files on several cores: a process pool, the engine loaded once per worker process.

Measured on the 2-core box with ``ocr_pages`` on the 12 ocr-dev pages (the box was shared and loaded, so only
the ratio means something): 2 worker processes × 1 onnxruntime thread 14.2 and 11.4 pages/min, 1 process × 2
intra-op threads 8.6 and 8.9 pages/min (two alternating runs each) — processes win: the recogniser's many small
batches and the Python-side pre/post-processing do not parallelise inside onnxruntime. Workers are started with ``spawn`` so no
onnxruntime thread pool or database connection is inherited through ``fork``.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass(frozen=True)
class FileResult:
    path: str
    ok: bool
    text: str = ""
    lines: int = 0
    seconds: float = 0.0
    error: str = ""


def list_images(in_dir: str | os.PathLike) -> list[str]:
    names = sorted(os.listdir(in_dir))
    return [os.path.join(in_dir, n) for n in names if os.path.splitext(n)[1].lower() in IMAGE_SUFFIXES]


def _init_worker(threads: int) -> None:
    os.environ["SMARTCOURT_OCR_THREADS"] = str(threads)
    from .engine import get_engine

    get_engine()


def recognise_file(path: str) -> FileResult:
    """Recognise one file; never raises (a bad file becomes a failed FileResult with a Chinese message)."""
    from . import OcrInputError, recognise_path

    started = time.perf_counter()
    try:
        page = recognise_path(path)
    except OcrInputError as exc:
        return FileResult(path=path, ok=False, error=str(exc.message))
    except Exception as exc:  # the batch goes on with the next file
        return FileResult(path=path, ok=False, error=f"识别失败（{type(exc).__name__}: {exc}）")
    return FileResult(path=path, ok=True, text=page.text, lines=len(page.lines), seconds=time.perf_counter() - started)


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def recognise_files(
    paths: Sequence[str], *, workers: int | None = None, threads: int | None = None
) -> Iterator[FileResult]:
    """Yield one FileResult per path, in input order. ``threads``: onnxruntime intra-op threads per process
    (default: the engine's, 1 — see ADR 0023)."""
    workers = workers or default_workers()
    if workers <= 1 or len(paths) <= 1:
        if threads:
            os.environ["SMARTCOURT_OCR_THREADS"] = str(threads)
        for p in paths:
            yield recognise_file(p)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(threads,)
    ) as pool:
        yield from pool.map(recognise_file, paths)
