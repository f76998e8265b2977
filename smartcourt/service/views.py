"""Service pages: the service centre (集中送达) queue, batch creation, a task with its proof, the phone page for
in-person service, post receipts (entered or imported), statistics; the recipient's side: the platform inbox and
the one-time SMS/e-mail page; the address confirmation (送达地址确认书). The SMS / e-mail sent are on the one
outbox page (smartcourt.core.outbox); /service/outbox/ redirects there."""

from __future__ import annotations

import math
from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from smartcourt.cases.selectors import PartyRole, case_get_for_user, case_party_get
from smartcourt.core.errors import ApplicationError, Forbidden, NotFound
from smartcourt.core.intake.store import blob_exists, blob_open
from smartcourt.core.params import int_param, int_params
from smartcourt.core.privacy import personal_data
from smartcourt.core.redirects import next_url
from smartcourt.courts.permissions import Action, Resource, allows, permits, public
from smartcourt.courts.selectors import user_courts

from . import selectors, services
from .models import AttemptState, Channel, DocumentType, ReadAuth, ServiceAddress, TaskState
from .rules import moment as M
from .rules import plan as P

MAX_UPLOAD = services.MAX_DOCUMENT_BYTES


def _staff(request: HttpRequest) -> None:
    if not selectors.service_is_staff(user=request.user):
        raise Forbidden("送达中心仅限法院工作人员使用。")


def _version(request: HttpRequest) -> int | None:
    return int_param(request.POST.get("version"))


def _court(request: HttpRequest):  # type: ignore[no-untyped-def]
    courts = list(user_courts(user=request.user))
    wanted = request.GET.get("court") or request.POST.get("court")
    for c in courts:
        if str(c.pk) == wanted:
            return c
    if not courts:
        raise Forbidden("您不属于任何法院。")
    return courts[0]


@login_required
@personal_data
def queue(request: HttpRequest) -> HttpResponse:
    _staff(request)
    f = selectors.QueueFilters(
        state=request.GET.get("state", "") if request.GET.get("state", "") in TaskState.values else "",
        channel=request.GET.get("channel", "") if request.GET.get("channel", "") in Channel.values else "",
        document_type=request.GET.get("document_type", "")
        if request.GET.get("document_type", "") in DocumentType.values
        else "",
        q=request.GET.get("q", "").strip()[:64],
        batch=int_param(request.GET.get("batch"), min_value=1),
        overdue=request.GET.get("overdue") == "1",
    )
    page = Paginator(selectors.service_queue(user=request.user, filters=f), 50).get_page(request.GET.get("page"))
    attempts = selectors.service_open_attempts(tasks=list(page.object_list))
    rows = [{"task": t, "attempt": attempts.get(t.pk)} for t in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "service/queue.html", {
        "rows": rows, "page": page, "filters": f, "query": query.urlencode(),
        "counts": selectors.service_queue_counts(user=request.user),
        "states": TaskState.choices, "channels": Channel.choices, "document_types": DocumentType.choices,
        "labels": P.LABELS,
        "can_view_outbox": permits(user=request.user, resource=Resource.OUTBOX, action=Action.VIEW),
    })  # fmt: skip


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Selected tasks of the queue: move each to its next channel (a failure or no receipt in time), or start
    again the ones 送达未果 — each in its own transaction, so one refusal does not undo the others."""
    _staff(request)
    op = request.POST.get("op", "")
    reason = request.POST.get("reason", "").strip()
    ids = int_params(request.POST.getlist("task"), limit=500)
    done, refused = 0, []
    for task_id in ids:
        try:
            task = selectors.service_task_get_for_user(task_id=task_id, user=request.user, action=Action.CHANGE)
            if op == "next_channel":
                services.service_task_next_channel(task=task, actor=request.user, reason=reason)
            elif op == "retry":
                services.service_task_retry(task=task, actor=request.user)
            else:
                raise services.ServiceInputError("未知的操作。")
            done += 1
        except ApplicationError as exc:
            refused.append(f"任务{task_id}：{exc.message}")
    if done:
        messages.success(request, f"已处理 {done} 个送达任务。")
    for line in refused[:10]:
        messages.error(request, line)
    if not ids:
        messages.error(request, "请先勾选送达任务。")
    return redirect(next_url(request, request.POST.get("back"), fallback=_url("service:queue")))


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def batch_create(request: HttpRequest) -> HttpResponse:
    _staff(request)
    court = _court(request)
    errors: dict[str, str] = {}
    result = None
    form = {
        "document_type": request.POST.get("document_type", DocumentType.SUMMONS),
        "title": request.POST.get("title", "传票"),
        "body": request.POST.get("body", "本院受理{案件}一案（{案号}），定于　　年　　月　　日　　时在本院第　法庭开庭审理，请准时到庭。"
                                          "无正当理由拒不到庭的，依照《中华人民共和国民事诉讼法》第一百四十六条、第一百四十七条的规定处理。"),
        "case_numbers": request.POST.get("case_numbers", request.GET.get("cases", "")),
        "roles": request.POST.getlist("roles") or ["plaintiff", "defendant"],
    }  # fmt: skip
    if request.method == "POST":
        try:
            result = services.service_batch_create(
                court=court,
                case_numbers=form["case_numbers"].replace("，", "\n").replace(",", "\n").splitlines(),
                roles=form["roles"],
                document_type=form["document_type"],
                title=form["title"],
                body=form["body"],
                actor=request.user,
            )
            if result.duplicates:
                batches = sorted({t.batch_id for t in result.duplicates if t.batch_id})
                messages.warning(request, "{n} 位受送达人已有同一文书的送达任务{where}，未重复创建。如需重新送达，请先撤销原任务。".format(
                    n=len(result.duplicates), where=f"（批次 {'、'.join(map(str, batches))}）" if batches else ""))  # fmt: skip
            if result.batch is not None:
                messages.success(
                    request,
                    f"已创建 {len(result.created)} 个送达任务（批次 {result.batch.pk}），跳过 {len(result.skipped)} 项。",
                )
            if result.batch is not None and not result.skipped:
                return redirect(f"{_url('service:queue')}?batch={result.batch.pk}")
        except services.ServiceInputError as exc:
            errors[exc.field or "form"] = str(exc.message)
    return render(request, "service/batch.html", {
        "court": court, "form": form, "errors": errors, "result": result, "document_types": DocumentType.choices,
        "roles": PartyRole.choices,
    })  # fmt: skip


def _url(name: str, *args: object) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _ledger_status(sha: str) -> str:
    from smartcourt.ledger.selectors import ledger_status_for_sha256

    return ledger_status_for_sha256(sha256=sha)


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = selectors.service_task_get_for_user(task_id=task_id, user=request.user)
    can_change = selectors.service_may_change(user=request.user, task=task)
    if not can_change and not selectors.service_is_staff(user=request.user):
        return redirect("service:inbox_detail", task.pk)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not can_change:
            raise NotFound()
        op = request.POST.get("op", "")
        try:
            if op == "next_channel":
                services.service_task_next_channel(task=task, actor=request.user, reason=request.POST.get("reason", ""),
                                                   expected_version=_version(request))  # fmt: skip
                messages.success(request, "已转下一送达渠道。")
            elif op == "post_register":
                services.service_post_register(task=task, tracking_number=request.POST.get("tracking_number", ""),
                                               actor=request.user, expected_version=_version(request))  # fmt: skip
                messages.success(request, "已登记邮件号。")
            elif op == "post_return":
                services.service_post_return(
                    tracking_number=request.POST.get("tracking_number", ""), outcome=request.POST.get("outcome", ""),
                    on=_date(request.POST.get("on", ""), "on"), signer=request.POST.get("signer", ""),
                    relation=request.POST.get("relation", ""), case_number=task.case.number, actor=request.user,
                    expected_version=_version(request),
                )  # fmt: skip
                messages.success(request, "已登记邮件回执。")
            elif op == "public_notice":
                services.service_public_notice_publish(task=task, published_on=_date(request.POST.get("published_on", ""), "published_on"),
                                                       medium=request.POST.get("medium", ""), actor=request.user,
                                                       expected_version=_version(request))  # fmt: skip
                messages.success(request, "已登记公告发出。")
            elif op == "retry":
                services.service_task_retry(task=task, actor=request.user, expected_version=_version(request))
                messages.success(request, "已重新开始送达。")
            elif op == "cancel":
                services.service_task_cancel(task=task, actor=request.user, reason=request.POST.get("reason", ""),
                                             expected_version=_version(request))  # fmt: skip
                messages.success(request, "已撤销送达任务。")
            else:
                raise services.ServiceInputError("未知的操作。")
            return redirect("service:task", task.pk)
        except services.ServiceConflict as exc:
            messages.error(request, str(exc.message))
            return redirect("service:task", task.pk)
        except ApplicationError as exc:
            errors[getattr(exc, "field", "") or "form"] = str(exc.message)
        task = selectors.service_task_get_for_user(task_id=task_id, user=request.user)
    attempts = list(task.attempts.select_related("actor"))
    current = next((a for a in reversed(attempts) if a.state in (AttemptState.AWAITING, AttemptState.DELIVERED)), None)
    events = list(task.events.select_related("actor"))
    return render(request, "service/task.html", {
        "task": task, "attempts": attempts, "current": current, "events": events, "can_change": can_change,
        "errors": errors, "labels": P.LABELS, "post_outcomes": M.POST_OUTCOMES, "relations": M.POST_SIGNER_RELATIONS,
        "deadlines": task.deadlines.all(), "periods": services.task_periods(task),
        "certificate_status": _ledger_status(task.certificate_sha256) if task.certificate_sha256 else "",
        "today": timezone.localdate(), "simple": task.case.procedure in P.SIMPLE_PROCEDURES,
        "address_history": selectors.service_address_history(person=task.person)[:5],
        "reads": selectors.service_read_evidence(task=task),
    })  # fmt: skip


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise services.ServiceInputError("请填写日期（YYYY-MM-DD）。", field=field) from exc


def _float(text: str | None) -> float | None:
    try:
        value = float(text) if text not in (None, "") else None
    except ValueError:
        return None
    return value if value is None or math.isfinite(value) else None  # "nan", "1e400": no position at all


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def capture(request: HttpRequest, task_id: int) -> HttpResponse:
    """The phone page of in-person service: outcome, photo (camera), GPS position and time, then record."""
    task = selectors.service_task_get_for_user(task_id=task_id, user=request.user, action=Action.CHANGE)
    errors: dict[str, str] = {}
    if request.method == "POST":
        upload = request.FILES.get("photo")
        photo = upload.read(MAX_UPLOAD + 1) if upload else None
        captured = request.POST.get("captured_at", "")
        try:
            captured_at = datetime.fromisoformat(captured.replace("Z", "+00:00")) if captured else None
            if captured_at is not None and timezone.is_naive(captured_at):
                captured_at = timezone.make_aware(captured_at)
        except ValueError:
            captured_at = None
        try:
            services.service_in_person_record(
                task=task, outcome=request.POST.get("outcome", ""), photo=photo,
                latitude=_float(request.POST.get("latitude")), longitude=_float(request.POST.get("longitude")),
                accuracy=_float(request.POST.get("accuracy")), signer=request.POST.get("signer", ""),
                relation=request.POST.get("relation", ""), witness=request.POST.get("witness", ""),
                captured_at=captured_at, actor=request.user, expected_version=_version(request),
            )  # fmt: skip
            messages.success(request, "已记录直接送达。")
            return redirect("service:task", task.pk)
        except services.ServiceConflict as exc:
            errors["form"] = str(exc.message)
        except ApplicationError as exc:
            errors[getattr(exc, "field", "") or "form"] = str(exc.message)
    return render(request, "service/capture.html", {
        "task": task, "errors": errors, "outcomes": M.IN_PERSON_OUTCOMES, "post": request.POST,
        "in_person_open": task.state == TaskState.IN_PROGRESS and task.current_channel == Channel.IN_PERSON,
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def post_import(request: HttpRequest) -> HttpResponse:
    _staff(request)
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        raw = upload.read(2 * 1024 * 1024 + 1) if upload else request.POST.get("text", "").encode()
        if len(raw) > 2 * 1024 * 1024:
            messages.error(request, "文件超过2MB，请分批导入。")
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("gb18030", errors="replace")
            result = services.service_post_import(text=text, actor=request.user)
    return render(request, "service/post_import.html", {"result": result})


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    _staff(request)
    court = _court(request)
    data = selectors.service_statistics(court=court, days=30)
    return render(request, "service/stats.html", {"court": court, "data": data, "chart": {
        "days": [d["day"][5:] for d in data["daily"]], "created": [d["created"] for d in data["daily"]],
        "served": [d["served"] for d in data["daily"]], "median": [d["median_hours"] for d in data["daily"]],
        "channels": [c["label"] for c in data["channels"]], "rates": [c["rate"] for c in data["channels"]],
    }, "courts": user_courts(user=request.user)})  # fmt: skip


def _serve_file(name: str, filename: str) -> FileResponse:
    if not blob_exists(name):
        raise NotFound("文件不存在。")
    response = FileResponse(blob_open(name), content_type="application/pdf", filename=filename)
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    return response


@login_required
@personal_data
def document(request: HttpRequest, task_id: int) -> FileResponse:
    task = selectors.service_task_get_for_user(task_id=task_id, user=request.user)
    if not selectors.service_is_staff(user=request.user) and task.state != TaskState.SERVED:
        attempt = selectors.service_inbox_attempt(task=task)
        if attempt is None or attempt.read_at is None:
            # The recipient must first confirm reading on the inbox page: the read receipt is the proof of service.
            raise Forbidden("请先在“我的送达”页面点击“签收并查看”。")
    return _serve_file(task.document_storage_name, f"{task.title}.pdf")


@login_required
@personal_data
def certificate(request: HttpRequest, task_id: int) -> FileResponse:
    task = selectors.service_task_get_for_user(task_id=task_id, user=request.user)
    return _serve_file(task.certificate_storage_name, f"送达回证-{task.pk}.pdf")


# --- the recipient's side ---------------------------------------------------------------------------------------


@public(
    "the person's own service inbox: only tasks addressed to them or to a party they represent in force (cases.selectors.parties_represented_by)"
)
@login_required
@personal_data
def inbox(request: HttpRequest) -> HttpResponse:
    tasks = list(selectors.service_tasks_for_recipient(user=request.user)[:200])
    return render(request, "service/inbox.html", {"tasks": tasks})


@public("the person's own service inbox: only tasks addressed to them or to a party they represent in force")
@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def inbox_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_object_or_404(selectors.service_tasks_for_recipient(user=request.user), pk=task_id)
    attempt = selectors.service_inbox_attempt(task=task)
    if request.method == "POST":
        if attempt is None:
            raise NotFound()
        evidence = services.ReadEvidence(auth=ReadAuth.ACCOUNT, account=request.user.get_username(), **_client(request))
        services.service_receipt_read(attempt=attempt, actor=request.user, via="inbox", evidence=evidence)
        return redirect("service:document", task.pk)
    return render(request, "service/inbox_detail.html", {"task": task, "attempt": attempt,
                                                          "deadlines": task.deadlines.all()})  # fmt: skip


SESSION_KEY = "service_opened"
LINK_REFUSALS = {  # LinkResult.status → (message, HTTP status) on the one-time page
    "wrong_code": ("验证码不正确。", 400),
    "bad_code": ("请输入短信（或邮件）中的6位数字验证码。", 400),
    "no_code": ("该链接发出时尚未附验证码，请登录受送达人本人的诉讼平台账户后签收，或联系法院重新送达。", 400),
    "not_recipient": ("您登录的账户不是受送达人本人，请输入随链接发送的验证码签收。", 403),
    "locked": ("验证码错误次数过多，该链接已锁定。", 403),
}


def _client(request: HttpRequest) -> dict[str, str]:
    """Where a request came from, as evidence of a read (ADR 0015): the address the server saw and the browser."""
    return {
        "ip": request.META.get("REMOTE_ADDR", "") or "",
        "user_agent": request.META.get("HTTP_USER_AGENT", "") or "",
    }


def _masked_name(name: str) -> str:
    """The recipient's name before the second factor: enough to tell "this is for me", not enough to identify."""
    if len(name) <= 3:
        return name[:1] + "*" * max(1, len(name) - 1)
    return name[:2] + "*" * (len(name) - 4) + name[-2:]


@public("a one-time service link: its token is the credential")
@require_http_methods(["GET", "POST"])
@personal_data
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time page of an SMS / e-mail link (ADR 0015). GET shows which court serves what, the recipient's name
    masked, and asks for the second factor: it records nothing, so a link preview or anyone merely opening the URL
    serves nothing. POST signs (签收): with the code sent with the link, or signed in as the recipient's own
    account; a wrong code is counted, five lock the code path. After the read the link is spent."""
    attempt = services.attempt_for_token(token)
    if attempt is None:
        return render(request, "service/open.html", {"state": "invalid"}, status=404)
    task = attempt.task
    opened = request.session.get(SESSION_KEY, [])
    if attempt.read_at is not None:
        if attempt.pk not in opened:
            return render(request, "service/open.html", {"state": "used", "task": task}, status=410)
        return render(request, "service/open.html", {
            "state": "opened", "task": task, "attempt": attempt, "token": token, "deadlines": task.deadlines.all(),
            "reads": [r for r in selectors.service_read_evidence(task=task) if r.attempt_seq == attempt.seq],
        })  # fmt: skip
    if attempt.token_expires_at is None or attempt.token_expires_at < timezone.now():
        return render(request, "service/open.html", {"state": "expired", "task": task}, status=410)
    if attempt.state == AttemptState.FAILED:
        return render(request, "service/open.html", {"state": "invalid"}, status=404)
    error, status = "", 200
    if request.method == "POST":
        code = None if request.POST.get("op") == "account" else request.POST.get("code", "")
        result = services.service_link_sign(token=token, actor=request.user, code=code, **_client(request))
        if result.status == "read":
            request.session[SESSION_KEY] = [*opened, attempt.pk][-20:]
            return redirect("service:open", token)
        if result.status == "closed":
            return redirect("service:open", token)  # spent or expired meanwhile: the page says which
        error, status = LINK_REFUSALS[result.status]
        if result.status == "wrong_code":
            error += f"还可尝试{result.remaining}次。"
        attempt.refresh_from_db()
    locked = attempt.link_locked_at is not None
    context = {
        "state": "confirm", "task": task, "attempt": attempt, "token": token, "error": error, "locked": locked,
        "recipient_signed_in": services.is_recipient_account(task=task, user=request.user),
        "has_code": bool(attempt.code_hash), "masked_name": _masked_name(task.person.name),
        "remaining": services.CODE_MAX_FAILURES - attempt.code_failures, "channel_label": P.LABELS[attempt.channel],
        "moment_basis": selectors.service_read_moment(attempt=attempt),  # 民诉法 Art. 90(2); 在线诉讼规则 Art. 31
    }  # fmt: skip
    return render(request, "service/open.html", context, status=status)


@public("a one-time service link's document: its token is the credential")
@personal_data
def open_document(request: HttpRequest, token: str) -> FileResponse:
    attempt = services.attempt_for_token(token)
    if attempt is None or attempt.read_at is None or attempt.pk not in request.session.get(SESSION_KEY, []):
        raise NotFound()
    return _serve_file(attempt.task.document_storage_name, f"{attempt.task.title}.pdf")


# --- 送达地址确认书 ---------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def address_confirm(request: HttpRequest, party_id: int) -> HttpResponse:
    """Staff record a paper confirmation (with its scan); the party themself signs online."""
    party = case_party_get(party_id=party_id)
    if party is None:
        raise Http404()
    case = case_get_for_user(case_id=party.case_id, user=request.user)
    is_self = party.person.user_id == request.user.pk
    if not is_self and not allows(user=request.user, resource=Resource.SERVICE, action=Action.CHANGE, obj=case):
        raise NotFound()
    current = selectors.service_address_current(person=party.person)
    errors: dict[str, str] = {}
    if request.method == "POST":
        p = request.POST
        scan = request.FILES.get("paper_scan")
        data = services.AddressIn(
            signed_via=ServiceAddress.SignedVia.ONLINE if is_self else p.get("signed_via", ""),
            postal_address=p.get("postal_address", ""), postal_code=p.get("postal_code", "").strip(),
            mobile=p.get("mobile", ""), email=p.get("email", ""),
            consent_platform=bool(p.get("consent_platform")), consent_sms=bool(p.get("consent_sms")),
            consent_email=bool(p.get("consent_email")), consent_judgments=bool(p.get("consent_judgments")),
            consent_basis=p.get("consent_basis", ServiceAddress.ConsentBasis.EXPLICIT), abroad=bool(p.get("abroad")),
            paper_scan=scan.read(MAX_UPLOAD + 1) if scan else None,
        )  # fmt: skip
        try:
            services.service_address_confirm(person=party.person, data=data, actor=request.user, case=case)
            messages.success(
                request, "送达地址确认书已保存，适用于本案及其后续程序和案件（民诉法解释第一百三十七条）。"
            )
            return redirect("cases:detail", case.pk)
        except ApplicationError as exc:
            errors[getattr(exc, "field", "") or "form"] = str(exc.message)
    return render(request, "service/address.html", {
        "party": party, "case": case, "current": current, "errors": errors, "is_self": is_self, "post": request.POST,
        # the form's defaults: a filter argument that names a missing object fails the page, so a first
        # confirmation (no current address yet) gets empty values instead of None's attributes
        "prior": {f: getattr(current, f, "") or "" for f in ("postal_address", "postal_code", "mobile", "email")},
        "signed_via": [c for c in ServiceAddress.SignedVia.choices if c[0] != "online"],
        "bases": [c for c in ServiceAddress.ConsentBasis.choices if c[0] != "none"],
        "history": selectors.service_address_history(person=party.person)[:10],
    })  # fmt: skip


@login_required
@require_POST
def case_task_create(request: HttpRequest, party_id: int) -> HttpResponse:
    """Serve an uploaded PDF to one party from the case page (the generic entry for any document)."""
    party = case_party_get(party_id=party_id)
    if party is None:
        raise Http404()
    case = case_get_for_user(case_id=party.case_id, user=request.user)
    if not allows(user=request.user, resource=Resource.SERVICE, action=Action.CHANGE, obj=case):
        raise NotFound()
    upload = request.FILES.get("document")
    periods = [
        c
        for c in request.POST.getlist("periods")
        if c in ("civil.appeal.ruling", "civil.appeal.judgment", "civil.defence")
    ]
    try:
        task = services.service_task_create(
            case=case, recipient=party, document=upload.read(MAX_UPLOAD + 1) if upload else b"",
            document_type=request.POST.get("document_type", ""), title=request.POST.get("title", ""),
            actor=request.user, periods=periods or None,
        )  # fmt: skip
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("cases:detail", case.pk)
    messages.success(request, f"已创建送达任务：{task.title}。")
    return redirect("service:task", task.pk)
