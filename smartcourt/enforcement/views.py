"""Enforcement pages: the list (and, for a party, the effective cases they may apply on), applying online, the case
page with its account, inquiry progress, assets, measures and documents, the actions (post/redirect/get), a
document's PDF, the daily reconciliation, and the public dishonest-debtor query. Thin: a selector, a service, a
template."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from smartcourt.cases.selectors import (
    PartyRole,
    case_get,
    case_parties,
    case_party_get,
    case_timeline,
    case_trial_period,
    case_visible_to,
)
from smartcourt.core.access import public
from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake.store import blob_open
from smartcourt.core.params import int_param
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows, permits
from smartcourt.courts.selectors import user_is_person

from . import rules as R
from . import selectors, services
from . import services_auction as A
from . import services_control as C
from . import services_funds as F
from . import services_measures as M
from .models import Asset, Auction, ClosingKind, MeasureKind, Paper, Payout, PayoutState
from .providers import HOLDER_KINDS
from .titles import title_from_case

if TYPE_CHECKING:
    from smartcourt.cases.models import CaseParty
    from smartcourt.courts.models import User

    from .models import EnforcementFile


def _person(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


def _file_for(request: HttpRequest, file_id: int, action: Action = Action.VIEW) -> tuple[User, EnforcementFile]:
    user = _person(request)
    file = selectors.file_get(file_id=file_id)  # with its case, the case's court and its officer
    if file is None or not allows(user=user, resource=Resource.ENFORCEMENT, action=Action.VIEW, obj=file.case):
        raise Http404
    if action != Action.VIEW and not allows(user=user, resource=Resource.ENFORCEMENT, action=action, obj=file.case):
        raise PermissionDenied
    return user, file


@login_required
@require_GET
def enforcement_list(request: HttpRequest) -> HttpResponse:
    """The enforcement cases the person may see; for a party, also their effective cases open to an application."""
    user = _person(request)
    files = list(selectors.files_visible_to(user=user)[:200])
    applicable = (
        case_visible_to(user=user, action=Action.CHANGE, resource=Resource.ENFORCEMENT_APPLICATION)
        .filter(state="effective")
        .exclude(kind="enforcement")
        .order_by("-effective_on")[:50]
    )
    applied = set(
        selectors.EnforcementFile.objects.filter(title_case__in=applicable).values_list("title_case_id", flat=True)
    )
    can_reconcile = permits(user=user, resource=Resource.CASE_FUNDS, action=Action.APPROVE)
    return render(
        request,
        "enforcement/list.html",
        {
            "files": files,
            "applicable": [c for c in applicable if c.pk not in applied],
            "can_reconcile": can_reconcile,
            "can_indicators": bool(selectors.indicator_courts(user=user)),
        },
    )


@login_required
def apply(request: HttpRequest, case_id: int) -> HttpResponse:
    """Apply for enforcement of an effective judgment in the system: everything is carried over, nothing typed."""
    user = _person(request)
    case = case_get(case_id=case_id)
    if case is None or not allows(user=user, resource=Resource.ENFORCEMENT_APPLICATION, action=Action.CHANGE, obj=case):
        raise Http404
    title = None
    try:
        title = title_from_case(case=case)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    if request.method == "POST":
        try:
            file = services.enforcement_apply(title_case=case, actor=user)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
            return redirect("enforcement:apply", case_id=case.pk)
        messages.success(request, f"已申请执行，执行案号{file.case.number}。")
        return redirect("enforcement:detail", file_id=file.pk)
    return render(request, "enforcement/apply.html", {"case": case, "title": title, "basis": R.EFFECTIVE_TITLE})


@login_required
@require_GET
def detail(request: HttpRequest, file_id: int) -> HttpResponse:
    user, file = _file_for(request, file_id)
    case = file.case
    can_change = allows(user=user, resource=Resource.ENFORCEMENT, action=Action.CHANGE, obj=case)
    money_moves = (
        file.closed_on is None or file.closing_kind == ClosingKind.FINAL_THIS_ROUND
    )  # 终本: money may still come
    can_funds = money_moves and allows(user=user, resource=Resource.CASE_FUNDS, action=Action.CHANGE, obj=case)
    can_approve = allows(user=user, resource=Resource.CASE_FUNDS, action=Action.APPROVE, obj=case)
    staff = can_change or can_funds or can_approve
    account = case.account
    batch = selectors.file_batches(file=file).first()
    parties = list(case_parties(case=case))
    assets = list(selectors.file_assets(file=file)) if staff else []
    return render(
        request,
        "enforcement/detail.html",
        {
            "file": file,
            "case": case,
            "parties": parties,
            "debtors": [p for p in parties if p.role == PartyRole.JUDGMENT_DEBTOR],
            "payees": [p for p in parties if p.role in (PartyRole.ENFORCEMENT_APPLICANT, PartyRole.JUDGMENT_DEBTOR)],
            "period": case_trial_period(case=case),
            "period_basis": R.PERIOD,
            "account": account,
            "totals": selectors.fund_totals(account=account),
            "movements": selectors.account_movements(account=account),
            "payouts": selectors.payouts_of(account=account),
            "plan": F.payout_plan(account=account, parties=parties) if can_funds else [],
            "batch": batch,
            "holders": len(HOLDER_KINDS),
            "assets": assets,
            "auctions": _auction_steps(assets) if can_change and file.closed_on is None else [],
            "rules": {
                "first": R.AUCTION_FIRST_RESERVE,
                "second": R.AUCTION_SECOND_RESERVE,
                "sale": R.AUCTION_SALE,
                "notice": R.AUCTION_NOTICE,
            },
            "closing_grounds": [
                (ClosingKind.TERMINATED.label, R.TERMINATION, R.TERMINATION_GROUNDS.items()),
                (
                    ClosingKind.NOT_ENFORCED.label,
                    R.closing_basis("not_enforced", title_kind=file.title_kind),
                    R.closing_grounds("not_enforced", file.title_kind).items(),
                ),
                (ClosingKind.CANCELLED.label, R.CANCELLATION, R.CANCELLATION_GROUNDS.items()),
            ],
            "measures": selectors.file_measures(file=file),
            "papers": file.papers.all() if can_change else [],  # the paper view asks the same
            "events": case_timeline(case=case)[:60],
            "can_change": can_change and file.closed_on is None,
            "can_restore": can_change
            and file.closing_kind == ClosingKind.FINAL_THIS_ROUND
            and not file.restorations.exists(),
            "can_funds": can_funds,
            "can_approve": can_approve,
            "user_id": user.pk,
            "closing_kinds": ClosingKind.choices,
            "measure_kinds": [(k, v) for k, v in MeasureKind.choices if k != MeasureKind.REPORT_PROPERTY],
            "grounds": R.DISHONEST_GROUND_LABELS.items(),
            "refresh": batch is not None and batch.state == "running",
            "PENDING": PayoutState.PENDING,
        },
    )


def _auction_steps(assets: list[Asset]) -> list[dict[str, Any]]:
    """What the officer can do next on each sealed or frozen asset's auction: record its valuation, publish the
    notice with round 1, record a round's result, or go to the next round (with the lowest reserve allowed)."""
    out: list[dict[str, Any]] = []
    for asset in assets:
        frozen = any(c.kind == "freeze" and c.state == "active" for c in asset.controls.all())
        auction = next((a for a in asset.auctions.all() if a.state != Auction.State.CLOSED), None)
        if auction is None and not frozen:
            continue
        row: dict[str, Any] = {"asset": asset, "auction": auction, "step": ""}
        rounds = list(auction.rounds.all()) if auction else []
        if auction is None:
            row["step"] = "valuation"
        elif auction.state == Auction.State.VALUED:
            row.update(step="notice", minimum=(auction.valuation * Decimal("0.7")).quantize(Decimal("0.01")))
        elif auction.state == Auction.State.OPEN:
            row["step"] = "record"
        elif auction.state == Auction.State.FAILED and rounds and rounds[-1].kind != "sale":
            second = rounds[-1].kind == "first"
            minimum = rounds[-1].reserve * Decimal("0.8") if second else rounds[-1].reserve
            row.update(
                step="next", minimum=minimum.quantize(Decimal("0.01")), next_name="二拍" if second else "变卖",
                next_label="二拍起拍价" if second else "变卖价",
            )  # fmt: skip
        out.append(row)
    return out


def _money(request: HttpRequest, name: str = "amount") -> Decimal:
    try:
        return Decimal(request.POST.get(name, "").strip().replace(",", ""))
    except InvalidOperation:
        raise ApplicationError("金额格式不正确，请填写数字，例如 1000.00。") from None


def _asset(file: EnforcementFile, request: HttpRequest) -> Asset:
    asset = file.assets.filter(pk=request.POST.get("asset") or 0).first()
    if asset is None:
        raise ApplicationError("请选择财产。")
    return asset


def _party(file: EnforcementFile, request: HttpRequest) -> CaseParty:
    raw = request.POST.get("party", "")
    party = case_party_get(party_id=int(raw)) if raw.isdigit() else None
    if party is None or party.case_id != file.case_id:
        raise ApplicationError("请选择当事人。")
    return party


def _auction(file: EnforcementFile, request: HttpRequest) -> Auction:
    raw = request.POST.get("auction", "")
    auction = Auction.objects.filter(asset__file=file, pk=int(raw)).first() if raw.isdigit() else None
    if auction is None:
        raise ApplicationError("拍卖不存在。")
    return auction


def _outcome(request: HttpRequest) -> bool:
    outcome = request.POST.get("outcome", "")
    if outcome not in ("sold", "failed"):
        raise ApplicationError("请选择本轮结果：成交或流拍。")
    return outcome == "sold"


def _payout(file: EnforcementFile, request: HttpRequest) -> Payout:
    payout = Payout.objects.filter(account__case_id=file.case_id, pk=request.POST.get("payout") or 0).first()
    if payout is None:
        raise ApplicationError("发放申请不存在。")
    return payout


def _date(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ApplicationError("日期格式应为 YYYY-MM-DD。") from None


@login_required
@require_POST
def act(request: HttpRequest, file_id: int, name: str) -> HttpResponse:
    """Every action of the case page; the services check the table and the rules."""
    user, file = _file_for(request, file_id)
    p = request.POST
    account = file.case.account
    actions: dict[str, tuple[Any, str]] = {
        "assign": (lambda: services.enforcement_assign(file=file, actor=user), "已分案。"),
        "notice": (lambda: services.enforcement_notice_issue(file=file, actor=user), "已发出执行通知书和报告财产令。"),
        "inquire": (lambda: C.inquiry_batch_start(file=file, actor=user), "已发起网络查控，各协助执行单位正在反馈。"),
        "freeze": (
            lambda: C.asset_freeze(asset=_asset(file, request), amount=_money(request), actor=user,
                                   expires_on=_date(p.get("expires_on", ""))),
            "已冻结。",
        ),
        "deduct": (lambda: C.asset_deduct(asset=_asset(file, request), amount=_money(request), actor=user), "已扣划至案款账户。"),
        "release": (lambda: C.asset_release(asset=_asset(file, request), actor=user, reason=p.get("reason", "")), "已解除。"),
        "receive": (
            lambda: F.fund_receive(account=account, amount=_money(request), actor=user, reference=p.get("reference", ""),
                                   counterparty=p.get("counterparty", "")),
            "已入账。",
        ),
        "payout": (
            lambda: F.payout_request(account=account, party=_party(file, request), amount=_money(request), actor=user),
            "已提交发放申请，待他人审批。",
        ),
        "approve": (lambda: F.payout_approve(payout=_payout(file, request), actor=user), "已批准并发放。"),
        "refuse": (lambda: F.payout_refuse(payout=_payout(file, request), actor=user, note=p.get("note", "")), "已不予批准。"),
        "measure": (
            lambda: M.measure_take(file=file, party=_party(file, request), kind=p.get("kind", ""), actor=user,
                                   ground=p.get("ground", ""), reason=p.get("reason", ""),
                                   days=int(p.get("days") or 0) if (p.get("days") or "0").isdigit() else 0),
            "已采取措施。",
        ),
        "revoke": (
            lambda: M.measure_revoke(measure=file.measures.get(pk=p.get("measure") or 0), actor=user,
                                     reason=p.get("reason", "")),
            "已解除措施。",
        ),
        "close": (
            lambda: services.enforcement_close(file=file, kind=p.get("kind", ""), actor=user, note=p.get("note", ""),
                                               ground=p.get("ground", ""),
                                               applicant_informed=p.get("applicant_informed") == "on"),
            "已结案。",
        ),
        "valuation": (
            lambda: A.auction_valuation_record(asset=_asset(file, request), valuation=p.get("valuation", ""),
                                               actor=user, basis=p.get("basis", "")),
            "已登记评估价。",
        ),
        "auction_notice": (
            lambda: A.auction_notice_publish(auction=_auction(file, request), reserve=p.get("reserve", ""), actor=user),
            "已发布拍卖公告，一拍已上架。",
        ),
        "auction_record": (
            lambda: A.auction_round_record(auction=_auction(file, request), sold=_outcome(request), actor=user,
                                           price=p.get("price", "")),
            "已登记本轮拍卖结果。",
        ),
        "auction_next": (
            lambda: A.auction_next_round(auction=_auction(file, request), reserve=p.get("reserve", ""), actor=user),
            "已进入下一轮。",
        ),
        "restore": (lambda: services.enforcement_restore(file=file, actor=user, reason=p.get("reason", "")), "已恢复执行。"),
    }  # fmt: skip
    if name not in actions:
        raise Http404
    call, success = actions[name]
    try:
        flash_action(request, call, success)
    except (ObjectDoesNotExist, ValueError):
        messages.error(request, "请求的数据不完整，请检查后重试。")
    return redirect("enforcement:detail", file_id=file.pk)


@login_required
@require_GET
def paper(request: HttpRequest, paper_id: int) -> HttpResponseBase:
    user = _person(request)
    row = Paper.objects.select_related("file__case").filter(pk=paper_id).first()
    if row is None or not allows(user=user, resource=Resource.ENFORCEMENT, action=Action.CHANGE, obj=row.file.case):
        raise Http404
    if row.document_id is not None:  # an issued paper: its page on the documents path (PDF, seal, service)
        return redirect("documents:detail", document_id=row.document_id)
    return FileResponse(blob_open(row.storage_name), content_type="application/pdf", filename=f"{row.title}.pdf")


@login_required
def reconcile(request: HttpRequest) -> HttpResponse:
    """The daily reconciliation: upload the bank statement (CSV), see what is flagged."""
    user = _person(request)
    if not permits(user=user, resource=Resource.CASE_FUNDS, action=Action.APPROVE):
        raise PermissionDenied
    run = None
    if request.method == "POST":
        upload = request.FILES.get("statement")
        if upload is None:
            messages.error(request, "请选择对账单文件（CSV）。")
        else:
            try:
                run = F.reconciliation_run(
                    stream=io.TextIOWrapper(cast("IO[bytes]", upload.file), encoding="utf-8-sig"),
                    file_name=upload.name or "statement.csv",
                    statement_date=_date(request.POST.get("date", "")) or timezone.localdate(), actor=user,
                )  # fmt: skip
                messages.success(request, f"对账完成：{run.lines}笔，匹配{run.matched}笔，异常{run.flagged}笔。")
            except ApplicationError as exc:
                messages.error(request, str(exc.message))
    flags = run.flags.order_by("line_no")[:500] if run else []
    return render(request, "enforcement/reconcile.html", {"run": run, "flags": flags})


def _period(request: HttpRequest) -> tuple[date, date]:
    """The period filter (自/至), this year to today by default; a bad or reversed one falls back with a message."""
    today = timezone.localdate()
    first, last = date(today.year, 1, 1), today
    try:
        first = _date(request.GET.get("from", "")) or first
        last = _date(request.GET.get("to", "")) or last
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return date(today.year, 1, 1), today
    if first > last:
        messages.error(request, "起始日期不能晚于截止日期，已改为本年度。")
        return date(today.year, 1, 1), today
    return first, last


@login_required
@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    """执行指标: 执行到位率, 执行完毕率, 终本率, average enforcement time and funds paid out within the time limit, per
    court and per officer, over a period — for the court's leaders and the enforcement bureau's head."""
    user = _person(request)
    courts = selectors.indicator_courts(user=user)
    if not courts:
        raise PermissionDenied
    first, last = _period(request)
    files = selectors.EnforcementFile.objects.filter(case__court_id__in=courts)
    court_id = int_param(request.GET.get("court"))
    by_court, total = selectors.indicator_rows(files=files, first=first, last=last, by="court")
    scoped = files.filter(case__court_id=court_id) if court_id in courts else files
    by_officer, _total = selectors.indicator_rows(files=scoped, first=first, last=last, by="officer")
    chart = {
        "labels": [r.label for r in by_officer],
        "recovery": [r.recovery_rate for r in by_officer],
        "fulfilled": [r.fulfilled_rate for r in by_officer],
        "final": [r.final_rate for r in by_officer],
        "on_time": [r.on_time_rate for r in by_officer],
        "days": [r.average_days for r in by_officer],
    }
    return render(
        request,
        "enforcement/indicators.html",
        {
            "first": first, "last": last, "by_court": by_court, "by_officer": by_officer, "total": total,
            "court_id": court_id if court_id in courts else None, "chart": chart, "payout_limit": R.PAYOUT_LIMIT,
            "final_basis": R.FINAL_THIS_CONDITIONS,
        },
    )  # fmt: skip


@public("失信被执行人名单依法向社会公布（失信规定第七条），任何人可按姓名或证件号码查询，证件号码脱敏显示")
@require_GET
def dishonest_query(request: HttpRequest) -> HttpResponse:
    name, id_number = request.GET.get("name", "")[:60], request.GET.get("id", "")[:24]
    entries = selectors.dishonest_public_query(name=name, id_number=id_number) if (name or id_number) else None
    return render(request, "enforcement/dishonest.html", {"entries": entries, "name": name, "id": id_number})
