"""Reads of the ledger: records, roots and proofs for any tree size from stored nodes (O(log n) rows)."""

from __future__ import annotations

import functools
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
    NODE_LEVEL_SHIFT,
    NODE_MIN_LEVEL,
    TILE_WIDTH,
    LedgerCheckpoint,
    LedgerNode,
    LedgerRecord,
    LedgerTreeHead,
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


_INDEX_MASK = (1 << NODE_LEVEL_SHIFT) - 1


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


@functools.lru_cache(maxsize=256)
def _fetch_sql(vendor: str, leaf_read: bool, keys: int) -> str:
    """The text of `_fetch`'s one query for its shape (a leaf read or not, how many node keys): built once per shape
    and process, not per proof."""
    rec, node, head = (m._meta.db_table for m in (LedgerRecord, LedgerNode, LedgerTreeHead))
    qn = connection.ops.quote_name
    no_text, no_blob = ("CAST(NULL AS text)", "CAST(NULL AS bytea)") if vendor == "postgresql" else ("NULL", "NULL")
    parts = [f"SELECT 0, {qn('size')}, {no_text}, {no_blob}, {no_blob} FROM {qn(head)} WHERE {qn('id')} = 1"]
    if leaf_read:  # the last block's leaves [lo, hi), unless its tile exists (then it is complete and read below)
        parts.append(
            f"SELECT 1, {qn('index')}, {qn('leaf_hash')}, {no_blob}, {no_blob} FROM {qn(rec)} "
            f"WHERE {qn('index')} >= %s AND {qn('index')} < %s "
            f"AND NOT EXISTS (SELECT 1 FROM {qn(node)} WHERE {qn('key')} = %s)"
        )
    if keys:
        parts.append(
            f"SELECT 2, {qn('key')}, {no_text}, {qn('hash')}, {qn('leaves')} FROM {qn(node)} "
            f"WHERE {qn('key')} IN ({', '.join(['%s'] * keys)})"
        )
    return " UNION ALL ".join(parts)


_TILE_BYTES = TILE_WIDTH * merkle.HASH_SIZE
_TILE_LEVEL = NODE_MIN_LEVEL << NODE_LEVEL_SHIFT


def _fetch(wanted: Iterable[tuple[int, int]]) -> tuple[int, dict[tuple[int, int], bytes]]:
    """The tree size and the hashes of the perfect subtrees `wanted` (level, index), in ONE query: stored nodes for
    levels ≥ NODE_MIN_LEVEL; a lower subtree is recomputed from the 16 leaf hashes its block's node keeps (a tile),
    or, for the tree's last block while it is not complete, from its leaf rows (read only if that tile is absent).

    Everything is index arithmetic on the keys (node key = level << 56 | index, ADR 0005): at most one block can be
    incomplete — the one holding the last leaf the request reaches — so the leaf rows, if any, are one range read."""
    wanted = set(wanted)
    end = 0  # the requested tree is at least this large
    low: list[tuple[int, int]] = []
    keys: set[int] = set()
    for level, i in wanted:
        stop = (i + 1) << level
        if stop > end:
            end = stop
        if level >= NODE_MIN_LEVEL:
            keys.add(level << NODE_LEVEL_SHIFT | i)
        else:
            low.append((level, i))
            keys.add(_TILE_LEVEL | (i << level) >> NODE_MIN_LEVEL)
    last_block = (end - 1) >> NODE_MIN_LEVEL
    leaf_read = any((i << level) >> NODE_MIN_LEVEL == last_block for level, i in low) and end % TILE_WIDTH != 0
    params: list[int] = []
    if leaf_read:
        params += [last_block << NODE_MIN_LEVEL, end, _TILE_LEVEL | last_block]
    params += sorted(keys)
    size = 0
    leaves: dict[int, bytes] = {}
    tiles: dict[int, bytes] = {}  # block → its 16 leaf hashes
    out: dict[tuple[int, int], bytes] = {}
    with connection.cursor() as cursor:
        cursor.execute(_fetch_sql(connection.vendor, leaf_read, len(keys)), params)
        rows = cursor.fetchall()
    for kind, key, text, blob, tile in rows:
        if kind == 0:
            size = key
        elif kind == 1:
            leaves[key] = bytes.fromhex(text)
        else:
            level = key >> NODE_LEVEL_SHIFT
            index = key & _INDEX_MASK
            if (level, index) in wanted:
                out[(level, index)] = bytes(blob)
            if level == NODE_MIN_LEVEL and tile is not None and len(tile) == _TILE_BYTES:
                tiles[index] = bytes(tile)
    for level, i in low:
        first = i << level
        tile = tiles.get(first >> NODE_MIN_LEVEL)
        if tile is not None:
            offset = (first & (TILE_WIDTH - 1)) * merkle.HASH_SIZE
            run = [
                tile[k : k + merkle.HASH_SIZE]
                for k in range(offset, offset + (merkle.HASH_SIZE << level), merkle.HASH_SIZE)
            ]
        else:
            found = [leaves.get(j) for j in range(first, first + (1 << level))]
            if any(b is None for b in found):
                continue  # missing: the caller reports it
            run = found  # type: ignore[assignment]
        out[(level, i)] = merkle.root(run) if level else run[0]
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
