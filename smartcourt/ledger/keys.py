"""The court's checkpoint signing key (Ed25519, via `cryptography`).

Where the private key comes from, first match wins:
1. setting or environment variable `LEDGER_SIGNING_KEY`: a signed-note private key string
   `PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ 32-byte seed)>` (the format of golang.org/x/mod/sumdb/note), or the raw
   base64 of the 32-byte seed;
2. the key file `LEDGER_KEY_FILE` (default `var/ledger-signing.key`, same string format, mode 0600);
3. if `LEDGER_KEY_AUTOCREATE` (default: on except under `smartcourt.settings.prod`), a new key is generated into
   that file on first use — for development and the demo. Production sets the key explicitly and backs it up:
   losing it means a new log identity; leaking it lets someone sign false checkpoints (rotate: new origin).

The key name is the log origin `LEDGER_ORIGIN` (default `smartcourt.local/ledger`).
"""

from __future__ import annotations

import base64
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import note

DEFAULT_ORIGIN = "smartcourt.local/ledger"


def origin() -> str:
    value = getattr(settings, "LEDGER_ORIGIN", "") or os.environ.get("LEDGER_ORIGIN", "") or DEFAULT_ORIGIN
    if not note.key_name_valid(value):
        raise ImproperlyConfigured("LEDGER_ORIGIN must be non-empty, without whitespace or '+'")
    return value


def key_file() -> Path:
    configured = getattr(settings, "LEDGER_KEY_FILE", "") or os.environ.get("LEDGER_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "ledger-signing.key"


def _autocreate() -> bool:
    default = not str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".prod")
    return bool(getattr(settings, "LEDGER_KEY_AUTOCREATE", default))


@dataclass(frozen=True)
class SigningKey:
    name: str
    private: Ed25519PrivateKey
    public_key: bytes

    @property
    def hash(self) -> bytes:
        return note.key_hash(self.name, self.public_key)

    @property
    def verifier_key(self) -> str:
        return note.verifier_key(self.name, self.public_key)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the raw public key, grouped for reading aloud or comparing on paper."""
        import hashlib

        digest = hashlib.sha256(self.public_key).hexdigest()
        return " ".join(digest[i : i + 4] for i in range(0, 64, 4))

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    def signature_line(self, text: str) -> str:
        return note.signature_line(self.name, self.hash, self.sign(text.encode()))


def private_key_string(name: str, seed: bytes) -> str:
    """`PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>`."""
    public = _public_bytes(Ed25519PrivateKey.from_private_bytes(seed))
    material = base64.b64encode(bytes([note.ALG_ED25519]) + seed).decode()
    return f"PRIVATE+KEY+{name}+{note.key_hash(name, public).hex()}+{material}"


def _public_bytes(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def parse_private_key(text: str, name: str) -> SigningKey:
    text = text.strip()
    if text.startswith("PRIVATE+KEY+"):
        parts = text[len("PRIVATE+KEY+") :].split("+", 2)
        if len(parts) != 3:
            raise ImproperlyConfigured("ledger signing key: expected PRIVATE+KEY+<name>+<hash>+<base64>")
        key_name, hash_hex, b64 = parts
        raw = base64.b64decode(b64)
        if len(raw) != 33 or raw[0] != 1:
            raise ImproperlyConfigured("ledger signing key: only Ed25519 (type 0x01) keys are supported")
        seed = raw[1:]
        if key_name != name:
            raise ImproperlyConfigured(f"ledger signing key is named {key_name!r}, but LEDGER_ORIGIN is {name!r}")
    else:
        seed = base64.b64decode(text)
        if len(seed) != 32:
            raise ImproperlyConfigured("ledger signing key: raw form must be base64 of a 32-byte Ed25519 seed")
        hash_hex = ""
    private = Ed25519PrivateKey.from_private_bytes(seed)
    key = SigningKey(name=name, private=private, public_key=_public_bytes(private))
    if hash_hex and key.hash.hex() != hash_hex:
        raise ImproperlyConfigured("ledger signing key: key hash does not match the key")
    return key


def _create_key_file(path: Path, name: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return
    with os.fdopen(fd, "w") as fh:
        fh.write(private_key_string(name, seed) + "\n")


@functools.cache
def _load(name: str, configured: str, path: str, autocreate: bool) -> SigningKey:
    if configured:
        return parse_private_key(configured, name)
    file = Path(path)
    if not file.exists():
        if not autocreate:
            raise ImproperlyConfigured(
                f"No ledger signing key: set LEDGER_SIGNING_KEY or create {file} (see smartcourt/ledger/keys.py)"
            )
        _create_key_file(file, name)
    for _ in range(50):  # a file just created by another process may be empty for an instant
        text = file.read_text().strip()
        if text:
            return parse_private_key(text, name)
        import time

        time.sleep(0.02)
    raise ImproperlyConfigured(f"ledger signing key file {file} is empty")


def signing_key() -> SigningKey:
    """The court's checkpoint key (cached per process and configuration)."""
    configured = getattr(settings, "LEDGER_SIGNING_KEY", "") or os.environ.get("LEDGER_SIGNING_KEY", "")
    return _load(origin(), configured, str(key_file()), _autocreate())
