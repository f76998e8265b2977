"""Fields of the public side that name stored blobs (the intake's sweeper never deletes what they name)."""

from __future__ import annotations

from smartcourt.core.intake.references import BlobReference

references = [BlobReference("portal.LitigantAccount", "id_photo", sha256_field="id_photo_sha256")]
references += [
    BlobReference("portal.PublicationTask", "published_pdf_name", sha256_field="published_pdf_sha256"),
    BlobReference("portal.PublicationTask", "signed_pdf_name", sha256_field="signed_pdf_sha256"),
]
