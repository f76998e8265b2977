from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel


class CaseKind(models.TextChoices):
    CIVIL = "civil", _("民事")
    CRIMINAL = "criminal", _("刑事")
    ADMINISTRATIVE = "administrative", _("行政")
    ENFORCEMENT = "enforcement", _("执行")
    BANKRUPTCY = "bankruptcy", _("破产")
    STATE_COMPENSATION = "state_compensation", _("国家赔偿")


class CauseOfAction(BaseModel):
    """A cause of action (案由) or criminal charge (罪名), as a tree loaded from data."""

    kind = models.CharField(_("类别"), max_length=24, choices=CaseKind.choices)
    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级")
    )
    level = models.PositiveSmallIntegerField(_("层级"))
    # Search helpers: full pinyin without tones and initials ("mjjd" for 民间借贷纠纷).
    pinyin = models.CharField(_("拼音"), max_length=400, blank=True)
    initials = models.CharField(_("拼音首字母"), max_length=100, blank=True, db_index=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    articles = models.CharField(_("条文"), max_length=100, blank=True)  # e.g. 刑法第二百六十四条
    selectable = models.BooleanField(_("可选"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("案由")
        verbose_name_plural = _("案由")
        ordering = ["kind", "sort_order", "code"]
        indexes = [models.Index(fields=["kind", "level"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name
