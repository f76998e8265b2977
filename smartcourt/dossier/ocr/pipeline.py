"""Page image → lines: the smartcourt OCR pipeline around rapidocr's PP-OCRv6 detector and recogniser.

Steps (each measured with ``metrics.cer`` on ``../shared/data/ocr-dev``, micro CER over 6,716 characters, and on
pages rendered by ``bench/ocr.py`` that were never looked at while tuning):

1. Grey page; on colour scans red ink (seals) is turned into paper by colour (``seal.remove_red``).
2. Seals on grey pages: a cheap grey-ink density test, then a Hough circle only around dense patches, validated as
   a continuous grey ring; inside it grey ink lighter than the print is pushed to paper (print edges kept). The
   curved seal text is therefore never detected, and the date/signatures under it are read alone. Segments under
   a seal are also read from the unmasked page; the more confident reading wins (masking can thin blurred print).
0. A page longer than 2400 px (A4 above ~205 dpi) is first shrunk to 2400 px (area average): every later step
   costs per pixel, and the recogniser reads 48-px-high crops anyway (see "Image size" below).
3. Detection on the page scaled to 1200 px on its long side (rapidocr's default feeds ~2000 px); recognition
   crops every quad from the full-resolution (≤ 2400 px) page, widened by ½ line height (capped at half the gap to the
   neighbouring segment) so closing quotes and small marks are not cut off.
   Pages fed upside down: the angle classifier votes on the 16 longest crops; a majority for 180° turns the
   page and starts again (boxes mapped back to input coordinates). Every dev page turned 180° reads at CER 0;
   the vote costs ~0.06 s/page on upright pages.
4. Long segments read with low confidence are re-read in two overlapping halves.
5. Skew from the long segments' angles; segments grouped into printed lines by vertical overlap in deskewed
   coordinates, left to right, one space between separated segments (a table row = its cells joined by a space).
6. Text rules (``text.py``): full-width Chinese punctuation, ASCII inside numbers; page numbers ``- 2 -`` vs
   ``— 1 —`` decided from the glyph geometry.

Measurement log (CER micro, dev / held-out "hard" set of 8 rendered pages, 3,862 chars; s/page single process):
- rapidocr raw defaults ........................................ 0.0253 / 0.0717   (~2.9 s)
- our crops from the full-res page, line grouping, no punct. rules . 0.0112
- + punctuation rules ........................................... 0.0042
- + seal masking ................................................ 0.0000           (Hough on the whole page: +2 s;
                                                                                    density pre-check: 15–40 ms)
- detector input 2000 → 1600 → 1200 → 960 px ...................... 0 / 0 / 0 / 0.0006 — 1200 kept (det ~3× faster)
- crop widening 0 → 0.5 line height (held-out, quotes at line end) . held-out 0.0126 → 0.0003 on the first
  rendered set; uncapped widening read the next cell's first character twice (dev 2 errors) → capped by neighbours
- seal: keep-print dilation none / cross 3×3 / ellipse 5×5 ....... hard 0.0018 / 0.0008 / 0.0016 (dev 0 / 0 / 1)
- thousands separator across a line break ........................ hard −1 error
Final: dev 0.0000 (0 edits), hard held-out 0.0008 (3 edits), ~1.0 s/page single process vs raw ~2.9 s.
Throughput (issue 15, ADR 0023; CPU s/page, one process, one onnxruntime thread, ocr-dev, same run): memory arena
on 2.94 → 2.66; recognition batched by width instead of rapidocr's batches of 6: → 2.27 (CER unchanged, 0).
Image size: pages above 2400 px are read from a 2400-px copy (A4 300 dpi → ~205 dpi): the recogniser reads 48-px
crops, so the extra pixels only cost pre-processing and memory; ``make bench`` checks CER on A4 rendered at 150,
200 and 300 dpi.
What did not need doing: the per-segment angle classifier (use_cls) — a page-level vote is enough; denoising/upscaling —
the recogniser handled the specks, blur and JPEG once it got full-resolution crops.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from . import layout, seal, text
from .engine import RapidEngine


@dataclass
class Options:
    det_max_side: int = 1200  # detector input: longest side (px)
    max_side: int = 2400  # larger pages are read from a copy this long (≈ A4 at 205 dpi); recognition crops it
    box_thresh: float = 0.5
    unclip_ratio: float = 1.6
    text_score: float = 0.5  # segments recognised with less confidence are dropped
    retry_score: float = 0.93  # long segments below this are re-recognised in two halves
    seals: bool = True
    orientation: bool = True  # detect pages scanned upside down
    crop_pad: float = 0.5  # widen crops by this × line height (closing quotes), capped by neighbours
    debug: dict = field(default_factory=dict)


def to_gray(image: Image.Image, max_side: int = 0) -> np.ndarray:
    """The page as grey uint8 (red seal ink turned to paper), shrunk first (area average) so that its longest side
    is at most ``max_side`` pixels when that is given."""
    arr: np.ndarray = np.asarray(image if image.mode == "L" else image.convert("RGB"), dtype=np.uint8)
    h, w = arr.shape[:2]
    if max_side and max(h, w) > max_side:
        f = max_side / max(h, w)
        arr = cv2.resize(arr, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    return arr if arr.ndim == 2 else seal.remove_red(arr)


def crop_quad(img: np.ndarray, quad: np.ndarray, left: float = 0.0, right: float = 0.0) -> np.ndarray:
    """Rectify one text quad from the full-resolution page (no 90° turn: court pages are horizontal), widened by
    ``left`` / ``right`` pixels along the text direction."""
    q = quad.astype(np.float32).copy()
    if left or right:
        ux = q[1] - q[0]
        ux /= max(1e-6, float(np.linalg.norm(ux)))
        q[[0, 3]] -= ux * left
        q[[1, 2]] += ux * right
        q[:, 0] = np.clip(q[:, 0], 0, img.shape[1] - 1)
    width = round(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[3] - q[2])))
    height = round(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
    width, height = max(width, 2), max(height, 2)
    dst = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(q, dst)
    return cv2.warpPerspective(img, m, (width, height), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)


def crop_margins(quads: np.ndarray, pad: float) -> list[tuple[float, float]]:
    """Per quad (left, right) widening: ``pad`` × its height, but never more than half the gap to a neighbouring
    segment on the same line (so a widened crop does not read the first character of the next cell twice)."""
    if not pad or len(quads) == 0:
        return [(0.0, 0.0)] * len(quads)
    x0, y0 = quads[:, :, 0].min(axis=1), quads[:, :, 1].min(axis=1)
    x1, y1 = quads[:, :, 0].max(axis=1), quads[:, :, 1].max(axis=1)
    hgt = np.maximum(1.0, y1 - y0)
    out = []
    for i in range(len(quads)):
        overlap = np.minimum(y1, y1[i]) - np.maximum(y0, y0[i])
        same = overlap > 0.4 * np.minimum(hgt, hgt[i])
        same[i] = False
        want = pad * float(np.linalg.norm(quads[i][3] - quads[i][0]))
        lefts = x0[i] - x1[same & (x1 <= x0[i] + 0.5 * hgt[i]) & (x0 < x0[i])]
        rights = x0[same & (x0 >= x1[i] - 0.5 * hgt[i]) & (x1 > x1[i])] - x1[i]
        left = min([want, *[max(0.0, g / 2 - 2) for g in lefts]])
        right = min([want, *[max(0.0, g / 2 - 2) for g in rights]])
        out.append((left, right))
    return out


def _split_column(crop: np.ndarray) -> int | None:
    """The whitest column near the middle of a line crop (a gap between two characters)."""
    g = crop if crop.ndim == 2 else crop[..., 0]
    h, w = g.shape
    if w < 6 * h:
        return None
    ink = (255 - g.astype(np.int32)).sum(axis=0)
    lo, hi = int(w * 0.4), int(w * 0.6)
    return lo + int(np.argmin(ink[lo:hi]))


def _merge_halves(a: str, b: str) -> str:
    """Join the texts of two overlapping halves, dropping the characters read twice at the seam."""
    for k in range(min(len(a), len(b), 3), 0, -1):
        if a.endswith(b[:k]):
            return a + b[k:]
    return a + b


def run(engine: RapidEngine, image: Image.Image, opts: Options | None = None):
    """Lines of the page as (text, box in the input image's pixels, score), and the input's (width, height)."""
    opts = opts or Options()
    w, h = image.size
    gray = to_gray(image, opts.max_side)
    lines, _ = _run(engine, gray, opts, allow_flip=True)
    if gray.shape[1] != w or gray.shape[0] != h:
        fx, fy = w / gray.shape[1], h / gray.shape[0]
        lines = [
            (t, (int(b[0] * fx), int(b[1] * fy), min(w, math.ceil(b[2] * fx)), min(h, math.ceil(b[3] * fy))), sc)
            for t, b, sc in lines
        ]
    return lines, (w, h)


def _run(engine: RapidEngine, gray: np.ndarray, opts: Options, *, allow_flip: bool):
    original = gray
    h, w = gray.shape
    background = float(np.percentile(gray, 90))
    seals: list[seal.Seal] = []
    unmasked = None
    if opts.seals:
        seals = seal.find_seals(gray, background=background)
        if seals:
            unmasked = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
            gray = seal.mask_seals(gray, seals, background=background)
        opts.debug["seals"] = seals
    bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)

    scale = min(1.0, opts.det_max_side / max(h, w))
    det_img = (
        bgr if scale == 1.0 else cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    )
    engine.det.postprocess_op.box_thresh = opts.box_thresh
    engine.det.postprocess_op.unclip_ratio = opts.unclip_ratio
    quads, _ = engine.detect(det_img)
    quads = quads / scale if scale != 1.0 else quads

    margins = crop_margins(quads, opts.crop_pad)
    crops = [crop_quad(bgr, q, lm, rm) for q, (lm, rm) in zip(quads, margins, strict=True)]

    # A page fed upside down: ask the angle classifier about the longest segments; if most are turned 180°,
    # turn the page and start again, then map the boxes back into the input image's coordinates.
    if allow_flip and opts.orientation and crops:
        longest = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1])[:16]
        flipped, asked = engine.upside_down_votes([crops[i] for i in longest])
        opts.debug["upside_down_votes"] = (flipped, asked)
        if asked >= 3 and flipped > 0.5 * asked:
            lines, size = _run(engine, np.ascontiguousarray(original[::-1, ::-1]), opts, allow_flip=False)
            opts.debug["rotated_180"] = True
            return [(t, (w - b[2], h - b[3], w - b[0], h - b[1]), sc) for t, b, sc in lines], size
    results = engine.recognise(crops)

    # Under a seal, masking the grey ink can also thin blurred black strokes: read those segments from the unmasked
    # page as well and keep the more confident reading.
    if unmasked is not None:
        under = [i for i, q in enumerate(quads) if any(seal.touches(sl, q) for sl in seals)]
        again = engine.recognise([crop_quad(unmasked, quads[i], *margins[i]) for i in under])
        for i, r in zip(under, again, strict=True):
            if r.score > results[i].score + 0.02:
                results[i] = r

    # Re-read long low-confidence segments in two overlapping halves (the recogniser sometimes collapses on one
    # very long line and returns a fragment).
    retry = [i for i, r in enumerate(results) if r.score < opts.retry_score and _split_column(crops[i]) is not None]
    if retry:
        halves, owners = [], []
        for i in retry:
            c = _split_column(crops[i])
            ov = crops[i].shape[0] // 3
            halves += [crops[i][:, : c + ov], crops[i][:, max(0, c - ov) :]]
            owners.append(i)
        rr = engine.recognise(halves)
        for k, i in enumerate(owners):
            a, b = rr[2 * k], rr[2 * k + 1]
            score = min(a.score, b.score)
            if score > results[i].score:
                results[i] = type(results[i])(text=_merge_halves(a.text, b.text), score=score)

    segments = []
    for q, r, crop in zip(quads, results, crops, strict=True):
        t = r.text.strip()
        if not t or r.score < opts.text_score:
            continue
        t = letter_spacing(crop, t)
        segments.append(layout.Segment(text=t, quad=tuple((float(x), float(y)) for x, y in q), score=r.score))

    skew = layout.estimate_skew([s.quad for s in segments])
    lines = layout.group_lines(segments, skew=skew, centre=(w / 2, h / 2))
    opts.debug["skew_deg"] = math.degrees(skew)
    out = []
    for k, ln in enumerate(lines):
        t = text.normalise_punctuation(ln.text, lines[k + 1].text if k + 1 < len(lines) else "")
        x0, y0, x1, y1 = ln.bbox
        pn = text.page_number_text(t, width=x1 - x0, height=y1 - y0)
        if pn:
            t = pn
        out.append((t, (int(x0), int(y0), math.ceil(x1), math.ceil(y1)), ln.score))
    return out, (w, h)


_ALL_CJK = re.compile(r"^[\u4e00-\u9fff]{2,12}$")


def letter_spacing(crop: np.ndarray, t: str) -> str:
    """A short all-Chinese segment printed letter-spaced (民　事　判　决　书, 案　　号) keeps its spacing as U+3000:
    one per em of gap between the characters' ink columns (whitespace does not count in the CER; it is for
    display and for search snippets)."""
    if not _ALL_CJK.match(t):
        return t
    g = crop if crop.ndim == 2 else crop[..., 0]
    h = g.shape[0]
    paper = float(np.percentile(g, 90))
    ink = (g < paper - 60).sum(axis=0) >= 2  # a single dark pixel in a column is a speck
    runs: list[list[int]] = []  # [start, end) of ink column runs
    for x, on in enumerate(ink):
        if not on:
            continue
        if runs and x - runs[-1][1] < 2:
            runs[-1][1] = x + 1
        else:
            runs.append([x, x + 1])
    runs = [r for r in runs if r[1] - r[0] >= 0.12 * h]  # specks and JPEG debris
    if not runs:
        return t
    em = max(b - a for a, b in runs)
    merged: list[list[int]] = [runs[0][:]]
    for a, b in runs[1:]:  # a character's own inner gaps (判 = 半 + 刂) are narrower than 0.3 em
        if a - merged[-1][1] < 0.3 * em:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    runs = merged
    if len(runs) != len(t):
        return t
    em = float(np.median([b - a for a, b in runs]))
    gaps = [runs[k + 1][0] - runs[k][1] for k in range(len(runs) - 1)]
    if em <= 0 or min(gaps) < 0.6 * em:
        return t
    out = t[0]
    for ch, gap in zip(t[1:], gaps, strict=True):
        out += "\u3000" * max(1, round(gap / em)) + ch
    return out
