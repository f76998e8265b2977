"""Pages of the online hearing room: the room (checks before joining, device test, lobby, video, the moderator's
panel, recording), the hearing's way in, the clerk's identity confirmation, the moderator's controls, the chunked
recording upload and playback. Access: the room's participants, and court staff with HEARING/CHANGE (services)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake.store import blob_open
from smartcourt.core.privacy import personal_data
from smartcourt.courts.selectors import user_is_person
from smartcourt.hearings.selectors import hearing_get_for_user

from . import selectors, services
from .backends import JitsiBackend, video_backend
from .models import IdentityMethod, ParticipantState, RecordingState, RoomParticipant
from .rules import discipline as D

if TYPE_CHECKING:
    from smartcourt.courts.models import User

    from .models import Room


def _person(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


def _json_error(exc: ApplicationError) -> JsonResponse:
    return JsonResponse(
        {"code": exc.code, "message": str(exc.message)}, status=exc.status, json_dumps_params={"ensure_ascii": False}
    )


def _room_for(request: HttpRequest, key: str) -> tuple[Room, RoomParticipant | None, bool, User]:
    user = _person(request)
    room = services.room_get(key=key)
    manager = services.staff_may_manage(room=room, user=user)  # the table, asked on every page of the room
    participant = services.room_access(room=room, user=user)
    return room, participant, manager, user


@login_required
@require_POST
def hearing_enter(request: HttpRequest, hearing_id: int) -> HttpResponse:
    """From the hearing page: open (on the first visit) and enter the hearing's online room."""
    user = _person(request)
    hearing = hearing_get_for_user(hearing_id=hearing_id, user=user)
    room = services.room_for_hearing(hearing)
    services.room_access(room=room, user=user)
    return redirect(services.room_url(room))


@login_required
@require_GET
@personal_data  # names and roles of the hearing's participants
def room(request: HttpRequest, key: str) -> HttpResponse:
    room, me, manager, _user = _room_for(request, str(key))
    participants = selectors.room_participants(room=room)
    check = services.join_check(me) if me is not None else None
    backend = video_backend()
    config: dict[str, Any] = {"csrf": "", "room": str(room.key)}
    if me is not None and check is not None and (check.allowed or check.waiting):
        # the lobby, admission and the judge's orders always go over our socket; an external server's token is only
        # issued after admission (`token`), never in the page
        config.update(backend.page_config(room=room))
        config["ws_path"] = f"/ws/hearing-room/{room.key}/"
        config["tokenUrl"] = services.room_url(room) + "token/"
    config.update(
        {
            "backend": backend.name,
            "self": me.pk if me else None,
            "moderator": bool(me and me.moderator),
            "recordUrl": services.room_url(room) + "recordings/",
            "controlUrl": services.room_url(room) + "participants/",
            "names": {str(p.pk): f"{p.role_label} {p.user.full_name or p.user.username}" for p in participants},
        }
    )
    response = render(
        request,
        "hearing_room/room.html",
        {
            "room": room,
            "me": me,
            "manager": manager,
            "check": check,
            "participants": participants,
            "recordings": list(selectors.room_recordings(room=room)),
            "events": selectors.room_events(room=room, limit=20) if (manager or (me and me.moderator)) else [],
            "discipline_items": D.DISCIPLINE_ITEMS,
            "citations": {
                "identity": D.IDENTITY,
                "discipline": D.DISCIPLINE,
                "online": D.ONLINE_HEARING,
                "recording": D.RECORDING,
            },
            "identity_methods": [
                (IdentityMethod.ID_CARD, IdentityMethod.ID_CARD.label),
                (IdentityMethod.FACE, IdentityMethod.FACE.label),
            ],
            "can_confirm": manager or bool(me and me.staff),
            "config": config,
            "embedded": backend.name == "embedded",
            "jitsi_script": backend.script_url if isinstance(backend, JitsiBackend) else "",
        },
    )
    if me is not None and backend.csp():
        response._csp_update = backend.csp()  # type: ignore[attr-defined]  # django-csp: this page only
    return response


@login_required
@require_POST
def token(request: HttpRequest, key: str) -> JsonResponse:
    """The external media server's token for this participant, issued only once the page's checks all pass and the
    judge has admitted them in our lobby (identity, notice, admission: `join_check`)."""
    try:
        _room, me, _manager, _user = _room_for(request, str(key))
        if me is None:
            raise services.RoomForbidden("您可以管理本庭审室，但不是参加人，不能进入音视频。")
        config = services.room_token(participant=me)
    except ApplicationError as exc:
        return _json_error(exc)
    response = JsonResponse(config, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def notice_accept(request: HttpRequest, key: str) -> HttpResponse:
    room, me, _manager, user = _room_for(request, str(key))
    if me is None:
        raise services.RoomForbidden(services.FORBIDDEN_REASON)
    services.room_notice_accept(participant=me, actor=user)
    messages.success(request, "已确认法庭纪律。")
    return redirect(services.room_url(room))


def _target(room: Room, participant_id: int) -> RoomParticipant:
    target = RoomParticipant.objects.select_related("room", "user").filter(room=room, pk=participant_id).first()
    if target is None:
        raise services.NotFound("该参加人不在本庭审室。")
    return target


@login_required
@require_POST
def identity_confirm(request: HttpRequest, key: str, participant_id: int) -> HttpResponse:
    room, _me, _manager, user = _room_for(request, str(key))
    target = _target(room, participant_id)
    try:
        services.room_identity_confirm(
            participant=target,
            actor=user,
            method=request.POST.get("method", ""),
            note=request.POST.get("note", "")[:200],
        )
        messages.success(request, f"已核验{target.role_label}{target.user.full_name}的身份。")
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect(services.room_url(room) + "#participants")


@login_required
@require_POST
def control(request: HttpRequest, key: str, participant_id: int, action: str) -> HttpResponse:
    wants_json = request.headers.get("accept", "").startswith("application/json")
    try:
        room, _me, _manager, user = _room_for(request, str(key))
        target = _target(room, participant_id)
        target = services.room_control(participant=target, actor=user, action=action)
    except ApplicationError as exc:
        if wants_json:
            return _json_error(exc)
        messages.error(request, str(exc.message))
        return redirect("hearing_room:room", key=key)
    if wants_json:
        return JsonResponse(
            {"participant": target.pk, "state": target.state, "muted": target.muted, "audio_only": target.audio_only}
        )
    messages.success(request, "已执行。")
    return redirect(services.room_url(room) + "#participants")


@login_required
@require_POST
def recording_start(request: HttpRequest, key: str) -> JsonResponse:
    try:
        room, _me, _manager, user = _room_for(request, str(key))
        body = json.loads(request.body or b"{}") if request.body else {}
        recording = services.recording_start(room=room, actor=user, mime_type=str(body.get("mime_type", "video/webm")))
    except ApplicationError as exc:
        return _json_error(exc)
    except ValueError:
        return JsonResponse(
            {"code": "hearing_room.invalid", "message": "请求格式有误。"},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse({"recording": str(recording.key)}, status=201)


@login_required
@require_POST
def recording_chunk(request: HttpRequest, key: str, recording_key: str, seq: int) -> JsonResponse:
    try:
        room, _me, _manager, user = _room_for(request, str(key))
        recording = services.recording_get(room=room, key=str(recording_key), actor=user)
        chunk = services.recording_chunk_add(
            recording=recording,
            seq=seq,
            content=request.body,
            declared_sha256=request.headers.get("X-Content-SHA256", ""),
            actor=user,
        )
    except ApplicationError as exc:
        return _json_error(exc)
    return JsonResponse({"seq": chunk.seq, "sha256": chunk.sha256, "size": chunk.size}, status=201)


@login_required
@require_POST
def recording_finish(request: HttpRequest, key: str, recording_key: str) -> JsonResponse:
    try:
        room, _me, _manager, user = _room_for(request, str(key))
        recording = services.recording_get(room=room, key=str(recording_key), actor=user)
        recording = services.recording_finish(recording=recording, actor=user)
    except ApplicationError as exc:
        return _json_error(exc)
    return JsonResponse(
        {"recording": str(recording.key), "sha256": recording.sha256, "size": recording.size, "ledger_index": recording.ledger_index,
         "dossier_document": recording.dossier_document_id, "url": services.room_url(room) + f"recordings/{recording.key}/"}
    )  # fmt: skip


@login_required
@require_GET
@personal_data
def recording_play(request: HttpRequest, key: str, recording_key: str) -> HttpResponse:
    room, _me, _manager, user = _room_for(request, str(key))
    recording = services.recording_get(room=room, key=str(recording_key), actor=user)
    if recording.state != RecordingState.FILED:
        raise services.RoomStateError("录像尚未结束归档。")
    return render(
        request, "hearing_room/playback.html", {"room": room, "recording": recording, "citation": D.RECORDING}
    )


@login_required
@require_GET
@personal_data
def recording_media(request: HttpRequest, key: str, recording_key: str) -> HttpResponseBase:
    room, _me, _manager, user = _room_for(request, str(key))
    recording = services.recording_get(room=room, key=str(recording_key), actor=user)
    if recording.state != RecordingState.FILED:
        raise services.RoomStateError("录像尚未结束归档。")
    response = FileResponse(blob_open(recording.storage_name), content_type=recording.mime_type)
    response["Content-Length"] = str(recording.size)
    response["Cache-Control"] = "private, no-store"
    return response


__all__ = ["ParticipantState"]
