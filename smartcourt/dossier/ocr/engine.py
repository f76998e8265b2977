"""The rapidocr engine, loaded lazily once per process, strictly offline and quiet.

rapidocr would download a model (or a character dictionary) when a configured file is missing; we always pass the
explicit paths of the ONNX models shipped inside the wheel, refuse to start if one is absent, and never let it reach
the network. Its INFO logging (model paths at start-up) is silenced.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

RAPIDOCR_VERSION = "3.10.0"
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"

_lock = threading.Lock()
_engines: dict[tuple, RapidEngine] = {}


class EngineUnavailable(RuntimeError):
    """rapidocr / onnxruntime or the bundled models are not installed."""


def _models_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


def _quiet() -> None:
    for name in ("RapidOCR", "rapidocr"):
        logging.getLogger(name).setLevel(logging.ERROR)


@dataclass(frozen=True)
class RecResult:
    text: str
    score: float


class RapidEngine:
    """Detector + recogniser of rapidocr, used as components so the pipeline controls scale, crops and batching."""

    def __init__(self, *, threads: int | None = None, det_params: dict | None = None, use_cls: bool = False) -> None:
        _quiet()
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - dependency pinned in requirements.lock
            raise EngineUnavailable("rapidocr is not installed") from exc
        models = _models_dir()
        for name in (DET_MODEL, REC_MODEL, CLS_MODEL):
            if not (models / name).is_file():
                raise EngineUnavailable(f"bundled model missing: {models / name}")
        params = {
            "Global.log_level": "error",
            "Global.use_cls": use_cls,
            "Global.model_root_dir": str(models),
            "Det.model_path": str(models / DET_MODEL),
            "Rec.model_path": str(models / REC_MODEL),
            "Cls.model_path": str(models / CLS_MODEL),
            # the pipeline sizes the detector input itself; rapidocr's default ("min" side 736) would blow a
            # 1100 × 250 strip up to 3238 × 736 before detecting
            "Det.limit_type": "max",
            "Det.limit_side_len": 4096,
        }
        if threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = int(threads)
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
            if threads == 1:
                # OpenCV's own pool (one thread per core by default) only adds waiting threads to a process that is
                # meant to use one core; process-wide, and only the OCR uses OpenCV in our processes.
                cv2.setNumThreads(1)
        # rapidocr turns onnxruntime's memory arena off: every run then maps and unmaps its buffers (a page read
        # spent ~15 % of its CPU time in the kernel). The arena keeps them; sizes vary little between pages.
        params["EngineConfig.onnxruntime.enable_cpu_mem_arena"] = True
        # Each recognition call is one batch we choose (see `recognise`); rapidocr's own batching by 6 pads every
        # crop of a batch to the widest one.
        params["Rec.rec_batch_num"] = 1024
        for key, value in (det_params or {}).items():
            params[f"Det.{key}"] = value
        self.ocr = RapidOCR(params=params)
        _quiet()
        self.det = self.ocr._load_det_model()
        self.rec = self.ocr._load_rec_model()
        self.cls = self.ocr._load_cls_model() if use_cls else None
        self._orientation = None

    def detect(self, img_bgr: np.ndarray) -> tuple[np.ndarray, list[float]]:
        """Quadrilateral text boxes (N×4×2 float, image coords) and their detection scores."""
        out = self.det(img_bgr)
        if out.boxes is None or len(out.boxes) == 0:
            return np.zeros((0, 4, 2), dtype=np.float32), []
        return np.asarray(out.boxes, dtype=np.float32), [float(s) for s in out.scores]

    def upside_down_votes(self, crops: list[np.ndarray]) -> tuple[int, int]:
        """(crops the angle classifier reads as turned 180° with confidence ≥ 0.9, crops asked)."""
        if not crops:
            return 0, 0
        if self._orientation is None:
            cfg = self.ocr.cfg
            cfg.Cls.engine_cfg = cfg.EngineConfig[cfg.Cls.engine_type.value]
            cfg.Cls.model_root_dir = cfg.Global.model_root_dir
            from rapidocr.ch_ppocr_cls import TextClassifier

            self._orientation = TextClassifier(cfg.Cls)
        out = self._orientation([c.copy() for c in crops])
        flipped = sum(1 for label, score in out.cls_res if "180" in label and score >= 0.9)
        return flipped, len(crops)

    def recognise(self, crops: list[np.ndarray]) -> list[RecResult]:
        if not crops:
            return []
        from rapidocr.ch_ppocr_rec import TextRecInput

        if self.cls is not None:
            crops = list(self.cls(crops).img_list)
        out: list[RecResult | None] = [None] * len(crops)
        for group in rec_batches([c.shape[1] / max(1, c.shape[0]) for c in crops]):
            res = self.rec(TextRecInput(img=[crops[i] for i in group], return_word_box=False))
            for i, t, s in zip(group, res.txts, res.scores, strict=True):
                out[i] = RecResult(text=t, score=float(s))
        return [r for r in out if r is not None]


# The recogniser reads a batch as one tensor 48 px high and as wide as its widest crop (at least 320 px): a short
# crop batched with a long one is mostly padding, which costs as much as ink. Measured on ocr-dev (single process,
# one thread, CPU s/page): rapidocr's batches of 6 2.88, of 16 3.19, of 3 2.45, one crop per run 2.27.
REC_MIN_RATIO = 320 / 48
REC_MAX_PADDING = 0.05  # a crop joins a batch while the batch's padding stays under 5 % of its pixels
REC_MAX_BATCH = 16


def rec_batches(ratios: list[float]) -> list[list[int]]:
    """Indices of crops grouped into recognition batches: sorted by width/height ratio, a crop joins the current
    batch while padding everything to the widest crop wastes at most REC_MAX_PADDING of the batch."""
    order = sorted(range(len(ratios)), key=lambda i: ratios[i])
    batches: list[list[int]] = []
    current: list[int] = []
    used = 0.0
    for i in order:
        width = max(REC_MIN_RATIO, ratios[i])
        if current and (
            len(current) >= REC_MAX_BATCH or width * (len(current) + 1) > (used + width) * (1 + REC_MAX_PADDING)
        ):
            batches.append(current)
            current, used = [], 0.0
        current.append(i)
        used += width
    if current:
        batches.append(current)
    return batches


def get_engine(*, threads: int | None = None) -> RapidEngine:
    """The process-wide engine (thread-safe lazy initialisation). ``threads``: onnxruntime intra-op threads,
    default $SMARTCOURT_OCR_THREADS, else 1 — we scale with processes (one worker per core): a 2-thread pool spent
    ~35 % more CPU per page than one thread on this 2-core machine, CPU a loaded machine does not have."""
    if threads is None:
        env = os.environ.get("SMARTCOURT_OCR_THREADS", "")
        threads = int(env) if env.isdigit() and int(env) > 0 else 1
    key = (threads,)
    engine = _engines.get(key)
    if engine is None:
        with _lock:
            engine = _engines.get(key)
            if engine is None:
                engine = RapidEngine(threads=threads)
                _engines[key] = engine
    return engine


def warm_up() -> None:
    """Load the engine and run it once on a small blank strip (first-run allocations), so a long-lived worker's
    first page does not pay for it (settings.TASK_WORKER_WARMUP)."""
    engine = get_engine()
    strip = np.full((48, 480, 3), 255, dtype=np.uint8)
    cv2.putText(strip, "2026", (10, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    engine.detect(strip)
    engine.recognise([strip])


def reset_after_fork() -> None:
    """Forget engines inherited through fork (onnxruntime thread pools do not survive it)."""
    _engines.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=reset_after_fork)
