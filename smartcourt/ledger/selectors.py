"""Reads of the ledger: records, roots and proofs for any tree size from stored nodes (O(log n) rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError

from . import merkle
from .entries import SHA256_RE
from .models import (
    NODE_MIN_LEVEL,
    TILE_WIDTH,
    LedgerCheckpoint,
    LedgerNode,
    LedgerRecord,
    LedgerTreeHead,
    node_key,
)

# LedgerRecord is the record type the interface names: .index, .leaf_hash, .sha256, .kind, .subject,
# .recorded_at, .entry, .checkpoint() (earliest covering checkpoint), .latest_checkpoint().
__all__ = [
    "LedgerRecord",
    "TreeHead",
    "ledger_head",
    "ledger_record_for_subject",
    "ledger_records_for_sha256",
    "ledger_status_for_sha256",
    "ledger_subjects_recorded",
]


ENTRY_PRIVATE = _("按叶哈希不提供条目内容：持有文件者请以文件的SHA-256查询；本院工作人员请登录后查看存证条目。")


class ProofRequestError(ApplicationError):
    status, code, message = 400, "ledger.bad_request", _("证明请求无效。")


def _head_size() -> Subquery:
    """The tree head's size as a subquery: a leaf below it is in the tree, one at or above it waits (NULL — no head
    yet — matches nothing)."""
    return Subquery(LedgerTreeHead.objects.filter(pk=1).values("size")[:1])


def sequenced() -> QuerySet[LedgerRecord]:
    """The leaves in the tree (index below the head's size), in one query with the head."""
    return LedgerRecord.objects.filter(index__lt=_head_size())


def waiting() -> QuerySet[LedgerRecord]:
    """Leaves written by their anchors and not yet sequenced (存证入账中)."""
    return LedgerRecord.objects.filter(index__gte=_head_size())


@dataclass(frozen=True)
class TreeHead:
    """The current tree: what a backup records and a restore must reproduce (`ledger_head`)."""

    size: int
    root_hash: str  # hex
    waiting: int  # leaves anchored but not yet sequenced (the ledger's lag)


def ledger_head() -> TreeHead:
    """The current tree size and root (hex) — the tree head the flusher last moved — and how many anchored leaves
    wait behind it. One query of two index reads; O(1) at any size."""
    qn = connection.ops.quote_name
    head, record = LedgerTreeHead._meta.db_table, LedgerRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT h.{qn('size')}, h.{qn('root_hash')}, (SELECT MAX({qn('index')}) FROM {qn(record)}) "
            f"FROM (SELECT 1 AS one) AS o LEFT JOIN {qn(head)} AS h ON h.{qn('id')} = 1"
        )
        size, root, last = cursor.fetchone()
    if size is None:
        size, root = 0, merkle.EMPTY_ROOT.hex()
    return TreeHead(size=size, root_hash=root, waiting=max(0, (last + 1 if last is not None else 0) - size))


def ledger_records_for_sha256(*, sha256: str) -> list[LedgerRecord]:
    """Sequenced entries whose content hash is `sha256` (oldest first); [] for a malformed hash."""
    sha256 = (sha256 or "").strip().lower()
    if not SHA256_RE.match(sha256):
        return []
    return list(sequenced().filter(sha256=sha256).order_by("index"))


def ledger_record_for_subject(*, subject: str) -> LedgerRecord | None:
    """The latest sequenced entry for `subject`, or None."""
    return sequenced().filter(subject=subject).order_by("-index").first()


def ledger_subjects_recorded(*, subjects: Iterable[str]) -> set[str]:
    """Which of `subjects` have a leaf in the tree (one query per 500 subjects; the subject column is indexed)."""
    subjects = list(dict.fromkeys(subjects))
    found: set[str] = set()
    for lo in range(0, len(subjects), 500):
        found.update(sequenced().filter(subject__in=subjects[lo : lo + 500]).values_list("subject", flat=True))
    return found


def ledger_status_for_sha256(*, sha256: str) -> str:
    """ "recorded" (in the tree), "pending" (anchored, waiting for the flusher) or "unknown"."""
    sha256 = (sha256 or "").strip().lower()
    if not SHA256_RE.match(sha256):
        return "unknown"
    first = LedgerRecord.objects.filter(sha256=sha256).order_by("index").values_list("index", flat=True).first()
    if first is None:
        return "unknown"
    return "recorded" if first < tree_size() else "pending"


def record_for_hash(*, value: str) -> LedgerRecord | None:
    """The record whose leaf hash, or else whose content SHA-256, is `value` (64 hex digits)."""
    return record_match(value=value)[0]


def record_match(*, value: str) -> tuple[LedgerRecord | None, str]:
    """The record whose leaf hash ("leaf"), or else whose content SHA-256 ("content"), is `value`, and which matched.

    Who may read the entry depends on it (ADR 0015): a content hash is known to whoever holds the file, so its entry
    is theirs to see; leaf hashes are public (every proof lists its neighbours'), so a leaf-hash query proves
    inclusion but shows no entry, else anyone could walk the tree and list every case number and service time."""
    value = (value or "").strip().lower()
    if not SHA256_RE.match(value):
        return None, ""
    record = sequenced().filter(leaf_hash=value).order_by("index").first()
    if record is not None:
        return record, "leaf"
    record = sequenced().filter(sha256=value).order_by("index").first()
    return record, ("content" if record is not None else "")


def ledger_entries(*, before: int | None = None, limit: int = 50) -> list[LedgerRecord]:
    """Entries newest first (keyset pages: those with an index below `before`). Staff only: the caller checks the
    ledger-audit grant of the permission table (ADR 0015)."""
    qs = sequenced().order_by("-index")
    if before is not None:
        qs = qs.filter(index__lt=before)
    return list(qs[: max(1, min(limit, 200))])


def tree_size() -> int:
    head = LedgerTreeHead.objects.filter(pk=1).first()
    return head.size if head else 0


def checkpoint_latest() -> LedgerCheckpoint | None:
    return LedgerCheckpoint.objects.order_by("-tree_size").first()


def checkpoint_for_size(size: int) -> LedgerCheckpoint | None:
    return LedgerCheckpoint.objects.filter(tree_size=size).first()


def _fetch(wanted: Iterable[tuple[int, int]]) -> tuple[int, dict[tuple[int, int], bytes]]:
    """The tree size and the hashes of the perfect subtrees `wanted` (level, index), in ONE query: stored nodes for
    levels ≥ NODE_MIN_LEVEL; a lower subtree is recomputed from the 16 leaf hashes its block's node keeps (a tile),
    or, for the tree's last block while it is not complete, from its leaf rows (read only if that tile is absent)."""
    wanted = set(wanted)
    end = max(((i + 1) << level for level, i in wanted), default=0)  # the requested tree is at least this large
    leaf_ids: dict[int, set[int]] = {}  # tile key → leaves to read if that block is not complete yet
    inner: dict[int, tuple[int, int]] = {}
    tiles: dict[int, int] = {}  # node key → block
    for level, i in wanted:
        if level >= NODE_MIN_LEVEL:
            inner[node_key(level, i)] = (level, i)
            continue
        block = (i << level) // TILE_WIDTH
        tiles[node_key(NODE_MIN_LEVEL, block)] = block
        if (block + 1) * TILE_WIDTH > end:  # the block may still be incomplete: its leaf rows, unless its tile exists
            leaf_ids.setdefault(node_key(NODE_MIN_LEVEL, block), set()).update(range(i << level, (i + 1) << level))
    rec, node, head = (m._meta.db_table for m in (LedgerRecord, LedgerNode, LedgerTreeHead))
    qn = connection.ops.quote_name
    pg = connection.vendor == "postgresql"
    no_text, no_blob = ("CAST(NULL AS text)", "CAST(NULL AS bytea)") if pg else ("NULL", "NULL")
    parts = [f"SELECT 0, {qn('size')}, {no_text}, {no_blob}, {no_blob} FROM {qn(head)} WHERE {qn('id')} = 1"]
    params: list[int] = []
    for tile_key, ids in sorted(leaf_ids.items()):
        parts.append(
            f"SELECT 1, {qn('index')}, {qn('leaf_hash')}, {no_blob}, {no_blob} FROM {qn(rec)} "
            f"WHERE {qn('index')} IN ({', '.join(['%s'] * len(ids))}) "
            f"AND NOT EXISTS (SELECT 1 FROM {qn(node)} WHERE {qn('key')} = %s)"
        )
        params += [*sorted(ids), tile_key]
    keys = set(inner) | set(tiles)
    if keys:
        parts.append(
            f"SELECT 2, {qn('key')}, {no_text}, {qn('hash')}, {qn('leaves')} FROM {qn(node)} "
            f"WHERE {qn('key')} IN ({', '.join(['%s'] * len(keys))})"
        )
        params += sorted(keys)
    size = 0
    leaves: dict[int, bytes] = {}
    out: dict[tuple[int, int], bytes] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for kind, key, text, blob, tile in cursor.fetchall():
            if kind == 0:
                size = key
            elif kind == 1:
                leaves[key] = bytes.fromhex(text)
            else:
                if key in inner:
                    out[inner[key]] = bytes(blob)
                if key in tiles and tile is not None and len(tile) == TILE_WIDTH * merkle.HASH_SIZE:
                    first = tiles[key] * TILE_WIDTH
                    tile = bytes(tile)
                    for k in range(TILE_WIDTH):
                        leaves[first + k] = tile[k * merkle.HASH_SIZE : (k + 1) * merkle.HASH_SIZE]
    for level, i in wanted:
        if level < NODE_MIN_LEVEL:
            run = [leaves.get(j) for j in range(i << level, (i + 1) << level)]
            if all(b is not None for b in run):
                out[(level, i)] = merkle.root(run) if level else run[0]  # type: ignore[arg-type]
    return size, out


def perfect_hashes(wanted: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Hashes of perfect subtrees (level, index); raises LookupError if one is missing (a damaged log)."""
    wanted = set(wanted)
    _size, out = _fetch(wanted)
    if len(out) != len(wanted):
        raise LookupError(f"ledger nodes missing: {sorted(wanted - set(out))[:5]}")
    return out


def _ranges_hashes(ranges: list[tuple[int, int]], *, size: int, field: str) -> list[bytes]:
    """MTH of each range, all read in one query; refuses a `size` beyond the tree (checked in the same query)."""
    per_range = [merkle.perfect_subtrees(lo, hi) for lo, hi in ranges]
    wanted = {p for subtrees in per_range for p in subtrees}
    current, hashes = _fetch(wanted)
    if size > current:
        raise ProofRequestError(
            _("请求的树大小 %(size)s 超出账本当前大小 %(current)s。") % {"size": size, "current": current},
            code="ledger.size_beyond_tree",
            extra={"field": field, "tree_size": current},
        )
    if len(hashes) != len(wanted):
        raise LookupError(f"ledger nodes missing: {sorted(wanted - set(hashes))[:5]}")
    return [merkle.fold([hashes[p] for p in subtrees]) for subtrees in per_range]


def _positive(size: int, *, field: str) -> int:
    if not isinstance(size, int) or size < 1:
        raise ProofRequestError(_("树大小必须是正整数。"), extra={"field": field})
    return size


def root_at(size: int) -> bytes:
    """MTH of the first `size` leaves, from O(log size) stored subtrees."""
    if size == 0:
        return merkle.EMPTY_ROOT
    return _ranges_hashes([(0, _positive(size, field="size"))], size=size, field="size")[0]


def inclusion_proof(*, index: int, size: int) -> list[bytes]:
    """The RFC 9162 audit path of leaf `index` in the tree of `size`, from stored nodes (one query)."""
    _positive(size, field="size")
    if not 0 <= index < size:
        raise ProofRequestError(_("该条目不在所请求大小的树中。"), code="ledger.not_in_tree", extra={"field": "size"})
    return _ranges_hashes(merkle.inclusion_ranges(index, size), size=size, field="size")


def consistency_proof(*, first: int, second: int) -> list[bytes]:
    """The RFC 9162 consistency proof from the tree of `first` to the tree of `second` (one query)."""
    if not isinstance(first, int) or first < 1:
        raise ProofRequestError(_("起始树大小必须是正整数（空树无需证明）。"), extra={"field": "first"})
    if first > second:
        raise ProofRequestError(_("起始树大小不能大于目标树大小。"), extra={"field": "first"})
    ranges = merkle.consistency_ranges(first, second)
    if not ranges:  # first == second: the empty proof, once the size is known to exist
        _ranges_hashes([(0, second)], size=second, field="second")
        return []
    return _ranges_hashes(ranges, size=second, field="second")


@dataclass(frozen=True)
class Lookup:
    """What the public verify page and API show for a hash."""

    query: str
    status: str  # recorded | pending | unknown | invalid
    record: LedgerRecord | None = None
    checkpoint: LedgerCheckpoint | None = None
    proof: list[bytes] | None = None
    others: int = 0
    matched: str = ""  # "leaf" (a public leaf hash: the entry is not shown to the public) or "content"

    @property
    def entry_public(self) -> bool:
        """Whether anyone asking may read the entry: only who asked by the content hash (holds the file)."""
        return self.matched == "content"


def lookup(*, value: str) -> Lookup:
    """Whether and when the court recorded `value` (a content SHA-256 or a leaf hash), with the proof against the
    latest checkpoint covering it."""
    value = (value or "").strip().lower()
    if not SHA256_RE.match(value):
        return Lookup(query=value, status="invalid")
    record, matched = record_match(value=value)
    if record is None:
        status = "pending" if LedgerRecord.objects.filter(sha256=value).exists() else "unknown"
        return Lookup(query=value, status=status)
    others = sequenced().filter(sha256=record.sha256).count() - 1
    checkpoint = record.latest_checkpoint()
    proof = inclusion_proof(index=record.index, size=checkpoint.tree_size) if checkpoint else None
    return Lookup(
        query=value, status="recorded", record=record, checkpoint=checkpoint, proof=proof, others=others,
        matched=matched,
    )  # fmt: skip


def proof_bundle(*, record: LedgerRecord, checkpoint: LedgerCheckpoint) -> dict[str, Any]:
    """The offline proof bundle (format in smartcourt/ledger/verify.py): everything the CLI needs but the key."""
    proof = inclusion_proof(index=record.index, size=checkpoint.tree_size)
    return {
        "format": "smartcourt-ledger-proof/v1",
        "entry": record.entry,
        "leaf_index": record.index,
        "leaf_hash": record.leaf_hash,
        "tree_size": checkpoint.tree_size,
        "inclusion_proof": [p.hex() for p in proof],
        "checkpoint": checkpoint.note,
    }
