"""文字识别 (OCR) of scanned court pages: rapidocr (PP-OCRv6, bundled ONNX models, offline) plus court-page rules.

Public interface (see /tmp/team/interfaces.md "OCR"):

- ``recognise_image(image) -> OcrPage`` and ``recognise_path(path) -> OcrPage``: text per printed line, top to
  bottom, with pixel boxes in the input image's coordinates and a 0..1 confidence. The engine is loaded lazily,
  once per process; calls are thread-safe.
- ``OcrInputError`` (an ``ApplicationError``): unreadable, truncated, empty or oversized image — Chinese message
  (size is checked from the header, before any pixel is decoded).

Boxes are in the coordinates of the image as given (after EXIF orientation for phone photos); a page scanned
upside down is read turned, with its boxes mapped back. The pipeline's steps and what each one was worth on
``../shared/data/ocr-dev`` (dev CER 0.0253 raw → 0.0000) and on held-out rendered pages are logged in the
``pipeline`` module docstring. Batch use: ``batch.recognise_files`` / ``python manage.py ocr_pages IN_DIR OUT_DIR``.

Environment: ``SMARTCOURT_OCR_THREADS`` (onnxruntime intra-op threads per process; default 1: we scale with one
worker process per core, ADR 0023),
``SMARTCOURT_OCR_ENGINE=tesseract`` to force the optional Tesseract chi_sim fallback (otherwise used only when
rapidocr cannot run).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from PIL import Image

from .engine import RAPIDOCR_VERSION, EngineUnavailable, get_engine
from .images import OcrInputError, open_image, prepare

__all__ = ["ENGINE_NAME", "OcrInputError", "OcrLine", "OcrPage", "recognise_image", "recognise_path"]

ENGINE_NAME = f"rapidocr-{RAPIDOCR_VERSION}+smartcourt-pipeline"


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the input image
    confidence: float  # 0..1


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[OcrLine, ...]  # top to bottom, one per printed line
    width: int
    height: int
    engine: str

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_run_lock = threading.Lock()


def recognise_image(image: Image.Image) -> OcrPage:
    """Recognise one page image (PIL). Raises OcrInputError for images that are too large/small or undecodable.

    Uses rapidocr + the smartcourt pipeline; Tesseract (chi_sim) only if rapidocr cannot run on this machine or
    ``SMARTCOURT_OCR_ENGINE=tesseract`` is set."""
    from . import pipeline, tesseract

    if not isinstance(image, Image.Image):
        raise OcrInputError("不是图像，无法进行文字识别。")
    image = prepare(image)
    engine = None
    if os.environ.get("SMARTCOURT_OCR_ENGINE", "").lower() != "tesseract":
        try:
            engine = get_engine()
        except EngineUnavailable:
            if not tesseract.available():
                raise
    if engine is None:
        raw = tesseract.run(image)
        name = f"tesseract-{tesseract.version()}-chi_sim+smartcourt-rules"
        w, h = image.size
    else:
        # onnxruntime sessions are thread-safe, but the detector's post-processing parameters are per-call state:
        # a process-wide lock keeps concurrent threads from interleaving them (throughput comes from processes).
        with _run_lock:
            raw, (w, h) = pipeline.run(engine, image)
        name = ENGINE_NAME
    lines = tuple(OcrLine(text=t, box=box, confidence=round(max(0.0, min(1.0, score)), 4)) for t, box, score in raw)
    return OcrPage(lines=lines, width=w, height=h, engine=name)


def recognise_path(path: str | os.PathLike) -> OcrPage:
    """Recognise the image file at ``path`` (PNG, JPEG, TIFF — the first frame)."""
    return recognise_image(open_image(path))
