"""The court's round red seal (院印), drawn: a red ring, a five-pointed star, the court's name along the upper arc
and 「专用章」 free of the ring below — the layout of 国务院《关于国家行政机关和企事业单位社会团体印章管理的规定》
(国发〔1999〕25号) for a court's seal, as an image with a transparent background for the signature's visible box."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

RED = (214, 20, 20, 255)
SIZE = 600


@lru_cache(maxsize=1)
def _font_path() -> str | None:
    fc = shutil.which("fc-match")
    if not fc:
        return None
    for name in ("Noto Sans CJK SC:bold", "Noto Serif CJK SC:bold"):
        out = subprocess.run([fc, "-f", "%{file}", name], capture_output=True, text=True, check=False).stdout
        if out and "CJK" in out:
            return out
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path()
    if path:
        return ImageFont.truetype(path, size=size, index=2)  # the .ttc's SC face
    return ImageFont.load_default()


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=RED)


def seal_png(court_name: str, label: str = "") -> bytes:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    c = SIZE / 2
    ring = 16
    draw.ellipse((ring, ring, SIZE - ring, SIZE - ring), outline=RED, width=ring)
    _star(draw, c, c, SIZE * 0.16)
    # the name along the upper arc, each character upright to the centre
    chars = list(court_name)
    n = len(chars)
    span = min(math.radians(250), math.radians(24) * n)
    size = int(min(78, 2 * math.pi * SIZE * 0.36 / max(n, 1) * 0.9 * span / (2 * math.pi) * 2.2))
    font = _font(size)
    radius = SIZE / 2 - ring * 2 - size * 0.65
    for i, ch in enumerate(chars):
        a = -math.pi / 2 - span / 2 + (span * (i + 0.5) / n)
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size, size), ch, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a + math.pi / 2), resample=Image.Resampling.BICUBIC)
        x = c + radius * math.cos(a) - size
        y = c + radius * math.sin(a) - size
        img.alpha_composite(glyph, (int(x), int(y)))
    if label:
        draw.text((c, c + SIZE * 0.3), label, font=_font(56), fill=RED, anchor="mm")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
