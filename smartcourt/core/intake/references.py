"""Which rows name a stored blob, so the sweeper never deletes one that anything refers to.

Each app lists the fields that hold storage names in a module `<app>/blobs.py`:

    references = [BlobReference("dossier.DossierPage", "storage_name", sha256_field="sha256"), ...]

(`sha256_field`, where the row keeps the digest in an indexed column, narrows the lookup to an index scan; a JSON
path such as `"evidence__photo_storage_name"` is a lookup like any other.) Every FileField of every installed model
is a reference without being listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

from smartcourt.core.discovery import app_modules


@dataclass(frozen=True)
class BlobReference:
    model: str  # "app_label.ModelName"
    lookup: str  # the field (or JSON path) holding a storage name
    sha256_field: str = ""  # a column with the blob's SHA-256, when the row keeps one

    def refers(self, *, name: str, sha256: str) -> bool:
        model = apps.get_model(self.model)
        query = {self.lookup: name}
        if self.sha256_field and sha256:
            query[self.sha256_field] = sha256
        return bool(model._base_manager.filter(**query).exists())


def blob_references() -> list[BlobReference]:
    """Every app's `blobs.references`, plus every FileField of every installed model."""
    found: list[BlobReference] = []
    for _config, module in app_modules("blobs"):
        found.extend(getattr(module, "references", []))
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.concrete:
                found.append(BlobReference(model._meta.label, field.name))
    unique: dict[tuple[str, str], BlobReference] = {}
    for ref in found:
        unique.setdefault((ref.model, ref.lookup), ref)
    return list(unique.values())


def blob_referenced_by(*, name: str, sha256: str) -> str:
    """The first model found naming the blob ("dossier.DossierPage.storage_name"), or "" when none does."""
    for ref in blob_references():
        if ref.refers(name=name, sha256=sha256):
            return f"{ref.model}.{ref.lookup}"
    return ""
