"""The room's pages over HTTP: entering from the hearing, the checklist, the clerk's confirmation, the moderator's
controls as JSON, the chunk upload refusing a wrong hash with a 4xx JSON error in Chinese, and playback."""

from __future__ import annotations

import hashlib

import pytest

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role

from .. import services as S
from ..models import RecordingChunk
from .factories import online_hearing, real_name_verify

pytestmark = pytest.mark.django_db


def test_enter_check_confirm_admit_and_record_over_http(client) -> None:  # type: ignore[no-untyped-def]
    rw = online_hearing()
    real_name_verify(rw.lawyer)
    login_verified(client, rw.lawyer)
    response = client.post(f"/hearing-room/hearings/{rw.hearing.pk}/enter/")
    assert response.status_code == 302 and response["Location"] == S.room_url(rw.room)
    page = client.get(S.room_url(rw.room)).content.decode()
    assert "书记员尚未核验" in page and "人民法院法庭规则》第十七条" in page and 'data-testid="join"' not in page
    lawyer = rw.participant(rw.lawyer)
    assert (
        client.post(f"{S.room_url(rw.room)}participants/{lawyer.pk}/identity/", {"method": "id_card"}).status_code
        == 302
    )
    assert not rw.participant(rw.lawyer).identity_confirmed  # a lawyer cannot confirm anyone
    login_verified(client, rw.clerk)
    client.post(f"{S.room_url(rw.room)}participants/{lawyer.pk}/identity/", {"method": "id_card"})
    assert rw.participant(rw.lawyer).identity_method == "id_card"
    login_verified(client, rw.lawyer)
    client.post(f"{S.room_url(rw.room)}notice/")
    page = client.get(S.room_url(rw.room)).content.decode()
    assert 'data-testid="join"' in page and "进入等候室" in page
    login_verified(client, rw.judge)
    admitted = client.post(f"{S.room_url(rw.room)}participants/{lawyer.pk}/admit/", HTTP_ACCEPT="application/json")
    assert admitted.json()["state"] == "admitted"
    bad = client.post(f"{S.room_url(rw.room)}participants/{lawyer.pk}/fly/", HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "未知的操作" in bad.json()["message"]
    start = client.post(f"{S.room_url(rw.room)}recordings/", data='{"mime_type": "video/webm;codecs=vp8,opus"}',
                        content_type="application/json")  # fmt: skip
    key = start.json()["recording"]
    chunk = b"\x1a\x45\xdf\xa3 webm bytes"
    url = f"{S.room_url(rw.room)}recordings/{key}/chunks/0/"
    wrong = client.post(url, data=chunk, content_type="application/octet-stream", HTTP_X_CONTENT_SHA256="0" * 64)
    assert wrong.status_code == 400 and wrong.json()["code"] == "hearing_room.chunk_hash_mismatch"
    assert "SHA-256 不一致" in wrong.json()["message"] and not RecordingChunk.objects.exists()
    good = client.post(url, data=chunk, content_type="application/octet-stream",
                       HTTP_X_CONTENT_SHA256=hashlib.sha256(chunk).hexdigest())  # fmt: skip
    assert good.status_code == 201
    done = client.post(f"{S.room_url(rw.room)}recordings/{key}/finish/").json()
    assert done["sha256"] == hashlib.sha256(chunk).hexdigest() and done["dossier_document"]
    login_verified(client, rw.lawyer)  # a participant plays it back
    assert done["sha256"] in client.get(done["url"]).content.decode()
    media = client.get(f"{done['url']}media/")
    assert media.status_code == 200 and b"".join(media.streaming_content) == chunk


def test_strangers_get_403_with_a_chinese_reason_everywhere(client) -> None:  # type: ignore[no-untyped-def]
    rw = online_hearing()
    stranger = user_with_role(Role.LAWYER, rw.world.b.court, full_name="外案律师")
    login_verified(client, stranger)
    page = client.get(S.room_url(rw.room))
    assert page.status_code == 403 and "无权进入" in page.content.decode()
    start = client.post(f"{S.room_url(rw.room)}recordings/")
    assert start.status_code == 403 and "无权进入" in start.json()["message"]
    assert client.post(f"/hearing-room/hearings/{rw.hearing.pk}/enter/").status_code == 404
    assert client.get("/hearing-room/00000000-0000-0000-0000-000000000000/").status_code == 404
