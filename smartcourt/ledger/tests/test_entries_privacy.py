"""The public ledger verifies without listing (issue 13 item 7, ADR 0015): checkpoints, consistency proofs and
inclusion proofs by leaf hash stay public; an entry (case number, when a party was served or read a document) is
shown to whoever asks by the content hash (holds the file) and to staff with the ledger-audit grant, never to
someone walking the tree by the leaf hashes every proof hands out."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from smartcourt.core.models import AuditAction, AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role
from smartcourt.ledger import merkle, services
from smartcourt.ledger.models import LedgerCheckpoint

CASE = "（2026）苏0508民初77号"
FILES = [f"送达回证 {i}".encode() for i in range(6)]


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def log(settings):  # type: ignore[no-untyped-def]
    settings.LEDGER_CHECKPOINT_EVERY = 5  # checkpoints at sizes 1 and 6
    for i, content in enumerate(FILES):
        services.ledger_anchor(
            kind="service.receipt", subject=f"case:7/service.task:{i}/service.event:{i}", sha256=sha(content),
            meta={"case": CASE, "event": "receipt.read", "task": i},
        )  # fmt: skip
        services.ledger_flush()
    return LedgerCheckpoint.objects.order_by("-tree_size").first()


@pytest.mark.django_db
def test_walking_the_tree_by_leaf_hashes_lists_no_entry(client: Client, log) -> None:  # type: ignore[no-untyped-def]
    # The proof of one leaf hands out its neighbour's leaf hash; asked by it, the API proves inclusion …
    first = client.get(f"/api/v1/ledger/proof/inclusion?hash={sha(FILES[0])}").json()
    neighbour = first["proof"][0]
    by_leaf = client.get(f"/api/v1/ledger/proof/inclusion?hash={neighbour}")
    assert by_leaf.status_code == 200 and by_leaf.json()["leaf_index"] == 1
    # … but shows no entry: no case number, no service time.
    assert by_leaf.json()["entry"] is None and CASE not in by_leaf.content.decode()
    bundle = client.get(f"/api/v1/ledger/proof/bundle?hash={neighbour}")
    assert bundle.status_code == 403 and bundle.json()["code"] == "ledger.entry_private"
    download = client.get(reverse("ledger:bundle") + f"?sha256={neighbour}")
    assert download.status_code == 403 and download.json()["code"] == "ledger.entry_private"
    page = client.get(reverse("ledger:verify") + f"?sha256={neighbour}").content.decode()
    assert 'data-status="recorded"' in page and "包含证明已校验" in page  # verified …
    assert 'data-testid="ledger-entry-private"' in page and "service.task:1" not in page  # … without the entry
    assert 'data-testid="ledger-bundle"' not in page
    # Browsing is not public, by page or API.
    assert client.get(reverse("ledger:entries")).status_code == 302  # to the login page
    assert client.get("/api/v1/ledger/entries").status_code == 401


@pytest.mark.django_db
def test_proofs_by_hash_still_work_anonymously(client: Client, log) -> None:  # type: ignore[no-untyped-def]
    checkpoint = client.get("/api/v1/ledger/checkpoint").json()
    assert checkpoint["tree_size"] == log.tree_size == 6
    root = bytes.fromhex(checkpoint["root_hash"])
    leaf = merkle.leaf_hash(client.get(f"/api/v1/ledger/proof/inclusion?hash={sha(FILES[3])}").json()["entry"].encode())
    data = client.get(f"/api/v1/ledger/proof/inclusion?hash={leaf.hex()}").json()  # by the leaf hash
    assert merkle.verify_inclusion(leaf, 3, 6, [bytes.fromhex(p) for p in data["proof"]], root)
    consistency = client.get("/api/v1/ledger/proof/consistency?first=3&second=6").json()
    assert merkle.verify_consistency(3, 6, bytes.fromhex(consistency["first_root"]), root,
                                     [bytes.fromhex(p) for p in consistency["proof"]])  # fmt: skip
    # Whoever holds the file (asks by its content hash) gets its entry and the offline bundle.
    held = client.get(f"/api/v1/ledger/records?sha256={sha(FILES[3])}").json()
    assert held["records"][0]["entry"].count(CASE) == 1
    assert (
        client.get(f"/api/v1/ledger/proof/bundle?hash={sha(FILES[3])}").json()["entry"] == held["records"][0]["entry"]
    )
    page = client.get(reverse("ledger:verify") + f"?sha256={sha(FILES[3])}").content.decode()
    assert 'data-testid="ledger-kind"' in page and 'data-testid="ledger-bundle"' in page


@pytest.mark.django_db
def test_staff_with_the_ledger_audit_grant_browse_the_entries(client: Client, log) -> None:  # type: ignore[no-untyped-def]
    court = CourtFactory()
    clerk = user_with_role(Role.CLERK, court)
    login_verified(client, clerk)
    assert client.get(reverse("ledger:entries")).status_code == 403
    refused = client.get("/api/v1/ledger/entries")
    assert refused.status_code == 403 and refused.json()["code"] == "ledger.entries_forbidden"
    admin = user_with_role(Role.SYSTEM_ADMIN, court)
    staff = Client()
    login_verified(staff, admin)
    page = staff.get(reverse("ledger:entries")).content.decode()
    assert page.count('data-testid="ledger-entry"') == 6 and CASE in page
    api = staff.get("/api/v1/ledger/entries?limit=4").json()
    assert [e["leaf_index"] for e in api["entries"]] == [5, 4, 3, 2] and api["next_before"] == 2
    rest = staff.get(f"/api/v1/ledger/entries?before={api['next_before']}").json()
    assert [e["leaf_index"] for e in rest["entries"]] == [1, 0] and rest["next_before"] is None
    assert AuditLog.objects.filter(action=AuditAction.LEDGER_ENTRIES_VIEWED, actor=admin, kind="read").count() == 3
    neighbour = staff.get(f"/api/v1/ledger/proof/inclusion?hash={sha(FILES[0])}").json()["proof"][0]
    assert "service.task:1" in staff.get(reverse("ledger:verify") + f"?sha256={neighbour}").content.decode()
    assert 'data-testid="ledger-entries-link"' in staff.get(reverse("ledger:findings")).content.decode()
