"""Fields of enforcement that name stored blobs (the intake's sweeper never deletes what they name)."""

from __future__ import annotations

from smartcourt.core.intake.references import BlobReference

references = [BlobReference("enforcement.Paper", "storage_name", sha256_field="sha256")]
