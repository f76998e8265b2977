"""Forms of the paper-custody pages (input parsing only; the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcourt.core.params import IdField

from .models import BundleKind, LocationKind
from .selectors import STATUS_FILTERS


class PaperFileFilterForm(forms.Form):
    q = forms.CharField(label=_("案号或标签码"), required=False, max_length=60)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_FILTERS)
    kind = forms.ChoiceField(label=_("位置类别"), required=False, choices=[("", _("全部位置")), *LocationKind.choices])
    location = IdField(label=_("存放位置"), required=False)


class RegisterForm(forms.Form):
    case_number = forms.CharField(label=_("案号"), max_length=60)
    kind = forms.ChoiceField(label=_("类别"), choices=BundleKind.choices)
    title = forms.CharField(label=_("名称"), max_length=120)
    volume_no = forms.IntegerField(label=_("册号"), min_value=1, max_value=999, initial=1)
    pages = forms.IntegerField(label=_("页数"), min_value=0, max_value=100_000, required=False)
    received_from = forms.CharField(label=_("提交人"), max_length=100, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class CheckInForm(forms.Form):
    location = IdField(label=_("存放位置"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class CheckOutForm(forms.Form):
    handed_to = IdField(label=_("交给"))
    due_on = forms.DateField(label=_("归还期限"), required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class BorrowForm(forms.Form):
    reason = forms.CharField(label=_("借阅事由"), max_length=200)
    due_on = forms.DateField(label=_("归还期限"))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("批准")), ("reject", _("不予批准"))])
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)


class LockerForm(forms.Form):
    unit = forms.CharField(label=_("柜号"), max_length=40)
    cells = forms.IntegerField(label=_("格口数"), min_value=1, max_value=200)
    site = forms.CharField(label=_("存放地点"), max_length=100, required=False)


class ShelfForm(forms.Form):
    unit = forms.CharField(label=_("档案室/架号"), max_length=40)
    position = forms.CharField(label=_("架位"), max_length=40)
    site = forms.CharField(label=_("存放地点"), max_length=100, required=False)
