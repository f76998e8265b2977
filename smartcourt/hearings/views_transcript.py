"""The transcript page of a hearing (庭审笔录): the clerk's structured editor (autosave through fetch, a stale save
answered 409 with the newer text), speech-to-text when a provider is configured, review and signatures (online, or
the court's pad), corrections as versions, the final PDF in the dossier."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartcourt.core.errors import ApplicationError
from smartcourt.core.params import int_param
from smartcourt.core.privacy import personal_data
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows
from smartcourt.courts.selectors import user_is_person

from . import selectors
from . import services_transcript as svc
from .asr import asr_provider
from .models import HearingParticipant, TranscriptState

if TYPE_CHECKING:
    from smartcourt.courts.models import User

    from .models import Hearing

MAX_AUDIO = 25 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


def _hearing(user: User, hearing_id: int, action: Action = Action.VIEW) -> Hearing:
    try:
        return selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=action)
    except ApplicationError as exc:
        if exc.status == 404:
            raise Http404(_("庭审不存在或您无权查看。")) from exc
        raise PermissionDenied(str(exc.message)) from exc


def transcript_visible(*, user: User, hearing: Hearing, can_change: bool) -> bool:
    """Whether the transcript page opens for `user` (the hearing page links to it only then)."""
    return can_change or bool(_signable(user, hearing, can_change))


def _signable(user: User, hearing: Hearing, can_change: bool) -> list[HearingParticipant]:
    """Participants `user` may sign for: online, themselves or the party they represent; the clerk on the pad, all."""
    rows = list(HearingParticipant.objects.filter(hearing=hearing).order_by("kind", "pk"))
    if can_change:
        return rows
    from smartcourt.cases.selectors import parties_represented_by

    represented = set(parties_represented_by(user=user).filter(case_id=hearing.case_id).values_list("pk", flat=True))
    return [p for p in rows if p.user_id == user.pk or (p.party_id and p.party_id in represented)]


@login_required
@require_GET
@personal_data
def transcript_page(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _user(request)
    hearing = _hearing(user, hearing_id)
    can_change = allows(user=user, resource=Resource.HEARING, action=Action.CHANGE, obj=hearing.case)
    transcript = svc.transcript_for(hearing=hearing)
    signable = _signable(user, hearing, can_change)
    if not can_change and not signable:
        raise PermissionDenied(_("您不是本次庭审的参加人，不能查看笔录。"))
    signatures = list(transcript.signatures.select_related("participant").order_by("occurred_at", "pk"))
    versions = list(transcript.versions.select_related("saved_by").order_by("-revision")[:50])
    return render(
        request,
        "hearings/transcript.html",
        {
            "hearing": hearing, "case": hearing.case, "transcript": transcript, "can_change": can_change,
            "editable": can_change and transcript.state != TranscriptState.FINAL,
            "signable": signable, "signatures": signatures, "versions": versions,
            "entries": transcript.entries, "speakers": svc.SPEAKERS,
            "asr": asr_provider(), "now": timezone.localtime().strftime("%H:%M"),
            "can_dossier": allows(user=user, resource=Resource.DOSSIER, action=Action.VIEW, obj=hearing.case),
            "signed_ids": {s.participant_id for s in signatures if s.revision == transcript.revision},
        },
    )  # fmt: skip


def _json_error(exc: ApplicationError) -> JsonResponse:
    body: dict[str, Any] = {"code": exc.code, "message": str(exc.message)}
    if exc.extra:
        body.update({k: v for k, v in exc.extra.items() if k in ("revision", "entries", "updated_by", "field")})
    return JsonResponse(body, status=exc.status)


@login_required
@require_POST
def transcript_save(request: HttpRequest, hearing_id: int) -> HttpResponse:
    """Autosave (JSON): {"revision": n, "entries": [...], "note": ""} → {"revision": n+1} or 409 with the newer text."""
    user = _user(request)
    hearing = _hearing(user, hearing_id)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"code": "transcript.invalid", "message": "请求格式不正确。"}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"code": "transcript.invalid", "message": "请求格式不正确。"}, status=400)
    revision = body.get("revision")
    if not isinstance(revision, int) or isinstance(revision, bool):
        return JsonResponse({"code": "transcript.invalid", "message": "缺少笔录版本号。"}, status=400)
    try:
        t = svc.transcript_save(hearing=hearing, base_revision=revision, entries=body.get("entries"), actor=user,
                                note=str(body.get("note", ""))[:300], client=str(body.get("client", ""))[:64])  # fmt: skip
    except ApplicationError as exc:
        return _json_error(exc)
    return JsonResponse({"revision": t.revision, "saved_at": timezone.localtime(t.updated_at).strftime("%H:%M:%S")})


@login_required
@require_POST
def transcript_transcribe(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _user(request)
    hearing = _hearing(user, hearing_id, Action.CHANGE)
    audio = request.FILES.get("audio")
    revision = int_param(request.POST.get("revision"))
    if audio is None or revision is None or (audio.size or 0) > MAX_AUDIO:
        messages.error(request, _("请选择不超过25MB的录音文件。"))
        return redirect("hearings:transcript", hearing_id=hearing.pk)
    flash_action(
        request,
        lambda: svc.transcript_transcribe(
            hearing=hearing, base_revision=revision, audio=audio.read(), content_type=audio.content_type or "",
            at=timezone.localtime().strftime("%H:%M"), actor=user,
        ),
        _("语音已转写并追加到笔录，请核对。"),
    )  # fmt: skip
    return redirect("hearings:transcript", hearing_id=hearing.pk)


@login_required
@require_POST
def transcript_review(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _user(request)
    hearing = _hearing(user, hearing_id, Action.CHANGE)
    flash_action(request, lambda: svc.transcript_submit_for_review(hearing=hearing, actor=user),
                 _("笔录已提交当事人核对签名。"))  # fmt: skip
    return redirect("hearings:transcript", hearing_id=hearing.pk)


@login_required
@require_POST
def transcript_sign(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _user(request)
    hearing = _hearing(user, hearing_id)
    participant = HearingParticipant.objects.filter(
        hearing=hearing, pk=int_param(request.POST.get("participant")) or 0
    ).first()
    revision = int_param(request.POST.get("revision"))
    if participant is None or revision is None:
        messages.error(request, _("请选择签名人。"))
        return redirect("hearings:transcript", hearing_id=hearing.pk)
    try:
        svc.transcript_sign(hearing=hearing, participant=participant, revision=revision, actor=user,
                            pad_image=request.POST.get("pad_image", ""), note=request.POST.get("note", ""))  # fmt: skip
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已签名。"))
    return redirect("hearings:transcript", hearing_id=hearing.pk)


@login_required
@require_POST
def transcript_finalise(request: HttpRequest, hearing_id: int) -> HttpResponse:
    user = _user(request)
    hearing = _hearing(user, hearing_id, Action.CHANGE)
    flash_action(request, lambda: svc.transcript_finalise(hearing=hearing, actor=user),
                 _("笔录已定稿，归入电子卷宗并存证。"))  # fmt: skip
    return redirect("hearings:transcript", hearing_id=hearing.pk)
