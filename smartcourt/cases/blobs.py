"""Fields of the case core that name stored blobs (the intake's sweeper never deletes what they name)."""

from __future__ import annotations

from smartcourt.core.intake.references import BlobReference

references = [BlobReference("cases.PowerOfAttorney", "document", sha256_field="document_sha256")]
