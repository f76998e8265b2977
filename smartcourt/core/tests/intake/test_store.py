"""The one content-addressed store: SHA-256 names, write-once, equal bytes stored once, the owner row in the
caller's transaction, a marker for the sweeper, torn writes replaced."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from smartcourt.core.intake.models import StoredBlob
from smartcourt.core.intake.store import WRITTEN, blob_exists, blob_read, blob_store, written_buckets, written_markers

pytestmark = pytest.mark.django_db


def _files(root) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_equal_bytes_are_stored_once_under_their_sha256(media) -> None:  # type: ignore[no-untyped-def]
    content = b"%PDF-1.7 the same evidence"
    sha = hashlib.sha256(content).hexdigest()
    first = blob_store(content=content, ext="pdf")
    again = blob_store(content=content, ext="pdf")
    assert first == again and first.name == f"blobs/{sha[:2]}/{sha[2:4]}/{sha}.pdf" and first.size == len(content)
    assert blob_read(first.name) == content and blob_exists(first.name) and not blob_exists("")
    blobs = [f for f in _files(media / "blobs") if not f.startswith("_written")]
    assert blobs == [f"{sha[:2]}/{sha[2:4]}/{sha}.pdf"]
    assert list(StoredBlob.objects.values_list("name", "sha256", "size")) == [(first.name, sha, len(content))]
    [(_, bucket)] = written_buckets()
    assert written_markers(bucket) == [(f"{bucket}/{sha}.pdf", first.name)]  # one marker: the bytes were new once


def test_the_owner_row_rolls_back_with_the_caller_and_the_bytes_stay() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        blob = blob_store(content=b"rolled back", ext="txt")
        raise RuntimeError("the caller's action failed")
    assert not StoredBlob.objects.exists() and blob_exists(blob.name)  # an orphan, for the sweeper


def test_a_torn_write_is_replaced() -> None:
    content = b"\x89PNG\r\n\x1a\n" + b"\x01" * 1000
    sha = hashlib.sha256(content).hexdigest()
    name = f"blobs/{sha[:2]}/{sha[2:4]}/{sha}.png"
    default_storage.save(name, ContentFile(content[:100]))  # a writer that died mid-file
    assert blob_store(content=content, ext="png").name == name and blob_read(name) == content


@pytest.mark.parametrize("ext", ["", "PDF", "p/df", "toolongext"])
def test_an_extension_that_is_not_a_plain_word_is_a_programming_error(ext: str) -> None:
    with pytest.raises(ValueError):
        blob_store(content=b"x", ext=ext)


def test_markers_live_apart_from_the_blobs() -> None:
    blob = blob_store(content=b"abc", ext="txt")
    [(_, bucket)] = written_buckets()
    assert bucket.startswith(f"{WRITTEN}/") and not blob.name.startswith(WRITTEN)
