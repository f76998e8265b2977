"""Signed notes (https://c2sp.org/signed-note) and checkpoints (https://c2sp.org/tlog-checkpoint); stdlib only.

A checkpoint note:

    smartcourt.example/ledger          origin (also the court key's name)
    1234                               tree size, decimal, no leading zeros
    6v3Jv...=                          base64 of the 32-byte RFC 9162 root
                                       blank line
    — smartcourt.example/ledger AbCd…  one line per signature: em dash, space, key name, space,
                                       base64(4-byte key hash ‖ 64-byte Ed25519 signature)

The signature covers the note text (the three lines, each ending in a newline). An Ed25519 key's hash is the first
four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key); its verifier key string is
`<name>+<hash as 8 hex digits>+<base64(0x01 ‖ public key)>`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from . import ed25519

ALG_ED25519 = 0x01
SIG_PREFIX = "— "  # U+2014 EM DASH, U+0020
_NAME_RE = re.compile(r"^[^\s+]+$")
_SIZE_RE = re.compile(r"^(0|[1-9][0-9]*)$")
MAX_NOTE_BYTES = 1 << 16


class NoteError(ValueError):
    """A note, checkpoint or key that is not well formed (the message says what is wrong, in Chinese)."""


def _b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise NoteError("不是有效的 base64 编码") from exc


def key_name_valid(name: str) -> bool:
    return bool(name) and bool(_NAME_RE.match(name)) and "\u2014" not in name


def key_hash(name: str, public_key: bytes) -> bytes:
    """The 4-byte key hash of an Ed25519 note key: SHA-256(name ‖ '\\n' ‖ 0x01 ‖ public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([ALG_ED25519]) + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes) -> str:
    """The verifier key string `<name>+<hash hex>+<base64(0x01 ‖ public key)>`."""
    if not key_name_valid(name):
        raise NoteError("密钥名称不能为空，也不能含空白或“+”")
    if len(public_key) != 32:
        raise NoteError("Ed25519 公钥必须是 32 字节")
    return f"{name}+{key_hash(name, public_key).hex()}+{base64.b64encode(bytes([ALG_ED25519]) + public_key).decode()}"


@dataclass(frozen=True)
class Verifier:
    name: str
    hash: bytes
    public_key: bytes

    @property
    def key_string(self) -> str:
        return verifier_key(self.name, self.public_key)

    def verify(self, message: bytes, signature: bytes) -> bool:
        return ed25519.verify(self.public_key, message, signature)


def parse_verifier_key(text: str) -> Verifier:
    """Parse a verifier key string `<name>+<hash>+<base64(0x01 ‖ key)>`, checking that the hash fits the key."""
    text = text.strip()
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise NoteError("验证公钥格式应为 名称+密钥哈希+base64公钥")
    name, hash_hex, b64 = parts
    if not key_name_valid(name):
        raise NoteError("验证公钥的名称无效")
    if not re.fullmatch(r"[0-9a-f]{8}", hash_hex):
        raise NoteError("验证公钥的密钥哈希应为 8 位小写十六进制")
    raw = _b64decode(b64)
    if len(raw) != 33 or raw[0] != ALG_ED25519:
        raise NoteError("只支持 Ed25519 验证公钥（类型 0x01，32 字节）")
    public_key = raw[1:]
    if key_hash(name, public_key).hex() != hash_hex:
        raise NoteError("验证公钥的密钥哈希与公钥不符")
    return Verifier(name=name, hash=bytes.fromhex(hash_hex), public_key=public_key)


@dataclass(frozen=True)
class Signature:
    name: str
    hash: bytes  # 4 bytes
    signature: bytes  # the rest (64 bytes for Ed25519)
    line: str


@dataclass(frozen=True)
class SignedNote:
    text: str  # the signed text, ending in a newline
    signatures: tuple[Signature, ...]


def signature_line(name: str, hash4: bytes, signature: bytes) -> str:
    return f"{SIG_PREFIX}{name} {base64.b64encode(hash4 + signature).decode()}"


def parse_note(note: str) -> SignedNote:
    """Split a signed note into its text and signature lines (syntax only; nothing is verified here)."""
    if not isinstance(note, str):
        raise NoteError("签名文本必须是字符串")
    if len(note.encode("utf-8", "surrogatepass")) > MAX_NOTE_BYTES:
        raise NoteError("签名文本过长")
    if "\r" in note or not note.endswith("\n"):
        raise NoteError("签名文本须以换行（LF）结尾，且不得含回车符")
    split = note.rfind("\n\n")
    if split < 0:
        raise NoteError("签名文本缺少正文与签名之间的空行")
    text, sig_block = note[: split + 1], note[split + 2 :]
    sigs = []
    for line in sig_block.split("\n")[:-1]:
        if not line.startswith(SIG_PREFIX):
            raise NoteError("签名行须以“— ”开头")
        rest = line[len(SIG_PREFIX) :]
        name, sep, b64 = rest.partition(" ")
        if not sep or not key_name_valid(name) or " " in b64:
            raise NoteError("签名行格式应为“— 名称 base64签名”")
        raw = _b64decode(b64)
        if len(raw) < 5:
            raise NoteError("签名过短")
        sigs.append(Signature(name=name, hash=raw[:4], signature=raw[4:], line=line))
    if not sigs:
        raise NoteError("签名文本没有签名行")
    return SignedNote(text=text, signatures=tuple(sigs))


def verify_note(note: str | SignedNote, verifier: Verifier) -> bool:
    """True iff the note carries a valid signature by `verifier` (matched by name and key hash)."""
    parsed = parse_note(note) if isinstance(note, str) else note
    message = parsed.text.encode()
    return any(
        s.name == verifier.name and s.hash == verifier.hash and verifier.verify(message, s.signature)
        for s in parsed.signatures
    )


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode(), *self.extensions]
        return "".join(line + "\n" for line in lines)


def parse_checkpoint_body(text: str) -> Checkpoint:
    """Parse a checkpoint body (the note text): origin, size, base64 root, optional extension lines."""
    if not text.endswith("\n"):
        raise NoteError("检查点正文须以换行结尾")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise NoteError("检查点至少需要三行：日志标识、树大小、根哈希")
    origin, size_text, root_b64, *ext = lines
    if not origin or any(not line for line in lines):
        raise NoteError("检查点中不得有空行")
    if not _SIZE_RE.match(size_text) or len(size_text) > 20:
        raise NoteError("检查点的树大小必须是十进制整数，且不得有前导零")
    root_hash = _b64decode(root_b64)
    if len(root_hash) != 32:
        raise NoteError("检查点的根哈希必须是 32 字节")
    return Checkpoint(origin=origin, size=int(size_text), root_hash=root_hash, extensions=tuple(ext))


def open_checkpoint(note: str, verifier: Verifier, *, origin: str | None = None) -> Checkpoint:
    """Parse a signed checkpoint and check its signature by `verifier` (and the origin, if given)."""
    parsed = parse_note(note)
    checkpoint = parse_checkpoint_body(parsed.text)
    if origin is not None and checkpoint.origin != origin:
        raise NoteError(f"检查点的日志标识“{checkpoint.origin}”不是“{origin}”")
    if not verify_note(parsed, verifier):
        raise NoteError("检查点签名无效，或不是该公钥所签")
    return checkpoint
