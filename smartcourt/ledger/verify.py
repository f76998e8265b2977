"""Offline verifier for the court's ledger — standard library only, no server to trust.

    python -m smartcourt.ledger.verify FILE --proof PROOF.json --key KEY.txt [--checkpoint CHECKPOINT.txt]
                                            [--consistency CONSISTENCY.json]

It (1) hashes FILE with SHA-256 and checks it equals the `sha256` of the ledger entry in the proof bundle,
(2) recomputes the leaf hash SHA-256(0x00 ‖ entry) (RFC 9162 §2.1.1), (3) verifies the inclusion proof against the
root of the checkpoint, and (4) verifies the checkpoint's Ed25519 signature with the court key. Exit 0 only if
everything holds; 1 when a check fails; 2 when an input cannot be read.

File formats (docs/decisions/0005-ledger.md):
- PROOF.json — the proof bundle from the verification page (「下载证明包」) or GET /api/v1/ledger/proof/bundle:
  {"format": "smartcourt-ledger-proof/v1", "entry": "<canonical JSON text>", "leaf_index": N, "leaf_hash": "<hex>",
   "tree_size": M, "inclusion_proof": ["<hex>", …], "checkpoint": "<signed note text>"}
- KEY.txt — the court's verifier key in signed-note form `<name>+<8 hex key hash>+<base64(0x01 ‖ 32-byte key)>`
  (from /ledger/key.txt or the court's public notice), or the raw base64 of the 32-byte Ed25519 public key.
- CHECKPOINT.txt — optional: a signed checkpoint obtained separately (e.g. /ledger/checkpoint.txt, or from a
  witness); default: the one inside the bundle. If its tree size differs from the bundle's, pass
  CONSISTENCY.json, the answer of GET /api/v1/ledger/proof/consistency?first=<bundle size>&second=<its size>.

Imports only the standard library and the ledger's pure modules (merkle, note, ed25519).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from pathlib import Path

from smartcourt.ledger import merkle, note

OK, FAILED, UNREADABLE = 0, 1, 2
BUNDLE_FORMAT = "smartcourt-ledger-proof/v1"


class Failure(Exception):
    def __init__(self, code: int, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en


def _read_text(path: str, what_zh: str, what_en: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Failure(UNREADABLE, f"无法读取{what_zh}：{path}", f"cannot read the {what_en}: {path} ({exc})") from exc


def _hash_file(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        raise Failure(UNREADABLE, f"无法读取文件：{path}", f"cannot read the file: {path} ({exc})") from exc
    return digest.hexdigest()


def _hex32(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise Failure(UNREADABLE, f"证明包中的{what}不是十六进制字符串", f"{what} in the bundle is not a hex string")
    try:
        raw = bytes.fromhex(value)
    except ValueError as exc:
        raise Failure(UNREADABLE, f"证明包中的{what}不是十六进制", f"{what} in the bundle is not hex") from exc
    if len(raw) != 32:
        raise Failure(UNREADABLE, f"证明包中的{what}不是32字节", f"{what} in the bundle is not 32 bytes")
    return raw


def _int(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Failure(
            UNREADABLE, f"证明包中的{what}不是非负整数", f"{what} in the bundle is not a non-negative integer"
        )
    return value


def load_bundle(path: str) -> dict:
    try:
        bundle = json.loads(_read_text(path, "证明包", "proof bundle"))
    except json.JSONDecodeError as exc:
        raise Failure(UNREADABLE, "证明包不是有效的JSON", f"the proof bundle is not valid JSON ({exc})") from exc
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise Failure(UNREADABLE, f"证明包格式应为 {BUNDLE_FORMAT}", f"the proof bundle format must be {BUNDLE_FORMAT}")
    if not isinstance(bundle.get("entry"), str) or not isinstance(bundle.get("inclusion_proof"), list):
        raise Failure(UNREADABLE, "证明包缺少条目或包含证明", "the proof bundle lacks the entry or the inclusion proof")
    return bundle


def load_key(path: str, default_name: str) -> note.Verifier:
    text = _read_text(path, "公钥文件", "key file").strip()
    parts = text.split("+", 2)
    try:
        if len(parts) == 3 and len(parts[1]) == 8 and all(c in "0123456789abcdef" for c in parts[1]):
            return note.parse_verifier_key(text)  # <name>+<hash>+<base64(0x01 ‖ key)>
        raw = base64.b64decode(text, validate=True)
    except note.NoteError as exc:
        raise Failure(UNREADABLE, f"公钥文件无效：{exc}", f"invalid key file: {exc}") from exc
    except (binascii.Error, ValueError) as exc:
        raise Failure(
            UNREADABLE,
            "公钥文件既不是验证公钥串，也不是base64公钥",
            "the key file is neither a verifier key nor base64",
        ) from exc
    if len(raw) != 32:
        raise Failure(UNREADABLE, "base64 公钥应为32字节", "a raw base64 key must be 32 bytes")
    return note.Verifier(name=default_name, hash=note.key_hash(default_name, raw), public_key=raw)


def _open_checkpoint(text: str, key_path: str) -> tuple[note.Checkpoint, note.Verifier]:
    try:
        parsed = note.parse_note(text)
        body = note.parse_checkpoint_body(parsed.text)
    except note.NoteError as exc:
        raise Failure(UNREADABLE, f"检查点格式错误：{exc}", f"malformed checkpoint: {exc}") from exc
    verifier = load_key(key_path, body.origin)
    if not note.verify_note(parsed, verifier):
        raise Failure(
            FAILED,
            "检查点签名无效：检查点不是该公钥所签，或已被改动",
            "checkpoint signature invalid: not signed by this key, or altered",
        )
    return body, verifier


def run(args: argparse.Namespace) -> list[tuple[str, str]]:
    """All the checks; returns the summary lines (zh, en) or raises Failure."""
    lines: list[tuple[str, str]] = []
    file_sha = _hash_file(args.file)
    bundle = load_bundle(args.proof)
    entry_text: str = bundle["entry"]
    try:
        entry = json.loads(entry_text)
        claimed_sha = entry["sha256"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise Failure(
            UNREADABLE, "证明包中的条目不是有效的账本条目", "the entry in the bundle is not a ledger entry"
        ) from exc
    if file_sha != claimed_sha:
        raise Failure(
            FAILED,
            f"文件的SHA-256（{file_sha}）与存证条目中的哈希（{claimed_sha}）不符：文件不是被存证的那一份，或已被改动",
            f"file SHA-256 {file_sha} does not match the entry's {claimed_sha}: not the recorded file, or altered",
        )
    lines.append((f"文件SHA-256与存证条目一致：{file_sha}", "file SHA-256 matches the ledger entry"))

    leaf = merkle.leaf_hash(entry_text.encode("utf-8"))
    if "leaf_hash" in bundle and _hex32(bundle["leaf_hash"], "叶哈希") != leaf:
        raise Failure(FAILED, "条目重算的叶哈希与证明包所列不符", "the recomputed leaf hash differs from the bundle's")
    index = _int(bundle.get("leaf_index"), "叶序号")
    size = _int(bundle.get("tree_size"), "树大小")
    proof = [_hex32(p, "包含证明") for p in bundle["inclusion_proof"]]
    lines.append(
        (f"叶哈希（RFC 9162）：{leaf.hex()}，序号 {index}", f"leaf hash (RFC 9162) {leaf.hex()}, index {index}")
    )

    checkpoint_text = (
        _read_text(args.checkpoint, "检查点", "checkpoint") if args.checkpoint else bundle.get("checkpoint")
    )
    if not isinstance(checkpoint_text, str):
        raise Failure(
            UNREADABLE,
            "没有检查点：证明包中无检查点，也未指定 --checkpoint",
            "no checkpoint in the bundle or --checkpoint",
        )
    checkpoint, verifier = _open_checkpoint(checkpoint_text, args.key)
    lines.append(
        (
            f"检查点签名有效：{checkpoint.origin}，密钥 {verifier.name}+{verifier.hash.hex()}",
            f"checkpoint signature valid ({verifier.name})",
        )
    )

    if checkpoint.size == size:
        if not merkle.verify_inclusion(leaf, index, size, proof, checkpoint.root_hash):
            raise Failure(
                FAILED,
                "包含证明不成立：该条目不在检查点的树中",
                "inclusion proof fails: the entry is not in the checkpoint's tree",
            )
    else:
        root = merkle.root_from_inclusion_proof(leaf, index, size, proof)
        if root is None:
            raise Failure(FAILED, "包含证明格式不成立", "the inclusion proof is malformed")
        if not args.consistency:
            raise Failure(
                FAILED,
                f"检查点的树大小（{checkpoint.size}）与证明包（{size}）不同，请用 --consistency 提供两者之间的一致性证明",
                f"checkpoint size {checkpoint.size} differs from the bundle's {size}: pass --consistency",
            )
        try:
            consistency = json.loads(_read_text(args.consistency, "一致性证明", "consistency proof"))
            first, second = _int(consistency["first"], "first"), _int(consistency["second"], "second")
            cproof = [_hex32(p, "一致性证明") for p in consistency["proof"]]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise Failure(UNREADABLE, "一致性证明文件格式错误", "malformed consistency proof file") from exc
        if (first, second) != (size, checkpoint.size) or not merkle.verify_consistency(
            size, checkpoint.size, root, checkpoint.root_hash, cproof
        ):
            raise Failure(
                FAILED,
                f"一致性证明不成立：树 {size} 不是检查点树 {checkpoint.size} 的前缀",
                f"consistency proof fails between sizes {size} and {checkpoint.size}",
            )
        lines.append(
            (f"一致性证明成立：树 {size} → {checkpoint.size}", f"consistency {size} -> {checkpoint.size} holds")
        )
    lines.append(
        (
            f"包含证明成立：条目 {index} 在树大小 {checkpoint.size} 的检查点中",
            f"inclusion proof holds in the tree of size {checkpoint.size}",
        )
    )
    lines.append(
        (
            f"存证条目：类型 {entry.get('kind')}，对象 {entry.get('subject')}，时间 {entry.get('time')}",
            f"entry: kind {entry.get('kind')}, subject {entry.get('subject')}, time {entry.get('time')}",
        )
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m smartcourt.ledger.verify",
        description="离线核验法院存证 / verify a court ledger record offline (standard library only)",
    )
    parser.add_argument("file", help="要核验的文件 / the file to verify")
    parser.add_argument("--proof", required=True, help="证明包 JSON / proof bundle JSON")
    parser.add_argument("--key", required=True, help="法院验证公钥文件 / the court's verifier key file")
    parser.add_argument("--checkpoint", help="另行获取的签名检查点 / a separately obtained signed checkpoint")
    parser.add_argument("--consistency", help="一致性证明 JSON（检查点大小不同时）/ consistency proof JSON")
    args = parser.parse_args(argv)
    out = sys.stdout
    try:
        lines = run(args)
    except Failure as failure:
        print(f"✘ 核验失败：{failure.zh}", file=out)
        print(f"✘ VERIFICATION FAILED: {failure.en}", file=out)
        return failure.code
    for zh, en in lines:
        print(f"✔ {zh}", file=out)
        print(f"  {en}", file=out)
    print("✔ 核验通过：该文件与法院存证记录一致，且已被签名检查点覆盖。", file=out)
    print("✔ VERIFIED: the file matches the court's ledger record, covered by a signed checkpoint.", file=out)
    return OK


if __name__ == "__main__":
    sys.exit(main())
