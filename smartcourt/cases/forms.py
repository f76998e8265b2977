from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcourt.core.params import IdField
from smartcourt.legaltime.selectors import deduction_options

from .models import CaseKind, CaseState, ClosingMethod, Representation, SupervisionTag


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("案号、案件名称或当事人姓名"), "type": "search"}),
    )
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *CaseState.choices])
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *CaseKind.choices])
    court = IdField(label=_("法院"), required=False, widget=forms.Select)
    judge = IdField(label=_("承办法官"), required=False)
    division = IdField(label=_("庭室"), required=False, widget=forms.Select)
    cause = IdField(label=_("案由"), required=False, widget=forms.HiddenInput)
    cause_name = forms.CharField(label=_("案由"), required=False, max_length=50)
    tag = forms.ChoiceField(
        label=_("四类案件"), required=False, choices=[("", _("不限")), *SupervisionTag.Kind.choices]
    )
    period = forms.ChoiceField(
        label=_("审限"),
        required=False,
        choices=[
            ("", _("不限")),
            ("overdue", _("已超审限")),
            ("7", _("7日内届满")),
            ("15", _("15日内届满")),
            ("30", _("30日内届满")),
        ],
    )
    # drill-down from the court overview (法院运行态势): cases filed or closed in a period, or all open ones
    filed_from = forms.DateField(label=_("立案日期自"), required=False, widget=forms.HiddenInput)
    filed_to = forms.DateField(label=_("立案日期至"), required=False, widget=forms.HiddenInput)
    closed_from = forms.DateField(label=_("结案日期自"), required=False, widget=forms.HiddenInput)
    closed_to = forms.DateField(label=_("结案日期至"), required=False, widget=forms.HiddenInput)
    open = forms.BooleanField(label=_("未结"), required=False, widget=forms.HiddenInput)


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=CaseState.choices)
    closing_method = forms.ChoiceField(label=_("结案方式"), required=False, choices=[("", "—"), *ClosingMethod.choices])
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class DesignateForm(forms.Form):
    """A request for a designated assignment or a change of judge; the approver is the rules' choice, not a field."""

    judge = IdField(label=_("承办法官"), error_messages={"required": _("请选择拟承办法官。")})
    reason = forms.CharField(label=_("理由"), max_length=300, error_messages={"required": _("请填写理由。")})


class TagForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=SupervisionTag.Kind.choices)
    reason = forms.CharField(label=_("理由"), max_length=300)


class DeductionStartForm(forms.Form):
    """A period not counted in the trial period; the kinds (and their articles) are legaltime's, per case kind."""

    kind = forms.ChoiceField(label=_("事由"), choices=())
    started_on = forms.DateField(label=_("开始日期"))
    reason = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args: Any, case_kind: str, procedure: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(o.code, o.label) for o in deduction_options(case_kind=case_kind, procedure=procedure)]


class DeductionEndForm(forms.Form):
    adjustment = IdField()
    ended_on = forms.DateField(label=_("结束日期"))


class ExtensionForm(forms.Form):
    """A request to extend the trial period; who approves it follows from the rules (`approver_level`, if chosen,
    must be that level: a request to the wrong level is refused with the article)."""

    months = forms.IntegerField(label=_("延长月数"), min_value=0, max_value=24, required=False)
    days = forms.IntegerField(label=_("延长天数"), min_value=0, max_value=365, required=False)
    approver_level = forms.ChoiceField(
        label=_("报请"),
        required=False,
        choices=[
            ("", _("按法律规定确定审批人")),
            ("own_president", _("本院院长")),
            ("upper_court", _("上一级人民法院")),
            ("high_court", _("高级人民法院")),
            ("supreme_court", _("最高人民法院")),
        ],
    )
    reason = forms.CharField(label=_("理由"), max_length=300, error_messages={"required": _("请填写延长理由。")})


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("批准")), ("refuse", _("不予批准"))],
        error_messages={"required": _("请选择批准或不予批准。"), "invalid_choice": _("请选择批准或不予批准。")},
    )
    note = forms.CharField(label=_("审批意见"), required=False, max_length=300)


class ProcedureChangeForm(forms.Form):
    procedure = forms.ChoiceField(
        label=_("转为"),
        choices=[("ordinary", _("普通程序")), ("simple", _("简易程序")), ("small_claims", _("小额诉讼程序"))],
    )
    reason = forms.CharField(label=_("理由"), required=False, max_length=300)


class RepresentationEndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("终止原因"),
        choices=Representation.EndReason.choices,
        error_messages={"required": _("请选择代理终止的原因。"), "invalid_choice": _("请选择代理终止的原因。")},
    )
    ends_on = forms.DateField(
        label=_("终止日期"),
        required=False,
        help_text=_("自该日起不再代理本案；不填为今天。"),
        error_messages={"invalid": _("请填写有效的终止日期。")},
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class TeamForm(forms.Form):
    """The case's team as the case page submits it: ids of people, each checked against the court by the service."""

    assistant = forms.IntegerField(label=_("法官助理"), required=False)
    clerk = forms.IntegerField(label=_("书记员"), required=False)
    panel = forms.TypedMultipleChoiceField(label=_("合议庭成员"), required=False, coerce=int, choices=())
    presiding = forms.IntegerField(label=_("审判长"), required=False)
    designated_by = forms.IntegerField(label=_("指定审判长的院庭长"), required=False)

    def __init__(self, *args: Any, judge_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        panel = cast(forms.TypedMultipleChoiceField, self.fields["panel"])
        panel.choices = [(pk, pk) for pk in judge_ids or []]
        panel.error_messages["invalid_choice"] = _("所选合议庭成员不是本院法官。")


class PowerOfAttorneyReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审查结论"),
        choices=[("accept", _("接受")), ("refuse", _("不予接受"))],
        error_messages={"required": _("请选择审查结论。"), "invalid_choice": _("请选择审查结论。")},
    )
    note = forms.CharField(label=_("审查意见"), required=False, max_length=300)
