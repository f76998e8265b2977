"""Filing (立案) tables. Court fees: the point each court takes inside the statutory fee ranges."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel

from .rules.fees import RANGES


class CourtFeeRangeKind(models.TextChoices):
    """The fee ranges (幅度) a court may tune: 诉讼费用交纳办法 Art. 13(2), 13(3), 13(6) and Art. 14."""

    DIVORCE = "divorce", _("离婚案件（50–300元，第十三条第（二）项第1目）")
    PERSONALITY = "personality", _("人格权案件（100–500元，第十三条第（二）项第2目）")
    NON_PROPERTY = "non_property", _("其他非财产案件（50–100元，第十三条第（二）项第3目）")
    IP = "ip", _("知识产权民事案件无争议金额（500–1000元，第十三条第（三）项）")
    JURISDICTION_OBJECTION = "jurisdiction_objection", _("管辖权异议不成立（50–100元，第十三条第（六）项）")
    ENFORCEMENT = "enforcement", _("申请执行无执行金额（50–500元，第十四条第（一）项）")
    MARITIME_FUND = "maritime.fund", _("设立海事赔偿责任限制基金（1000–10000元，第十四条第（七）项）")
    MARITIME_INJUNCTION = "maritime.injunction", _("海事强制令（1000–5000元，第十四条第（七）项）")
    MARITIME_PRIORITY_NOTICE = "maritime.priority_notice", _("船舶优先权催告（1000–5000元，第十四条第（七）项）")


assert {c.value for c in CourtFeeRangeKind} == set(RANGES), "every statutory range is configurable, no more"


class CourtFeePoint(models.TextChoices):
    MIN = "min", _("下限")
    MAX = "max", _("上限")
    VALUE = "value", _("指定金额")


class CourtFeeSetting(BaseModel):
    """The point a court takes inside one fee range; absent = the minimum. Written only by `court_fee_setting_set`."""

    court = models.ForeignKey(
        "courts.Court", on_delete=models.CASCADE, related_name="fee_settings", verbose_name=_("法院")
    )
    kind = models.CharField(_("收费幅度"), max_length=32, choices=CourtFeeRangeKind.choices)
    point = models.CharField(_("取值"), max_length=8, choices=CourtFeePoint.choices, default=CourtFeePoint.MIN)
    value = models.DecimalField(_("指定金额（元）"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("诉讼费收费标准")
        verbose_name_plural = _("诉讼费收费标准")
        ordering = ["court", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["court", "kind"], name="court_fee_setting_unique_kind"),
            models.CheckConstraint(
                condition=(Q(point="value") & Q(value__isnull=False))
                | (Q(point__in=["min", "max"]) & Q(value__isnull=True)),
                name="court_fee_setting_value_iff_point_value",
            ),
        ]

    def __str__(self) -> str:
        shown = f"{self.value}元" if self.point == CourtFeePoint.VALUE else self.get_point_display()
        return f"{self.court} · {self.kind} · {shown}"
