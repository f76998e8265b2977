"""The transcript (庭审笔录): two clerks cannot overwrite each other (a stale save is refused with the newer text),
review and signatures (online by the lawyer, on the pad at court), corrections as versions that call for new
signatures, the final PDF filed in the dossier and anchored, speech-to-text through the provider interface (a double)."""

from __future__ import annotations

import base64
import io
import json
from datetime import date, datetime

import pytest
import time_machine
from django.test import Client, override_settings
from PIL import Image
from pypdf import PdfReader

from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.dossier.models import DossierDocument
from smartcourt.dossier.selectors import document_content
from smartcourt.hearings.asr import Segment
from smartcourt.hearings.models import TranscriptSignature, TranscriptState, TranscriptVersion
from smartcourt.hearings.services import hearing_schedule
from smartcourt.hearings.services_transcript import (
    TranscriptStale,
    transcript_finalise,
    transcript_save,
    transcript_sign,
    transcript_submit_for_review,
    transcript_transcribe,
)
from smartcourt.ledger.models import LedgerRecord

from .factories import SHANGHAI, at, booking, build_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)
DAY = date(2025, 11, 10)
ENTRIES = [
    {"speaker": "审判长", "time": "09:00", "text": "现在开庭。核对当事人身份。"},
    {"speaker": "原告代理人", "time": "09:05", "text": "原告坚持诉讼请求，要求被告归还借款五万元。"},
]


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        world = build_world()
        hearing = hearing_schedule(
            case=world.cases["a"], data=booking(world.a, at(DAY, 9), at(DAY, 11)), actor=world.a.judge
        ).hearing
        yield world, hearing


def _png() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _lawyer_participant(hearing, world):  # type: ignore[no-untyped-def]
    return hearing.participants.get(user=world.lawyer)


@time_machine.travel(NOW, tick=False)
def test_a_stale_save_is_refused_with_the_newer_text(setup) -> None:  # type: ignore[no-untyped-def]
    world, hearing = setup
    t = transcript_save(hearing=hearing, base_revision=0, entries=ENTRIES[:1], actor=world.a.clerk)
    assert t.revision == 1
    transcript_save(hearing=hearing, base_revision=1, entries=ENTRIES, actor=world.a.judge)  # the other writer
    with pytest.raises(TranscriptStale) as exc:
        transcript_save(
            hearing=hearing, base_revision=1, entries=[{"speaker": "x", "text": "覆盖"}], actor=world.a.clerk
        )
    assert "未保存" in str(exc.value.message) and exc.value.extra["revision"] == 2
    assert exc.value.extra["entries"] == ENTRIES
    assert TranscriptVersion.objects.filter(transcript=t).count() == 2


@time_machine.travel(NOW, tick=False)
def test_bad_entries_and_strangers_are_refused(setup) -> None:  # type: ignore[no-untyped-def]
    world, hearing = setup
    with pytest.raises(ApplicationError) as exc:
        transcript_save(hearing=hearing, base_revision=0, entries=[{"speaker": "a", "time": "25:99", "text": "x"}],
                        actor=world.a.clerk)  # fmt: skip
    assert "时间" in str(exc.value.message)
    with pytest.raises(ApplicationError):
        transcript_save(hearing=hearing, base_revision=0, entries="not a list", actor=world.a.clerk)
    with pytest.raises(Forbidden):
        transcript_save(hearing=hearing, base_revision=0, entries=ENTRIES, actor=world.lawyer)


@time_machine.travel(NOW, tick=False)
def test_review_sign_correct_resign_and_final_pdf_in_the_dossier(setup) -> None:  # type: ignore[no-untyped-def]
    world, hearing = setup
    clerk = world.a.clerk
    transcript_save(hearing=hearing, base_revision=0, entries=ENTRIES, actor=clerk)
    t = transcript_submit_for_review(hearing=hearing, actor=clerk)
    lawyer_p = _lawyer_participant(hearing, world)
    transcript_sign(hearing=hearing, participant=lawyer_p, revision=t.revision, actor=world.lawyer)
    defendant = hearing.participants.get(party__role="defendant")
    with pytest.raises(Forbidden):  # the plaintiff's lawyer cannot sign for the defendant online
        transcript_sign(hearing=hearing, participant=defendant, revision=t.revision, actor=world.lawyer)
    # a correction after review: a note is required, it is a version, and the earlier signature no longer covers it
    with pytest.raises(ApplicationError):
        transcript_save(hearing=hearing, base_revision=t.revision, entries=[*ENTRIES, {"text": "补充"}], actor=clerk)
    t = transcript_save(hearing=hearing, base_revision=t.revision, actor=clerk, note="补记被告答辩意见",
                        entries=[*ENTRIES, {"speaker": "被告", "time": "09:10", "text": "被告已归还两万元。"}])  # fmt: skip
    assert t.versions.filter(kind="correction").count() == 1
    with pytest.raises(TranscriptStale):
        transcript_sign(hearing=hearing, participant=lawyer_p, revision=t.revision - 1, actor=world.lawyer)
    transcript_sign(hearing=hearing, participant=lawyer_p, revision=t.revision, actor=world.lawyer)
    transcript_sign(hearing=hearing, participant=defendant, revision=t.revision, actor=clerk, pad_image=_png())
    with pytest.raises(ApplicationError):
        transcript_sign(hearing=hearing, participant=defendant, revision=t.revision, actor=clerk,
                        pad_image="data:image/png;base64,AAAA")  # fmt: skip
    t = transcript_finalise(hearing=hearing, actor=clerk)
    assert t.state == TranscriptState.FINAL and t.final_document_id
    doc = DossierDocument.objects.get(pk=t.final_document_id)
    assert doc.category == "hearing_record"
    assert LedgerRecord.objects.filter(sha256=doc.sha256).exists()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(document_content(document_id=doc.pk).content)).pages)
    for needle in ("庭 审 笔 录", "现在开庭", "被告已归还两万元", "补记被告答辩意见", lawyer_p.name, defendant.name):
        assert needle in text.replace("\n", ""), needle
    with pytest.raises(ApplicationError):
        transcript_save(hearing=hearing, base_revision=t.revision, entries=ENTRIES, actor=clerk)
    assert TranscriptSignature.objects.filter(method="pad").exists()


class DoubleAsr:
    name = "double"
    available = True

    def transcribe(self, audio: bytes, *, content_type: str, language: str = "zh") -> list[Segment]:
        assert audio == b"RIFF-fake-audio"
        return [Segment(0.0, "被告对借款事实无异议。", "被告")]


@time_machine.travel(NOW, tick=False)
@override_settings(HEARINGS_ASR_PROVIDER="smartcourt.hearings.tests.test_transcript.DoubleAsr")
def test_speech_to_text_goes_through_the_provider(setup) -> None:  # type: ignore[no-untyped-def]
    world, hearing = setup
    t = transcript_transcribe(hearing=hearing, base_revision=0, audio=b"RIFF-fake-audio", content_type="audio/wav",
                              at="09:30", actor=world.a.clerk)  # fmt: skip
    assert t.entries == [{"speaker": "被告", "time": "09:30", "text": "被告对借款事实无异议。"}]


@time_machine.travel(NOW, tick=False)
def test_manual_entry_is_the_default_and_transcribe_is_refused_in_chinese(setup) -> None:  # type: ignore[no-untyped-def]
    world, hearing = setup
    with pytest.raises(ApplicationError) as exc:
        transcript_transcribe(hearing=hearing, base_revision=0, audio=b"x", content_type="audio/wav", at="09:30",
                              actor=world.a.clerk)  # fmt: skip
    assert "手工记录" in str(exc.value.message)


@time_machine.travel(NOW, tick=False)
def test_http_autosave_conflict_answers_409_with_the_newer_text(setup) -> None:  # type: ignore[no-untyped-def]
    world, hearing = setup
    clerk = Client()
    login_verified(clerk, world.a.clerk)
    judge = Client()
    login_verified(judge, world.a.judge)
    page = clerk.get(f"/hearings/{hearing.pk}/transcript/")
    assert page.status_code == 200 and 'id="transcript-editor"' in page.content.decode()
    assert 'data-testid="transcript-link"' in clerk.get(f"/hearings/{hearing.pk}/").content.decode()
    url = f"/hearings/{hearing.pk}/transcript/save/"
    ok = clerk.post(url, json.dumps({"revision": 0, "entries": ENTRIES}), content_type="application/json")
    assert ok.status_code == 200 and ok.json()["revision"] == 1
    judge.post(url, json.dumps({"revision": 1, "entries": ENTRIES[:1]}), content_type="application/json")
    stale = clerk.post(url, json.dumps({"revision": 1, "entries": []}), content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "transcript.stale" and body["entries"] == ENTRIES[:1] and "未保存" in body["message"]
    bad = clerk.post(url, b"{not json", content_type="application/json")
    assert bad.status_code == 400 and "message" in bad.json()
    lawyer = Client()
    login_verified(lawyer, world.lawyer)
    assert (
        lawyer.post(url, json.dumps({"revision": 2, "entries": []}), content_type="application/json").status_code == 403
    )
    assert lawyer.get(f"/hearings/{hearing.pk}/transcript/").status_code == 200  # a participant reads it
    stranger = Client()
    login_verified(stranger, user_with_role(Role.LAWYER, world.b.court, full_name="无关律师"))
    assert stranger.get(f"/hearings/{hearing.pk}/transcript/").status_code == 404
