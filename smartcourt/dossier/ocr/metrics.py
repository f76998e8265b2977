"""Character error rate (CER) exactly as defined by the OCR development set's README.

For each page: remove **all** whitespace (spaces, U+3000, tabs, newlines) from prediction and ground truth, then
CER(page) = Levenshtein distance (insertions, deletions, substitutions, each costing 1) ÷ ground-truth characters.
The overall figure is the micro average (total edits ÷ total ground-truth characters); the macro average (mean of
the per-page CERs) is secondary, as is the "NFKC" variant that applies Unicode NFKC to both sides first.

Pure functions, standard library only. The distance uses Hyyrö's bit-parallel formulation of Myers' algorithm
(Python's arbitrary-precision ints as bit vectors), O(len(a) · ⌈len(b)/word⌉) and exact for any lengths.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass


def levenshtein(a: str, b: str) -> int:
    """Edit distance between ``a`` and ``b`` (unit cost insert/delete/substitute)."""
    if a == b:
        return 0
    if not a:
        return len(b)
    if not b:
        return len(a)
    # Bit vectors run over the characters of b (the "pattern").
    m = len(b)
    peq: dict[str, int] = {}
    for i, ch in enumerate(b):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv = mask
    mv = 0
    score = m
    for ch in a:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def levenshtein_reference(a: str, b: str) -> int:
    """The README's row-array dynamic programme; slow, kept as the oracle for tests."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def normalise_for_cer(text: str, *, nfkc: bool = False) -> str:
    """Drop every whitespace character (str.split() semantics: spaces, U+3000, tabs, newlines …)."""
    if nfkc:
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


@dataclass(frozen=True)
class PageScore:
    name: str
    edits: int
    chars: int

    @property
    def cer(self) -> float:
        return self.edits / self.chars if self.chars else float(self.edits > 0)


@dataclass(frozen=True)
class CerReport:
    pages: tuple[PageScore, ...]

    @property
    def edits(self) -> int:
        return sum(p.edits for p in self.pages)

    @property
    def chars(self) -> int:
        return sum(p.chars for p in self.pages)

    @property
    def micro(self) -> float:
        return self.edits / self.chars if self.chars else 0.0

    @property
    def macro(self) -> float:
        return sum(p.cer for p in self.pages) / len(self.pages) if self.pages else 0.0


def page_score(name: str, prediction: str, truth: str, *, nfkc: bool = False) -> PageScore:
    gt = normalise_for_cer(truth, nfkc=nfkc)
    pred = normalise_for_cer(prediction, nfkc=nfkc)
    return PageScore(name=name, edits=levenshtein(pred, gt), chars=len(gt))


def cer(prediction: str, truth: str, *, nfkc: bool = False) -> float:
    """CER of one page."""
    return page_score("", prediction, truth, nfkc=nfkc).cer


def cer_report(predictions: Mapping[str, str], truths: Mapping[str, str], *, nfkc: bool = False) -> CerReport:
    """Score every page of ``truths``; a page missing from ``predictions`` is an empty prediction (CER 1)."""
    return CerReport(
        pages=tuple(page_score(name, predictions.get(name, ""), truths[name], nfkc=nfkc) for name in sorted(truths))
    )


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def ground_truth_pages(gt_dir: str | os.PathLike) -> dict[str, str]:
    """``{stem: text}`` for each ``<stem>.txt`` that has an image next to it (as the README's reference code)."""
    gt_dir = os.fspath(gt_dir)
    names = set(os.listdir(gt_dir))
    pages = {}
    for f in sorted(names):
        stem, ext = os.path.splitext(f)
        if ext == ".txt" and any(stem + s in names for s in IMAGE_SUFFIXES):
            with open(os.path.join(gt_dir, f), encoding="utf-8") as fh:
                pages[stem] = fh.read()
    return pages
