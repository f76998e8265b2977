"""Forms of the hearing pages: the scheduling form on the case page, and the hearing page's actions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import HearingKind, HearingMode, RemoteSiteKind, RemoteSiteStaff
from .rules.postponement import reasons_for

if TYPE_CHECKING:
    from smartcourt.cases.models import Case


def set_choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    cast("forms.ChoiceField", form.fields[name]).choices = choices


def aware(day: Any, at: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class _TimeRange(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("结束"), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("start") and data.get("end"):
            data["starts_at"] = aware(data["day"], data["start"])
            data["ends_at"] = aware(data["day"], data["end"])
        return data


class ScheduleForm(_TimeRange):
    kind = forms.ChoiceField(label=_("类型"), choices=HearingKind.choices)
    mode = forms.ChoiceField(label=_("方式"), choices=HearingMode.choices)
    room = forms.TypedChoiceField(label=_("法庭"), coerce=int, required=False, empty_value=None)
    presiding = forms.TypedChoiceField(label=_("审判长/独任审判员"), coerce=int)
    panel = forms.TypedMultipleChoiceField(label=_("合议庭其他成员"), coerce=int, required=False)
    clerk = forms.TypedChoiceField(label=_("书记员"), coerce=int, required=False, empty_value=None)
    site = forms.TypedChoiceField(label=_("远程场所"), coerce=int, required=False, empty_value=None)
    public = forms.BooleanField(label=_("公开审理"), required=False, initial=True)
    not_public_reason = forms.CharField(label=_("不公开理由"), max_length=200, required=False)
    witnesses = forms.CharField(label=_("证人（多人以、分隔）"), max_length=200, required=False)
    interpreter = forms.CharField(label=_("翻译人员"), max_length=64, required=False)
    interpreter_language = forms.CharField(label=_("翻译语种"), max_length=32, required=False)
    rest_day_confirmed = forms.BooleanField(label=_("确认在休息日开庭"), required=False)
    notes = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[Any, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "room", [("", _("（在线庭审不选）")), *choices["rooms"]])
        set_choices(self, "presiding", choices["judges"])
        set_choices(self, "panel", choices["judges"])
        set_choices(self, "clerk", [("", "—"), *choices["clerks"]])
        set_choices(self, "site", [("", "—"), *choices["sites"]])


class RescheduleForm(_TimeRange):
    room = forms.TypedChoiceField(label=_("法庭"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("改期原因"), max_length=300)
    rest_day_confirmed = forms.BooleanField(label=_("确认在休息日开庭"), required=False)

    def __init__(self, *args: Any, rooms: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "room", [("", _("（不变）")), *rooms])


class PostponeForm(forms.Form):
    reason = forms.ChoiceField(label=_("延期事由"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    session_held = forms.BooleanField(label=_("已开庭，休庭后延期"), required=False)
    on_party_application = forms.BooleanField(label=_("系当事人、代理人或辩护人申请"), required=False)
    parties_agree = forms.BooleanField(label=_("当事人同意间隔超过一个月"), required=False)
    president_approval = forms.CharField(label=_("院长批准情况"), max_length=200, required=False)
    day = forms.DateField(label=_("下次开庭日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("开始"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("结束"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    rest_day_confirmed = forms.BooleanField(label=_("确认在休息日开庭"), required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "reason", [(r.value, f"{label}（{c}）") for r, label, c in reasons_for(case.kind)])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get("day"), data.get("start"), data.get("end")]
        if any(parts) and not all(parts):
            raise forms.ValidationError(_("下次开庭请同时填写日期、开始和结束时间；时间未定的请都不填。"))
        if all(parts):
            data["next_starts_at"] = aware(data["day"], data["start"])
            data["next_ends_at"] = aware(data["day"], data["end"])
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("原因"), max_length=300)


class HeldForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("实际开始"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("实际结束"), widget=forms.TimeInput(attrs={"type": "time"}))


class SiteForm(forms.Form):
    court = forms.TypedChoiceField(label=_("法院"), coerce=int)
    kind = forms.ChoiceField(label=_("类别"), choices=RemoteSiteKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    host = forms.CharField(label=_("设立单位"), max_length=100)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)


class SiteStaffForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    duty = forms.ChoiceField(label=_("职责"), choices=RemoteSiteStaff.Duty.choices)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
