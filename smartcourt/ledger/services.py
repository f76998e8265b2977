"""Writes of the ledger: anchoring (存证), sequencing into the Merkle tree, signed checkpoints, witness cosignatures.

    pending = ledger_anchor(kind="dossier.page", subject=f"case:{case.pk}/dossier.page:{page.pk}",
                            sha256=page.sha256, storage_name=page.storage_name, meta={"case": case.number})

`ledger_anchor` writes the leaf row itself — once — in the caller's transaction (a rolled-back action anchors
nothing), with an index allocated at once (ADR 0026), and on commit enqueues `ledger_flush_task`. The flusher never
rewrites a leaf: it reads the hashes of the leaves after the tree head, in index order, and writes only the perfect
subtrees they complete and the new head. One writer at a time sequences: every flush batch locks the tree-head row
(`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the database's write lock).
A missing index below a committed one is an anchor still committing (the flusher waits for it, briefly) or one
that rolled back (the flusher writes a void leaf there), decided by the primary key, so the tree has no hole, no
leaf twice, and the leaves in the order their indexes were given out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import ApplicationError
from smartcourt.core.services import AuditAction, audit_record

from . import keys, merkle, note
from .entries import KIND_RE, MAX_META_BYTES, SHA256_RE, canonical_json, entry_build, format_time, truncate_ms
from .models import (
    LEAF_INDEX_SEQUENCE,
    NODE_MIN_LEVEL,
    TILE_WIDTH,
    VOID_KIND,
    LedgerCheckpoint,
    LedgerCosignature,
    LedgerNode,
    LedgerRecord,
    LedgerTreeHead,
    LedgerWitness,
    node_key,
)
from .selectors import perfect_hashes

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from smartcourt.core.actors import Actor

logger = logging.getLogger(__name__)

DEFAULT_CHECKPOINT_EVERY = 256
DEFAULT_CHECKPOINT_SECONDS = 60
DEFAULT_GAP_WAIT_MS = 200  # how long a flusher waits for an anchor still committing before it stops at its index
ANCHOR_ATTEMPTS = 5
GAP_MAX = 10_000  # void leaves written per step (a gap is an aborted anchor's batch: ≤ its size)
VOID_SHA256 = "0" * 64


class LedgerInputError(ApplicationError):
    status, code, message = 400, "ledger.invalid", _("存证请求无效。")


def checkpoint_every() -> int:
    return int(getattr(settings, "LEDGER_CHECKPOINT_EVERY", DEFAULT_CHECKPOINT_EVERY))


def checkpoint_seconds() -> int:
    return int(getattr(settings, "LEDGER_CHECKPOINT_SECONDS", DEFAULT_CHECKPOINT_SECONDS))


def gap_wait_ms() -> int:
    return max(1, int(getattr(settings, "LEDGER_GAP_WAIT_MS", DEFAULT_GAP_WAIT_MS)))


# --- anchoring ---------------------------------------------------------------------------------------------------


def _validate(*, kind: str, subject: str, sha256: str, storage_name: str, meta: dict[str, Any]) -> None:
    if not isinstance(kind, str) or len(kind) > 64 or not KIND_RE.match(kind):
        raise LedgerInputError(_("存证类型应为小写英文点分名称，如 dossier.page。"), extra={"field": "kind"})
    if not isinstance(subject, str) or not subject.strip() or len(subject) > 255 or "\n" in subject:
        raise LedgerInputError(_("存证对象不能为空，且不超过255个字符。"), extra={"field": "subject"})
    if not isinstance(sha256, str) or not SHA256_RE.match(sha256):
        raise LedgerInputError(_("内容哈希应为64位小写十六进制的SHA-256值。"), extra={"field": "sha256"})
    if not isinstance(storage_name, str) or len(storage_name) > 500:
        raise LedgerInputError(_("存储名过长。"), extra={"field": "storage_name"})
    if not isinstance(meta, dict):
        raise LedgerInputError(_("附加信息必须是JSON对象。"), extra={"field": "meta"})
    try:
        size = len(canonical_json(meta).encode())
    except (TypeError, ValueError) as exc:
        raise LedgerInputError(
            _("附加信息只能包含JSON数据（文字、数字、列表、对象）。"), extra={"field": "meta"}
        ) from exc
    if size > MAX_META_BYTES:
        raise LedgerInputError(_("附加信息过大（不超过4KB）。"), extra={"field": "meta"})


def _flush_soon() -> None:
    from .tasks import ledger_flush_task

    try:
        ledger_flush_task.enqueue()
    except Exception:  # the anchor is safe in the queue; the next flush (or `manage.py ledger_flush`) takes it
        logger.exception("could not enqueue the ledger flush")


def _schedule_flush() -> None:
    """Enqueue one flush when the outermost transaction commits (once per transaction, not once per anchor)."""
    if connection.in_atomic_block and any(func is _flush_soon for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_flush_soon)


def _allocate(count: int) -> list[int]:
    """`count` fresh leaf indexes, increasing. PostgreSQL: the `ledger_leaf_index` sequence (never blocks, never
    rolls back: an index whose anchor rolls back becomes a void leaf). SQLite: max + 1, which is safe because an
    IMMEDIATE transaction holds the database's write lock from BEGIN, so no other writer is in flight."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if count == 1:
                cursor.execute("SELECT nextval(%s)", [LEAF_INDEX_SEQUENCE])
                return [cursor.fetchone()[0]]
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [LEAF_INDEX_SEQUENCE, count])
            return sorted(row[0] for row in cursor.fetchall())
        table, column = LedgerRecord._meta.db_table, connection.ops.quote_name("index")
        cursor.execute(f"SELECT COALESCE(MAX({column}), -1) + 1 FROM {table}")
        first = cursor.fetchone()[0]
    return list(range(first, first + count))


LEAF_COLUMNS = ("index", "leaf_hash", "entry", "kind", "subject", "sha256", "storage_name", "recorded_at")


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Insert leaf rows (tuples in LEAF_COLUMNS order) — the one write of a leaf: COPY on PostgreSQL (its cheapest
    batched insert; constraints hold as for INSERT), one executemany on SQLite."""
    qn = connection.ops.quote_name
    table = qn(LedgerRecord._meta.db_table)
    columns = ", ".join(qn(c) for c in LEAF_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(LEAF_COLUMNS))})",
                               rows)  # fmt: skip


def _leaves_write(leaves: list[tuple[str, str, str, str, str, str]], anchored_at: Any) -> list[int]:
    """Insert the leaves (leaf_hash, entry, kind, subject, sha256, storage_name) with fresh indexes; returns the
    indexes. If the flusher declared one of them void in the instant between allocating and inserting (it saw a
    later anchor commit first), the insert conflicts on the primary key: take new indexes and insert again; nothing
    of the failed attempt remains (savepoint)."""
    recorded_at = connection.ops.adapt_datetimefield_value(anchored_at)
    for attempt in range(ANCHOR_ATTEMPTS):
        indexes = _allocate(len(leaves))
        try:
            with transaction.atomic():
                _insert([(i, *leaf, recorded_at) for i, leaf in zip(indexes, leaves, strict=True)])
            return indexes
        except (IntegrityError, OperationalError):  # a stolen index, or a deadlock with a flusher's void probe
            if attempt == ANCHOR_ATTEMPTS - 1:
                raise
            logger.warning("ledger anchor: index taken by a void leaf, allocating again")
    raise AssertionError("unreachable")


def _leaf_row(
    *, kind: str, subject: str, sha256: str, storage_name: str, meta: dict[str, Any], time: str
) -> tuple[str, str, str, str, str, str]:
    entry = entry_build(kind=kind, subject=subject, sha256=sha256, meta=meta, time=time)
    return (merkle.leaf_hash(entry.encode()).hex(), entry, kind, subject, sha256, storage_name)


@transaction.atomic
def ledger_anchor(
    *, kind: str, subject: str, sha256: str, storage_name: str = "", meta: dict | None = None
) -> LedgerRecord:
    """Anchor (存证) one record: write its leaf, waiting for the flusher to sequence it (see the module docstring).
    Returns the leaf (its `index` is final; it is "recorded" once the tree head passes it)."""
    meta = {} if meta is None else meta
    _validate(kind=kind, subject=subject, sha256=sha256, storage_name=storage_name, meta=meta)
    anchored_at = truncate_ms(timezone.now())
    row = _leaf_row(kind=kind, subject=subject, sha256=sha256, storage_name=storage_name, meta=meta,
                    time=format_time(anchored_at))  # fmt: skip
    [index] = _leaves_write([row], anchored_at)
    _schedule_flush()
    return LedgerRecord(index=index, **dict(zip(LEAF_COLUMNS[1:-1], row, strict=True)), recorded_at=anchored_at)


# --- sequencing --------------------------------------------------------------------------------------------------


def _lock_head() -> LedgerTreeHead:
    """The tree head, locked for this transaction: the one-writer-at-a-time gate."""
    LedgerTreeHead.objects.get_or_create(pk=1)
    return LedgerTreeHead.objects.select_for_update().get(pk=1)


def frontier(size: int) -> list[tuple[int, bytes]]:
    """The perfect subtrees (level, hash) of the tree of `size`, largest first — the compact range [0, size)."""
    wanted = merkle.perfect_subtrees(0, size)
    hashes = perfect_hashes(wanted)
    return [(level, hashes[(level, i)]) for level, i in wanted]


def tree_extend(head: LedgerTreeHead, leaf_hashes: Sequence[bytes]) -> int:
    """Sequence the leaves [head.size, head.size + len(leaf_hashes)) whose rows exist (the caller holds the head
    lock): compute in memory every perfect subtree they complete, insert those of height ≥ NODE_MIN_LEVEL (the
    lowest with its 16 leaf hashes), move the head. The leaf rows are not written again."""
    if not leaf_hashes:
        return 0
    stack = frontier(head.size)
    block_start = head.size - head.size % TILE_WIDTH
    tile = _leaf_hashes(block_start, head.size)  # the leaves of the block this batch completes, sequenced before
    nodes: list[LedgerNode] = []
    for offset, h in enumerate(leaf_hashes):
        index = head.size + offset
        tile.append(h)
        level = 0
        while stack and stack[-1][0] == level:
            h = merkle.node_hash(stack.pop()[1], h)
            level += 1
            if level == NODE_MIN_LEVEL:
                nodes.append(LedgerNode(key=node_key(level, index >> level), hash=h, leaves=b"".join(tile)))
            elif level > NODE_MIN_LEVEL:
                nodes.append(LedgerNode(key=node_key(level, index >> level), hash=h))
        if len(tile) == TILE_WIDTH:
            tile = []
        stack.append((level, h))
    LedgerNode.objects.bulk_create(nodes, batch_size=2000)
    head.size += len(leaf_hashes)
    head.root_hash = merkle.fold([h for _, h in stack]).hex()
    head.save(update_fields=["size", "root_hash", "updated_at"])
    return len(leaf_hashes)


def _leaf_hashes(start: int, stop: int) -> list[bytes]:
    if start >= stop:
        return []
    rows = LedgerRecord.objects.filter(index__gte=start, index__lt=stop).order_by("index").values_list("leaf_hash")
    return [bytes.fromhex(h) for (h,) in rows]


def _void(index: int, now: Any) -> LedgerRecord:
    """The leaf written at an index whose anchor never committed: it says so, and keeps the tree without a hole."""
    subject = f"ledger:void/{index}"
    entry = entry_build(kind=VOID_KIND, subject=subject, sha256=VOID_SHA256, meta={}, time=now)
    return LedgerRecord(index=index, leaf_hash=merkle.leaf_hash(entry.encode()).hex(), entry=entry, kind=VOID_KIND,
                        subject=subject, sha256=VOID_SHA256, storage_name="", recorded_at=now)  # fmt: skip


def _settle_gap(first: int, stop: int) -> bool:
    """Make the missing indexes [first, stop) final: each is either an anchor still committing (wait for it, at most
    LEDGER_GAP_WAIT_MS) or one that rolled back / was never used (write a void leaf there). The primary key decides
    between the two: a void insert conflicts with — and waits for — an uncommitted leaf of the same index, and
    an anchor that comes later conflicts with the void and takes new indexes (`_leaves_write`).
    Returns False if an anchor was still in flight when the wait ran out (the next flush tries again)."""
    now = truncate_ms(timezone.now())
    voids = [_void(i, now) for i in range(first, min(stop, first + GAP_MAX))]
    pg = connection.vendor == "postgresql"
    try:
        with transaction.atomic():  # a savepoint: a timed-out wait undoes only this
            if pg:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
                        [f"{gap_wait_ms()}ms"],
                    )
                    previous = cursor.fetchone()[0]
            LedgerRecord.objects.bulk_create(voids, ignore_conflicts=True)
            if pg:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except OperationalError:
        logger.info("ledger flush: leaf %s is still being anchored; sequenced up to it", first)
        return False
    logger.warning("ledger flush: indexes %s..%s were never committed by their anchors", first, stop - 1)
    return True


def sequence_pending(*, max_batch: int = 1000) -> int:
    """Sequence one batch of waiting leaves (no checkpoint); returns how many were appended."""
    return _sequence_batch(max(1, int(max_batch)))[0]


def _sequence_batch(max_batch: int, *, checkpoint: bool = False) -> tuple[int, bool]:
    """One transaction: lock the head, read the next leaves' hashes in index order (and one more, to know whether
    more wait), settle gaps, extend the tree; with `checkpoint`, publish one in the same transaction if this was the
    last batch and one is due. Returns (appended, more): `more` is False when nothing else is waiting or a gap is
    still being anchored."""
    schedule_at = None
    with transaction.atomic():
        head = _lock_head()
        hashes: list[bytes] = []
        while True:
            expected = head.size + len(hashes)
            want = max_batch - len(hashes)
            rows = list(
                LedgerRecord.objects.filter(index__gte=expected)
                .order_by("index")
                .values_list("index", "leaf_hash")[: want + 1]
            )
            gap_end = None
            for index, leaf_hash in rows[:want]:
                if index != expected:
                    gap_end = index
                    break
                hashes.append(bytes.fromhex(leaf_hash))
                expected += 1
            if gap_end is None:  # no gap: the batch is full, or nothing more is waiting
                more = len(rows) > want
                break
            if not _settle_gap(expected, gap_end):  # an anchor still committing: stop at its index
                more = False
                break
        appended = tree_extend(head, hashes)
        if checkpoint and not more:
            _checkpoint, schedule_at = _checkpoint_due(head, force=False)
    if schedule_at is not None:
        _schedule_checkpoint(schedule_at)
    return appended, more


def ledger_flush(*, max_batch: int = 1000) -> int:
    """Sequence every waiting leaf into the tree, `max_batch` per transaction, and publish a checkpoint if one is
    due (in the last batch's transaction). Returns how many leaves were appended. Safe to run in many processes at
    once."""
    max_batch = max(1, int(max_batch))
    total = 0
    more = True
    while more:
        appended, more = _sequence_batch(max_batch, checkpoint=True)
        total += appended
    return total


# --- checkpoints -------------------------------------------------------------------------------------------------


_scheduled: set[Any] = set()  # checkpoint times this process already scheduled (one deferred task each)


def _schedule_checkpoint(at: Any) -> None:
    from .tasks import ledger_checkpoint_task

    if at in _scheduled:
        return
    _scheduled.add(at)
    try:
        task = ledger_checkpoint_task
        if not task.get_backend().supports_defer:
            return
        task.using(run_after=at).enqueue()
    except Exception:
        logger.exception("could not schedule the next checkpoint")


def ledger_checkpoint_publish(*, force: bool = False) -> LedgerCheckpoint | None:
    """Sign and store a checkpoint of the current tree when one is due: the first ever, or `LEDGER_CHECKPOINT_EVERY`
    new leaves, or `LEDGER_CHECKPOINT_SECONDS` since the last one (with new leaves). `force` skips the wait.
    Returns the new checkpoint, or None when the latest one already covers the tree or none is due yet."""
    with transaction.atomic():
        head = _lock_head()
        checkpoint, schedule_at = _checkpoint_due(head, force=force)
    if schedule_at is not None:
        _schedule_checkpoint(schedule_at)
    return checkpoint


def _checkpoint_due(head: LedgerTreeHead, *, force: bool) -> tuple[LedgerCheckpoint | None, Any]:
    """(the checkpoint signed now, or None; when to try again if one is not due yet). The caller holds the head."""
    last = LedgerCheckpoint.objects.order_by("-tree_size").first()
    if head.size == 0 or (last is not None and last.tree_size >= head.size):
        return None, None
    if last is not None and not force:
        next_at = last.published_at + timedelta(seconds=checkpoint_seconds())
        if head.size - last.tree_size < checkpoint_every() and timezone.now() < next_at:
            return None, next_at
    return _checkpoint_sign(head), None


def _checkpoint_sign(head: LedgerTreeHead) -> LedgerCheckpoint:
    key = keys.signing_key()
    body = note.Checkpoint(origin=key.name, size=head.size, root_hash=bytes.fromhex(head.root_hash)).body()
    line = key.signature_line(body)
    checkpoint = LedgerCheckpoint.objects.create(
        tree_size=head.size,
        root_hash=head.root_hash,
        origin=key.name,
        key_name=key.name,
        key_id=key.hash.hex(),
        body=body,
        signature=line.rsplit(" ", 1)[1],
    )
    audit_record(
        actor=SYSTEM, action=AuditAction.LEDGER_CHECKPOINT_PUBLISH, target=checkpoint, extra={"size": head.size}
    )
    return checkpoint


# --- witnesses ---------------------------------------------------------------------------------------------------


@transaction.atomic
def ledger_witness_add(*, name: str, verifier_key: str, actor: Actor, note_text: str = "") -> LedgerWitness:
    """Register another court's (or a witness's) checkpoint key, given as a signed-note verifier key string."""
    try:
        verifier = note.parse_verifier_key(verifier_key)
    except note.NoteError as exc:
        raise LedgerInputError(_("见证方公钥无效：%(reason)s") % {"reason": exc}) from exc
    if verifier.name != name:
        raise LedgerInputError(_("见证方名称须与公钥中的名称一致。"))
    if verifier.name == keys.origin():
        raise LedgerInputError(_("本院签名密钥不能登记为见证方。"))
    witness, created = LedgerWitness.objects.update_or_create(
        name=name, defaults={"verifier_key": verifier.key_string, "note": note_text[:200]}
    )
    audit_record(
        actor=actor,
        action=AuditAction.LEDGER_WITNESS_ADD if created else AuditAction.LEDGER_WITNESS_UPDATE,
        target=witness,
    )
    return witness


@transaction.atomic
def ledger_cosignature_add(
    *, checkpoint: LedgerCheckpoint, signed_note: str, actor: Actor | AnonymousUser
) -> list[LedgerCosignature]:
    """Store the cosignatures in `signed_note` (the same checkpoint text signed by registered witnesses).

    Each signature line from a registered witness is verified against its key over exactly this checkpoint's
    body; lines of unknown keys and the court's own line are ignored. Raises LedgerInputError if none verifies."""
    try:
        parsed = note.parse_note(signed_note)
    except note.NoteError as exc:
        raise LedgerInputError(_("见证签名文本格式错误：%(reason)s") % {"reason": exc}) from exc
    if parsed.text != checkpoint.body:
        raise LedgerInputError(_("见证签名所签的不是这个检查点。"))
    witnesses = {w.name: w for w in LedgerWitness.objects.filter(name__in=[s.name for s in parsed.signatures])}
    stored: list[LedgerCosignature] = []
    for sig in parsed.signatures:
        witness = witnesses.get(sig.name)
        if witness is None:
            continue
        verifier = note.parse_verifier_key(witness.verifier_key)
        if sig.hash != verifier.hash or not verifier.verify(parsed.text.encode(), sig.signature):
            raise LedgerInputError(_("见证方“%(name)s”的签名验证失败。") % {"name": sig.name})
        cosig, _created = LedgerCosignature.objects.get_or_create(
            checkpoint=checkpoint,
            witness=witness,
            defaults={"witness_name": witness.name, "signature": sig.line.rsplit(" ", 1)[1]},
        )
        stored.append(cosig)
    if not stored:
        raise LedgerInputError(_("没有来自已登记见证方的有效签名。"))
    audit_record(
        actor=actor,
        action=AuditAction.LEDGER_COSIGNATURE_ADD,
        target=checkpoint,
        extra={"witnesses": [c.witness_name for c in stored]},
    )
    return stored


@transaction.atomic
def ledger_anchor_many(items: Iterable[dict[str, Any]]) -> list[int]:
    """Anchor several records in one transaction with one batched write (each item: the keyword arguments of
    `ledger_anchor`); returns their leaf indexes. All or nothing: one invalid item refuses the whole batch."""
    anchored_at = truncate_ms(timezone.now())
    time_text = format_time(anchored_at)
    rows = []
    for item in items:
        kind, subject, sha256 = item.get("kind"), item.get("subject"), item.get("sha256")
        storage_name, meta = item.get("storage_name", ""), item.get("meta") or {}
        _validate(kind=kind, subject=subject, sha256=sha256, storage_name=storage_name, meta=meta)
        assert isinstance(kind, str) and isinstance(subject, str) and isinstance(sha256, str)  # _validate checked
        rows.append(_leaf_row(kind=kind, subject=subject, sha256=sha256, storage_name=storage_name, meta=meta,
                              time=time_text))  # fmt: skip
    if not rows:
        return []
    indexes = _leaves_write(rows, anchored_at)
    _schedule_flush()
    return indexes
