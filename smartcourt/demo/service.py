"""Demo service of process: tasks in every state on demo-court cases, through the real services, so the outboxes
(SMS, e-mail), the ledger, the dossier's 送达回证 and the periods from service are all real.

Idempotent: every demo task has an origin_ref "demo.service:<key>"; the demo batch is made once.
States shown: served on the platform (demo_party's judgment, appeal period running), SMS link awaiting the
recipient (outbox), SMS link opened (served), e-mail accepted (served), post posted and
awaiting the receipt, post signed, post returned → in person, in person left at home (留置送达), public notice in
its period, public notice matured, exhausted, cancelled; plus a batch of summonses.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.models import Case, CaseParty
from smartcourt.courts.models import User
from smartcourt.courts.selectors import SYSTEM
from smartcourt.service.models import ServiceAddress, ServiceAttempt, ServiceBatch, ServiceTask
from smartcourt.service.pdf import document_pdf
from smartcourt.service.services import (
    AddressIn,
    ReadEvidence,
    service_address_confirm,
    service_attempt_dispatch,
    service_batch_create,
    service_in_person_record,
    service_post_register,
    service_post_return,
    service_public_notice_publish,
    service_public_notices_mature,
    service_receipt_read,
    service_task_cancel,
    service_task_create,
    service_task_next_channel,
)

DEMO_COURT = "苏0508"


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (214, 222, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((180, 120, 460, 400), fill=(150, 110, 80))  # a door
    draw.ellipse((420, 250, 440, 270), fill=(230, 200, 90))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def _dispatch_now() -> None:
    """Run the electronic dispatches now (a worker would do it; each is claimed once, so a worker finds it done)."""
    for pk in ServiceAttempt.objects.filter(sent_at__isnull=True, channel__in=["platform", "sms", "email"],
                                            state="awaiting").values_list("pk", flat=True):  # fmt: skip
        service_attempt_dispatch(attempt_id=pk, link="")


def _pdf(case: Case, title: str, who: str) -> bytes:
    return document_pdf(court_name=case.court.name, case_number=case.number, title=title, recipient=who,
                        body=f"本院受理{case.title}一案，现依法向你送达{title}。")  # fmt: skip


def demo_seed(*, seed: int, log: Callable[[str], None]) -> int:
    clerk = User.objects.filter(username="demo_clerk").first()
    party_user = User.objects.filter(username="demo_party").first()
    if clerk is None:
        log("    未找到 demo_clerk，跳过送达示例。")
        return 0
    if ServiceTask.objects.filter(origin_ref__startswith="demo.service:").exists():
        log("    送达示例已存在。")
        return 0
    cases = list(
        Case.objects.filter(
            court__code=DEMO_COURT, kind="civil", state__in=["in_trial", "registered"], procedure="ordinary"
        ).order_by("id")[:40]
    )
    if len(cases) < 16:
        log("    示例案件不足，跳过送达示例。")
        return 0
    photo = _photo()
    n = 0

    def task(case: Case, party: CaseParty, key: str, **kw) -> ServiceTask:  # type: ignore[no-untyped-def]
        nonlocal n
        n += 1
        title = kw.pop("title", "传票")
        return service_task_create(case=case, recipient=party, document=_pdf(case, title, party.person.name),
                                   document_type=kw.pop("document_type", "summons"), title=title, actor=clerk,
                                   origin_ref=f"demo.service:{key}", **kw)  # fmt: skip

    def defendant(case: Case) -> CaseParty:
        return case.parties.filter(role="defendant").select_related("person").first() or case.parties.first()

    def confirm(party: CaseParty, case: Case, **kw) -> ServiceAddress:  # type: ignore[no-untyped-def]
        return service_address_confirm(person=party.person, case=case, actor=kw.pop("actor", clerk), data=AddressIn(
            signed_via=kw.pop("signed_via", "paper"), postal_address=party.person.address or "苏州市姑苏区人民路100号",
            paper_scan=photo, **kw))  # fmt: skip

    with transaction.atomic():
        # demo_party: online confirmation with platform consent; a judgment served on the platform → appeal period.
        own = (
            CaseParty.objects.filter(person__user=party_user, case__court__code=DEMO_COURT)
            .select_related("case", "person")
            .first()
            if party_user
            else None
        )
        if own is not None:
            confirm(own, own.case, actor=party_user, signed_via="online", consent_platform=True, consent_sms=bool(party_user.phone),
                    mobile=party_user.phone if party_user.phone else "", consent_judgments=True, consent_basis="explicit")  # fmt: skip
            task(own.case, own, "party-judgment", document_type="judgment", title="民事判决书")
            task(own.case, own, "party-summons", title="开庭传票")
        c = iter(cases)
        # SMS link awaiting the recipient; SMS link opened.
        case = next(c)
        p = defendant(case)
        confirm(p, case, mobile="13912340001", consent_sms=True, consent_basis="explicit")
        task(case, p, "sms-awaiting", document_type="complaint_copy", title="起诉状副本及应诉通知书")
        case = next(c)
        p = defendant(case)
        confirm(p, case, mobile="13912340002", consent_sms=True, consent_basis="explicit")
        opened = task(case, p, "sms-opened", document_type="complaint_copy", title="起诉状副本及应诉通知书")
        # E-mail accepted (console/SMTP backend) and e-mail with an invalid recipient on the server side.
        case = next(c)
        p = defendant(case)
        confirm(p, case, email="legal@hengxin-demo.cn", consent_email=True, consent_basis="pleading")
        emailed = task(case, p, "email-ok", title="举证通知书", document_type="notice")
        # Post: posted and awaiting; signed; returned (moved) → in person left at home.
        case = next(c)
        posted = task(case, defendant(case), "post-awaiting")
        case = next(c)
        signed = task(case, defendant(case), "post-signed")
        case = next(c)
        returned = task(case, defendant(case), "post-returned")
        # Public notice in its period and matured; exhausted; cancelled.
        case = next(c)
        notice = task(
            case, defendant(case), "notice-running", document_type="complaint_copy", title="起诉状副本及应诉通知书"
        )
        case = next(c)
        matured = task(
            case, defendant(case), "notice-matured", document_type="complaint_copy", title="起诉状副本及应诉通知书"
        )
        case = next(c)
        exhausted = task(case, defendant(case), "exhausted")
        case = next(c)
        cancelled = task(case, defendant(case), "cancelled")
    _dispatch_now()
    for t in (opened, emailed):  # the recipients open their links (an e-mail through the dev backend delivers nothing)
        attempt = t.attempts.order_by("-seq").first()
        if attempt is not None and attempt.channel in ("sms", "email"):
            # the demo recipient typed the code from the message (the seed never sees it: it is not stored)
            evidence = ReadEvidence(auth="code", ip="192.0.2.10", user_agent="演示数据（受送达人手机浏览器）")
            service_receipt_read(attempt=attempt, actor=SYSTEM, via="link", evidence=evidence)
    today = timezone.localdate()
    service_post_register(task=posted, tracking_number="1180000000101", actor=clerk)
    service_post_register(task=signed, tracking_number="1180000000202", actor=clerk)
    service_post_return(tracking_number="1180000000202", outcome="signed", on=today, signer="张丽（收发室）",
                        relation="office", actor=clerk)  # fmt: skip
    service_post_register(task=returned, tracking_number="1180000000303", actor=clerk)
    service_post_return(tracking_number="1180000000303", outcome="moved", on=today, actor=clerk)
    returned.refresh_from_db()
    service_in_person_record(task=returned, outcome="left", photo=photo, latitude=31.29856, longitude=120.61952,
                             accuracy=10, witness="社区居委会 王主任", actor=clerk)  # fmt: skip
    for t, published in ((notice, today - timedelta(days=5)), (matured, today - timedelta(days=40))):
        t.refresh_from_db()
        service_task_next_channel(task=t, actor=clerk, reason="邮寄退回：查无此人")
        t.refresh_from_db()
        service_task_next_channel(task=t, actor=clerk, reason="多次上门未遇，下落不明")
        t.refresh_from_db()
        service_public_notice_publish(task=t, published_on=published, medium="人民法院公告网", actor=clerk)
    service_public_notices_mature(today=today)
    for _ in range(3):
        exhausted.refresh_from_db()
        if exhausted.state != "in_progress":
            break
        service_task_next_channel(task=exhausted, actor=clerk, reason="各渠道均未能送达")
    cancelled.refresh_from_db()
    service_task_cancel(task=cancelled, actor=clerk, reason="原告撤诉")
    # A batch of summonses for the remaining cases.
    if not ServiceBatch.objects.filter(title="传票（示例批次）").exists():
        rest = [x.number for x in cases[12:40]]
        result = service_batch_create(court=cases[0].court, case_numbers=rest, roles=["plaintiff", "defendant"],
                                      document_type="summons", title="传票（示例批次）",
                                      body="本院受理{案件}一案（{案号}），定于下月开庭审理，请准时到庭。", actor=clerk)  # fmt: skip
        _dispatch_now()
        log(f"    批量送达传票 {len(result.created)} 件")
    log(f"    送达任务 {n} 件（各状态示例，短信与邮件见“短信与邮件发件箱”）")
    return n
