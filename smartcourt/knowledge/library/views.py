"""Case library, similar-case push, 法答网 and 类案追本溯源 pages. Thin: a selector, a service, a template."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcourt.cases.selectors import case_get_for_user
from smartcourt.core.errors import ApplicationError
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import Action, Resource, grant_courts, permits
from smartcourt.courts.selectors import court_list_by_ids, user_get, user_is_person

from . import selectors, services
from .models import LibraryKind

if TYPE_CHECKING:
    from smartcourt.courts.models import User

PAGE = 30


def _person(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


def _library_reader(request: HttpRequest) -> User:
    user = _person(request)
    if not permits(user=user, resource=Resource.CASE_LIBRARY, action=Action.VIEW):
        raise PermissionDenied(_("您没有查阅案例库的权限。"))
    return user


def _qa_reader(request: HttpRequest) -> User:
    user = _person(request)
    if not permits(user=user, resource=Resource.LEGAL_QA, action=Action.VIEW):
        raise PermissionDenied(_("您没有使用法答网的权限。"))
    return user


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """The library: search by words, filter by kind and tag; a facts box pushes similar cases for any text."""
    user = _library_reader(request)
    q = request.GET.get("q", "")[: selectors.MAX_SEARCH_CHARS]
    kind = request.GET.get("kind", "")
    kind = kind if kind in LibraryKind.values else ""
    tag = request.GET.get("tag", "")[:40]
    rows = list(selectors.library_search(user=user, q=q, kind=kind, tag=tag)[:PAGE])
    return render(request, "knowledge_library/library.html", {
        "rows": rows, "q": q, "kind": kind, "tag": tag, "kinds": LibraryKind.choices,
    })  # fmt: skip


@login_required
def similar_search(request: HttpRequest) -> HttpResponse:
    """Paste facts, get similar cases with reasons (类案检索)."""
    user = _library_reader(request)
    facts = request.POST.get("facts", "") if request.method == "POST" else ""
    results, error = [], ""
    if request.method == "POST":
        if not facts.strip():
            error = _("请填写案情事实。")
        elif len(facts) > 20_000:
            error = _("案情过长（不超过 20000 字），请只粘贴事实部分。")
        else:
            courts = sorted(grant_courts(user=user, resource=Resource.CASE_LIBRARY, action=Action.VIEW))
            court_id = courts[0] if courts else 0
            results = selectors.similar_cases_for_text(facts=facts, court_id=court_id, user=user, k=10)
    status = 400 if error else 200
    return render(request, "knowledge_library/similar.html", {"facts": facts, "results": results, "error": error},
                  status=status)  # fmt: skip


@login_required
def library_case(request: HttpRequest, pk: int) -> HttpResponse:
    user = _library_reader(request)
    case = selectors.library_case_get_for_user(user=user, pk=pk)
    if case is None:
        raise Http404(_("没有这个案例。"))
    return render(request, "knowledge_library/case.html", {"case": case})


@login_required
@personal_data
def case_similar(request: HttpRequest, case_id: int) -> HttpResponse:
    """The full similar-case list of a case (the case page's panel shows the first few)."""
    user = _person(request)
    case = case_get_for_user(case_id=case_id, user=user)
    facts, results = selectors.similar_cases_for(case=case, user=user, k=10)
    return render(request, "knowledge_library/case_similar.html", {"case": case, "facts": facts, "results": results})


@login_required
def qa_board(request: HttpRequest) -> HttpResponse:
    """法答网: search questions and answers; ask."""
    user = _qa_reader(request)
    q = request.GET.get("q", "")[: selectors.MAX_SEARCH_CHARS]
    rows = list(selectors.question_search(user=user, q=q).prefetch_related("answers")[:PAGE])
    court_ids = grant_courts(user=user, resource=Resource.LEGAL_QA, action=Action.CHANGE)
    courts = court_list_by_ids(court_ids=court_ids)
    return render(request, "knowledge_library/qa_board.html", {
        "rows": rows, "q": q, "courts": list(courts), "awaiting": selectors.questions_awaiting(user=user),
        "fields": selectors.question_fields(court_ids=court_ids),
        "manages_experts": permits(user=user, resource=Resource.LEGAL_QA_EXPERT, action=Action.CHANGE),
    })  # fmt: skip


@login_required
@require_POST
def qa_ask(request: HttpRequest) -> HttpResponse:
    user = _qa_reader(request)
    courts = {c.pk: c for c in court_list_by_ids(
        court_ids=grant_courts(user=user, resource=Resource.LEGAL_QA, action=Action.CHANGE))}  # fmt: skip
    try:
        court = courts.get(int(request.POST.get("court", "0") or 0))
    except ValueError:
        court = None
    if court is None:
        messages.error(request, _("请选择提问的法院。"))
        return redirect("knowledge_library:qa")
    try:
        question = services.question_ask(
            actor=user, court=court, title=request.POST.get("title", ""), body=request.POST.get("body", ""),
            cause=request.POST.get("cause", ""), field=request.POST.get("field", ""),
        )  # fmt: skip
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("knowledge_library:qa")
    messages.success(request, _("问题已提交，等待本院专家答复。"))
    return redirect(question.get_absolute_url())


@login_required
def question(request: HttpRequest, pk: int) -> HttpResponse:
    user = _qa_reader(request)
    q = selectors.question_get_for_user(user=user, pk=pk)
    if q is None:
        raise Http404(_("没有这个问题。"))
    if request.method == "POST":
        try:
            answer = services.answer_give(actor=user, question=q, body=request.POST.get("body", ""))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("已答复。"))
            return redirect(answer.get_absolute_url())
        return redirect(q.get_absolute_url())
    return render(request, "knowledge_library/question.html", {
        "question": q, "answers": list(selectors.question_answers(question=q)),
        "may_answer": selectors.question_may_answer(user=user, question=q),
    })  # fmt: skip


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """An answer's stable, citable address: the question's page, scrolled to the answer."""
    user = _qa_reader(request)
    a = selectors.answer_get_for_user(user=user, pk=pk)
    if a is None:
        raise Http404(_("没有这条答复。"))
    return redirect(f"{a.question.get_absolute_url()}#answer-{a.pk}")


@login_required
@personal_data
def sources(request: HttpRequest) -> HttpResponse:
    """类案追本溯源: for a cause or a charge, where the new filings come from."""
    user = _library_reader(request)
    cause = request.GET.get("cause", "").strip()[:40]
    try:
        days = min(max(int(request.GET.get("days", "365")), 7), 3650)
    except ValueError:
        days = 365
    data = selectors.cause_sources(user=user, cause=cause, days=days) if cause else None
    return render(request, "knowledge_library/sources.html", {"cause": cause, "days": days, "data": data})


# --- typical cases (典型案例): the court's selection ------------------------------------------------------------------


def _typical_selector(request: HttpRequest) -> User:
    user = _person(request)
    if not selectors.typical_select_courts(user=user):
        raise PermissionDenied(_("您没有选编本院典型案例的权限。"))
    return user


def _typical_data(post: Any) -> services.TypicalCaseData:
    raw = (post.get("amount", "") or "").strip().replace(",", "")
    try:
        amount = Decimal(raw) if raw else None
    except InvalidOperation:
        raise services.Invalid(_("涉案金额应为数字（元）。")) from None
    return services.TypicalCaseData(
        title=post.get("title", ""), facts=post.get("facts", ""), summary=post.get("summary", ""),
        tags=post.get("tags", ""), cause=post.get("cause", ""), result=post.get("result", ""),
        statutes=post.get("statutes", ""), sentence=post.get("sentence", ""), amount=amount,
    )  # fmt: skip


@login_required
def typical_list(request: HttpRequest) -> HttpResponse:
    """The court's typical cases (selected, retired) and the closed, effective cases that can be selected."""
    user = _typical_selector(request)
    q = request.GET.get("q", "")[: selectors.MAX_SEARCH_CHARS]
    return render(request, "knowledge_library/typical_list.html", {
        "rows": list(selectors.typical_cases_managed(user=user)[:100]), "q": q,
        "candidates": selectors.typical_candidates(user=user, q=q),
    })  # fmt: skip


@login_required
@personal_data
def typical_select(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _typical_selector(request)
    case = selectors.typical_candidate_get(user=user, case_id=case_id)
    if case is None:
        raise Http404(_("没有这个案件，或不是您所在法院的案件。"))
    values = selectors.typical_prefill(case=case)
    error = ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            lc = services.typical_case_select(actor=user, case=case, data=_typical_data(request.POST))
        except ApplicationError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("已选编为本院典型案例，将进入案例库检索和类案推送。"))
            return redirect(lc.get_absolute_url())
    return render(request, "knowledge_library/typical_form.html",
                  {"case": case, "values": values, "error": error, "selecting": True},
                  status=400 if error else 200)  # fmt: skip


@login_required
def typical_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _typical_selector(request)
    lc = selectors.typical_case_managed_get(user=user, pk=pk)
    if lc is None:
        raise Http404(_("没有这个典型案例。"))
    fields = ("title", "facts", "summary", "tags", "cause", "result", "statutes", "sentence", "amount")
    values: dict[str, Any] = {k: getattr(lc, k) for k in fields}
    error = ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in fields}
        try:
            services.typical_case_edit(actor=user, library_case=lc, data=_typical_data(request.POST))
        except ApplicationError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("典型案例已修改。"))
            return redirect(lc.get_absolute_url())
    return render(request, "knowledge_library/typical_form.html",
                  {"library_case": lc, "case": lc.source_case, "values": values, "error": error},
                  status=400 if error else 200)  # fmt: skip


@login_required
@require_POST
def typical_retire(request: HttpRequest, pk: int) -> HttpResponse:
    user = _typical_selector(request)
    lc = selectors.typical_case_managed_get(user=user, pk=pk)
    if lc is None:
        raise Http404(_("没有这个典型案例。"))
    try:
        services.typical_case_retire(actor=user, library_case=lc, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已撤下，不再检索和推送。"))
    return redirect("knowledge_library:typical")


# --- 法答网 experts ---------------------------------------------------------------------------------------------------


@login_required
@personal_data
def experts(request: HttpRequest) -> HttpResponse:
    """Designate and revoke the court's 法答网 experts, by field (president, trial management)."""
    user = _person(request)
    courts = selectors.expert_courts(user=user)
    if not courts:
        raise PermissionDenied(_("您没有指定法答网专家的权限。"))
    by_id = {c.pk: c for c in courts}
    status = 200
    if request.method == "POST":
        try:
            court = by_id.get(int(request.POST.get("court", "0") or 0))
            expert = user_get(user_id=int(request.POST.get("user", "0") or 0), active_only=True)
        except ValueError:
            court, expert = None, None
        if court is None or expert is None:
            messages.error(request, _("请选择法院和专家。"))
            status = 400
        else:
            try:
                services.expert_designate(actor=user, court=court, user=expert, field=request.POST.get("field", ""))
            except ApplicationError as exc:
                messages.error(request, str(exc.message))
                status = 400
            else:
                messages.success(request, _("已指定法答网专家。"))
                return redirect("knowledge_library:experts")
    return render(request, "knowledge_library/experts.html", {
        "rows": list(selectors.experts_managed(user=user)[:300]), "courts": courts,
        "candidates": selectors.expert_candidates(court_ids=list(by_id)),
        "fields": selectors.question_fields(court_ids=list(by_id)),
    }, status=status)  # fmt: skip


@login_required
@require_POST
def expert_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(request)
    if not selectors.expert_courts(user=user):
        raise PermissionDenied(_("您没有指定法答网专家的权限。"))
    designation = selectors.experts_managed(user=user).filter(pk=pk).first()
    if designation is None:
        raise Http404(_("没有这项指定。"))
    try:
        services.expert_revoke(actor=user, designation=designation)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已撤销该专家的指定。"))
    return redirect("knowledge_library:experts")
