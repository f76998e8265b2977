from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel


class StoredBlob(BaseModel):
    """A blob of the content-addressed store that a committed transaction owns.

    Written by `blob_store` in the caller's transaction: if that transaction rolls back, the row goes with it and
    the bytes, already in storage, are an orphan the sweeper deletes after the grace period. The unique name is
    also the lock between a writer and the sweeper (see `services.blobs_sweep`)."""

    name = models.CharField(_("存储名"), max_length=200, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.BigIntegerField(_("字节数"))

    class Meta:
        verbose_name = _("已存文件")
        verbose_name_plural = _("已存文件")

    def __str__(self) -> str:
        return self.name
