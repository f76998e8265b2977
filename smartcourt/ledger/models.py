"""The court's transparency log (存证账本): queued anchors, sequenced leaves, stored perfect subtrees, the tree head,
signed checkpoints, witness cosignatures and the auditor's findings.

Storage layout (docs/decisions/0005-ledger.md, 0026-ledger-leaves-written-once.md):
- `LedgerRecord` — one leaf per row, written ONCE, by the anchoring transaction: primary key = leaf index (0-based,
  allocated at anchoring from `ledger_leaf_index` on PostgreSQL, max + 1 under SQLite's write lock), so a duplicate
  index cannot exist; `entry` is the canonical JSON whose bytes are the leaf data; `leaf_hash` = SHA-256(0x00 ‖
  entry). A leaf whose index is below the tree head's size is in the tree ("recorded"); at or above it, it waits
  for the flusher ("pending"). An index allocated by an anchor that rolled back becomes a void leaf
  (kind `ledger.void`), written by the flusher, so the tree has no hole.
- `LedgerNode` — every perfect subtree of height ≥ NODE_MIN_LEVEL (4: 16 leaves), written once when it completes;
  key = level << 56 | index. Lower subtrees are recomputed from at most 16 adjacent leaf rows, which a proof reads
  anyway, so node rows are n/8 instead of n. Any root or proof for any tree size composes from O(log n) rows.
- `LedgerTreeHead` — the singleton row the one writer locks; size and root after the last flush.
- `LedgerAuditMark` — where each audit run stopped: tree size, root and compact range (the frontier), so the next
  run resumes there and verifies only the new leaves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NODE_LEVEL_SHIFT = 56
VOID_KIND = "ledger.void"  # the entry of an index allocated by an anchor that rolled back
LEAF_INDEX_SEQUENCE = "ledger_leaf_index"  # PostgreSQL: allocates leaf indexes to anchors (migration 0002)
NODE_MIN_LEVEL = 4  # perfect subtrees below this height are not stored (recomputed from ≤ 16 leaf hashes)
TILE_WIDTH = 1 << NODE_MIN_LEVEL  # leaf hashes kept in each node of the lowest stored level


def node_key(level: int, index: int) -> int:
    """Primary key of the perfect subtree at `level` (≥ 1) covering leaves [index·2^level, (index+1)·2^level)."""
    return level << NODE_LEVEL_SHIFT | index


class LedgerRecord(models.Model):
    """One leaf of the log: the canonical entry and its RFC 9162 leaf hash. Written once, by the anchor; never
    changed (sequencing writes only the nodes and the head)."""

    index = models.BigIntegerField(_("叶序号"), primary_key=True)
    leaf_hash = models.CharField(_("叶哈希"), max_length=64, db_index=True)
    entry = models.TextField(_("规范条目"))
    kind = models.CharField(_("类型"), max_length=64)
    subject = models.CharField(_("对象"), max_length=255, db_index=True)
    sha256 = models.CharField(_("内容SHA-256"), max_length=64, db_index=True)
    storage_name = models.CharField(_("存储名"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("存证时间"))

    class Meta:
        verbose_name = _("账本条目")
        verbose_name_plural = _("账本条目")
        ordering = ["index"]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.subject}"

    @property
    def is_void(self) -> bool:
        return self.kind == VOID_KIND

    def checkpoint(self) -> LedgerCheckpoint | None:
        """The earliest published checkpoint whose tree contains this leaf."""
        return LedgerCheckpoint.objects.filter(tree_size__gt=self.index).order_by("tree_size").first()

    def latest_checkpoint(self) -> LedgerCheckpoint | None:
        """The newest checkpoint, if it covers this leaf."""
        latest = LedgerCheckpoint.objects.order_by("-tree_size").first()
        return latest if latest is not None and latest.tree_size > self.index else None


class LedgerNode(models.Model):
    """A perfect subtree hash (height ≥ NODE_MIN_LEVEL), stored once when its last leaf arrives. A node of the lowest
    stored level also keeps its 16 leaf hashes (`leaves`, 16 × 32 bytes: a tile), so a proof reads the low part of
    its path from this one row instead of 16 leaf rows (ADR 0026)."""

    key = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField(max_length=32)
    leaves = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = _("账本节点")
        verbose_name_plural = _("账本节点")

    def __str__(self) -> str:
        return f"node {self.level}/{self.position}"

    @property
    def level(self) -> int:
        return self.key >> NODE_LEVEL_SHIFT

    @property
    def position(self) -> int:
        return self.key & ((1 << NODE_LEVEL_SHIFT) - 1)


class LedgerTreeHead(models.Model):
    """The singleton (pk=1) the one writer locks while sequencing: size and root of the whole tree."""

    size = models.BigIntegerField(default=0)
    root_hash = models.CharField(
        max_length=64, default="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("账本树头")
        verbose_name_plural = _("账本树头")

    def __str__(self) -> str:
        return f"tree size {self.size}"


class LedgerAuditMark(models.Model):
    """Where an audit run stopped: the tree it verified (size, root) and that tree's compact range — the perfect
    subtree hashes of [0, size), largest first, hex, comma separated — from which the next run resumes. A run that
    found a problem in the tree leaves no mark past it, so the next one verifies it again."""

    tree_size = models.BigIntegerField(_("审计至树大小"))
    root_hash = models.CharField(_("根哈希"), max_length=64)
    frontier = models.TextField(_("紧凑范围"), blank=True)
    full = models.BooleanField(_("全量审计"), default=False)
    leaves = models.BigIntegerField(_("本次核验叶数"), default=0)
    seconds = models.FloatField(_("耗时（秒）"), default=0)
    audited_at = models.DateTimeField(_("审计时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("审计进度")
        verbose_name_plural = _("审计进度")
        ordering = ["-tree_size", "-audited_at"]

    def __str__(self) -> str:
        return f"audit @ {self.tree_size}"

    def frontier_hashes(self) -> list[bytes]:
        return [bytes.fromhex(h) for h in self.frontier.split(",") if h]


class LedgerCheckpoint(models.Model):
    """A signed tree head in the C2SP signed-note checkpoint format."""

    tree_size = models.BigIntegerField(_("树大小"), unique=True)
    root_hash = models.CharField(_("根哈希"), max_length=64)
    origin = models.CharField(_("日志标识"), max_length=200)
    key_name = models.CharField(_("签名密钥名"), max_length=200)
    key_id = models.CharField(_("密钥哈希"), max_length=8)
    body = models.TextField(_("检查点正文"))
    signature = models.CharField(_("签名"), max_length=200)  # base64(key hash ‖ Ed25519 signature)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("检查点")
        verbose_name_plural = _("检查点")
        ordering = ["-tree_size"]

    def __str__(self) -> str:
        return f"{self.origin} #{self.tree_size}"

    def signature_lines(self) -> list[str]:
        lines = [f"— {self.key_name} {self.signature}"]
        lines += [f"— {c.witness_name} {c.signature}" for c in self.cosignatures.order_by("witness_name")]
        return lines

    @property
    def note(self) -> str:
        """The whole signed note: body, blank line, the court's signature, then any witness cosignatures."""
        return self.body + "\n" + "".join(line + "\n" for line in self.signature_lines())


class LedgerWitness(models.Model):
    """Another court (or an independent witness) whose key may cosign our checkpoints."""

    name = models.CharField(_("见证方名称"), max_length=200, unique=True)
    verifier_key = models.CharField(_("验证公钥"), max_length=300)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("见证方")
        verbose_name_plural = _("见证方")

    def __str__(self) -> str:
        return self.name


class LedgerCosignature(models.Model):
    """A witness's signature over the same checkpoint body (one more signed-note signature line)."""

    checkpoint = models.ForeignKey(LedgerCheckpoint, on_delete=models.PROTECT, related_name="cosignatures")
    witness = models.ForeignKey(LedgerWitness, on_delete=models.PROTECT, related_name="cosignatures")
    witness_name = models.CharField(max_length=200)
    signature = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("见证签名")
        verbose_name_plural = _("见证签名")
        constraints = [models.UniqueConstraint(fields=["checkpoint", "witness"], name="ledger_cosig_once")]

    def __str__(self) -> str:
        return f"{self.witness_name} @ {self.checkpoint_id}"


class AuditFinding(models.Model):
    """A mismatch the auditor found: the log or a stored file no longer matches what was recorded."""

    class Kind(models.TextChoices):
        LEAF_HASH = "leaf_hash", _("条目与叶哈希不符")
        ENTRY_FIELDS = "entry_fields", _("条目字段被改动")
        GAP = "gap", _("叶序号不连续")
        NODE = "node", _("内部节点哈希不符")
        ROOT = "root", _("树根不符")
        CHECKPOINT_SIGNATURE = "checkpoint_signature", _("检查点签名无效")
        CHECKPOINT_ROOT = "checkpoint_root", _("检查点与账本不一致")
        CONSISTENCY = "consistency", _("相邻检查点不一致")
        FILE_MISSING = "file_missing", _("存证文件缺失")
        FILE_HASH = "file_hash", _("存证文件内容被改动")

    kind = models.CharField(_("问题类型"), max_length=32, choices=Kind.choices)
    ref = models.CharField(_("涉及对象"), max_length=255)
    leaf = models.BigIntegerField(_("涉及叶序号"), null=True, blank=True)  # a file finding: a leaf naming the file
    detail = models.TextField(_("详情"))
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now, db_index=True)
    last_seen_at = models.DateTimeField(_("最近复核"), default=timezone.now)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("审计发现")
        verbose_name_plural = _("审计发现")
        ordering = ["-found_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "ref"], condition=models.Q(resolved_at__isnull=True), name="ledger_finding_open_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.ref}"
