"""The offline verifier `python -m smartcourt.ledger.verify`, run as a user would: a separate isolated interpreter
(`python -I -S`: no site-packages, so Django and cryptography cannot even be imported) with only the project
root on sys.path."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from smartcourt.ledger import selectors, services
from smartcourt.ledger.models import LedgerRecord

ROOT = Path(__file__).resolve().parents[3]
RUNNER = (
    "import sys, runpy; sys.path[:0] = [{root!r}]; sys.argv = ['verify'] + {argv!r}\n"
    "try:\n"
    "    runpy.run_module('smartcourt.ledger.verify', run_name='__main__')\n"
    "finally:\n"
    "    bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'cryptography', 'ninja'))\n"
    "    bad += sorted(m for m in sys.modules if m.startswith('smartcourt.') and m not in {allowed!r})\n"
    "    if bad: print('FORBIDDEN IMPORTS', bad)\n"
)
ALLOWED = {"smartcourt.ledger", "smartcourt.ledger.verify", "smartcourt.ledger.merkle", "smartcourt.ledger.note",
           "smartcourt.ledger.ed25519"}  # fmt: skip


def run_cli(*argv: str) -> subprocess.CompletedProcess:
    code = RUNNER.format(root=str(ROOT), argv=list(argv), allowed=ALLOWED)
    return subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=60, cwd="/")


@pytest.fixture
def files(tmp_path, settings, ledger_key):  # type: ignore[no-untyped-def]
    settings.LEDGER_CHECKPOINT_EVERY = 3
    page = "第一页：起诉状".encode() * 50
    for i, content in enumerate([b"cover", page, b"page three", b"four", b"five"]):
        services.ledger_anchor(
            kind="dossier.page", subject=f"case:9/dossier.page:{i}", sha256=hashlib.sha256(content).hexdigest(),
            meta={"case": "（2026）京0105民初9号"},
        )  # fmt: skip
        services.ledger_flush()
    record = LedgerRecord.objects.get(index=1)
    checkpoint = record.checkpoint()
    assert checkpoint is not None and checkpoint.tree_size == 4  # sizes 1 (the first) and 4 (3 more)
    bundle = selectors.proof_bundle(record=record, checkpoint=checkpoint)
    (tmp_path / "page.pdf").write_bytes(page)
    (tmp_path / "proof.json").write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "key.txt").write_text(ledger_key.verifier_key + "\n")
    (tmp_path / "raw-key.txt").write_text(base64.b64encode(ledger_key.public_key).decode())
    services.ledger_checkpoint_publish(force=True)
    latest = selectors.checkpoint_latest()
    (tmp_path / "latest.txt").write_text(latest.note, encoding="utf-8")
    assert latest.tree_size == 5
    proof = selectors.consistency_proof(first=4, second=latest.tree_size)
    consistency = {"first": 4, "second": latest.tree_size, "proof": [p.hex() for p in proof]}
    (tmp_path / "consistency.json").write_text(json.dumps(consistency))
    return tmp_path


def _args(d: Path, **over: str) -> list[str]:
    args = {"file": "page.pdf", "--proof": "proof.json", "--key": "key.txt"} | over
    out = [str(d / args.pop("file"))]
    for k, v in args.items():
        if v:
            out += [k, str(d / v)]
    return out


@pytest.mark.django_db
def test_a_real_record_verifies_with_the_standard_library_only(files: Path) -> None:
    result = run_cli(*_args(files))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "核验通过" in result.stdout and "VERIFIED" in result.stdout
    assert "FORBIDDEN" not in result.stdout
    assert run_cli(*_args(files, **{"--key": "raw-key.txt"})).returncode == 0


@pytest.mark.django_db
def test_a_later_checkpoint_with_a_consistency_proof(files: Path) -> None:
    result = run_cli(*_args(files, **{"--checkpoint": "latest.txt", "--consistency": "consistency.json"}))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "一致性证明成立" in result.stdout
    without = run_cli(*_args(files, **{"--checkpoint": "latest.txt"}))
    assert without.returncode == 1 and "--consistency" in without.stdout


def _edit_bundle(d: Path, change) -> None:  # type: ignore[no-untyped-def]
    bundle = json.loads((d / "proof.json").read_text(encoding="utf-8"))
    change(bundle)
    (d / "proof.json").write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")


@pytest.mark.django_db
def test_an_altered_file_fails(files: Path) -> None:
    (files / "page.pdf").write_bytes((files / "page.pdf").read_bytes() + b" ")
    result = run_cli(*_args(files))
    assert result.returncode == 1 and "文件的SHA-256" in result.stdout and "does not match" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expect"),
    [
        (lambda b: b.update(entry=b["entry"].replace("dossier.page:1", "dossier.page:2")), "叶哈希"),
        (lambda b: b.update(leaf_index=0), "包含证明不成立"),
        (lambda b: b["inclusion_proof"].pop(), "包含证明"),
        (lambda b: b["inclusion_proof"].__setitem__(0, "00" * 32), "包含证明不成立"),
        (lambda b: b.update(checkpoint=b["checkpoint"].replace("\n4\n", "\n6\n", 1)), "检查点签名无效"),
    ],
)
def test_a_tampered_bundle_fails(files: Path, change, expect: str) -> None:  # type: ignore[no-untyped-def]
    _edit_bundle(files, change)
    result = run_cli(*_args(files))
    assert result.returncode == 1 and expect in result.stdout, result.stdout


@pytest.mark.django_db
def test_the_wrong_key_fails(files: Path, tmp_path: Path) -> None:
    from smartcourt.ledger import note

    other = note.verifier_key("test.court.example/ledger", hashlib.sha256(b"other").digest())
    (files / "other.txt").write_text(other)
    result = run_cli(*_args(files, **{"--key": "other.txt"}))
    assert result.returncode == 1 and "检查点签名无效" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("proof.json", "{not json"), ("proof.json", '{"format": "other"}'), ("key.txt", "garbage key")],
)
def test_unreadable_inputs_exit_2(files: Path, name: str, content: str) -> None:
    (files / name).write_text(content)
    result = run_cli(*_args(files))
    assert result.returncode == 2 and "核验失败" in result.stdout, result.stdout
    assert run_cli(*_args(files, file="missing.pdf")).returncode == 2
