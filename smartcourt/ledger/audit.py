"""The ledger auditor: re-verify the log and the stored files, raise an alert on any mismatch.

Incremental (ADR 0026): a run resumes from the last audit mark — the last checkpoint an earlier run verified
clean, with the compact range of its tree — after checking that the mark still holds (the compact range folds to
the root of that signed checkpoint). It then verifies only the leaves after it, the checkpoints after it and their
consistency with it (RFC 9162 consistency proofs from the stored nodes), and the files of the new leaves, so a
daily run costs the day's leaves, not the whole log. A full pass (`full=True`, `manage.py ledger_audit --full`,
no usable mark, or an open finding about the tree) starts from leaf 0.

One streaming pass over the leaves in index order:
- each stored entry must still be canonical, its columns (kind, subject, sha256) must agree with it, and
  SHA-256(0x00 ‖ entry) must equal the stored leaf hash; indexes must run 0, 1, 2 … without a gap;
- every perfect subtree is recomputed from the leaves and compared with the stored node;
- at each checkpoint's size the recomputed root must equal the checkpoint's root; its signature must verify with
  the court key; consecutive checkpoints must be consistent (RFC 9162 consistency proof from the stored nodes);
- at the end the recomputed root must equal the tree head.
Then the stored files named by the verified leaves (every file, in a full pass) are re-hashed from the file store
(`core.intake.store`), with the files of open file findings.

A mismatch becomes an `AuditFinding` (one open finding per problem, re-seen on later runs, not duplicated) and an
in-site notification to every system administrator. Run by `ledger_audit_task` or `manage.py ledger_audit`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from smartcourt.core.actors import SYSTEM
from smartcourt.core.intake.store import blob_open
from smartcourt.core.services import AuditAction, audit_record, notification_send

from . import keys, merkle, note, selectors
from .entries import entry_parse
from .models import (
    NODE_MIN_LEVEL,
    TILE_WIDTH,
    AuditFinding,
    LedgerAuditMark,
    LedgerCheckpoint,
    LedgerNode,
    LedgerRecord,
    LedgerTreeHead,
    node_key,
)

logger = logging.getLogger(__name__)
CHUNK = 2000
FILE_CHUNK = 1 << 20


TREE_KINDS = {"leaf_hash", "entry_fields", "gap", "node", "root", "checkpoint_signature", "checkpoint_root",
              "consistency"}  # fmt: skip


@dataclass
class AuditReport:
    leaves: int = 0
    nodes: int = 0
    checkpoints: int = 0
    files: int = 0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, ref, detail)
    new_findings: list[AuditFinding] = field(default_factory=list)
    full: bool = True
    start: int = 0  # the tree size the run resumed from (0: a full pass)
    end: int = 0  # the tree size it verified up to
    seconds: float = 0.0
    # (storage_name, sha256) → a leaf naming it: the files of the leaves this run verified
    file_leaves: dict[tuple[str, str], int] = field(default_factory=dict)
    problem_leaves: dict[tuple[str, str], int | None] = field(default_factory=dict)  # (kind, ref) → leaf (files)
    mark: tuple[int, str, list[bytes]] | None = None  # (size, root hex, frontier) of the last clean checkpoint

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def tree_ok(self) -> bool:
        return not any(kind in TREE_KINDS for kind, _ref, _detail in self.problems)


@dataclass(frozen=True)
class Resume:
    """Where a run starts: a tree size, the compact range of [0, size) and the checkpoint it equals (None: 0)."""

    size: int = 0
    stack: tuple[tuple[int, bytes], ...] = ()
    checkpoint: LedgerCheckpoint | None = None


def _resume_from_mark() -> Resume:
    """The last audit mark, if it still holds: its frontier folds to its root, which is the root of the signed
    checkpoint of that size (the signature is verified again in this run). Otherwise a full pass."""
    mark = LedgerAuditMark.objects.order_by("-audited_at", "-id").first()
    if mark is None:
        return Resume()
    resume = resume_from(size=mark.tree_size, root_hash=mark.root_hash, frontier=mark.frontier_hashes())
    if resume is None:
        logger.warning("ledger audit: the mark at %s does not hold; auditing the whole log", mark.tree_size)
        return Resume()
    return resume


def resume_from(*, size: int, root_hash: str, frontier: list[bytes] | None = None) -> Resume | None:
    """A start point at the checkpoint of `size` whose root is `root_hash`, or None if there is no such checkpoint.
    The compact range comes from `frontier` or else from the stored nodes; it must fold to that root."""
    checkpoint = LedgerCheckpoint.objects.filter(tree_size=size, root_hash=root_hash).first()
    if size <= 0 or checkpoint is None:
        return None
    wanted = merkle.perfect_subtrees(0, size)
    if frontier is None:
        try:
            hashes = selectors.perfect_hashes(wanted)
        except LookupError:
            return None
        frontier = [hashes[w] for w in wanted]
    if len(frontier) != len(wanted) or merkle.fold(frontier).hex() != root_hash:
        return None
    return Resume(size=size, stack=tuple((level, h) for (level, _i), h in zip(wanted, frontier, strict=True)),
                  checkpoint=checkpoint)  # fmt: skip


def _verify_tree(report: AuditReport, resume: Resume) -> None:
    head = LedgerTreeHead.objects.filter(pk=1).first()
    head_size = head.size if head is not None else 0
    report.start = resume.size
    report.end = head_size
    checkpoints = list(LedgerCheckpoint.objects.filter(tree_size__gt=resume.size).order_by("tree_size"))
    by_size = {c.tree_size: c for c in checkpoints}
    stack: list[tuple[int, bytes]] = list(resume.stack)
    if resume.checkpoint is not None:
        report.mark = (resume.size, resume.checkpoint.root_hash, [h for _, h in stack])
    expected_index = resume.size
    last = resume.size - 1
    tree_clean = True
    block_start = resume.size - resume.size % TILE_WIDTH
    tile = [
        bytes.fromhex(h)
        for h in LedgerRecord.objects.filter(index__gte=block_start, index__lt=resume.size)
        .order_by("index")
        .values_list("leaf_hash", flat=True)
    ]  # the leaf hashes of the block the resume point is in (verified by the run that left the mark)
    while True:
        rows = list(
            LedgerRecord.objects.filter(index__gt=last, index__lt=head_size)
            .order_by("index")
            .values_list("index", "leaf_hash", "entry", "kind", "subject", "sha256", "storage_name")[:CHUNK]
        )
        if not rows:
            break
        computed_nodes: dict[int, bytes] = {}
        computed_tiles: dict[int, bytes] = {}
        for index, stored_leaf, entry, kind, subject, sha256, storage_name in rows:
            ref = f"leaf:{index}"
            if index != expected_index:
                report.problems.append(
                    ("gap", f"leaf:{expected_index}", f"叶序号 {expected_index} 缺失，下一条为 {index}")
                )
                expected_index = index  # continue from here; the roots will not match any more
                tree_clean = False
            h = merkle.leaf_hash(entry.encode())
            if h.hex() != stored_leaf:
                report.problems.append(("leaf_hash", ref, f"条目 #{index} 重新计算的叶哈希与存储值不符"))
                tree_clean = False
            try:
                parsed = entry_parse(entry)
                if (parsed["kind"], parsed["subject"], parsed["sha256"]) != (kind, subject, sha256):
                    report.problems.append(("entry_fields", ref, f"条目 #{index} 的类型/对象/哈希字段与条目内容不符"))
                    tree_clean = False
            except (ValueError, KeyError):
                report.problems.append(("entry_fields", ref, f"条目 #{index} 不是规范的JSON条目"))
                tree_clean = False
            if storage_name:
                report.file_leaves.setdefault((storage_name, sha256), index)
            tile.append(h)
            if len(tile) == TILE_WIDTH:
                computed_tiles[node_key(NODE_MIN_LEVEL, index >> NODE_MIN_LEVEL)] = b"".join(tile)
                tile = []
            level = 0
            while stack and stack[-1][0] == level:
                h = merkle.node_hash(stack.pop()[1], h)
                level += 1
                if level >= NODE_MIN_LEVEL:
                    computed_nodes[node_key(level, index >> level)] = h
            stack.append((level, h))
            expected_index += 1
            report.leaves += 1
            checkpoint = by_size.get(expected_index)
            if checkpoint is not None:
                root = merkle.fold([x for _, x in stack]).hex()
                if root != checkpoint.root_hash:
                    report.problems.append(
                        (
                            "checkpoint_root",
                            f"checkpoint:{checkpoint.tree_size}",
                            f"检查点 {checkpoint.tree_size} 的根与账本重算结果不符",
                        )
                    )
                    tree_clean = False
                elif tree_clean:
                    report.mark = (expected_index, root, [x for _, x in stack])
        stored = {
            key: (value, tiled)
            for key, value, tiled in LedgerNode.objects.filter(key__in=list(computed_nodes)).values_list(
                "key", "hash", "leaves"
            )
        }
        for key, value in computed_nodes.items():
            report.nodes += 1
            node, tiled = stored.get(key, (None, None))
            wrong_tile = key in computed_tiles and (tiled is None or bytes(tiled) != computed_tiles[key])
            if node is None or bytes(node) != value or wrong_tile:
                level, pos = key >> 56, key & ((1 << 56) - 1)
                report.problems.append(("node", f"node:{level}/{pos}", f"第 {level} 层第 {pos} 个节点缺失或哈希不符"))
                tree_clean = False
        last = rows[-1][0]
    if expected_index != head_size:
        report.problems.append(("gap", f"leaf:{expected_index}", f"叶序号 {expected_index} 起缺失，树头为 {head_size}"))
    root = merkle.fold([x for _, x in stack]).hex()
    if head is not None and (expected_index != head_size or head.root_hash != root):
        report.problems.append(("root", "tree_head", f"树头（{head_size}）与重算结果（{expected_index}）不符"))
    previous = [resume.checkpoint] if resume.checkpoint is not None else []
    _verify_checkpoints(report, previous + checkpoints, head_size)


def _verify_checkpoints(report: AuditReport, checkpoints: list[LedgerCheckpoint], head_size: int) -> None:
    try:
        verifier = note.parse_verifier_key(keys.signing_key().verifier_key)
    except Exception as exc:  # no key configured: every checkpoint is unverifiable
        report.problems.append(("checkpoint_signature", "key", f"无法加载检查点签名密钥：{exc}"))
        return
    previous = None
    for checkpoint in checkpoints:
        report.checkpoints += 1
        ref = f"checkpoint:{checkpoint.tree_size}"
        try:
            parsed = note.open_checkpoint(checkpoint.note, verifier)
            if parsed.size != checkpoint.tree_size or parsed.root_hash.hex() != checkpoint.root_hash:
                report.problems.append(("checkpoint_root", ref, f"检查点 {checkpoint.tree_size} 的正文与记录字段不符"))
        except note.NoteError as exc:
            report.problems.append(("checkpoint_signature", ref, f"检查点 {checkpoint.tree_size}：{exc}"))
        if checkpoint.tree_size > head_size:
            report.problems.append(("checkpoint_root", ref, f"检查点 {checkpoint.tree_size} 超出账本大小 {head_size}"))
        elif previous is not None:
            try:
                proof = selectors.consistency_proof(first=previous.tree_size, second=checkpoint.tree_size)
                consistent = merkle.verify_consistency(
                    previous.tree_size,
                    checkpoint.tree_size,
                    bytes.fromhex(previous.root_hash),
                    bytes.fromhex(checkpoint.root_hash),
                    proof,
                )
            except (LookupError, ValueError, selectors.ProofRequestError):
                consistent = False
            if not consistent:
                report.problems.append(
                    (
                        "consistency",
                        ref,
                        f"检查点 {previous.tree_size} 与 {checkpoint.tree_size} 之间的一致性证明不成立",
                    )
                )
        previous = checkpoint


def _file_pairs(report: AuditReport, *, full: bool) -> Iterator[tuple[str, str, int | None]]:
    """(storage_name, sha256, a leaf naming it): every distinct file (full), else the files of the leaves verified
    in this run and those of the open file findings (re-checked until resolved)."""
    if full:
        pairs = (
            selectors.sequenced()
            .exclude(storage_name="")
            .values_list("storage_name", "sha256")
            .distinct()
            .order_by("storage_name", "sha256")
        )
        for storage_name, sha256 in pairs.iterator(chunk_size=CHUNK):
            yield storage_name, sha256, None
        return
    seen = set(report.file_leaves)
    yield from ((name, sha, leaf) for (name, sha), leaf in sorted(report.file_leaves.items()))
    open_leaves = AuditFinding.objects.filter(
        resolved_at__isnull=True, kind__in=["file_hash", "file_missing"], leaf__isnull=False
    ).values_list("leaf", flat=True)
    for name, sha, leaf in LedgerRecord.objects.filter(index__in=list(open_leaves)).values_list(
        "storage_name", "sha256", "index"
    ):
        if name and (name, sha) not in seen:
            yield name, sha, leaf


def _verify_files(report: AuditReport, *, full: bool) -> None:
    for storage_name, sha256, leaf in _file_pairs(report, full=full):
        report.files += 1
        ref = f"file:{storage_name}"[:255]
        try:
            digest = hashlib.sha256()
            with blob_open(storage_name) as fh:
                while chunk := fh.read(FILE_CHUNK):
                    digest.update(chunk)
        except (FileNotFoundError, OSError):
            report.problems.append(("file_missing", ref, f"存证文件 {storage_name} 无法读取或已被删除"))
            report.problem_leaves[("file_missing", ref)] = leaf if leaf is not None else _leaf_of(storage_name, sha256)
            continue
        if digest.hexdigest() != sha256:
            report.problems.append(
                ("file_hash", ref, f"存证文件 {storage_name} 的SHA-256与存证记录不符，文件可能被篡改")
            )
            report.problem_leaves[("file_hash", ref)] = leaf if leaf is not None else _leaf_of(storage_name, sha256)


def _leaf_of(storage_name: str, sha256: str) -> int | None:
    """A leaf naming this file (the sha256 column is indexed): what the next incremental run re-checks it by."""
    return (
        LedgerRecord.objects.filter(sha256=sha256, storage_name=storage_name)
        .order_by("index")
        .values_list("index", flat=True)
        .first()
    )


def _admins():  # type: ignore[no-untyped-def]
    """Who is told of a finding: whoever the permission table lets resolve findings."""
    from smartcourt.courts.permissions import Action, Resource, roles_with
    from smartcourt.courts.selectors import users_active_with_roles

    roles = roles_with(resource=Resource.LEDGER_AUDIT, action=Action.CHANGE)
    return users_active_with_roles(roles=roles)


@transaction.atomic
def _record(report: AuditReport) -> None:
    now = timezone.now()
    if report.mark is not None and report.tree_ok:
        size, root, frontier = report.mark
        LedgerAuditMark.objects.create(
            tree_size=size, root_hash=root, frontier=",".join(h.hex() for h in frontier), full=report.full,
            leaves=report.leaves, seconds=round(report.seconds, 3), audited_at=now,
        )  # fmt: skip
    for kind, ref, detail in report.problems:
        finding = AuditFinding.objects.filter(kind=kind, ref=ref, resolved_at__isnull=True).first()
        if finding is not None:
            finding.last_seen_at = now
            finding.detail = detail
            finding.save(update_fields=["last_seen_at", "detail"])
            continue
        finding = AuditFinding.objects.create(
            kind=kind, ref=ref, detail=detail, found_at=now, last_seen_at=now,
            leaf=report.problem_leaves.get((kind, ref)),
        )  # fmt: skip
        report.new_findings.append(finding)
        audit_record(
            actor=SYSTEM, action=AuditAction.LEDGER_AUDIT_FINDING, target=finding, extra={"kind": kind, "ref": ref}
        )
    if report.new_findings:
        title = f"存证账本审计发现 {len(report.new_findings)} 处异常"
        body = "；".join(f.detail for f in report.new_findings[:5])
        try:
            from django.urls import reverse

            link = reverse("ledger:findings")
        except Exception:
            link = ""
        for admin in _admins():
            notification_send(recipient=admin, title=title, body=body, link=link, topic="ledger.audit")


def ledger_verify(*, resume: Resume | None = None, files: bool = True, full: bool = False) -> AuditReport:
    """Verify the log from `resume` (default: the last audit mark; `full`: from leaf 0) and, with `files`, the stored
    files; a pure check: nothing is recorded (see `ledger_audit`). An open finding about the tree makes the run full:
    until it is resolved, every run looks at the whole tree again."""
    started = time.perf_counter()
    if full or AuditFinding.objects.filter(resolved_at__isnull=True, kind__in=TREE_KINDS).exists():
        resume, full = Resume(), True
    elif resume is None:
        resume = _resume_from_mark()
    full = full or resume.size == 0
    report = AuditReport(full=full)
    _verify_tree(report, resume)
    if files:
        _verify_files(report, full=full)
    report.seconds = time.perf_counter() - started
    return report


def ledger_audit(*, files: bool = True, full: bool = False) -> AuditReport:
    """Re-verify the log — the leaves added since the last audit mark, or all of them (`full`, or when there is no
    usable mark) — and, with `files`, the stored files of those leaves; store and announce what does not match, and
    leave a mark at the last checkpoint verified clean, for the next run to resume from."""
    report = ledger_verify(files=files, full=full)
    _record(report)
    if report.problems:
        logger.error("ledger audit: %d problems (%d new)", len(report.problems), len(report.new_findings))
    return report


def ledger_audit_from(*, size: int, root_hash: str, files: bool = True) -> AuditReport:
    """Verify the log from a checkpoint a caller kept (a backup's): the checkpoint of `size` must exist with
    `root_hash` and the stored tree must fold to it; then every leaf after it, every later checkpoint and their
    consistency with it, and the files of those leaves. A pure check (nothing recorded); raises LookupError when
    the log holds no such checkpoint (a restore that lost or forked the log)."""
    resume = resume_from(size=size, root_hash=root_hash)
    if resume is None:
        raise LookupError(f"the ledger has no checkpoint of size {size} with root {root_hash}")
    return ledger_verify(resume=resume, files=files)


@transaction.atomic
def ledger_finding_resolve(*, finding: AuditFinding, actor, resolution: str) -> AuditFinding:  # type: ignore[no-untyped-def]
    """Close a finding with a note of what was done (the next audit reopens it if the problem remains)."""
    finding = AuditFinding.objects.select_for_update().get(pk=finding.pk)
    if finding.resolved_at is None:
        finding.resolved_at = timezone.now()
        finding.resolved_by = actor
        finding.resolution = resolution[:2000]
        finding.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        audit_record(
            actor=actor, action=AuditAction.LEDGER_AUDIT_FINDING_RESOLVE, target=finding, reason=resolution[:200]
        )
    return finding
