"""Fields of service of process that name stored blobs (the intake's sweeper never deletes what they name)."""

from __future__ import annotations

from smartcourt.core.intake.references import BlobReference

references = [
    BlobReference("service.ServiceTask", "document_storage_name", sha256_field="document_sha256"),
    BlobReference("service.ServiceTask", "certificate_storage_name", sha256_field="certificate_sha256"),
    BlobReference("service.ServiceAddress", "paper_storage_name", sha256_field="paper_sha256"),
    BlobReference("service.ServiceAttempt", "evidence__photo_storage_name"),  # the in-person service photo
]
