"""The mediation register's forms (areas, bodies, mediators, shared courts): choices limited to the managing court,
Chinese labels and messages; the services re-check every rule (a form is a convenience, not the guard)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CAPABILITIES, SHARED_COURT_KIND, Area, AreaLevel, BodyKind, MediationBody, MediatorKind, Speciality


def _blank(label: str) -> list[tuple[str, str]]:
    return [("", label)]


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            w.attrs.setdefault("class", "form-select" if isinstance(w, forms.Select) else "form-control")

    def int_or_none(self, name: str) -> int | None:
        value = self.cleaned_data.get(name)
        return int(str(value)) if value not in (None, "") else None


def _area_choices(court_id: int, levels: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    qs = Area.objects.filter(court_id=court_id).order_by("code")
    if levels:
        qs = qs.filter(level__in=levels)
    return [(str(a.pk), f"{a.name}（{a.get_level_display()}，{a.code}）") for a in qs]


class AreaForm(_Styled):
    level = forms.ChoiceField(label=_("层级"), choices=AreaLevel.choices)
    parent = forms.ChoiceField(
        label=_("上级区域"), required=False, help_text=_("县（区）不选；乡镇选县（区）；村（社区）选乡镇")
    )
    code = forms.CharField(label=_("区划代码"), max_length=16)
    name = forms.CharField(label=_("名称"), max_length=64)
    residents = forms.IntegerField(label=_("常住人口"), min_value=0, max_value=100_000_000)
    lat = forms.CharField(label=_("纬度"), required=False, max_length=20)
    lng = forms.CharField(label=_("经度"), required=False, max_length=20)

    def __init__(self, *args: Any, court_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _blank("（无）") + _area_choices(court_id, ("county", "township"))  # type: ignore[attr-defined]


def _judge_choices(court_id: int) -> list[tuple[str, str]]:
    from smartcourt.courts.roles import Role
    from smartcourt.courts.selectors import users_with_role

    judges = users_with_role(role=Role.JUDGE, court=_court(court_id))
    return _blank("（不设）") + [(str(u.pk), u.get_full_name() or u.username) for u in judges]


def _court(court_id: int) -> Any:
    from smartcourt.courts.selectors import court_list_by_ids

    return court_list_by_ids(court_ids=[court_id]).first()


class BodyForm(_Styled):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=BodyKind.choices)
    speciality = forms.ChoiceField(label=_("专业领域"), choices=Speciality.choices)
    area = forms.ChoiceField(label=_("所在区域"))
    guiding_judge = forms.ChoiceField(label=_("指导法官（挂点）"), required=False)
    max_amount = forms.CharField(
        label=_("受理金额上限（元）"), required=False, max_length=24, help_text=_("不设上限请留空")
    )
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, court_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _blank("请选择") + _area_choices(court_id)  # type: ignore[attr-defined]
        self.fields["guiding_judge"].choices = _judge_choices(court_id)  # type: ignore[attr-defined]


class MediatorForm(_Styled):
    body = forms.ChoiceField(label=_("调解组织"))
    name = forms.CharField(label=_("姓名"), max_length=64)
    kind = forms.ChoiceField(label=_("类别"), choices=MediatorKind.choices)
    languages = forms.CharField(
        label=_("语言"), max_length=100, initial="普通话", help_text=_("以顿号分隔，如：普通话、苏州话")
    )
    fields_ = forms.MultipleChoiceField(
        label=_("擅长领域"), choices=Speciality.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.MultipleChoiceField(
        label=_("负责区域"), required=False, widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("不选：所在组织的区域"),
    )  # fmt: skip
    guiding_judge = forms.ChoiceField(label=_("指导法官"), required=False, help_text=_("不选：所在组织的指导法官"))
    user = forms.ChoiceField(label=_("登录账户"), required=False, help_text=_("本院具有调解员角色的账户"))
    active = forms.BooleanField(label=_("在岗"), required=False, initial=True)

    def __init__(self, *args: Any, court_id: int, **kwargs: Any) -> None:
        from smartcourt.courts.roles import Role
        from smartcourt.courts.selectors import users_with_role

        super().__init__(*args, **kwargs)
        bodies = MediationBody.objects.filter(court_id=court_id).order_by("name")
        self.fields["body"].choices = _blank("请选择") + [(str(b.pk), b.name) for b in bodies]  # type: ignore[attr-defined]
        self.fields["areas"].choices = _area_choices(court_id)  # type: ignore[attr-defined]
        self.fields["guiding_judge"].choices = _judge_choices(court_id)  # type: ignore[attr-defined]
        accounts = users_with_role(role=Role.MEDIATOR, court=_court(court_id))
        self.fields["user"].choices = _blank("（无账户）") + [  # type: ignore[attr-defined]
            (str(u.pk), f"{u.get_full_name()}（{u.username}）") for u in accounts
        ]
        self.fields["fields_"].label = _("擅长领域")


class SiteForm(_Styled):
    site = forms.ChoiceField(label=_("已设立的共享法庭场所"), required=False, help_text=_("不选：按下列名称新设"))
    name = forms.CharField(label=_("场所名称"), required=False, max_length=100)
    host = forms.CharField(label=_("设立单位"), required=False, max_length=100, help_text=_("如：某村村民委员会"))
    address = forms.CharField(label=_("地址"), required=False, max_length=200)
    area = forms.ChoiceField(label=_("服务区域"))
    keeper = forms.CharField(label=_("管理员"), max_length=64, help_text=_("网格员或村（社区）干部"))
    keeper_phone = forms.CharField(label=_("管理员电话"), required=False, max_length=20)
    device = forms.CharField(label=_("设备"), max_length=100, initial="一体机")
    capabilities = forms.MultipleChoiceField(
        label=_("功能"), choices=[(c, c) for c in CAPABILITIES], widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择共享法庭的功能（至少一项）。")},
    )  # fmt: skip
    lat = forms.CharField(label=_("纬度"), required=False, max_length=20)
    lng = forms.CharField(label=_("经度"), required=False, max_length=20)

    def __init__(self, *args: Any, court_id: int, editing: bool = False, **kwargs: Any) -> None:
        from smartcourt.hearings.selectors import remote_sites_for_court

        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _blank("请选择") + _area_choices(court_id)  # type: ignore[attr-defined]
        if editing:
            for name in ("site", "name", "host", "address"):
                del self.fields[name]
        else:
            free = remote_sites_for_court(court_id=court_id).filter(kind=SHARED_COURT_KIND, shared_court__isnull=True)
            self.fields["site"].choices = _blank("（新设）") + [(str(s.pk), s.name) for s in free]  # type: ignore[attr-defined]
