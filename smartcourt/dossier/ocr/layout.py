"""Geometry: page skew from the detected boxes, and grouping of text segments into printed lines.

The detector returns one quadrilateral per text segment (a table cell, a signature, a run of a line split by a
seal). A printed line is the set of segments that overlap vertically once the page skew is removed; lines are
ordered top to bottom and segments left to right, joined by one space when there is a visible gap (so a table row
becomes its cells joined by one space).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    quad: tuple[tuple[float, float], ...]  # 4 points clockwise from top-left, image coordinates
    score: float

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Line:
    segments: tuple[Segment, ...]  # left to right
    text: str
    bbox: tuple[float, float, float, float]
    score: float


def quad_angle(quad: Sequence[Sequence[float]]) -> tuple[float, float]:
    """(angle in radians of the quad's long edges, their length); image y grows downwards."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad[:4]
    top = math.atan2(y1 - y0, x1 - x0)
    bottom = math.atan2(y2 - y3, x2 - x3)
    length = (math.hypot(x1 - x0, y1 - y0) + math.hypot(x2 - x3, y2 - y3)) / 2
    return (top + bottom) / 2, length


def estimate_skew(quads: Sequence[Sequence[Sequence[float]]]) -> float:
    """Page skew (radians) as the length-weighted median angle of the long, flat segments; 0.0 if none."""
    samples = []
    for q in quads:
        angle, length = quad_angle(q)
        xs = [p[0] for p in q]
        ys = [p[1] for p in q]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if h > 0 and w >= 4 * h and abs(angle) < math.radians(10):
            samples.append((angle, length))
    if not samples:
        return 0.0
    samples.sort()
    total = sum(length for _, length in samples)
    acc = 0.0
    for angle, length in samples:
        acc += length
        if acc >= total / 2:
            return angle
    return samples[-1][0]


def _rotate(x: float, y: float, cx: float, cy: float, cos_a: float, sin_a: float) -> tuple[float, float]:
    dx, dy = x - cx, y - cy
    return cx + dx * cos_a - dy * sin_a, cy + dx * sin_a + dy * cos_a


def deskewed_bbox(quad, skew: float, centre: tuple[float, float]) -> tuple[float, float, float, float]:
    """Axis-aligned box of ``quad`` after rotating the page by ``-skew`` about ``centre``."""
    cos_a, sin_a = math.cos(-skew), math.sin(-skew)
    pts = [_rotate(x, y, centre[0], centre[1], cos_a, sin_a) for x, y in quad]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def group_lines(
    segments: Sequence[Segment],
    *,
    skew: float = 0.0,
    centre: tuple[float, float] = (0.0, 0.0),
    min_overlap: float = 0.5,
) -> list[Line]:
    """Group segments into printed lines (top to bottom), each line's segments left to right."""
    items = []
    for seg in segments:
        x0, y0, x1, y1 = deskewed_bbox(seg.quad, skew, centre)
        items.append((seg, (x0, y0, x1, y1)))
    items.sort(key=lambda it: (it[1][1] + it[1][3]) / 2)
    rows: list[list[tuple[Segment, tuple[float, float, float, float]]]] = []
    spans: list[tuple[float, float]] = []  # the y-range of each row's core (median segment)
    for seg, box in items:
        h = box[3] - box[1]
        best, best_ratio = -1, 0.0
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):  # only recent rows can overlap
            top, bottom = spans[k]
            overlap = min(bottom, box[3]) - max(top, box[1])
            ratio = overlap / max(1e-6, min(h, bottom - top))
            # a segment horizontally overlapping one already in the row belongs to another line
            collides = any(
                min(b[2], box[2]) - max(b[0], box[0]) > 0.3 * min(b[2] - b[0], box[2] - box[0]) for _, b in rows[k]
            )
            if ratio > best_ratio and not collides:
                best, best_ratio = k, ratio
        if best >= 0 and best_ratio >= min_overlap:
            rows[best].append((seg, box))
            top, bottom = spans[best]
            n = len(rows[best])
            spans[best] = (top + (box[1] - top) / n, bottom + (box[3] - bottom) / n)
        else:
            rows.append([(seg, box)])
            spans.append((box[1], box[3]))
    order = sorted(range(len(rows)), key=lambda k: (spans[k][0] + spans[k][1]) / 2)
    lines = []
    for k in order:
        row = sorted(rows[k], key=lambda it: it[1][0])
        parts = []
        prev_box = None
        for seg, box in row:
            if prev_box is not None:
                height = min(box[3] - box[1], prev_box[3] - prev_box[1])
                parts.append(" " if box[0] - prev_box[2] > 0.5 * height else "")
            parts.append(seg.text)
            prev_box = box
        segs = tuple(seg for seg, _ in row)
        bbs = [seg.bbox for seg in segs]
        chars = sum(max(1, len(s.text)) for s in segs)
        lines.append(
            Line(
                segments=segs,
                text="".join(parts),
                bbox=(min(b[0] for b in bbs), min(b[1] for b in bbs), max(b[2] for b in bbs), max(b[3] for b in bbs)),
                score=sum(s.score * max(1, len(s.text)) for s in segs) / chars,
            )
        )
    return lines
