"""Fields of the ledger that name stored blobs: an anchored file is re-hashed by every audit, so it must stay."""

from __future__ import annotations

from smartcourt.core.intake.references import BlobReference

references = [
    BlobReference("ledger.LedgerRecord", "storage_name", sha256_field="sha256"),
]
