"""Public API and pages of the ledger: answers anyone without login; bad input is 4xx JSON in Chinese, never 500."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role
from smartcourt.ledger import merkle, note, services
from smartcourt.ledger.models import AuditFinding, LedgerCheckpoint

CONTENT = [f"第{i}页 内容".encode() for i in range(9)]


@pytest.fixture
def log(settings):  # type: ignore[no-untyped-def]
    settings.LEDGER_CHECKPOINT_EVERY = 4
    for i, content in enumerate(CONTENT):
        services.ledger_anchor(
            kind="dossier.page", subject=f"case:7/dossier.page:{i}", sha256=hashlib.sha256(content).hexdigest()
        )
        services.ledger_flush()
    return LedgerCheckpoint.objects.order_by("-tree_size").first()


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.mark.django_db
def test_checkpoint_endpoint_gives_the_signed_note_and_key(client: Client, log, ledger_key) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/ledger/checkpoint")
    assert response.status_code == 200
    data = response.json()
    assert data["tree_size"] == log.tree_size == 9 and data["root_hash"] == log.root_hash
    assert data["verifier_key"] == ledger_key.verifier_key
    checkpoint = note.open_checkpoint(data["note"], note.parse_verifier_key(data["verifier_key"]))
    assert checkpoint.root_hash.hex() == data["root_hash"]
    older = client.get("/api/v1/ledger/checkpoint?size=1").json()
    assert older["tree_size"] == 1
    assert client.get("/api/v1/ledger/checkpoint?size=2").status_code == 404
    bad = client.get("/api/v1/ledger/checkpoint?size=abc")
    assert bad.status_code == 400 and "整数" in bad.json()["message"]


@pytest.mark.django_db
def test_no_checkpoint_yet_is_a_404_json(client: Client) -> None:
    response = client.get("/api/v1/ledger/checkpoint")
    assert response.status_code == 404 and response.json()["message"]


@pytest.mark.django_db
def test_inclusion_proof_by_content_hash_and_by_leaf_hash(client: Client, log) -> None:  # type: ignore[no-untyped-def]
    data = client.get(f"/api/v1/ledger/proof/inclusion?hash={sha(CONTENT[5])}").json()
    assert data["leaf_index"] == 5 and data["tree_size"] == 9
    leaf = merkle.leaf_hash(data["entry"].encode())
    assert leaf.hex() == data["leaf_hash"]
    proof = [bytes.fromhex(p) for p in data["proof"]]
    assert merkle.verify_inclusion(leaf, 5, 9, proof, bytes.fromhex(log.root_hash))
    assert data["checkpoint"] == log.note
    by_leaf = client.get(f"/api/v1/ledger/proof/inclusion?hash={data['leaf_hash'].upper()}&size=7").json()
    assert by_leaf["leaf_index"] == 5 and by_leaf["tree_size"] == 7 and by_leaf["checkpoint"] is None
    assert merkle.verify_inclusion(
        leaf, 5, 7, [bytes.fromhex(p) for p in by_leaf["proof"]], bytes.fromhex(by_leaf["root_hash"])
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("hash=xyz", 400, "ledger.bad_hash"),
        ("hash=" + "g" * 64, 400, "ledger.bad_hash"),
        ("", 400, "ledger.bad_hash"),
        ("hash=" + "0" * 64, 404, "ledger.not_recorded"),
        ("hash={h}&size=10", 400, "ledger.size_beyond_tree"),
        ("hash={h}&size=99999999999999999999999", 400, "ledger.bad_request"),
        ("hash={h}&size=5", 400, "ledger.not_in_tree"),
        ("hash={h}&size=0", 400, "ledger.bad_request"),
        ("hash={h}&size=-1", 400, "ledger.bad_request"),
    ],
)
def test_bad_inclusion_requests(client: Client, log, query: str, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/ledger/proof/inclusion?" + query.format(h=sha(CONTENT[5])))
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code and any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])


@pytest.mark.django_db
def test_consistency_proofs(client: Client, log) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/ledger/proof/consistency?first=3&second=9").json()
    assert merkle.verify_consistency(
        3,
        9,
        bytes.fromhex(data["first_root"]),
        bytes.fromhex(data["second_root"]),
        [bytes.fromhex(p) for p in data["proof"]],
    )
    assert data["second_root"] == log.root_hash
    for query, code in [
        ("first=0&second=9", "ledger.bad_request"),
        ("first=5&second=3", "ledger.bad_request"),
        ("first=3&second=10", "ledger.size_beyond_tree"),
        ("first=a&second=3", "ledger.bad_request"),
        ("second=3", "ledger.bad_request"),
    ]:
        response = client.get("/api/v1/ledger/proof/consistency?" + query)
        assert response.status_code == 400 and response.json()["code"] == code, query


@pytest.mark.django_db
def test_records_lookup_and_bundle(client: Client, log) -> None:  # type: ignore[no-untyped-def]
    data = client.get(f"/api/v1/ledger/records?sha256={sha(CONTENT[2])}").json()
    assert data["status"] == "recorded" and data["records"][0]["leaf_index"] == 2
    assert client.get(f"/api/v1/ledger/records?sha256={'1' * 64}").json() == {"status": "unknown", "records": []}
    assert client.get("/api/v1/ledger/records?sha256=nothex").status_code == 400
    bundle = client.get(f"/api/v1/ledger/proof/bundle?hash={sha(CONTENT[2])}").json()
    assert bundle["format"] == "smartcourt-ledger-proof/v1" and bundle["tree_size"] == 9
    page = client.get(reverse("ledger:bundle") + f"?sha256={sha(CONTENT[2])}")
    assert page.status_code == 200 and "attachment" in page["Content-Disposition"]
    assert json.loads(page.content) == bundle
    assert client.get(reverse("ledger:bundle") + "?sha256=zz").status_code == 400
    assert client.get(reverse("ledger:bundle") + f"?sha256={'1' * 64}").status_code == 404


@pytest.mark.django_db
def test_cosign_endpoint(client: Client, log, ledger_key) -> None:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from smartcourt.ledger import keys

    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    witness = keys.parse_private_key(keys.private_key_string("witness.example", seed), "witness.example")
    services.ledger_witness_add(name=witness.name, verifier_key=witness.verifier_key, actor=SYSTEM)
    signed = log.body + "\n" + witness.signature_line(log.body) + "\n"
    response = client.post("/api/v1/ledger/checkpoint/cosign", {"signed_note": signed}, content_type="application/json")
    assert response.status_code == 200 and response.json()[0]["witness"] == "witness.example"
    assert client.get("/api/v1/ledger/checkpoint").json()["cosignatures"][0]["witness"] == "witness.example"
    bad = client.post("/api/v1/ledger/checkpoint/cosign", {"signed_note": "junk"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["message"]


# --- the public page ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_verify_page_without_login_shows_a_recorded_hash(client: Client, log, ledger_key) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("ledger:verify") + f"?sha256={sha(CONTENT[4])}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-status="recorded"' in html and "已存证" in html and "包含证明已校验" in html
    assert "《人民法院在线诉讼规则》第十六条" in html and "第十八条" in html  # what the check proves, and what not
    assert ">4<" in html  # leaf index
    assert ledger_key.fingerprint in html and base64.b64encode(bytes.fromhex(log.root_hash)).decode() in html
    assert "ledger/verify.js" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "status"), [("0" * 64, "unknown"), ("not-a-hash", "invalid"), ("", "invalid")])
def test_verify_page_unknown_and_invalid(client: Client, log, value: str, status: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("ledger:verify"), {"sha256": value})
    assert page.status_code == 200 and f'data-status="{status}"' in page.content.decode()


@pytest.mark.django_db
def test_verify_page_pending(client: Client, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    services.ledger_anchor(kind="dossier.page", subject="case:1/p:1", sha256=sha(b"x"))
    page = client.get(reverse("ledger:verify"), {"sha256": sha(b"x")})
    assert 'data-status="pending"' in page.content.decode()


@pytest.mark.django_db
def test_uploaded_file_is_hashed_server_side_and_not_kept(client: Client, log, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("ledger:verify"), {"file": SimpleUploadedFile("p.pdf", CONTENT[3])})
    assert response.status_code == 302 and response["Location"].endswith(f"?sha256={sha(CONTENT[3])}")
    media = tmp_path / "media"
    assert not media.exists() or not any(media.rglob("*"))
    assert client.post(reverse("ledger:verify"), {}).status_code == 302


@pytest.mark.django_db
def test_checkpoint_and_key_downloads(client: Client, log, ledger_key) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("ledger:checkpoint_text")).content.decode() == log.note
    assert client.get(reverse("ledger:key_text")).content.decode().strip() == ledger_key.verifier_key


@pytest.mark.django_db
def test_findings_page_and_workbench_panel_for_admins(client: Client, log) -> None:  # type: ignore[no-untyped-def]
    AuditFinding.objects.create(kind="file_hash", ref="file:x", detail="存证文件 x 的SHA-256与存证记录不符")
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    login_verified(client, admin)
    page = client.get(reverse("ledger:findings"))
    assert page.status_code == 200 and "存证文件 x" in page.content.decode()
    assert "ledger-findings-panel" in client.get(reverse("workbench")).content.decode()
    finding = AuditFinding.objects.get()
    client.post(reverse("ledger:finding_resolve", args=[finding.pk]), {"resolution": "已恢复"})
    finding.refresh_from_db()
    assert finding.resolved_at is not None and finding.resolved_by == admin


@pytest.mark.django_db
def test_findings_page_is_refused_to_other_roles(client: Client) -> None:
    judge = user_with_role(Role.JUDGE, CourtFactory())
    login_verified(client, judge)
    assert client.get(reverse("ledger:findings")).status_code == 403
    assert "ledger-findings-panel" not in client.get(reverse("workbench")).content.decode()


@pytest.mark.django_db
def test_admin_registers_a_witness_through_the_service(client: Client) -> None:
    from smartcourt.ledger.models import LedgerWitness
    from smartcourt.ledger.note import verifier_key

    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory(), is_superuser=True, is_staff=True)
    login_verified(client, admin)
    key = verifier_key("witness.example", hashlib.sha256(b"w").digest())
    url = reverse("admin:ledger_ledgerwitness_add")
    client.post(url, {"name": "witness.example", "verifier_key": key, "note": "省高院"})
    assert LedgerWitness.objects.get().verifier_key == key
    client.post(url, {"name": "bad.example", "verifier_key": "bad.example+00000000+AAAA", "note": ""})
    assert LedgerWitness.objects.count() == 1
    assert client.get("/admin/ledger/ledgerrecord/").status_code == 404  # records name every case's documents


@pytest.mark.django_db
def test_an_uploaded_file_is_hashed_as_it_streams_in_never_spooled(client: Client, log, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Django's own handlers (memory or temporary file) never see the bytes; ours sees them a chunk at a time."""
    from django.core.files import uploadhandler

    from smartcourt.core.intake import uploads

    def spooled(self, raw_data, start):  # type: ignore[no-untyped-def]
        raise AssertionError("the upload was spooled to memory or to a temporary file")

    monkeypatch.setattr(uploadhandler.MemoryFileUploadHandler, "receive_data_chunk", spooled)
    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "receive_data_chunk", spooled)
    chunks: list[int] = []
    real = uploads.HashingUploadHandler.receive_data_chunk

    def counted(self, raw_data, start):  # type: ignore[no-untyped-def]
        chunks.append(len(raw_data))
        return real(self, raw_data, start)

    monkeypatch.setattr(uploads.HashingUploadHandler, "receive_data_chunk", counted)
    content = CONTENT[3] * 40_000  # a few MB: larger than FILE_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(reverse("ledger:verify"), {"file": SimpleUploadedFile("卷宗.pdf", content)})
    assert response.status_code == 302 and response["Location"].endswith(f"?sha256={sha(content)}")
    assert len(chunks) > 1 and max(chunks) <= uploads.CHUNK


@pytest.mark.django_db
def test_a_file_beyond_the_dossiers_limit_is_refused_while_streaming(client: Client, log, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DOSSIER_MAX_BYTES = 100 * 1024  # within the request's allowance, so the stream itself must stop it
    response = client.post(reverse("ledger:verify"), {"file": SimpleUploadedFile("大.pdf", b"x" * (150 * 1024))})
    assert response.status_code == 302 and "sha256=" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "文件超过 100 KB（卷宗单个文件的上限）" in page
    fits = client.post(reverse("ledger:verify"), {"file": SimpleUploadedFile("小.pdf", b"x" * (90 * 1024))})
    assert fits["Location"].endswith(f"?sha256={sha(b'x' * (90 * 1024))}")


@pytest.mark.django_db
def test_a_body_beyond_the_dossiers_limit_is_refused_before_it_is_read(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.core.tests.test_request_limits import UnreadableBody

    settings.DOSSIER_MAX_BYTES = 100 * 1024
    response = client.generic(
        "POST", reverse("ledger:verify"), b"", CONTENT_LENGTH=str(3 * 1024 * 1024),
        CONTENT_TYPE="multipart/form-data; boundary=x", **{"wsgi.input": UnreadableBody()},
    )  # fmt: skip
    assert response.status_code == 413 and "提交的内容过大" in response.content.decode()
