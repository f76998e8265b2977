"""The ranking: tokenizer with the legal dictionary, charge extraction, the charge prior, the persisted index, and the
`rank_cases` command on files in the LeCaRD layout (broken input answered with a Chinese message naming the line)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from smartcourt.knowledge.library.index import IndexEntry, SimilarIndex
from smartcourt.knowledge.library.lecard import lecard_dir, ndcg
from smartcourt.knowledge.library.ranking import Candidate, extract_charges, rank_pool, shared_terms, tokenize

DRUNK = "被告人张某酒后驾驶小型轿车行驶至某路口时被民警查获，经鉴定其血液酒精含量为186毫克/100毫升。"
THEFT = "被告人李某趁被害人不备，盗窃其放在电动车上的手机一部，经鉴定价值人民币3200元。"
POOL = [
    Candidate(
        "1", "被告人王某醉酒驾驶机动车，被民警查获，经鉴定其血液酒精含量为201毫克/100毫升。", frozenset({"危险驾驶罪"})
    ),
    Candidate("2", "被告人赵某在商场盗窃他人手机一部，价值人民币2800元，后被抓获。", frozenset({"盗窃罪"})),
    Candidate(
        "3", "被告人钱某酒后驾驶轿车与他人车辆相撞，经鉴定其血液酒精含量为150毫克/100毫升。", frozenset({"危险驾驶罪"})
    ),
    Candidate("4", "被告人孙某入户盗窃现金人民币5000元及手机一部。", frozenset({"盗窃罪"})),
    Candidate("5", "被告人周某驾驶车辆时手机掉落，其与被害人发生争执，致被害人轻伤。", frozenset({"故意伤害罪"})),
]


def test_tokenize_keeps_legal_terms_whole_and_drops_punctuation() -> None:
    words = tokenize("被告人犯危险驾驶罪，血液酒精含量为186毫克/100毫升。")
    assert "危险驾驶罪" in words and "血液酒精含量" in words
    assert "，" not in words and "。" not in words


def test_charges_are_read_from_the_operative_part_and_compounds_split() -> None:
    assert extract_charges("被告人甲犯盗窃罪，判处有期徒刑一年。") == {"盗窃罪"}
    assert extract_charges("被告人乙犯贩卖、运输毒品罪，判处有期徒刑七年。") == {"贩卖毒品罪", "运输毒品罪"}
    assert extract_charges("被告人丙犯掩饰、隐瞒犯罪所得罪，判处拘役三个月。") == {"掩饰、隐瞒犯罪所得罪"}
    assert extract_charges("", "本院认为，被告人丁的行为已构成诈骗罪。") == {"诈骗罪"}
    assert extract_charges("") == set()


def test_rank_pool_puts_the_same_kind_of_case_first_and_plain_bm25_is_available() -> None:
    ours = [r.cid for r in rank_pool(DRUNK, POOL)]
    assert set(ours[:2]) == {"1", "3"}
    plain = [r.cid for r in rank_pool(DRUNK, POOL, plain=True)]
    assert sorted(plain) == ["1", "2", "3", "4", "5"]
    theft = [r.cid for r in rank_pool(THEFT, POOL)]
    assert set(theft[:2]) == {"2", "4"}


def test_rank_pool_handles_empty_facts_and_an_empty_pool() -> None:
    assert [r.cid for r in rank_pool("", POOL)] == ["1", "2", "3", "4", "5"]  # ties: ascending id
    assert rank_pool(DRUNK, []) == []
    assert len(rank_pool("酒" * 50_000, POOL)) == 5  # a 50,000-character query is cut, not refused


def test_shared_terms_name_key_fact_words() -> None:
    terms = shared_terms(tokenize(DRUNK), tokenize(POOL[0].facts))
    assert "血液酒精含量" in terms


def test_the_index_persists_filters_by_court_and_excludes_the_case_itself(tmp_path: Path) -> None:
    entries = [IndexEntry(f"lib:{c.cid}", 0, c.facts, sorted(c.charges)) for c in POOL]
    entries.append(IndexEntry("case:9", 7, "被告人吴某醉酒驾驶机动车，血液酒精含量为199毫克/100毫升。", ["危险驾驶罪"]))
    SimilarIndex.build(entries, signature="s1").save(tmp_path / "ix")
    loaded = SimilarIndex.load(tmp_path / "ix")
    assert loaded is not None and loaded.signature == "s1" and len(loaded) == 6
    assert "case:9" not in [r.cid for r in loaded.top(DRUNK, k=6, court_ids=[8])]  # another court's own case
    top = [r.cid for r in loaded.top(DRUNK, k=3, court_ids=[7])]
    assert "case:9" in top and set(top) <= {"lib:1", "lib:3", "case:9", "lib:5"}
    assert "case:9" not in [r.cid for r in loaded.top(DRUNK, k=6, court_ids=[7], exclude=["case:9"])]
    assert loaded.top("", k=3) == [] and loaded.top("！！！", k=3) == []
    SimilarIndex.build(entries[:2], signature="s2").save(tmp_path / "ix")  # swapped in whole
    assert len(SimilarIndex.load(tmp_path / "ix")) == 2  # type: ignore[arg-type]


def _write_files(tmp_path: Path, *, broken: bool = False) -> tuple[Path, Path]:
    q = tmp_path / "q.jsonl"
    q.write_text(
        json.dumps({"qid": "1", "query": DRUNK, "crime": ["危险驾驶罪"]}, ensure_ascii=False) + "\n"
        + json.dumps({"qid": "2", "query": ""}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    c = tmp_path / "c.jsonl.gz"
    with gzip.open(c, "wt", encoding="utf-8") as fh:
        for qid in ("1", "2"):
            for cand in POOL:
                charge = next(iter(cand.charges))
                row = {"qid": qid, "cid": cand.cid, "ajName": "", "writName": "", "ajjbqk": cand.facts,
                       "cpfxgc": "", "pjjg": f"被告人犯{charge}，判处拘役。", "qw": ""}  # fmt: skip
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        if broken:
            fh.write('{"qid": "1", "cid": \n')
    return q, c


def test_rank_cases_writes_each_querys_own_pool_and_never_needs_labels(tmp_path: Path) -> None:
    q, c = _write_files(tmp_path)
    out = tmp_path / "run.json"
    call_command("rank_cases", "--queries", str(q), "--candidates", str(c), "--out", str(out))
    run = json.loads(out.read_text(encoding="utf-8"))
    assert set(run) == {"1", "2"} and sorted(run["1"]) == ["1", "2", "3", "4", "5"]
    assert set(run["1"][:2]) == {"1", "3"}
    assert ndcg(run, {"1": {"1": 2, "3": 2}}, 2) == pytest.approx(1.0)  # both drunk-driving cases first, either order


def test_rank_cases_refuses_a_broken_line_naming_it_and_writes_nothing(tmp_path: Path) -> None:
    q, c = _write_files(tmp_path, broken=True)
    out = tmp_path / "run.json"
    with pytest.raises(CommandError, match="第 11 行"):
        call_command("rank_cases", "--queries", str(q), "--candidates", str(c), "--out", str(out))
    assert not out.exists()
    with pytest.raises(CommandError, match="无法读取"):
        call_command("rank_cases", "--queries", str(tmp_path / "none.jsonl"), "--candidates", str(c), "--out", str(out))


LECARD = lecard_dir()


@pytest.mark.skipif(not (LECARD / "labels.json").exists(), reason="../shared/data/lecard not present")
def test_on_real_lecard_pools_the_run_ranks_every_candidate_of_each_query(tmp_path: Path) -> None:
    """Three real queries and their pools (the full dev measurement is `make bench`)."""
    queries = [json.loads(line) for line in (LECARD / "queries.jsonl").read_text(encoding="utf-8").splitlines()[:3]]
    qids = {q["qid"] for q in queries}
    qf = tmp_path / "q.jsonl"
    qf.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in queries), encoding="utf-8")
    cf = tmp_path / "c.jsonl"
    pools: dict[str, set[str]] = {}
    with (
        gzip.open(LECARD / "candidates.jsonl.gz", "rt", encoding="utf-8") as src,
        cf.open("w", encoding="utf-8") as dst,
    ):
        for line in src:
            row = json.loads(line)
            if row["qid"] in qids:
                pools.setdefault(row["qid"], set()).add(row["cid"])
                dst.write(line)
    out = tmp_path / "run.json"
    call_command("rank_cases", "--queries", str(qf), "--candidates", str(cf), "--out", str(out))
    run = json.loads(out.read_text(encoding="utf-8"))
    assert {qid: set(cids) for qid, cids in run.items()} == pools


def test_the_facts_section_of_an_indictment_or_complaint_is_what_the_push_compares() -> None:
    from smartcourt.knowledge.library.selectors import facts_section

    indictment = (
        "苏州市姑苏区人民检察院起诉书 被告人张某，男，1980年生。经依法审查查明：2024年3月1日晚，被告人张某酒后驾驶"
        "小型轿车行驶至人民路时被民警查获，经鉴定其血液酒精含量为186毫克/100毫升。上述事实，被告人供认不讳。本院认为……"
    )
    section = facts_section(indictment)
    assert section.startswith("2024年3月1日晚") and section.endswith("186毫克/100毫升。")
    complaint = (
        "诉讼请求：一、判令被告还款。事实与理由：被告向原告借款5万元，到期未还，原告多次催讨未果，特此起诉。此致 某法院"
    )
    assert facts_section(complaint) == "被告向原告借款5万元，到期未还，原告多次催讨未果，特此起诉。"
    assert facts_section("没有任何标记的文字") == "没有任何标记的文字"
