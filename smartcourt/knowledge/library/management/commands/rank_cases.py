"""`python manage.py rank_cases --queries Q.jsonl --candidates C.jsonl.gz --out run.json`: rank each query's own
candidates (LeCaRD layout) and write `{qid: [cid, …]}`, best first. Never reads labels."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcourt.knowledge.library.lecard import LecardFormatError, read_pools, read_queries
from smartcourt.knowledge.library.ranking import MAX_QUERY_CHARS, rank_pool


class Command(BaseCommand):
    help = "类案检索：对每个查询案件自己的候选池排序，输出 {qid: [cid, …]}。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queries", required=True, type=Path)
        parser.add_argument("--candidates", required=True, type=Path)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--plain", action="store_true", help="仅用 BM25（基线），不做罪名重排")

    def handle(self, *args: object, **opts: object) -> None:
        queries_path, candidates_path, out = (Path(str(opts[k])) for k in ("queries", "candidates", "out"))
        try:
            queries = read_queries(queries_path)
            pools = read_pools(candidates_path)
        except LecardFormatError as exc:
            raise CommandError(str(exc)) from None
        run: dict[str, list[str]] = {}
        for qid, facts in queries.items():
            pool = pools.get(qid, [])
            if not pool:
                self.stderr.write(f"查询 {qid} 没有候选案件，输出空列表。")
            if not facts.strip():
                self.stderr.write(f"查询 {qid} 的案情为空，按候选编号顺序输出。")
            elif len(facts) > MAX_QUERY_CHARS:
                self.stderr.write(f"查询 {qid} 的案情超过 {MAX_QUERY_CHARS} 字，只用前 {MAX_QUERY_CHARS} 字。")
            run[qid] = [r.cid for r in rank_pool(facts, pool, plain=bool(opts["plain"]))]
        try:
            out.write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc}") from None
        self.stdout.write(f"已排序 {len(run)} 个查询，写入 {out}")
