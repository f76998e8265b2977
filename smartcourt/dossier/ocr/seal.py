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
    """Seal rings on a grayscale page. Fast path: a page without a patch dense in grey ink that is not the fringe of
    black print (anti-aliasing, blur, JPEG ringing all hug black strokes) has no seal, and costs ~15 ms; otherwise the
    Hough transform runs only around the dense patches."""
    h, w = gray.shape
    scale = 0.5
    small = cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    near_print = cv2.dilate((small < 85).astype(np.uint8), np.ones((5, 5), np.uint8))
    grey_ink = ((small > 95) & (small < background - 40) & (near_print == 0)).astype(np.float32)
    density = cv2.boxFilter(grey_ink, -1, (41, 41))
    if density.max() < 0.2:
        return []
    side = min(w, h)
    min_r, max_r = int(0.055 * side * scale), int(0.16 * side * scale)
    count, _, stats, _ = cv2.connectedComponentsWithStats((density > 0.1).astype(np.uint8))
    blurred = cv2.medianBlur(small, 5)
    seals: list[Seal] = []
    sh, sw = small.shape
    for k in range(1, count):
        x, y, bw, bh, _area = stats[k]
        if max(bw, bh) < min_r:
            continue
        x0, y0 = max(0, x - max_r), max(0, y - max_r)
        x1, y1 = min(sw, x + bw + max_r), min(sh, y + bh + max_r)
        circles = cv2.HoughCircles(
            blurred[y0:y1, x0:x1],
            cv2.HOUGH_GRADIENT,
            dp=1.5,
            minDist=2 * min_r,
            param1=80,
            param2=45,
            minRadius=min_r,
            maxRadius=max_r,
        )
        if circles is None:
            continue
        for cx, cy, r in circles[0][:5]:
            found = _validate(gray, (cx + x0) / scale, (cy + y0) / scale, r / scale, background)
            if found and not any(np.hypot(found.cx - s.cx, found.cy - s.cy) < s.r for s in seals):
                seals.append(found)
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
        # black print: its dark core plus one pixel round it (anti-aliased / blurred stroke edges), which must
        # survive even where they are as light as the seal ink
        core = (sub < s.ink * 0.6).astype(np.uint8)
        keep = cv2.dilate(core, cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))).astype(bool)
        light = disc & (sub > s.ink * 0.72) & ~keep
        sub[light] = np.uint8(background)
        out[y0:y1, x0:x1] = sub
    return out


def touches(s: Seal, quad) -> bool:
    """Whether a text quad's bounding box intersects the seal's disc."""
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    nx = min(max(s.cx, min(xs)), max(xs))
    ny = min(max(s.cy, min(ys)), max(ys))
    return (nx - s.cx) ** 2 + (ny - s.cy) ** 2 <= (s.r * 1.08) ** 2
