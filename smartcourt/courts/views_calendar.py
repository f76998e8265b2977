"""The holiday calendar page (节假日安排): loaded years and their days; load a new year, correct a loaded one.

Only holders of calendar/change in the permission table (system administrators, trial-management staff) may open
it; everyone else gets 403. Each write goes through a service (one transaction, one audit row).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from smartcourt.core.errors import ApplicationError

from .models import HolidayYear
from .rules.holidays import ArrangementDay, ArrangementParseError, DayKind, YearArrangement, arrangement_parse
from .selectors import calendar_change_allowed, holiday_year_get, holiday_year_list
from .services import holiday_year_load, holiday_year_update

MAX_UPLOAD = 256 * 1024
LINE_EXAMPLE = (
    "year: 2027\n"
    "notice: 国务院办公厅关于2027年部分节假日安排的通知\n"
    "notice_no: 国办发明电〔2026〕X号\n"
    "2027-01-01 holiday 元旦\n"
    "2027-02-06 workday 春节\n"
)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False, min_value=2000, max_value=2100)
    notice = forms.CharField(label=gettext_lazy("依据（通知名称）"), required=False, max_length=200)
    notice_no = forms.CharField(label=gettext_lazy("文号"), required=False, max_length=64)
    content = forms.CharField(
        label=gettext_lazy("节假日安排"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "font-monospace"}),
        help_text=gettext_lazy(
            "每行一天：“日期 类别 节日”，类别为 holiday（放假）或 workday（调休上班）；也可粘贴 JSON。"
        ),
    )
    upload = forms.FileField(label=gettext_lazy("或上传文件（JSON 或文本）"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("upload")
        text = data.get("content") or ""
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("文件过大（不超过 256 KB）。"))
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("文件应为 UTF-8 编码的文本或 JSON。")) from None
        if not text.strip():
            raise forms.ValidationError(_("请粘贴节假日安排或上传文件。"))
        data["text"] = text
        return data

    def arrangement(self) -> YearArrangement:
        data = self.cleaned_data
        return arrangement_parse(
            data["text"], year=data.get("year"), notice=data.get("notice") or "", notice_no=data.get("notice_no") or ""
        )


def _require_change(request: HttpRequest) -> None:
    if not calendar_change_allowed(user=request.user):
        raise PermissionDenied(_("只有系统管理员和审判管理人员可以维护节假日安排。"))


def _year_view(row: HolidayYear) -> dict[str, Any]:
    """One year for the page: festivals in date order, each with its holidays and make-up working days."""
    festivals: dict[str, dict[str, list]] = {}
    for day in sorted(row.days.all(), key=lambda d: d.date):
        entry = festivals.setdefault(day.name, {"holidays": [], "workdays": []})
        entry["holidays" if day.kind == DayKind.HOLIDAY else "workdays"].append(day.date)
    return {"row": row, "festivals": [{"name": k, **v} for k, v in festivals.items()]}


def _apply_errors(form: CalendarYearForm, exc: ApplicationError | ArrangementParseError) -> list[str]:
    if isinstance(exc, ArrangementParseError):
        return exc.errors
    return list(exc.extra.get("errors") or [str(exc.message)])


@login_required
@require_http_methods(["GET", "POST"])
def calendar_index(request: HttpRequest) -> HttpResponse:
    """Loaded years and a form to load a new one."""
    _require_change(request)
    form = CalendarYearForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            row = holiday_year_load(arrangement=form.arrangement(), actor=request.user)
        except (ApplicationError, ArrangementParseError) as exc:
            problems = _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(year)s年节假日安排已录入（%(count)s天）。") % {"year": row.year, "count": row.days.count()},
            )
            return redirect("courts:calendar")
    years = [_year_view(row) for row in holiday_year_list()]
    context = {"form": form, "problems": problems, "years": years, "example": LINE_EXAMPLE}
    return render(request, "courts/calendar.html", context, status=400 if problems else 200)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Correct a loaded year: the days as editable lines; saving replaces them (old and new in the audit row)."""
    _require_change(request)
    row = holiday_year_get(year=year)
    if row is None:
        raise Http404
    current = YearArrangement(
        year=row.year,
        notice=row.notice,
        notice_no=row.notice_no,
        days=tuple(ArrangementDay(d.date, DayKind(d.kind), d.name) for d in row.days.all()),
    )
    initial = {"year": row.year, "notice": row.notice, "notice_no": row.notice_no, "content": current.as_lines()}
    form = CalendarYearForm(request.POST or None, request.FILES or None, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            holiday_year_update(year=row.year, arrangement=form.arrangement(), actor=request.user)
        except (ApplicationError, ArrangementParseError) as exc:
            problems = _apply_errors(form, exc)
        else:
            messages.success(request, _("%(year)s年节假日安排已修改。") % {"year": row.year})
            return redirect("courts:calendar")
    context = {"form": form, "problems": problems, "year": _year_view(row)}
    return render(request, "courts/calendar_edit.html", context, status=400 if problems else 200)
