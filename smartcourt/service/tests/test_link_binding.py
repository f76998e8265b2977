"""Service cannot be forged by staff (issue 13 item 1, ADR 0015): the outbox shows one-time links and their codes
sealed; a link opens the documents only with the code sent with it or as the recipient's own account; wrong codes
are counted, audited and lock the link; a read keeps its evidence (how, where from, what browser, when) in the
anchored event, on the task page and on the 送达回证."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from smartcourt.core.models import AuditAction, AuditLog
from smartcourt.core.outbox.models import OutboundMessage
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.service import services
from smartcourt.service.models import ServiceAttempt, ServiceEvent, TaskState

from .helpers import CODE_RE, LINK_RE, PDF, confirm, world

pytestmark = pytest.mark.django_db(transaction=True)
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def _serve_by_sms(w, party):  # type: ignore[no-untyped-def]
    confirm(party, consent_sms=True, mobile="13912345678", consent_basis="explicit")
    task = services.service_task_create(case=w.case, recipient=party, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    task.refresh_from_db()
    return task


def _staff(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    login_verified(client, user)
    return client


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_staff_see_the_outbox_with_links_and_codes_sealed(phone) -> None:  # type: ignore[no-untyped-def]
    w = world()
    sms_task = _serve_by_sms(w, w.defendant)
    confirm(w.plaintiff, consent_email=True, email="liu@example.cn", consent_basis="explicit")
    services.service_task_create(case=w.case, recipient=w.plaintiff, document=PDF, document_type="summons",
                                 title="传票", actor=w.clerk)  # fmt: skip
    path, code = phone.link()
    token = path.split("/")[-2]
    sent_mail = mail.outbox[0].body
    mail_token, mail_code = LINK_RE.search(sent_mail).group(1).split("/")[-2], CODE_RE.search(sent_mail).group(1)
    admin = user_with_role(Role.SYSTEM_ADMIN, w.court, full_name="管理员")
    for viewer in (w.clerk, admin):
        page = _staff(viewer).get(reverse("courts:outbox")).content.decode()
        assert "〔送达链接（已隐去）〕" in page and "〔验证码（已隐去）〕" in page
        for secret in (token, mail_token, "/service/s/", f"验证码{code}", f"验证码{mail_code}"):
            assert secret not in page
    # Nor does anything the court stores hold them: not the outbox rows, not the attempt, not any table.
    assert not OutboundMessage.objects.filter(body__contains="/service/s/").exists()
    dump = io.StringIO()
    call_command("dumpdata", "core_outbox", "service", "jobs", "core", stdout=dump)
    assert token not in dump.getvalue() and mail_token not in dump.getvalue()
    attempt = sms_task.attempts.get()
    assert attempt.token_hash == hashlib.sha256(token.encode()).hexdigest() and "link" not in attempt.evidence
    # A clerk who guesses the page from the task gets nothing to click either.
    assert token not in _staff(w.clerk).get(reverse("service:task", args=[sms_task.pk])).content.decode()


def test_opening_the_link_without_the_second_factor_marks_nothing_read(phone) -> None:  # type: ignore[no-untyped-def]
    w = world()
    task = _serve_by_sms(w, w.defendant)
    path, _code = phone.link()
    preview = Client()  # a link-preview bot, or anyone the URL leaked to
    page = preview.get(path)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="open-code-form"' in html
    assert task.case.number not in html and task.person.name not in html  # nothing about the case before the code
    assert "第九十条" in html and "第三十一条" in html  # the read is the legal moment here, and the page says why
    assert preview.post(path, {"op": "account"}).status_code == 403  # signed out: not the recipient's account
    assert preview.post(path, {"op": "code", "code": ""}).status_code == 400  # no code: refused, not counted
    clerk = _staff(w.clerk)
    assert clerk.get(path).status_code == 200
    assert clerk.post(path, {"op": "account"}).status_code == 403  # staff are not the recipient
    task.refresh_from_db()
    attempt = task.attempts.get()
    assert task.state == TaskState.IN_PROGRESS and attempt.read_at is None and attempt.code_failures == 0
    assert not ServiceEvent.objects.filter(task=task, kind="receipt.read").exists()
    assert preview.get(path + "document.pdf").status_code == 404


def test_wrong_codes_are_refused_counted_audited_and_lock_the_link(phone) -> None:  # type: ignore[no-untyped-def]
    w = world()
    task = _serve_by_sms(w, w.plaintiff)  # the plaintiff has a platform account
    path, code = phone.link()
    guesser = Client(REMOTE_ADDR="198.51.100.9")
    response = guesser.post(path, {"op": "code", "code": _wrong(code)})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    assert "还可尝试4次" in response.content.decode()
    attempt = task.attempts.get()
    assert attempt.code_failures == 1 and attempt.read_at is None
    refused = AuditLog.objects.get(action=AuditAction.SERVICE_LINK_CODE_REFUSED)
    assert refused.extra["ip"] == "198.51.100.9" and refused.extra["failures"] == 1 and code not in str(refused.extra)
    for _ in range(3):
        assert guesser.post(path, {"op": "code", "code": _wrong(code)}).status_code == 400
    last = guesser.post(path, {"op": "code", "code": _wrong(code)})
    assert last.status_code == 403 and 'data-testid="open-locked"' in last.content.decode()
    attempt.refresh_from_db()
    assert attempt.code_failures == 5 and attempt.link_locked_at is not None
    assert AuditLog.objects.filter(action=AuditAction.SERVICE_LINK_CODE_REFUSED).count() == 4
    assert AuditLog.objects.filter(action=AuditAction.SERVICE_LINK_LOCKED).count() == 1
    assert ServiceEvent.objects.get(task=task, kind="link.locked").payload["failures"] == 5
    # Locked: even the right code no longer opens it …
    assert guesser.post(path, {"op": "code", "code": code}).status_code == 403
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS and task.attempts.get().read_at is None
    # … but the recipient, signed in to their own account, still can.
    recipient = Client(HTTP_USER_AGENT=IPHONE)
    recipient.force_login(w.party_user)
    assert 'data-testid="open-account"' in recipient.get(path).content.decode()
    assert recipient.post(path, {"op": "account"}).status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.SERVED
    read = ServiceEvent.objects.get(task=task, kind="receipt.read")
    assert read.payload["auth"] == "account" and read.payload["account"] == w.party_user.username


def test_the_right_code_reads_with_its_evidence_on_the_task_page_and_the_receipt(phone) -> None:  # type: ignore[no-untyped-def]
    w = world()
    task = _serve_by_sms(w, w.defendant)
    path, code = phone.link()
    recipient = Client(REMOTE_ADDR="203.0.113.44", HTTP_USER_AGENT=IPHONE)
    assert recipient.post(path, {"op": "code", "code": _wrong(code)}).status_code == 400  # a typo first
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in code)  # as a Chinese input method types digits
    response = recipient.post(path, {"op": "code", "code": full_width})
    assert response.status_code == 302
    task.refresh_from_db()
    attempt = task.attempts.get()
    assert task.state == TaskState.SERVED and task.served_at == attempt.read_at
    read = ServiceEvent.objects.get(task=task, kind="receipt.read")
    assert read.payload["auth"] == "code" and read.payload["ip"] == "203.0.113.44"
    assert read.payload["user_agent"] == IPHONE and read.payload["read_at"]
    text = services.event_canonical(task_id=task.pk, case_id=task.case_id, attempt_seq=attempt.seq, kind=read.kind,
                                    occurred_at=read.occurred_at, payload=read.payload)  # fmt: skip
    assert hashlib.sha256(text.encode()).hexdigest() == read.sha256  # the evidence is inside the anchored hash
    assert AuditLog.objects.filter(action=AuditAction.SERVICE_RECEIPT_READ, target_id=str(task.pk)).count() == 1
    opened = recipient.get(path).content.decode()
    assert "已签收" in opened and task.case.number in opened and "203.0.113.44" in opened
    assert recipient.get(path + "document.pdf").status_code == 200
    assert Client().get(path).status_code == 410  # spent for anyone else
    # The service task page shows who read, how and from where.
    page = _staff(w.clerk).get(reverse("service:task", args=[task.pk])).content.decode()
    assert 'data-testid="read-evidence"' in page and "203.0.113.44" in page and "验证码" in page
    assert "iPhone" in page and read.sha256 in page
    # So does the 送达回证 (the electronic service voucher) filed in the dossier.
    certificate = _staff(w.clerk).get(reverse("service:certificate", args=[task.pk]))
    receipt = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(certificate))).pages)
    receipt = re.sub(r"\s+", "", receipt)
    assert "阅知凭据" in receipt and "203.0.113.44" in receipt and "输入随短信/邮件发送的验证码" in receipt
    assert "即送达时间" in receipt and read.sha256 in receipt


def test_a_link_sent_before_codes_opens_only_to_the_recipients_account() -> None:
    w = world()
    task = _serve_by_sms(w, w.plaintiff)
    attempt = task.attempts.get()
    token = "legacy-token-sent-before-codes-existed"
    ServiceAttempt.objects.filter(pk=attempt.pk).update(
        token_hash=hashlib.sha256(token.encode()).hexdigest(), code_hash=""
    )
    path = reverse("service:open", args=[token])
    anonymous = Client()
    assert 'data-testid="open-no-code"' in anonymous.get(path).content.decode()
    assert anonymous.post(path, {"op": "code", "code": "123456"}).status_code == 400
    result = services.service_link_sign(token=token, actor=w.clerk, code=None)
    assert result.status == "not_recipient"
    assert services.service_link_sign(token=token, actor=w.party_user, code=None).status == "read"
    task.refresh_from_db()
    assert task.state == TaskState.SERVED


def test_links_sent_before_the_fix_are_sealed_by_the_migration() -> None:
    import importlib

    from django.apps import apps

    w = world()
    task = _serve_by_sms(w, w.defendant)
    attempt = task.attempts.get()
    live = "http://127.0.0.1:8000/service/s/Old_Live-Token123/"
    OutboundMessage.objects.filter(related_type="service.attempt").update(body=f"请打开 {live} 查阅签收。")
    email = OutboundMessage.objects.create(channel="email", to="a@example.cn", subject="送达", purpose="service.email",
                                           body=f"也可打开以下链接查阅、签收：{live}\n请勿回复。",
                                           related_type="service.attempt", related_id=str(attempt.pk))  # fmt: skip
    ServiceAttempt.objects.filter(pk=attempt.pk).update(evidence={"link": live, "reference": "outbox:1"})
    importlib.import_module("smartcourt.service.migrations.0006_seal_sent_service_links").seal(apps, None)
    bodies = list(OutboundMessage.objects.values_list("body", flat=True))
    assert bodies and all("/service/s/" not in b and "〔送达链接（已隐去）〕" in b for b in bodies)
    assert OutboundMessage.objects.get(pk=email.pk).body.startswith("也可打开以下链接查阅、签收：〔")
    assert ServiceAttempt.objects.get(pk=attempt.pk).evidence == {"reference": "outbox:1"}
