"""Witnessing another court's log: a consistent checkpoint is cosigned and the log court stores the cosignature;
a forked or rolled-back log, a wrong key or our own log is refused."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from smartcourt.core.actors import SYSTEM
from smartcourt.ledger import keys, merkle, note, services
from smartcourt.ledger.witnessing import witness_cosign


def _key(name: str) -> keys.SigningKey:
    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return keys.parse_private_key(keys.private_key_string(name, seed), name)


def _checkpoint(log: keys.SigningKey, leaves: list[bytes]) -> str:
    body = note.Checkpoint(origin=log.name, size=len(leaves), root_hash=merkle.root(leaves)).body()
    return body + "\n" + log.signature_line(body) + "\n"


LEAVES = [merkle.leaf_hash(str(i).encode()) for i in range(12)]


def test_a_consistent_checkpoint_is_cosigned(ledger_key) -> None:  # type: ignore[no-untyped-def]
    other = _key("other.court.example/ledger")
    old, new = _checkpoint(other, LEAVES[:5]), _checkpoint(other, LEAVES)
    proof = merkle.consistency_proof(LEAVES, 5, 12)
    cosigned = witness_cosign(note_text=new, log_key=other.verifier_key, previous=old, consistency=proof)
    assert cosigned.startswith(new) and note.verify_note(cosigned, note.parse_verifier_key(ledger_key.verifier_key))
    assert note.verify_note(cosigned, note.parse_verifier_key(other.verifier_key))


@pytest.mark.parametrize("case", ["fork", "rollback", "wrong_key", "no_proof"])
def test_a_dishonest_log_is_refused(ledger_key, case: str) -> None:  # type: ignore[no-untyped-def]
    other = _key("other.court.example/ledger")
    old = _checkpoint(other, LEAVES[:5])
    forked = [*LEAVES[:4], merkle.leaf_hash(b"rewritten"), *LEAVES[5:]]
    new, key, proof, previous = (
        _checkpoint(other, LEAVES),
        other.verifier_key,
        merkle.consistency_proof(LEAVES, 5, 12),
        old,
    )
    if case == "fork":
        new, proof = _checkpoint(other, forked), merkle.consistency_proof(forked, 5, 12)
    elif case == "rollback":
        new, previous, proof = old, _checkpoint(other, LEAVES), []
    elif case == "wrong_key":
        key = _key("other.court.example/ledger").verifier_key
    elif case == "no_proof":
        proof = []
    with pytest.raises(services.LedgerInputError) as info:
        witness_cosign(note_text=new, log_key=key, previous=previous, consistency=proof)
    assert "拒绝见证" in str(info.value.message)


def test_our_own_log_is_not_witnessed(ledger_key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.LedgerInputError):
        witness_cosign(note_text=_checkpoint(ledger_key, LEAVES), log_key=ledger_key.verifier_key)


@pytest.mark.django_db
def test_round_trip_between_two_courts(ledger_key, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Our checkpoint, cosigned by another court running the same code, is stored as a cosignature here."""
    services.ledger_anchor(kind="test.item", subject="t:1", sha256=hashlib.sha256(b"1").hexdigest())
    services.ledger_flush()
    from smartcourt.ledger.models import LedgerCheckpoint

    ours = LedgerCheckpoint.objects.get()
    witness = _key("witness.court.example/ledger")
    services.ledger_witness_add(name=witness.name, verifier_key=witness.verifier_key, actor=SYSTEM)
    settings.LEDGER_ORIGIN = witness.name  # now act as the witness court, with its key
    settings.LEDGER_SIGNING_KEY = keys.private_key_string(
        witness.name,
        witness.private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        ),
    )
    cosigned = witness_cosign(note_text=ours.note, log_key=ledger_key.verifier_key)
    settings.LEDGER_ORIGIN, settings.LEDGER_SIGNING_KEY = ledger_key.name, ""
    stored = services.ledger_cosignature_add(actor=SYSTEM, checkpoint=ours, signed_note=cosigned)
    assert [c.witness_name for c in stored] == [witness.name]


def test_cosign_command(ledger_key, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    other = _key("other.court.example/ledger")
    (tmp_path / "cp.txt").write_text(_checkpoint(other, LEAVES), encoding="utf-8")
    (tmp_path / "key.txt").write_text(other.verifier_key)
    call_command("ledger_cosign", str(tmp_path / "cp.txt"), "--log-key", str(tmp_path / "key.txt"))
    out = capsys.readouterr().out
    assert out.count("\n— ") == 2 and f"— {ledger_key.name} " in out
    (tmp_path / "key.txt").write_text(_key("other.court.example/ledger").verifier_key)
    with pytest.raises(SystemExit):
        call_command("ledger_cosign", str(tmp_path / "cp.txt"), "--log-key", str(tmp_path / "key.txt"))
    assert "拒绝见证" in capsys.readouterr().err
