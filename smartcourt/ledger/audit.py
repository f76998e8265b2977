"""The ledger auditor: re-verify the whole log and the stored files, raise an alert on any mismatch.

One streaming pass over the leaves in index order:
- each stored entry must still be canonical, its columns (kind, subject, sha256) must agree with it, and
  SHA-256(0x00 ‖ entry) must equal the stored leaf hash; indexes must run 0, 1, 2 … without a gap;
- every perfect subtree is recomputed from the leaves and compared with the stored node;
- at each checkpoint's size the recomputed root must equal the checkpoint's root; its signature must verify with
  the court key; consecutive checkpoints must be consistent (RFC 9162 consistency proof from the stored nodes);
- at the end the recomputed root must equal the tree head.
Then every stored file named by an entry is re-hashed from the file store (`core.intake.store`).

A mismatch becomes an `AuditFinding` (one open finding per problem, re-seen on later runs, not duplicated) and an
in-site notification to every system administrator. Run by `ledger_audit_task` or `manage.py ledger_audit`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from smartcourt.core.actors import SYSTEM
from smartcourt.core.intake.store import blob_open
from smartcourt.core.services import AuditAction, audit_record, notification_send

from . import keys, merkle, note, selectors
from .entries import entry_parse
from .models import NODE_MIN_LEVEL, AuditFinding, LedgerCheckpoint, LedgerNode, LedgerRecord, LedgerTreeHead, node_key

logger = logging.getLogger(__name__)
CHUNK = 2000
FILE_CHUNK = 1 << 20


@dataclass
class AuditReport:
    leaves: int = 0
    nodes: int = 0
    checkpoints: int = 0
    files: int = 0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, ref, detail)
    new_findings: list[AuditFinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _verify_tree(report: AuditReport) -> None:
    checkpoints = list(LedgerCheckpoint.objects.order_by("tree_size"))
    by_size = {c.tree_size: c for c in checkpoints}
    stack: list[tuple[int, bytes]] = []
    expected_index = 0
    last = -1
    while True:
        rows = list(
            LedgerRecord.objects.filter(index__gt=last)
            .order_by("index")
            .values_list("index", "leaf_hash", "entry", "kind", "subject", "sha256")[:CHUNK]
        )
        if not rows:
            break
        computed_nodes: dict[int, bytes] = {}
        for index, stored_leaf, entry, kind, subject, sha256 in rows:
            ref = f"leaf:{index}"
            if index != expected_index:
                report.problems.append(
                    ("gap", f"leaf:{expected_index}", f"叶序号 {expected_index} 缺失，下一条为 {index}")
                )
                expected_index = index  # continue from here; the roots will not match any more
            h = merkle.leaf_hash(entry.encode())
            if h.hex() != stored_leaf:
                report.problems.append(("leaf_hash", ref, f"条目 #{index} 重新计算的叶哈希与存储值不符"))
            try:
                parsed = entry_parse(entry)
                if (parsed["kind"], parsed["subject"], parsed["sha256"]) != (kind, subject, sha256):
                    report.problems.append(("entry_fields", ref, f"条目 #{index} 的类型/对象/哈希字段与条目内容不符"))
            except (ValueError, KeyError):
                report.problems.append(("entry_fields", ref, f"条目 #{index} 不是规范的JSON条目"))
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
        stored = dict(LedgerNode.objects.filter(key__in=list(computed_nodes)).values_list("key", "hash"))
        for key, value in computed_nodes.items():
            report.nodes += 1
            if key not in stored or bytes(stored[key]) != value:
                level, pos = key >> 56, key & ((1 << 56) - 1)
                report.problems.append(("node", f"node:{level}/{pos}", f"第 {level} 层第 {pos} 个节点缺失或哈希不符"))
        last = rows[-1][0]
    head = LedgerTreeHead.objects.filter(pk=1).first()
    root = merkle.fold([x for _, x in stack]).hex()
    if head is not None and (head.size != report.leaves or head.root_hash != root):
        report.problems.append(("root", "tree_head", f"树头（{head.size}）与重算结果（{report.leaves}）不符"))
    _verify_checkpoints(report, checkpoints)


def _verify_checkpoints(report: AuditReport, checkpoints: list[LedgerCheckpoint]) -> None:
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
        if checkpoint.tree_size > report.leaves:
            report.problems.append(
                ("checkpoint_root", ref, f"检查点 {checkpoint.tree_size} 超出账本大小 {report.leaves}")
            )
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


def _verify_files(report: AuditReport) -> None:
    pairs = (
        LedgerRecord.objects.exclude(storage_name="")
        .values_list("storage_name", "sha256")
        .distinct()
        .order_by("storage_name", "sha256")
    )
    for storage_name, sha256 in pairs.iterator(chunk_size=CHUNK):
        report.files += 1
        ref = f"file:{storage_name}"[:255]
        try:
            digest = hashlib.sha256()
            with blob_open(storage_name) as fh:
                while chunk := fh.read(FILE_CHUNK):
                    digest.update(chunk)
        except (FileNotFoundError, OSError):
            report.problems.append(("file_missing", ref, f"存证文件 {storage_name} 无法读取或已被删除"))
            continue
        if digest.hexdigest() != sha256:
            report.problems.append(
                ("file_hash", ref, f"存证文件 {storage_name} 的SHA-256与存证记录不符，文件可能被篡改")
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
    for kind, ref, detail in report.problems:
        finding = AuditFinding.objects.filter(kind=kind, ref=ref, resolved_at__isnull=True).first()
        if finding is not None:
            finding.last_seen_at = now
            finding.detail = detail
            finding.save(update_fields=["last_seen_at", "detail"])
            continue
        finding = AuditFinding.objects.create(kind=kind, ref=ref, detail=detail, found_at=now, last_seen_at=now)
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


def ledger_audit(*, files: bool = True) -> AuditReport:
    """Re-verify the log (and, with `files`, the stored files); store and announce what does not match."""
    report = AuditReport()
    _verify_tree(report)
    if files:
        _verify_files(report)
    _record(report)
    if report.problems:
        logger.error("ledger audit: %d problems (%d new)", len(report.problems), len(report.new_findings))
    return report


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
