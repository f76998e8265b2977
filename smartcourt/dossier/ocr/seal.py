"""Court seals (公章) stamped over the date and signatures.

A red seal on a colour scan is removed by colour (red ink is bright in the red channel). On a grayscale scan the
seal is a mid-grey ring with curved text and a star, printed over black text. We find the ring with a Hough circle
transform, check it really is a continuous grey ring, and inside it push every pixel lighter than the text (the
grey ink) to the paper colour, so the black print under the seal is recognised alone and the curved seal text is
not read at all (the seal text is not part of the page text).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Seal:
    cx: float
    cy: float
    r: float
    ink: float  # grey level of the seal ink


def remove_red(rgb: np.ndarray) -> np.ndarray:
    """Grayscale of an RGB page with red/pink ink (seals, red headers) turned into paper."""
    r = rgb[..., 0].astype(np.int16)
    g = rgb[..., 1].astype(np.int16)
    b = rgb[..., 2].astype(np.int16)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    red = (r - np.maximum(g, b)) > 50
    if red.mean() < 0.0005:
        return gray
    out = gray.copy()
    out[red] = np.maximum(r[red], np.uint8(np.median(gray))).astype(np.uint8)
    return out


def find_seals(gray: np.ndarray, *, background: float) -> list[Seal]:
    h, w = gray.shape
    scale = 0.5
    small = cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, 5)
    side = min(w, h)
    min_r, max_r = int(0.055 * side * scale), int(0.16 * side * scale)
    circles = cv2.HoughCircles(
        small, cv2.HOUGH_GRADIENT, dp=1.5, minDist=2 * min_r, param1=80, param2=45, minRadius=min_r, maxRadius=max_r
    )
    if circles is None:
        return []
    seals: list[Seal] = []
    for cx, cy, r in circles[0][:8]:
        seal = _validate(gray, cx / scale, cy / scale, r / scale, background)
        if seal and not any(np.hypot(seal.cx - s.cx, seal.cy - s.cy) < s.r for s in seals):
            seals.append(seal)
    return seals


def _validate(gray: np.ndarray, cx: float, cy: float, r: float, background: float) -> Seal | None:
    """A seal ring: along ≥ 85 % of the circumference some pixel within ±6 % of r is clearly darker than paper,
    and that ring ink is grey (not black print, not paper)."""
    h, w = gray.shape
    angles = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    radii = np.linspace(r * 0.92, r * 1.06, 9)
    xs = cx + np.outer(radii, np.cos(angles))
    ys = cy + np.outer(radii, np.sin(angles))
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    if inside.mean() < 0.9:
        return None
    vals = gray[np.clip(ys, 0, h - 1).astype(int), np.clip(xs, 0, w - 1).astype(int)].astype(float)
    darkest = vals.min(axis=0)
    hit = darkest < background - 45
    if hit.mean() < 0.85:
        return None
    ink = float(np.median(darkest[hit]))
    if not (70 <= ink <= background - 40):
        return None
    return Seal(cx=float(cx), cy=float(cy), r=float(r), ink=ink)


def mask_seals(gray: np.ndarray, seals: list[Seal], *, background: float) -> np.ndarray:
    if not seals:
        return gray
    out = gray.copy()
    h, w = gray.shape
    for s in seals:
        rr = s.r * 1.08
        x0, x1 = max(0, int(s.cx - rr)), min(w, int(s.cx + rr) + 1)
        y0, y1 = max(0, int(s.cy - rr)), min(h, int(s.cy + rr) + 1)
        yy, xx = np.mgrid[y0:y1, x0:x1]
        disc = (xx - s.cx) ** 2 + (yy - s.cy) ** 2 <= rr * rr
        sub = out[y0:y1, x0:x1]
        threshold = s.ink * 0.72
        light = disc & (sub > threshold)
        sub[light] = np.uint8(background)
        out[y0:y1, x0:x1] = sub
    return out
