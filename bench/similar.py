"""Similar-case push (类案智推): ranking quality on the LeCaRD dev set and push latency over 100,000 library cases.

Quality: NDCG@10/20/30 on `../shared/data/lecard/` (skipped when absent) for a random order (mean of 20 seeds), plain
BM25 on the facts (bm25s, same tokenizer), the previous ranking (BM25 + charge prior) and ours (+ key circumstances,
ranking.py) on dev, and ours cross-validated: the weights fitted by coordinate ascent on 5 folds, NDCG measured on the
sixth, over 5 random splits — what to expect on queries never seen. All in this run.

Latency: a persisted index (SimilarIndex, saved then loaded memory-mapped, as the product does) over 100,000 cases
whose facts are made of real LeCaRD fact sentences (shuffled and recombined; synthetic sentences when the data set is
absent); the top 10 for one case's facts, p50/p95 over 60 queries, next to the bare BM25 scoring pass of the same
index as the baseline.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from pathlib import Path

LIBRARY_SIZE = 100_000
QUERIES = 60


def _data_dir() -> Path:
    from smartcourt.knowledge.library.lecard import lecard_dir

    return lecard_dir()


def _quality(data: Path) -> list[list[str]]:
    from smartcourt.knowledge.library.lecard import cross_validate, fit_weights, ndcg, read_pools, read_queries
    from smartcourt.knowledge.library.ranking import CHARGE_WEIGHT, CIRCUMSTANCE_WEIGHT, pool_features, rank_pool

    queries = read_queries(data / "queries.jsonl")
    pools = read_pools(data / "candidates.jsonl.gz")
    labels = json.loads((data / "labels.json").read_text(encoding="utf-8"))
    rows = []
    randoms = []
    for seed in range(20):
        run = {}
        for qid in queries:
            ids = [c.cid for c in pools.get(qid, [])]
            random.Random(seed).shuffle(ids)
            run[qid] = ids
        randoms.append([ndcg(run, labels, k) for k in (10, 20, 30)])
    rows.append(("random (20 seeds)", [statistics.fmean(r[i] for r in randoms) for i in range(3)]))
    started = time.monotonic()
    plain = {qid: [r.cid for r in rank_pool(q, pools.get(qid, []), plain=True)] for qid, q in queries.items()}
    rows.append(("plain BM25, facts (bm25s)", [ndcg(plain, labels, k) for k in (10, 20, 30)]))
    prior_only = {qid: [r.cid for r in rank_pool(q, pools.get(qid, []))] for qid, q in queries.items()}
    feats = {qid: pool_features(q, pools.get(qid, [])) for qid, q in queries.items()}
    prior_run = {qid: f.order(CHARGE_WEIGHT, 0.0) for qid, f in feats.items()}
    rows.append(("BM25 + charge prior (before)", [ndcg(prior_run, labels, k) for k in (10, 20, 30)]))
    rows.append(("ours: + key circumstances", [ndcg(prior_only, labels, k) for k in (10, 20, 30)]))
    cv = cross_validate(feats, labels)
    rows.append(("ours, 6-fold CV ×5 (held out)", list(cv)))
    fitted = fit_weights(feats, labels)
    print(f"  (tokenised {sum(len(p) for p in pools.values())} pool entries in {time.monotonic() - started:.0f} s)")
    print(f"  {'method':32s} {'NDCG@10':>8s} {'NDCG@20':>8s} {'NDCG@30':>8s}")
    for name, (a, b, c) in rows:
        print(f"  {name:32s} {a:8.4f} {b:8.4f} {c:8.4f}")
    print(f"  ours − plain BM25: NDCG@10 {rows[3][1][0] - rows[1][1][0]:+.4f}, NDCG@30 {rows[3][1][2] - rows[1][1][2]:+.4f}"
          f"; held out: NDCG@10 {cv[0]:.4f} (target 0.78), NDCG@30 {cv[2]:.4f} (target 0.89)")  # fmt: skip
    print(f"  weights (charge, circumstances): shipped ({CHARGE_WEIGHT}, {CIRCUMSTANCE_WEIGHT}), "
          f"refit on all dev {fitted}")  # fmt: skip
    sentences = []
    for pool in pools.values():
        for cand in pool:
            sentences.extend(s for s in cand.facts.split("。") if 8 <= len(s) <= 120)
    return [[q] for q in queries.values()] + [[s] for s in sentences[:20000]]


def _latency(material: list[list[str]]) -> None:
    import numpy as np

    from smartcourt.knowledge.library.index import IndexEntry, SimilarIndex
    from smartcourt.knowledge.library.ranking import tokenize

    rng = random.Random(2025)
    queries = [m[0] for m in material[:36]] or ["被告人酒后驾驶机动车，血液酒精含量为180毫克/100毫升。"]
    sentences = [m[0] for m in material[36:]] or [
        f"被告人于某日在某地实施第{i}号行为，涉案金额{i * 37}元" for i in range(500)
    ]
    # Tokenise each sentence once, then compose 100,000 documents of 6–14 sentences' tokens.
    started = time.monotonic()
    sent_tokens = [tokenize(s) for s in sentences[:6000]]
    charges = ["盗窃罪", "诈骗罪", "故意伤害罪", "危险驾驶罪", "贩卖毒品罪", "交通肇事罪", "抢劫罪", "寻衅滋事罪"]
    docs, entries = [], []
    for i in range(LIBRARY_SIZE):
        picks = rng.sample(range(len(sent_tokens)), k=min(len(sent_tokens), rng.randint(6, 14)))
        docs.append([w for p in picks for w in sent_tokens[p]])
        text = "".join(docs[-1])  # the facts again (for the key circumstances the push compares)
        entries.append(IndexEntry(f"lib:{i}", 0 if i % 10 else 1 + i % 7, text, [charges[i % len(charges)]]))
    print(f"  composed {LIBRARY_SIZE:,} cases ({sum(map(len, docs)) / LIBRARY_SIZE:.0f} tokens each) "
          f"in {time.monotonic() - started:.0f} s")  # fmt: skip
    started = time.monotonic()
    index = SimilarIndex.build(entries, signature="bench", tokens=docs)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "index"
        index.save(target)
        build_s = time.monotonic() - started
        loaded = SimilarIndex.load(target)
        assert loaded is not None
        print(f"  index built and saved in {build_s:.0f} s; loaded memory-mapped")
        loaded.top(queries[0], k=10, court_ids=[1])  # warm up (tokenizer, mmap pages)
        bare, full = [], []
        for n in range(QUERIES):
            q = queries[n % len(queries)]
            t0 = time.perf_counter()
            qids = [i for i in loaded.retriever.get_tokens_ids(tokenize(q)) if i]
            np.asarray(loaded.retriever.get_scores_from_ids(qids))
            bare.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            top = loaded.top(q, k=10, court_ids=[1 + n % 7])
            full.append((time.perf_counter() - t0) * 1000)
            assert len(top) == 10

    def pct(xs: list[float], p: float) -> float:
        return sorted(xs)[min(len(xs) - 1, round(p * (len(xs) - 1)))]

    print(f"  push top 10 over {LIBRARY_SIZE:,} cases: p50 {pct(full, 0.5):.1f} ms, p95 {pct(full, 0.95):.1f} ms "
          f"(budget 300 ms)")  # fmt: skip
    print(f"  baseline, bare BM25 scoring pass of the same index: p50 {pct(bare, 0.5):.1f} ms, "
          f"p95 {pct(bare, 0.95):.1f} ms; re-ranking adds ×{pct(full, 0.5) / max(pct(bare, 0.5), 1e-6):.2f}")  # fmt: skip


def run() -> None:
    data = _data_dir()
    material: list[list[str]] = []
    if (data / "labels.json").exists():
        material = _quality(data)
    else:
        print(f"  {data} not found: ranking quality skipped")
    _latency(material)
