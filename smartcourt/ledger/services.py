"""Writes of the ledger: anchoring (存证), sequencing into the Merkle tree, signed checkpoints, witness cosignatures.

    pending = ledger_anchor(kind="dossier.page", subject=f"case:{case.pk}/dossier.page:{page.pk}",
                            sha256=page.sha256, storage_name=page.storage_name, meta={"case": case.number})

`ledger_anchor` joins the caller's transaction (a rolled-back action anchors nothing) and, on commit, enqueues
`ledger_flush_task`. One writer at a time sequences: every flush batch locks the tree-head row
(`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the database's write lock),
so two flushers never give out the same index or leave a gap.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import ApplicationError
from smartcourt.core.services import AuditAction, audit_record

from . import keys, merkle, note
from .entries import KIND_RE, MAX_META_BYTES, SHA256_RE, canonical_json, entry_build, truncate_ms
from .models import (
    NODE_MIN_LEVEL,
    LedgerCheckpoint,
    LedgerCosignature,
    LedgerNode,
    LedgerPending,
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


class LedgerInputError(ApplicationError):
    status, code, message = 400, "ledger.invalid", _("存证请求无效。")


def checkpoint_every() -> int:
    return int(getattr(settings, "LEDGER_CHECKPOINT_EVERY", DEFAULT_CHECKPOINT_EVERY))


def checkpoint_seconds() -> int:
    return int(getattr(settings, "LEDGER_CHECKPOINT_SECONDS", DEFAULT_CHECKPOINT_SECONDS))


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


@transaction.atomic
def ledger_anchor(
    *, kind: str, subject: str, sha256: str, storage_name: str = "", meta: dict | None = None
) -> LedgerPending:
    """Anchor (存证) one record: queue a leaf for the transparency log (see the module docstring)."""
    meta = {} if meta is None else meta
    _validate(kind=kind, subject=subject, sha256=sha256, storage_name=storage_name, meta=meta)
    anchored_at = truncate_ms(timezone.now())
    entry = entry_build(kind=kind, subject=subject, sha256=sha256, meta=meta, time=anchored_at)
    pending = LedgerPending.objects.create(
        kind=kind, subject=subject, sha256=sha256, storage_name=storage_name, entry=entry, anchored_at=anchored_at
    )
    _schedule_flush()
    return pending


# --- sequencing --------------------------------------------------------------------------------------------------


def _lock_head() -> LedgerTreeHead:
    """The tree head, locked for this transaction: the one-writer-at-a-time gate."""
    LedgerTreeHead.objects.get_or_create(pk=1)
    return LedgerTreeHead.objects.select_for_update().get(pk=1)


@dataclass(frozen=True)
class NewLeaf:
    entry: str
    kind: str
    subject: str
    sha256: str
    storage_name: str
    recorded_at: Any


def frontier(size: int) -> list[tuple[int, bytes]]:
    """The perfect subtrees (level, hash) of the tree of `size`, largest first — the compact range [0, size)."""
    wanted = merkle.perfect_subtrees(0, size)
    hashes = perfect_hashes(wanted)
    return [(level, hashes[(level, i)]) for level, i in wanted]


def tree_append(head: LedgerTreeHead, leaves: Sequence[NewLeaf]) -> int:
    """Append leaves after `head.size` (the caller holds the head lock): leaf rows, every perfect subtree they
    complete, and the new head, computed in memory and written with bulk inserts."""
    if not leaves:
        return 0
    stack = frontier(head.size)
    now = timezone.now()
    records: list[LedgerRecord] = []
    nodes: list[LedgerNode] = []
    for offset, leaf in enumerate(leaves):
        index = head.size + offset
        h = merkle.leaf_hash(leaf.entry.encode())
        records.append(
            LedgerRecord(
                index=index,
                leaf_hash=h.hex(),
                entry=leaf.entry,
                kind=leaf.kind,
                subject=leaf.subject,
                sha256=leaf.sha256,
                storage_name=leaf.storage_name,
                recorded_at=leaf.recorded_at,
                sequenced_at=now,
            )
        )
        level = 0
        while stack and stack[-1][0] == level:
            h = merkle.node_hash(stack.pop()[1], h)
            level += 1
            if level >= NODE_MIN_LEVEL:
                nodes.append(LedgerNode(key=node_key(level, index >> level), hash=h))
        stack.append((level, h))
    LedgerRecord.objects.bulk_create(records, batch_size=2000)
    LedgerNode.objects.bulk_create(nodes, batch_size=2000)
    head.size += len(leaves)
    head.root_hash = merkle.fold([h for _, h in stack]).hex()
    head.save(update_fields=["size", "root_hash", "updated_at"])
    return len(leaves)


def sequence_pending(*, max_batch: int = 1000) -> int:
    """Sequence one batch of pending anchors (no checkpoint); returns how many were appended."""
    return _sequence_batch(max(1, int(max_batch)))


def _sequence_batch(max_batch: int) -> int:
    with transaction.atomic():
        head = _lock_head()
        pending = list(LedgerPending.objects.order_by("id")[:max_batch])
        if not pending:
            return 0
        appended = tree_append(
            head,
            [NewLeaf(p.entry, p.kind, p.subject, p.sha256, p.storage_name, p.anchored_at) for p in pending],
        )
        LedgerPending.objects.filter(id__in=[p.id for p in pending]).delete()
        return appended


def ledger_flush(*, max_batch: int = 1000) -> int:
    """Sequence every pending anchor into the tree, `max_batch` per transaction; then publish a checkpoint if one
    is due. Returns how many leaves were appended. Safe to run in many processes at once."""
    max_batch = max(1, int(max_batch))
    total = 0
    while True:
        appended = _sequence_batch(max_batch)
        total += appended
        if appended < max_batch:
            break
    ledger_checkpoint_publish()
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
    schedule_at = None
    with transaction.atomic():
        head = _lock_head()
        last = LedgerCheckpoint.objects.order_by("-tree_size").first()
        if head.size == 0 or (last is not None and last.tree_size >= head.size):
            return None
        if last is not None and not force:
            next_at = last.published_at + timedelta(seconds=checkpoint_seconds())
            if head.size - last.tree_size < checkpoint_every() and timezone.now() < next_at:
                schedule_at = next_at
        if schedule_at is None:
            checkpoint = _checkpoint_sign(head)
    if schedule_at is not None:
        _schedule_checkpoint(schedule_at)
        return None
    return checkpoint


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
def ledger_anchor_many(items: Iterable[dict[str, Any]]) -> list[LedgerPending]:
    """Anchor several records in one transaction with one bulk insert (each item: the keyword arguments of
    `ledger_anchor`). All or nothing: one invalid item refuses the whole batch."""
    anchored_at = truncate_ms(timezone.now())
    rows = []
    for item in items:
        kind, subject, sha256 = item.get("kind"), item.get("subject"), item.get("sha256")
        storage_name, meta = item.get("storage_name", ""), item.get("meta") or {}
        _validate(kind=kind, subject=subject, sha256=sha256, storage_name=storage_name, meta=meta)
        entry = entry_build(kind=kind, subject=subject, sha256=sha256, meta=meta, time=anchored_at)
        rows.append(
            LedgerPending(
                kind=kind,
                subject=subject,
                sha256=sha256,
                storage_name=storage_name,
                entry=entry,
                anchored_at=anchored_at,
            )
        )
    created = LedgerPending.objects.bulk_create(rows, batch_size=2000)
    if created:
        _schedule_flush()
    return created
