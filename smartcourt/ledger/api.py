"""Public ledger API (no login): the latest checkpoint, inclusion and consistency proofs, proof bundles, lookups,
and witness cosignatures. Hashes are lowercase or uppercase hex; proofs are lists of hex hashes, leaf side first
(RFC 9162 §2.1.3 / §2.1.4). Every refusal is 4xx JSON `{code, message}` with a Chinese message.

Entries (which name the case and say when a party was served or read a document) are public only to whoever asks
by the content SHA-256, i.e. holds the file; asked by a leaf hash, the proofs answer without the entry. Browsing
the entries (`/entries`) needs a login with the ledger-audit grant of the permission table (ADR 0015)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import Forbidden, NotFound
from smartcourt.core.params import int_param
from smartcourt.core.services import AuditAction, AuditKind, audit_record
from smartcourt.courts.permissions import Action, Resource, permits, public

from . import keys, selectors, services
from .entries import SHA256_RE
from .models import LedgerCheckpoint

router = Router(tags=["存证账本"])


class CosignatureOut(Schema):
    witness: str
    signature: str


class CheckpointOut(Schema):
    origin: str
    tree_size: int
    root_hash: str = Field(..., description="树根，十六进制")
    published_at: datetime
    note: str = Field(..., description="C2SP 签名检查点全文（含本院签名和见证签名行）")
    verifier_key: str = Field(..., description="签名验证公钥（signed-note 格式：名称+密钥哈希+base64）")
    key_fingerprint: str
    cosignatures: list[CosignatureOut]


class InclusionOut(Schema):
    leaf_index: int
    tree_size: int
    leaf_hash: str
    entry: str | None = Field(
        ..., description="规范条目（其 UTF-8 字节即叶数据）；按叶哈希查询时不公开（null），按内容SHA-256查询时给出"
    )
    proof: list[str]
    root_hash: str
    checkpoint: str | None = Field(None, description="该树大小的签名检查点（若已发布）")


class ConsistencyOut(Schema):
    first: int
    second: int
    first_root: str
    second_root: str
    proof: list[str]


class RecordOut(Schema):
    leaf_index: int
    leaf_hash: str
    kind: str
    subject: str
    sha256: str
    recorded_at: datetime
    entry: str


class LookupOut(Schema):
    status: str = Field(..., description="recorded 已入账 | pending 待入账 | unknown 未存证")
    records: list[RecordOut]


class ProofBundleOut(Schema):
    format: str
    entry: str
    leaf_index: int
    leaf_hash: str
    tree_size: int
    inclusion_proof: list[str]
    checkpoint: str


class EntriesOut(Schema):
    entries: list[RecordOut]
    next_before: int | None = Field(None, description="下一页：以此值作为 before 参数；没有更多时为 null")


class CosignIn(Schema):
    signed_note: str = Field(..., description="见证方对同一检查点正文签名后的签名文本")


def _hash_param(value: str | None, *, field: str = "hash") -> str:
    value = (value or "").strip().lower()
    if not SHA256_RE.match(value):
        raise selectors.ProofRequestError(
            _("哈希值应为64位十六进制（SHA-256）。"), code="ledger.bad_hash", extra={"field": field}
        )
    return value


def _int_param(value: str | None, *, field: str, default: int | None = None) -> int:
    if value in (None, ""):
        if default is None:
            raise selectors.ProofRequestError(_("缺少参数 %(field)s。") % {"field": field}, extra={"field": field})
        return default
    number = int_param(value)  # ASCII digits within 64 bits: a larger size is no tree size the database can hold
    if number is None:
        raise selectors.ProofRequestError(
            _("参数 %(field)s 必须是非负整数。") % {"field": field}, extra={"field": field}
        )
    return number


def _record_out(r: Any) -> dict[str, Any]:
    return {
        "leaf_index": r.index,
        "leaf_hash": r.leaf_hash,
        "kind": r.kind,
        "subject": r.subject,
        "sha256": r.sha256,
        "recorded_at": r.recorded_at,
        "entry": r.entry,
    }


def checkpoint_out(checkpoint: LedgerCheckpoint) -> dict[str, Any]:
    key = keys.signing_key()
    return {
        "origin": checkpoint.origin,
        "tree_size": checkpoint.tree_size,
        "root_hash": checkpoint.root_hash,
        "published_at": checkpoint.published_at,
        "note": checkpoint.note,
        "verifier_key": key.verifier_key,
        "key_fingerprint": key.fingerprint,
        "cosignatures": [
            {"witness": c.witness_name, "signature": c.signature}
            for c in checkpoint.cosignatures.order_by("witness_name")
        ],
    }


@router.get(
    "/checkpoint",
    auth=None,
    openapi_extra=refuses("size 须为非负整数（ledger.bad_request）"),
    response={200: CheckpointOut, **errors(404)},
    summary="最新签名检查点（或指定树大小的检查点）",
)
@public("the public signed checkpoint of the transparency log")
def checkpoint_get(request: HttpRequest, size: str | None = None) -> dict[str, Any]:
    if size not in (None, ""):
        checkpoint = selectors.checkpoint_for_size(_int_param(size, field="size"))
    else:
        checkpoint = selectors.checkpoint_latest()
    if checkpoint is None:
        raise NotFound(_("尚未发布该检查点。"))
    return checkpoint_out(checkpoint)


@router.get(
    "/proof/inclusion",
    auth=None,
    openapi_extra=refuses(
        "hash 必填，为64位十六进制（ledger.bad_hash）；size 须为非负整数，且不小于该条目的位置、不大于树的大小"
    ),
    response={200: InclusionOut, **errors(404)},
    summary="包含证明（叶哈希或内容SHA-256）",
)
@public("a public inclusion proof: hashes only")
def inclusion_get(request: HttpRequest, hash: str | None = None, size: str | None = None) -> dict[str, Any]:
    value = _hash_param(hash)
    record, matched = selectors.record_match(value=value)
    if record is None:
        raise NotFound(_("账本中没有该哈希的存证记录。"), code="ledger.not_recorded")
    latest = selectors.checkpoint_latest()
    default = latest.tree_size if latest is not None and latest.tree_size > record.index else selectors.tree_size()
    tree_size = _int_param(size, field="size", default=default)
    proof = selectors.inclusion_proof(index=record.index, size=tree_size)
    checkpoint = selectors.checkpoint_for_size(tree_size)
    return {
        "leaf_index": record.index,
        "tree_size": tree_size,
        "leaf_hash": record.leaf_hash,
        "entry": record.entry if matched == "content" else None,  # a leaf hash proves inclusion, reveals nothing
        "proof": [p.hex() for p in proof],
        "root_hash": selectors.root_at(tree_size).hex(),
        "checkpoint": checkpoint.note if checkpoint else None,
    }


@router.get(
    "/proof/consistency",
    auth=None,
    response=ConsistencyOut,
    openapi_extra=refuses("first 必填；first、second 须为非负整数，first 不大于 second，second 不大于树的大小"),
    summary="一致性证明（两个树大小之间）",
)
@public("a public consistency proof: hashes only")
def consistency_get(request: HttpRequest, first: str | None = None, second: str | None = None) -> dict[str, Any]:
    size1 = _int_param(first, field="first")
    size2 = _int_param(second, field="second", default=selectors.tree_size())
    proof = selectors.consistency_proof(first=size1, second=size2)
    return {
        "first": size1,
        "second": size2,
        "first_root": selectors.root_at(size1).hex(),
        "second_root": selectors.root_at(size2).hex(),
        "proof": [p.hex() for p in proof],
    }


@router.get(
    "/records",
    auth=None,
    response=LookupOut,
    openapi_extra=refuses("sha256 必填，为64位十六进制（ledger.bad_hash）"),
    summary="按内容SHA-256查询存证记录",
)
@public("whether a content hash is recorded: hashes and entry texts only")
def records_get(request: HttpRequest, sha256: str | None = None) -> dict[str, Any]:
    value = _hash_param(sha256, field="sha256")
    records = selectors.ledger_records_for_sha256(sha256=value)
    return {
        "status": selectors.ledger_status_for_sha256(sha256=value),
        "records": [_record_out(r) for r in records],  # asked by the content hash: the file's holder
    }


@router.get(
    "/proof/bundle",
    auth=None,
    response={200: ProofBundleOut, **errors(404)},
    openapi_extra=refuses("hash 必填，为64位十六进制（ledger.bad_hash）"),
    summary="离线验证用证明包",
)
@public("the public proof bundle: hashes, a proof path and a signed checkpoint only")
def bundle_get(request: HttpRequest, hash: str | None = None) -> dict[str, Any]:
    found = selectors.lookup(value=_hash_param(hash))
    if found.record is None:
        raise NotFound(_("账本中没有该哈希的存证记录。"), code="ledger.not_recorded")
    if not found.entry_public:  # the bundle carries the entry
        raise Forbidden(selectors.ENTRY_PRIVATE, code="ledger.entry_private")
    if found.checkpoint is None:
        raise NotFound(_("该条目已入账，但尚无覆盖它的检查点，请稍后再试。"), code="ledger.no_checkpoint_yet")
    return selectors.proof_bundle(record=found.record, checkpoint=found.checkpoint)


@router.get("/entries", response=EntriesOut, summary="浏览存证条目（需登录，账本审计权限）")
def entries_get(request: HttpRequest, before: str | None = None, limit: str | None = None) -> dict[str, Any]:
    user: Any = getattr(request, "auth", None)  # the signed-in user (TokenAuth / SessionAuth of the API)
    if not permits(user=user, resource=Resource.LEDGER_AUDIT, action=Action.VIEW):
        raise Forbidden(_("浏览存证条目仅限具有账本审计权限的本院工作人员。"), code="ledger.entries_forbidden")
    start = _int_param(before, field="before", default=0) or None
    size = max(1, min(_int_param(limit, field="limit", default=50), 200))
    records = selectors.ledger_entries(before=start, limit=size)
    audit_record(actor=user, action=AuditAction.LEDGER_ENTRIES_VIEWED, kind=AuditKind.READ, reason="浏览存证条目",
                 extra={"before": start, "count": len(records), "via": "api"})  # fmt: skip
    return {
        "entries": [_record_out(r) for r in records],
        "next_before": records[-1].index if len(records) == size and records[-1].index > 0 else None,
    }


@router.post(
    "/checkpoint/cosign",
    auth=None,
    response={200: list[CosignatureOut], **errors(404, 409)},
    openapi_extra=refuses(
        "signed_note 须为本院某一检查点的 C2SP 签名文本，且签名可由已登记的见证方公钥验证（ledger.invalid）"
    ),
    summary="提交见证签名",
)
@public("a witness's cosignature: accepted only when it verifies against a registered witness key")
def cosign_post(request: HttpRequest, payload: CosignIn) -> list[dict[str, str]]:
    from . import note

    try:
        body = note.parse_checkpoint_body(note.parse_note(payload.signed_note).text)
    except note.NoteError as exc:
        raise services.LedgerInputError(_("检查点格式错误：%(reason)s") % {"reason": exc}) from exc
    checkpoint = selectors.checkpoint_for_size(body.size)
    if checkpoint is None:
        raise NotFound(_("没有该树大小的检查点。"))
    stored = services.ledger_cosignature_add(checkpoint=checkpoint, signed_note=payload.signed_note, actor=request.user)
    return [{"witness": c.witness_name, "signature": c.signature} for c in stored]


routers = [("/ledger", router)]
