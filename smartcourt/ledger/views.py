"""Ledger pages: the public verification page (存证核验, no login), downloads for the offline verifier, and, for
system administrators and trial management (the ledger-audit grant), the auditor's findings and the entries.

The public verifies by a file or its SHA-256 and then sees that file's entry; asked by a leaf hash, the page proves
inclusion without showing the entry (ADR 0015: leaf hashes are public, entries name cases and service times)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from smartcourt.core.intake.limits import dossier_max_bytes, size_label
from smartcourt.core.intake.uploads import HashedUpload, HashingUploadHandler
from smartcourt.core.services import AuditAction, AuditKind, audit_record
from smartcourt.courts.permissions import Action, Resource, permits, public

from . import keys, merkle, selectors
from .audit import ledger_finding_resolve
from .models import AuditFinding
from .rules.evidence import verification_meaning

ENTRIES_PER_PAGE = 50

KIND_LABELS = {
    "dossier.page": _("电子卷宗页"),
    "dossier.document": _("电子卷宗文件"),
    "service.attempt": _("送达记录"),
    "service.receipt": _("送达回执"),
    "service.certificate": _("送达回证"),
    "dossier.export": _("电子卷宗导出文件"),
    "ledger.genesis": _("账本首条记录（本院签名公钥）"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def _key_context() -> dict[str, Any]:
    try:
        key = keys.signing_key()
    except Exception:  # no key configured yet: the page still answers lookups
        return {"key": None}
    return {"key": key}


def _may_browse(request: HttpRequest) -> bool:
    """Staff with the ledger-audit grant of the permission table read every entry (ADR 0015)."""
    return permits(user=request.user, resource=Resource.LEDGER_AUDIT, action=Action.VIEW)


def _lookup_context(request: HttpRequest, value: str) -> dict[str, Any]:
    found = selectors.lookup(value=value)
    ctx: dict[str, Any] = {"lookup": found, "query": found.query, "meaning": verification_meaning(),
                           "show_entry": found.entry_public or _may_browse(request)}  # fmt: skip
    if found.record is not None:
        ctx["kind_label"] = kind_label(found.record.kind)
        if found.checkpoint is not None and found.proof is not None:
            ctx["proof_verified"] = merkle.verify_inclusion(
                bytes.fromhex(found.record.leaf_hash),
                found.record.index,
                found.checkpoint.tree_size,
                found.proof,
                bytes.fromhex(found.checkpoint.root_hash),
            )
            ctx["proof_hex"] = [p.hex() for p in found.proof]
    return ctx


@public("the public verification page: anyone may check whether a hash is in the ledger")
@csrf_exempt  # only to set the upload handler before the body is parsed: the POST is CSRF-checked below
def verify(request: HttpRequest) -> HttpResponse:
    """存证核验: upload a file (hashed in the browser, or here as it streams in, never kept) or paste a hash."""
    if request.method == "POST":
        handler = HashingUploadHandler(request, max_bytes=dossier_max_bytes())
        request.upload_handlers = [handler]  # before anything reads request.POST or request.FILES
        return _verify_upload(request, handler)
    context: dict[str, Any] = {"latest": selectors.checkpoint_latest(), "tree_size": selectors.tree_size()}
    context |= _key_context()
    if "sha256" in request.GET or "hash" in request.GET:
        context |= _lookup_context(request, request.GET.get("sha256") or request.GET.get("hash") or "")
    return render(request, "ledger/verify.html", context)


@csrf_protect
def _verify_upload(request: HttpRequest, handler: HashingUploadHandler) -> HttpResponse:
    """The uploaded file's SHA-256, computed chunk by chunk as it arrives (at most the dossier's file limit)."""
    upload = request.FILES.get("file")
    if handler.too_large:
        messages.error(
            request,
            _("文件超过 %(limit)s（卷宗单个文件的上限），请在本地计算 SHA-256 后粘贴哈希值。")
            % {"limit": size_label(dossier_max_bytes())},
        )
        return HttpResponseRedirect(reverse("ledger:verify"))  # the rest of the body is skipped unread
    if not isinstance(upload, HashedUpload):
        messages.error(request, _("请选择要核验的文件。"))
        return HttpResponseRedirect(reverse("ledger:verify"))
    return HttpResponseRedirect(f"{reverse('ledger:verify')}?{urlencode({'sha256': upload.sha256})}")


@public("the public proof bundle: hashes, a proof path and a signed checkpoint only")
@require_GET
def bundle(request: HttpRequest) -> HttpResponse:
    """The proof bundle as a JSON download for `python -m smartcourt.ledger.verify`."""
    found = selectors.lookup(value=request.GET.get("sha256") or request.GET.get("hash") or "")
    if found.status == "invalid":
        return JsonResponse(
            {"code": "ledger.bad_hash", "message": _("哈希值应为64位十六进制（SHA-256）。")}, status=400
        )
    if found.record is None:
        return JsonResponse({"code": "ledger.not_recorded", "message": _("账本中没有该哈希的存证记录。")}, status=404)
    if not found.entry_public and not _may_browse(request):  # the bundle carries the entry
        return JsonResponse({"code": "ledger.entry_private", "message": str(selectors.ENTRY_PRIVATE)}, status=403)
    if found.checkpoint is None:
        return JsonResponse(
            {"code": "ledger.no_checkpoint_yet", "message": _("该条目已入账，但尚无覆盖它的检查点，请稍后再试。")},
            status=404,
        )
    data = selectors.proof_bundle(record=found.record, checkpoint=found.checkpoint)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-proof-{found.record.index}.json"'
    return response


@public("the public signed checkpoint of the transparency log")
@require_GET
def checkpoint_text(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint note, as text (for `--checkpoint`)."""
    latest = selectors.checkpoint_latest()
    if latest is None:
        return HttpResponse(_("尚未发布检查点。"), status=404, content_type="text/plain; charset=utf-8")
    response = HttpResponse(latest.note, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="checkpoint-{latest.tree_size}.txt"'
    return response


@public("the public verification key")
@require_GET
def key_text(request: HttpRequest) -> HttpResponse:
    """The court's verifier key string (for `--key`)."""
    key = keys.signing_key()
    response = HttpResponse(key.verifier_key + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ledger-key.txt"'
    return response


def _require_findings_role(request: HttpRequest) -> None:
    if not permits(user=request.user, resource=Resource.LEDGER_AUDIT, action=Action.VIEW):
        raise PermissionDenied


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    """账本审计: what the auditor found, open first."""
    _require_findings_role(request)
    open_findings = AuditFinding.objects.filter(resolved_at__isnull=True).order_by("-found_at")
    closed = (
        AuditFinding.objects.filter(resolved_at__isnull=False).select_related("resolved_by").order_by("-resolved_at")
    )
    return render(
        request,
        "ledger/findings.html",
        {
            "open_findings": open_findings,
            "closed": closed[:50],
            "can_resolve": permits(user=request.user, resource=Resource.LEDGER_AUDIT, action=Action.CHANGE),
            "latest": selectors.checkpoint_latest(),
            "tree_size": selectors.tree_size(),
        },
    )


@login_required
@require_GET
def entries(request: HttpRequest) -> HttpResponse:
    """存证条目: the ledger's entries, newest first, for staff with the ledger-audit grant (the public verifies by
    hash on the verify page; it does not browse)."""
    if not _may_browse(request):
        raise PermissionDenied
    before_text = request.GET.get("before", "")
    before = int(before_text) if before_text.isdigit() and len(before_text) < 19 else None
    rows = selectors.ledger_entries(before=before, limit=ENTRIES_PER_PAGE)
    audit_record(actor=request.user, action=AuditAction.LEDGER_ENTRIES_VIEWED, kind=AuditKind.READ,
                 reason="浏览存证条目", extra={"before": before, "count": len(rows)})  # fmt: skip
    return render(request, "ledger/entries.html", {
        "rows": [(r, kind_label(r.kind)) for r in rows], "tree_size": selectors.tree_size(), "before": before,
        "next_before": rows[-1].index if len(rows) == ENTRIES_PER_PAGE and rows[-1].index > 0 else None,
    })  # fmt: skip


@login_required
@require_POST
def finding_resolve(request: HttpRequest, finding_id: int) -> HttpResponse:
    if not permits(user=request.user, resource=Resource.LEDGER_AUDIT, action=Action.CHANGE):
        raise PermissionDenied
    finding = get_object_or_404(AuditFinding, pk=finding_id)
    resolution = (request.POST.get("resolution") or "").strip()
    if not resolution:
        messages.error(request, _("请填写处理说明。"))
    else:
        ledger_finding_resolve(finding=finding, actor=request.user, resolution=resolution)
        messages.success(request, _("已记录处理结果；若问题仍在，下次审计会重新提示。"))
    return HttpResponseRedirect(reverse("ledger:findings"))
