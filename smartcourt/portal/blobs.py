"""Fields of the public side that name stored blobs (the intake's sweeper never deletes what they name)."""

from __future__ import annotations

from smartcourt.core.intake.references import BlobReference

references = [BlobReference("portal.LitigantAccount", "id_photo", sha256_field="id_photo_sha256")]
