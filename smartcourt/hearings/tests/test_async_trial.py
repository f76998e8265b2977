"""Non-synchronous trial steps (非同步审理, issue 16 item 5): after an evidence round with no dispute and every
party's consent (在线诉讼规则 Art. 21) the judge opens the trial's steps in turn; each side records its statement as
text and/or a clip (stored by its hash, a certificate filed in the dossier and anchored in the ledger) before the
step's deadline; a late, empty or foreign statement is refused in Chinese; switching to a live hearing ends it all
and the record PDF lists every statement."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.core.intake.store import blob_read
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.dossier.selectors import document_content
from smartcourt.hearings.models import AsyncRound, AsyncStatement, AsyncTrialStep
from smartcourt.hearings.services_async import (
    AsyncRefused,
    AttachmentIn,
    async_consent_record,
    async_round_close,
    async_round_open,
    async_statement_submit,
    async_switch_to_hearing,
    async_trial_step_close,
    async_trial_step_open,
)
from smartcourt.ledger.models import LedgerRecord

from .factories import SHANGHAI, async_items, build_async_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)
CLIP = b"\x1a\x45\xdf\xa3" + b"\x00webm-clip-of-the-statement" * 40  # a WebM header: what MediaRecorder writes


def _trial_world():  # type: ignore[no-untyped-def]
    aw = build_async_world(procedure="simple")
    judge = aw.world.a.judge
    evidence = async_round_open(case=aw.case, items=async_items(aw), days=7, actor=judge)
    async_round_close(round=evidence, actor=judge)  # no opinion disputes anything: Art. 21(3) holds
    async_consent_record(case=aw.case, party_id=aw.plaintiff.pk, kind="trial", consented=True, actor=aw.lawyer_p)
    async_consent_record(case=aw.case, party_id=aw.defendant.pk, kind="trial", consented=True, actor=aw.lawyer_d)
    rnd = async_round_open(case=aw.case, items=[], days=7, actor=judge, kind="trial")
    return aw, rnd


def _text(document_id: int) -> str:
    content = document_content(document_id=document_id).content
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


@time_machine.travel(NOW, tick=False)
def test_steps_statements_clip_and_the_record() -> None:
    aw, rnd = _trial_world()
    judge = aw.world.a.judge
    step = async_trial_step_open(round=rnd, step="statement", days=5, actor=judge)
    assert "第二十一条" in step.deadline_basis
    with pytest.raises(AsyncRefused, match="正在进行"):
        async_trial_step_open(round=rnd, step="debate", days=5, actor=judge)
    async_statement_submit(step=step, party_id=aw.plaintiff.pk, text="原告请求被告归还借款五万元。", actor=aw.lawyer_p)
    clip = async_statement_submit(
        step=step, party_id=aw.defendant.pk, text="被告答辩：已归还两万元。", actor=aw.lawyer_d,
        clip=AttachmentIn(CLIP, "答辩.webm"),
    )  # fmt: skip
    assert clip.media_type == "video/webm" and len(clip.media_sha256) == 64 and blob_read(clip.media_name) == CLIP
    assert clip.certificate is not None and clip.media_sha256 in _text(clip.certificate_id)
    assert LedgerRecord.objects.filter(sha256=clip.certificate.sha256).exists()
    # refusals, in Chinese, nothing written
    before = AsyncStatement.objects.count()
    for kwargs, words in (
        ({"text": "", "clip": None}, "请填写陈述内容"),
        ({"text": "", "clip": AttachmentIn(b"MZ\x90\x00 not a clip", "x.exe")}, "格式不受支持"),
        ({"text": "代原告陈述", "party_id": aw.plaintiff.pk}, "不是该当事人"),
    ):
        with pytest.raises(ApplicationError, match=words):
            async_statement_submit(**{"step": step, "party_id": aw.defendant.pk, "actor": aw.lawyer_d, **kwargs})
    with pytest.raises(Forbidden):
        async_statement_submit(step=step, party_id=aw.defendant.pk, text="x",
                               actor=user_with_role(Role.LAWYER, aw.world.b.court, full_name="无关律师"))  # fmt: skip
    late = time_machine.travel(datetime(2025, 12, 1, 9, tzinfo=SHANGHAI), tick=False)
    with late, pytest.raises(AsyncRefused, match="期限已于"):
        async_statement_submit(step=step, party_id=aw.defendant.pk, text="迟到的陈述", actor=aw.lawyer_d)
    assert AsyncStatement.objects.count() == before
    async_trial_step_close(step=step, actor=judge)
    with pytest.raises(AsyncRefused, match="已结束"):
        async_statement_submit(step=step, party_id=aw.defendant.pk, text="结束后", actor=aw.lawyer_d)
    with pytest.raises(AsyncRefused, match="已经进行过"):
        async_trial_step_open(round=rnd, step="statement", days=5, actor=judge)
    debate = async_trial_step_open(round=rnd, step="debate", days=3, actor=judge)
    async_statement_submit(step=debate, party_id=aw.plaintiff.pk, text="借条真实有效。", actor=aw.lawyer_p)
    # the judge switches to a live hearing at any time: the open step ends, the record is filed
    switched = async_switch_to_hearing(case=aw.case, actor=judge, reason="需当庭询问证人")
    assert switched is not None and switched.report_id
    assert not AsyncTrialStep.objects.filter(round=rnd, closed_at__isnull=True).exists()
    text = _text(switched.report_id)
    for needle in ("非 同 步 审 理 记 录", "陈述与答辩", "法庭辩论", "原告请求被告归还借款五万元", "被告答辩：已归还两万元",
                   "借条真实有效", clip.media_sha256[:20], "需当庭询问证人"):  # fmt: skip
        assert needle in text, needle


@time_machine.travel(NOW, tick=False)
def test_steps_only_in_a_trial_round_and_only_by_the_judge() -> None:
    aw, trial = _trial_world()
    evidence = AsyncRound.objects.get(case=aw.case, kind="evidence")
    with pytest.raises(AsyncRefused, match="不分庭审环节"):
        async_trial_step_open(round=evidence, step="statement", days=5, actor=aw.world.a.judge)
    with pytest.raises(ApplicationError, match="不是本案承办法官"):
        async_trial_step_open(round=trial, step="statement", days=5, actor=aw.lawyer_p)
    with pytest.raises(ApplicationError, match="庭审环节"):
        async_trial_step_open(round=trial, step="closing_song", days=5, actor=aw.world.a.judge)
    assert not AsyncTrialStep.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_pages_of_judge_and_party() -> None:
    aw, rnd = _trial_world()
    judge, lawyer = Client(), Client()
    login_verified(judge, aw.world.a.judge)
    login_verified(lawyer, aw.lawyer_d)
    url = f"/hearings/cases/{aw.case.pk}/async/"
    page = judge.get(url).content.decode()
    assert 'data-testid="step-open-form"' in page and "陈述与答辩" in page
    opened = judge.post(url + "steps/open/", {"round": rnd.pk, "step": "statement", "days": "5"}, follow=True)
    assert "已开始该庭审环节" in " ".join(str(m) for m in opened.context["messages"])
    body = lawyer.get(url).content.decode()
    assert 'data-testid="statement-form"' in body and "step-open-form" not in body
    step = AsyncTrialStep.objects.get()
    sent = lawyer.post(url + "statement/", {"round": rnd.pk, "step": step.pk, "party": aw.defendant.pk, "text": "",
                                            "clip": io.BytesIO(CLIP)}, follow=True)  # fmt: skip
    assert "陈述已提交" in " ".join(str(m) for m in sent.context["messages"])
    statement = AsyncStatement.objects.get()
    media = lawyer.get(url + f"statements/{statement.pk}/media/")
    assert media.status_code == 200 and media["Content-Type"] == "video/webm"
    assert b"".join(media.streaming_content) == CLIP
    stranger = Client()
    login_verified(stranger, user_with_role(Role.LAWYER, aw.world.b.court, full_name="外院律师"))
    assert stranger.get(url + f"statements/{statement.pk}/media/").status_code == 404
    empty = lawyer.post(url + "statement/", {"round": rnd.pk, "step": step.pk, "party": aw.defendant.pk, "text": " "},
                        follow=True)  # fmt: skip
    assert "请填写陈述内容" in " ".join(str(m) for m in empty.context["messages"])
