"""Optional fallback: Tesseract 5 with ``chi_sim``, used only when rapidocr cannot run (or when forced with
``SMARTCOURT_OCR_ENGINE=tesseract``). On ocr-dev it is far less accurate (CER 0.045 vs ours 0.000), so it is never
the default. Output goes through the same punctuation rules as the main pipeline."""

from __future__ import annotations

import csv
import functools
import io
import shutil
import subprocess

from PIL import Image

from . import text as textrules


@functools.cache
def available() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        res = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in res.stdout.split()


@functools.cache
def version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=20).stdout
        return out.split()[1] if out.split() else "unknown"
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def _join(words: list[str]) -> str:
    """Tesseract separates Chinese characters by spaces; keep a space only between two Latin/digit words."""
    out = ""
    for w in words:
        if out and out[-1].isascii() and out[-1].isalnum() and w[:1].isascii() and w[:1].isalnum():
            out += " "
        out += w
    return out


def run(image: Image.Image, *, timeout: float = 120.0) -> list[tuple[str, tuple[int, int, int, int], float]]:
    """(text, box, confidence) per line, top to bottom."""
    buf = io.BytesIO()
    image.convert("L").save(buf, "PNG")
    dpi = image.info.get("dpi", (200, 200))[0] or 200  # without it Tesseract assumes 70 dpi and reads far worse
    res = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "3", "--dpi", str(round(float(dpi))), "tsv"],
        input=buf.getvalue(),
        capture_output=True,
        timeout=timeout,
        check=True,
    )
    rows = csv.DictReader(io.StringIO(res.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE)
    lines: dict[tuple[int, int, int, int], list[dict]] = {}
    for row in rows:
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        key = (int(row["page_num"]), int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        lines.setdefault(key, []).append(row)
    out = []
    for words in lines.values():
        x0 = min(int(w["left"]) for w in words)
        y0 = min(int(w["top"]) for w in words)
        x1 = max(int(w["left"]) + int(w["width"]) for w in words)
        y1 = max(int(w["top"]) + int(w["height"]) for w in words)
        conf = sum(max(0.0, float(w["conf"])) for w in words) / len(words) / 100
        out.append((_join([w["text"].strip() for w in words]), (x0, y0, x1, y1), conf))
    out.sort(key=lambda item: (item[1][1] + item[1][3]) / 2)
    texts = [t for t, _, _ in out]
    return [
        (textrules.normalise_punctuation(t, texts[k + 1] if k + 1 < len(texts) else ""), box, conf)
        for k, (t, box, conf) in enumerate(out)
    ]
