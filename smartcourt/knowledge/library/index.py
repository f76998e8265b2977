"""The persisted similar-case index: a bm25s sparse index over the facts of every pushable case (library cases and
the courts' own closed cases), built once and saved to disk, loaded (memory-mapped) by the push, never rebuilt per
request. A query scores the whole index in one sparse pass, keeps the `SHORTLIST` best by BM25 among the cases the
asking court may see, re-ranks those by the charge prior and the key circumstances (ranking.rerank) and returns the
top k.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .ranking import MAX_QUERY_CHARS, Ranked, bm25s_module, circumstances, rerank, tokenize

SHORTLIST = 100  # the pool the charge prior re-ranks: the size of a LeCaRD pool, where it was measured
META = "smartcourt_meta.json"


@dataclass(frozen=True)
class IndexEntry:
    key: str  # "lib:12" (a LibraryCase) or "case:34" (a closed Case)
    court_id: int  # 0: published for every court
    facts: str
    charges: Sequence[str]


class SimilarIndex:
    def __init__(
        self, retriever: Any, keys: list[str], courts: np.ndarray, charges: list[list[str]], signature: str,
        circs: list[list[str]] | None = None,
    ):  # fmt: skip
        self.retriever = retriever
        self.keys = keys
        self.courts = courts
        self.charges = charges
        self.signature = signature
        self.circs = circs if circs is not None else [[] for _ in keys]
        self._pos: dict[str, int] | None = None

    def _positions(self) -> dict[str, int]:
        if self._pos is None:
            self._pos = {key: i for i, key in enumerate(self.keys)}
        return self._pos

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def build(
        cls, entries: Iterable[IndexEntry], *, signature: str = "", tokens: Sequence[list[str]] | None = None
    ) -> SimilarIndex:
        bm25s = bm25s_module()
        rows = list(entries)
        docs = tokens if tokens is not None else [tokenize(e.facts) for e in rows]
        vocab: dict[str, int] = {"": 0}  # bm25s wants a non-empty vocabulary; id 0 never occurs in a query
        ids = [[vocab.setdefault(w, len(vocab)) for w in d] for d in docs] or [[0]]  # empty: one placeholder, no keys
        retriever = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
        retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
        courts = np.array([e.court_id for e in rows], dtype=np.int64)
        circs = [sorted(circumstances(e.facts)) for e in rows]
        return cls(retriever, [e.key for e in rows], courts, [list(e.charges) for e in rows], signature, circs)

    def save(self, directory: Path) -> None:
        """Write to a sibling directory, then swap it in, so a reader never sees half an index."""
        directory = Path(directory)
        tmp = directory.with_name(directory.name + f".tmp{os.getpid()}-{time.monotonic_ns()}")
        self.retriever.save(str(tmp))
        meta = {"keys": self.keys, "courts": self.courts.tolist(), "charges": self.charges, "signature": self.signature,
                "circs": self.circs}  # fmt: skip
        (tmp / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        old = directory.with_name(directory.name + f".old{os.getpid()}-{time.monotonic_ns()}")
        try:
            if directory.exists():
                directory.rename(old)
            tmp.rename(directory)
        except OSError:  # another process swapped its own build in meanwhile: theirs stands
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> SimilarIndex | None:
        bm25s = bm25s_module()
        directory = Path(directory)
        if not (directory / META).exists():
            return None
        meta = json.loads((directory / META).read_text(encoding="utf-8"))
        retriever = bm25s.BM25.load(str(directory), mmap=True)
        return cls(
            retriever, meta["keys"], np.asarray(meta["courts"], dtype=np.int64), meta["charges"], meta["signature"],
            meta.get("circs"),
        )  # fmt: skip

    def top(
        self, facts: str, *, k: int = 10, court_ids: Iterable[int] = (), exclude: Iterable[str] = ()
    ) -> list[Ranked]:
        """The `k` most similar entries to `facts` among those published (court 0) or of `court_ids`."""
        if not self.keys:
            return []
        query = tokenize(facts, limit=MAX_QUERY_CHARS)
        qids = [i for i in self.retriever.get_tokens_ids(query) if i]
        if not qids:
            return []
        scores = np.asarray(self.retriever.get_scores_from_ids(qids), dtype=float)
        allowed = np.isin(self.courts, [0, *court_ids])
        if exclude:
            positions = self._positions()
            for key in exclude:
                if key in positions:
                    allowed[positions[key]] = False
        scores = np.where(allowed, scores, -1.0)
        n = min(SHORTLIST, int(allowed.sum()))
        if n <= 0:
            return []
        short = np.argpartition(-scores, n - 1)[:n]
        short = short[scores[short] > 0]
        ranked = rerank(
            [self.keys[i] for i in short], scores[short], [self.charges[i] for i in short],
            circs=[self.circs[i] for i in short], query_circs=circumstances(facts[:MAX_QUERY_CHARS]),
        )  # fmt: skip
        return ranked[:k]


_cache: dict[str, SimilarIndex] = {}
_cache_lock = threading.Lock()


def index_load_cached(directory: Path) -> SimilarIndex | None:
    """The index in `directory`, loaded once per process and reloaded when the directory was swapped."""
    directory = Path(directory)
    meta = directory / META
    if not meta.exists():
        return None
    stamp = f"{directory}:{meta.stat().st_mtime_ns}"
    with _cache_lock:
        hit = _cache.get(str(directory))
        if hit is not None and getattr(hit, "_stamp", None) == stamp:
            return hit
        loaded = SimilarIndex.load(directory)
        if loaded is not None:
            loaded._stamp = stamp  # type: ignore[attr-defined]
            _cache[str(directory)] = loaded
        return loaded
