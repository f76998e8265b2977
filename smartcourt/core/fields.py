"""Model fields shared by every app (importable by migrations, which may not import core.models)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .correlation import correlation_id


class CorrelationIdField(models.UUIDField):
    """The id of the action that wrote the row (`smartcourt.core.correlation`), stamped when the row is inserted
    (`save()` and `bulk_create()` alike). Null only on rows written before the column existed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", _("关联操作编号"))
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if add and value is None:
            value = correlation_id()
            setattr(model_instance, self.attname, value)
        return value
