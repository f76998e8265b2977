"""Fields of the electronic dossier that name stored blobs (the intake's sweeper never deletes what they name)."""

from __future__ import annotations

from smartcourt.core.intake.references import BlobReference

references = [
    BlobReference("dossier.DossierDocument", "storage_name", sha256_field="sha256"),
    BlobReference("dossier.DossierPage", "storage_name", sha256_field="sha256"),
    BlobReference("dossier.DossierPage", "image_name"),  # the page image the OCR read (no digest kept)
    BlobReference("dossier.DossierExport", "storage_name", sha256_field="sha256"),
]
