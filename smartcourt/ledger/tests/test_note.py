"""Signed notes and checkpoints: published vectors, our pure Ed25519 verifier against `cryptography`, malformed
checkpoints refused, witness cosignatures.

Known answers (data only):
  - golang/mod sumdb/note/note.go at commit a410e2daa716f879ede62862a0351cad3606d11b: the PeterNeumann signed-note
    example (verifier key, signer key, text, signature line).
  - RFC 8032 §7.1 TEST 1 and TEST 2 (Ed25519 secret key, public key, message, signature).
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcourt.core.actors import SYSTEM
from smartcourt.ledger import ed25519, keys, merkle, note, services
from smartcourt.ledger.models import LedgerCosignature

PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
)

RFC8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
]


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032)
def test_rfc8032_vectors(secret: str, public: str, message: str, signature: str) -> None:
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    raw_public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert raw_public.hex() == public
    assert private.sign(bytes.fromhex(message)).hex() == signature
    assert ed25519.verify(bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature))
    bad = bytearray(bytes.fromhex(signature))
    bad[10] ^= 1
    assert not ed25519.verify(bytes.fromhex(public), bytes.fromhex(message), bytes(bad))
    assert not ed25519.verify(bytes.fromhex(public), bytes.fromhex(message) + b"x", bytes.fromhex(signature))


@settings(max_examples=25, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=200), st.integers(0, 63))
def test_pure_verifier_agrees_with_cryptography(seed: bytes, message: bytes, flip: int) -> None:
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signature = private.sign(message)
    assert ed25519.verify(public, message, signature)
    wrong = bytearray(signature)
    wrong[flip] ^= 0x40
    assert not ed25519.verify(public, message, bytes(wrong))


@pytest.mark.parametrize(
    ("public", "signature"),
    [(b"", b"\0" * 64), (b"\0" * 32, b""), (b"\xff" * 32, b"\0" * 64), (b"\0" * 31, b"\0" * 64), ("x", "y")],
)
def test_pure_verifier_refuses_garbage(public, signature) -> None:  # type: ignore[no-untyped-def]
    assert ed25519.verify(public, b"m", signature) is False


def test_signed_note_vector_from_go_sumdb() -> None:
    verifier = note.parse_verifier_key(PETER_VKEY)
    assert verifier.name == "PeterNeumann" and verifier.hash.hex() == "c74f20a3"
    assert note.key_hash("PeterNeumann", verifier.public_key).hex() == "c74f20a3"
    assert verifier.key_string == PETER_VKEY
    signed = PETER_TEXT + "\n" + PETER_SIG + "\n"
    assert note.verify_note(signed, verifier)
    assert not note.verify_note(signed.replace("problem,", "problem;"), verifier)
    signer = keys.parse_private_key(PETER_SKEY, "PeterNeumann")
    assert signer.verifier_key == PETER_VKEY
    assert signer.signature_line(PETER_TEXT) == PETER_SIG  # Ed25519 is deterministic: byte-for-byte the same note


@pytest.mark.parametrize(
    "bad",
    [
        "PeterNeumann+c74f20a3",
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ApRc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",
        "PeterNeumann+c74f20a3+!!!",
        "",
    ],
)
def test_malformed_verifier_keys_are_refused(bad: str) -> None:
    with pytest.raises(note.NoteError):
        note.parse_verifier_key(bad)


def _body(size: int = 5, root: bytes = merkle.EMPTY_ROOT, origin: str = "test.court.example/ledger") -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "only.origin\n",
        "o\n5\n",
        "o\n05\n" + base64.b64encode(merkle.EMPTY_ROOT).decode() + "\n",
        "o\n-1\n" + base64.b64encode(merkle.EMPTY_ROOT).decode() + "\n",
        "o\nfive\n" + base64.b64encode(merkle.EMPTY_ROOT).decode() + "\n",
        "o\n5\n" + base64.b64encode(b"short").decode() + "\n",
        "o\n5\nnot base64!\n",
        "\n5\n" + base64.b64encode(merkle.EMPTY_ROOT).decode() + "\n",
        "o\n5\n" + base64.b64encode(merkle.EMPTY_ROOT).decode(),
    ],
)
def test_malformed_checkpoint_bodies_are_refused(text: str) -> None:
    with pytest.raises(note.NoteError):
        note.parse_checkpoint_body(text)


@pytest.mark.parametrize(
    "signed",
    [
        _body(),  # no signature block
        _body() + "\n",  # no signature line
        _body() + "\n- name AAAA\n",  # hyphen, not em dash
        _body() + "\n— name\n",
        _body() + "\n— name !!!!\n",
        _body() + "\n— name AAAA\n",  # too short
        _body().replace("\n", "\r\n") + "\r\n— name AAAAAAAAAAAAAAAAAAAAAAAA\r\n",
        _body() + "\n— name AAAAAAAAAAAAAAAAAAAA",  # no final newline
        "x" * 70000 + "\n\n— n AAAAAAAA\n",
        12345,
    ],
)
def test_malformed_notes_are_refused(signed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(note.NoteError):
        note.parse_note(signed)


@pytest.mark.django_db
def test_published_checkpoint_is_a_valid_c2sp_note(ledger_key) -> None:  # type: ignore[no-untyped-def]
    services.ledger_anchor(kind="test.item", subject="t:1", sha256=hashlib.sha256(b"1").hexdigest())
    services.ledger_flush()
    from smartcourt.ledger.models import LedgerCheckpoint

    checkpoint = LedgerCheckpoint.objects.get()
    lines = checkpoint.note.split("\n")
    assert lines[0] == "test.court.example/ledger" and lines[1] == "1"
    assert base64.b64decode(lines[2]).hex() == checkpoint.root_hash
    assert lines[3] == "" and lines[4].startswith("— test.court.example/ledger ") and lines[5] == ""
    verifier = note.parse_verifier_key(ledger_key.verifier_key)
    parsed = note.open_checkpoint(checkpoint.note, verifier, origin="test.court.example/ledger")
    assert parsed.size == 1 and parsed.root_hash.hex() == checkpoint.root_hash
    other = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    with pytest.raises(note.NoteError):
        note.open_checkpoint(checkpoint.note, note.parse_verifier_key(note.verifier_key(ledger_key.name, other)))
    with pytest.raises(note.NoteError):
        note.open_checkpoint(checkpoint.note.replace("\n1\n", "\n2\n", 1), verifier)


def _witness_key(name: str) -> keys.SigningKey:
    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return keys.parse_private_key(keys.private_key_string(name, seed), name)


@pytest.mark.django_db
def test_witness_cosignature_is_verified_and_stored(ledger_key) -> None:  # type: ignore[no-untyped-def]
    services.ledger_anchor(kind="test.item", subject="t:1", sha256=hashlib.sha256(b"1").hexdigest())
    services.ledger_flush()
    from smartcourt.ledger.models import LedgerCheckpoint

    checkpoint = LedgerCheckpoint.objects.get()
    witness_key = _witness_key("witness.other-court.example")
    services.ledger_witness_add(name=witness_key.name, verifier_key=witness_key.verifier_key, actor=SYSTEM)
    stranger = _witness_key("stranger.example")

    with pytest.raises(services.LedgerInputError):  # nobody we know signed it
        services.ledger_cosignature_add(actor=SYSTEM, checkpoint=checkpoint, signed_note=checkpoint.note)
    with pytest.raises(services.LedgerInputError):  # a different body
        other_body = checkpoint.body.replace("\n1\n", "\n2\n")
        services.ledger_cosignature_add(
            actor=SYSTEM,
            checkpoint=checkpoint,
            signed_note=other_body + "\n" + witness_key.signature_line(other_body) + "\n",
        )
    forged = note.signature_line(witness_key.name, witness_key.hash, stranger.sign(checkpoint.body.encode()))
    with pytest.raises(services.LedgerInputError):  # right name and key hash, wrong key
        services.ledger_cosignature_add(
            actor=SYSTEM, checkpoint=checkpoint, signed_note=checkpoint.body + "\n" + forged + "\n"
        )
    with pytest.raises(services.LedgerInputError):
        services.ledger_cosignature_add(actor=SYSTEM, checkpoint=checkpoint, signed_note="garbage")
    assert not LedgerCosignature.objects.exists()

    witnessed = checkpoint.note + witness_key.signature_line(checkpoint.body) + "\n"
    stored = services.ledger_cosignature_add(actor=SYSTEM, checkpoint=checkpoint, signed_note=witnessed)
    assert [c.witness_name for c in stored] == [witness_key.name]
    services.ledger_cosignature_add(actor=SYSTEM, checkpoint=checkpoint, signed_note=witnessed)  # idempotent
    assert LedgerCosignature.objects.count() == 1
    full = checkpoint.note
    assert full.count("\n\n") == 1 and full.count("\n— ") == 2
    assert note.verify_note(full, note.parse_verifier_key(ledger_key.verifier_key))
    assert note.verify_note(full, note.parse_verifier_key(witness_key.verifier_key))

    with pytest.raises(services.LedgerInputError):
        services.ledger_witness_add(name="x", verifier_key="x+00000000+AAAA", actor=SYSTEM)
    with pytest.raises(services.LedgerInputError):
        services.ledger_witness_add(name="other-name", verifier_key=witness_key.verifier_key, actor=SYSTEM)
