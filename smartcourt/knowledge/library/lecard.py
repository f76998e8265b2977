"""Reading query and candidate files in the LeCaRD layout (`../shared/data/lecard/README.md`) and the NDCG metric
of that README. Used by the `rank_cases` command and the bench; it never reads labels except in `ndcg`."""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from .ranking import Candidate, PoolFeatures, extract_charges


def lecard_dir() -> Path:
    """`../shared/data/lecard` next to the project root (tests and the bench only; the product never reads it).
    `SHARED_DATA_DIR` points elsewhere (a git worktree sits one level deeper than the main checkout)."""
    import os

    from django.conf import settings

    base = os.environ.get("SHARED_DATA_DIR") or str(Path(settings.BASE_DIR).parent / "shared" / "data")
    return Path(base) / "lecard"


class LecardFormatError(ValueError):
    """A broken input file: the message names the file and line, in Chinese."""


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _lines(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        with _open(path) as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LecardFormatError(f"{path.name} 第 {number} 行不是有效的 JSON：{exc.msg}") from None
                if not isinstance(row, dict):
                    raise LecardFormatError(f"{path.name} 第 {number} 行应为 JSON 对象。")
                yield number, row
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise LecardFormatError(f"无法读取 {path.name}：{exc}") from None


def read_queries(path: Path) -> dict[str, str]:
    """{qid: facts}, in file order."""
    out: dict[str, str] = {}
    for number, row in _lines(path):
        if "qid" not in row or not isinstance(row.get("query", ""), str):
            raise LecardFormatError(f"{path.name} 第 {number} 行缺少 qid 或 query 字段。")
        out[str(row["qid"])] = row.get("query") or ""
    return out


def read_pools(path: Path) -> dict[str, list[Candidate]]:
    """{qid: [Candidate, …]}: each query's own pool; the facts compared are `ajjbqk`, the charges come from the
    operative part (`pjjg`), the reasoning (`cpfxgc`) or the full text (`qw`)."""
    pools: dict[str, list[Candidate]] = {}
    cache: dict[str, Candidate] = {}
    for number, row in _lines(path):
        if "qid" not in row or "cid" not in row:
            raise LecardFormatError(f"{path.name} 第 {number} 行缺少 qid 或 cid 字段。")
        cid = str(row["cid"])
        cand = cache.get(cid)
        if cand is None:
            fields = {k: row.get(k) or "" for k in ("ajjbqk", "cpfxgc", "pjjg", "qw")}
            if not all(isinstance(v, str) for v in fields.values()):
                raise LecardFormatError(f"{path.name} 第 {number} 行的文本字段应为字符串。")
            charges = extract_charges(fields["pjjg"], fields["cpfxgc"], fields["qw"])
            cand = cache[cid] = Candidate(cid, fields["ajjbqk"] or fields["qw"], frozenset(charges))
        pools.setdefault(str(row["qid"]), []).append(cand)
    return pools


def ndcg(run: Mapping[str, Sequence[str]], labels: Mapping[str, Mapping[str, int]], k: int) -> float:
    """Mean NDCG@k over the labelled queries, linear gain (LeCaRD's metrics.py); a missing query scores 0."""
    total = 0.0
    for qid, lab in labels.items():
        ranked = list(dict.fromkeys(run.get(qid, [])))[:k]  # a repeated cid counts once
        dcg = sum(lab.get(c, 0) / math.log2(i + 2) for i, c in enumerate(ranked))
        ideal = sorted(lab.values(), reverse=True)[:k]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        total += dcg / idcg if idcg else 0.0
    return total / len(labels) if labels else 0.0


WEIGHT_GRID = (0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)


def _objective(
    feats: Mapping[str, PoolFeatures], labels: Mapping[str, Mapping[str, int]], w: tuple[float, float]
) -> float:
    run = {qid: f.order(*w) for qid, f in feats.items()}
    sub = {qid: labels[qid] for qid in feats if qid in labels}
    return (ndcg(run, sub, 10) + ndcg(run, sub, 30)) / 2


def fit_weights(
    feats: Mapping[str, PoolFeatures],
    labels: Mapping[str, Mapping[str, int]],
    *,
    rounds: int = 2,
    start: tuple[float, float] = (1.5, 0.0),
) -> tuple[float, float]:
    """(charge weight, circumstance weight) by coordinate ascent over `WEIGHT_GRID` on NDCG@10 + NDCG@30 of the
    labelled queries in `feats` (how the shipped weights were found)."""
    w, best = start, _objective(feats, labels, start)
    for _round in range(rounds):
        for j in (0, 1):
            for g in WEIGHT_GRID:
                cand = (g, w[1]) if j == 0 else (w[0], g)
                value = _objective(feats, labels, cand)
                if value > best + 1e-9:
                    best, w = value, cand
    return w


def cross_validate(
    feats: Mapping[str, PoolFeatures], labels: Mapping[str, Mapping[str, int]], *, folds: int = 6, repeats: int = 5
) -> tuple[float, float, float]:
    """Held-out NDCG@10/20/30: the weights fitted on the other folds, each query ranked by the fit it did not see;
    the mean over `repeats` random fold splits."""
    import random

    qids = [q for q in feats if q in labels]
    totals = []
    for rep in range(repeats):
        order = qids[:]
        random.Random(rep).shuffle(order)
        run: dict[str, list[str]] = {}
        for f in range(folds):
            test = order[f::folds]
            train = {q: feats[q] for q in order if q not in test}
            w = fit_weights(train, labels)
            run.update({q: feats[q].order(*w) for q in test})
        totals.append([ndcg(run, {q: labels[q] for q in qids}, k) for k in (10, 20, 30)])
    return tuple(sum(t[i] for t in totals) / len(totals) for i in range(3))  # type: ignore[return-value]
