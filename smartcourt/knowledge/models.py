"""The statute store (法律法规库): laws, their versions by effective date, and the articles of each version."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LawKind(models.TextChoices):
    LAW = "law", _("法律")
    REGULATION = "regulation", _("行政法规")
    INTERPRETATION = "interpretation", _("司法解释")


class Law(models.Model):
    """A law (法律, 行政法规 or 司法解释) by its short name, the first part of every article's address."""

    short_name = models.CharField(_("简称"), max_length=100, unique=True)  # 民法典, 民事诉讼法, 民诉法解释
    title = models.CharField(_("名称"), max_length=200, unique=True)  # 中华人民共和国民法典
    kind = models.CharField(_("类别"), max_length=20, choices=LawKind.choices)
    aliases = models.JSONField(_("别称"), default=list, blank=True)  # 民诉法, 民事诉讼法解释 …
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "short_name"]

    def __str__(self) -> str:
        return self.short_name


class LawVersion(models.Model):
    """The law's text as in force from `effective_from` until the next version's date."""

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="versions")
    effective_from = models.DateField(_("施行日期"))
    history = models.TextField(_("沿革"), blank=True)
    source = models.CharField(_("来源文件"), max_length=2000)
    digest = models.CharField(max_length=64)  # sha-256 of the source files: a re-import of the same text is a no-op
    article_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["law", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["law", "effective_from"], name="knowledge_version_unique_date")]

    def __str__(self) -> str:
        return f"{self.law.short_name}（{self.effective_from:%Y-%m-%d}施行）"


class Article(models.Model):
    """One article (条) of a version; its text keeps paragraphs (款) and items (项) one a line."""

    version = models.ForeignKey(LawVersion, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    suffix = models.PositiveSmallIntegerField(default=0)  # 之X
    label = models.CharField(max_length=40)  # 第五百七十七条, 第一百三十三条之一
    heading = models.CharField(max_length=500, blank=True)  # 第三编 合同 / 第八章 违约责任
    text = models.TextField()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number", "suffix"], name="knowledge_article_unique_number")
        ]
        indexes = [models.Index(fields=["version", "label"])]

    def __str__(self) -> str:
        return self.label
