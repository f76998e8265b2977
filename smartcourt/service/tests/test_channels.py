"""Each channel's receipt rule, the fallback order, and a real SMTP server that rejects a message."""

from __future__ import annotations

import socket
from datetime import date, datetime, timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from smartcourt.cases.models import CaseEvent
from smartcourt.core.actors import SYSTEM
from smartcourt.core.outbox.providers import ScriptedSmsProvider, sms_provider_override
from smartcourt.ledger.selectors import ledger_record_for_subject, ledger_status_for_sha256
from smartcourt.service import services
from smartcourt.service.models import AttemptState, ServiceDeadline, ServiceEvent, TaskState
from smartcourt.service.selectors import service_attempt_messages

from .helpers import JPEG, PDF, confirm, read_by_link, world

INBOX = services.ReadEvidence(auth="account", account="party", ip="198.51.100.2")

pytestmark = pytest.mark.django_db(transaction=True)
SHANGHAI = timezone.get_fixed_timezone(8 * 60)


@pytest.fixture(autouse=True)
def _sms_default():
    sms_provider_override(None)
    yield
    sms_provider_override(None)


def _create(w, party, **kw):  # type: ignore[no-untyped-def]
    return services.service_task_create(
        case=w.case, recipient=party, document=PDF, document_type=kw.pop("document_type", "summons"),
        title=kw.pop("title", "传票"), actor=w.clerk, **kw,
    )  # fmt: skip


def _refresh(task):  # type: ignore[no-untyped-def]
    task.refresh_from_db()
    return task


def test_fallback_order_follows_policy_and_consent() -> None:
    w = world()
    confirm(w.plaintiff, consent_platform=True, consent_sms=True, mobile="13912345678", consent_email=True,
            email="liu@example.cn", consent_basis="explicit")  # fmt: skip
    task = _create(w, w.plaintiff)
    assert task.plan == ["platform", "sms", "email", "post", "in_person", "public_notice"]
    # Without any consent only paper channels are planned, and the note says why (在线诉讼规则第二十九条).
    task2 = _create(w, w.defendant)
    assert task2.plan == ["post", "in_person", "public_notice"]
    assert any("未同意电子送达" in n and "在线诉讼规则" in n for n in task2.plan_notes)


def test_judgment_is_e_served_only_with_consent_for_decisions() -> None:
    w = world()
    confirm(w.plaintiff, consent_platform=True, consent_basis="explicit")
    task = _create(w, w.plaintiff, document_type="judgment", title="民事判决书")
    assert task.plan[0] == "post" and any("判决书" in n for n in task.plan_notes)
    confirm(w.plaintiff, consent_platform=True, consent_judgments=True, consent_basis="explicit")
    task = _create(w, w.plaintiff, document_type="judgment", title="民事判决书")
    assert task.plan[0] == "platform"


def test_simple_procedure_never_plans_public_notice() -> None:
    w = world(procedure="simple")
    task = _create(w, w.defendant)
    assert "public_notice" not in task.plan and any("第一百四十条" in n for n in task.plan_notes)


def test_platform_inbox_confirmed_address_is_served_on_arrival() -> None:
    w = world()
    confirm(w.plaintiff, actor=w.party_user, signed_via="online", consent_platform=True, consent_basis="explicit")
    task = _refresh(_create(w, w.plaintiff))
    assert task.state == TaskState.SERVED and task.served_channel == "platform"
    assert "第三十一条第一款" in task.served_basis[0]
    assert task.served_at == task.attempts.get().delivered_at
    # Opening it later is a read receipt, recorded once, and never a second "served".
    services.service_receipt_read(attempt=task.attempts.get(), actor=w.party_user, via="inbox", evidence=INBOX)
    services.service_receipt_read(attempt=task.attempts.get(), actor=w.party_user, via="inbox", evidence=INBOX)
    assert ServiceEvent.objects.filter(task=task, kind="receipt.read").count() == 1
    assert ServiceEvent.objects.filter(task=task, kind="served").count() == 1


def test_sms_link_with_outbox_provider_is_served_only_when_opened(phone) -> None:  # type: ignore[no-untyped-def]
    w = world()
    confirm(w.defendant, consent_sms=True, mobile="139 1234 5678", consent_basis="explicit")
    task = _refresh(_create(w, w.defendant))
    attempt = task.attempts.get()
    assert task.state == TaskState.IN_PROGRESS and attempt.channel == "sms" and attempt.target == "13912345678"
    message = service_attempt_messages(attempt=attempt).get()
    # the outbox keeps the link and its code sealed; only the phone got them (ADR 0015)
    assert message.status == "outbox" and "/service/s/" not in message.body
    assert "〔送达链接（已隐去）〕" in message.body and "〔验证码（已隐去）〕" in message.body
    path, code = phone.link()
    assert phone.sent[0][0] == "13912345678" and code not in message.body
    assert services.attempt_for_token(path.split("/")[-2]) == attempt
    read_by_link(attempt)
    task = _refresh(task)
    assert task.state == TaskState.SERVED
    assert "未回传到达状态" in task.served_basis[0] and "第三十一条第一款" in task.served_basis[0]


def test_sms_with_delivery_report_to_confirmed_number_is_served_on_delivery() -> None:
    sms_provider_override(ScriptedSmsProvider("delivered"))
    w = world()
    confirm(w.defendant, consent_sms=True, mobile="13912345678", consent_basis="explicit")
    task = _refresh(_create(w, w.defendant))
    assert task.state == TaskState.SERVED and task.served_channel == "sms"


def test_unconfirmed_address_needs_a_read_receipt() -> None:
    """An e-address the recipient did not confirm (诉前约定): delivery is not service; reading is (Art. 31(2))."""
    sms_provider_override(ScriptedSmsProvider("delivered"))
    w = world()
    confirm(
        w.defendant, signed_via="agreement", consent_sms=True, mobile="13912345678", consent_basis="prior_agreement"
    )
    task = _refresh(_create(w, w.defendant))
    assert task.state == TaskState.IN_PROGRESS and task.attempts.get().state == AttemptState.DELIVERED
    read_by_link(task.attempts.get())
    task = _refresh(task)
    assert task.state == TaskState.SERVED and "推定完成有效送达" in task.served_basis[0]


def test_rejected_sms_moves_to_the_next_channel() -> None:
    sms_provider_override(ScriptedSmsProvider("rejected", error="空号"))
    w = world()
    confirm(w.defendant, consent_sms=True, mobile="13912345678", consent_basis="explicit")
    task = _refresh(_create(w, w.defendant))
    first, second = task.attempts.order_by("seq")
    assert first.state == AttemptState.FAILED and "空号" in first.failure_reason
    assert second.channel == "post" and task.step == 1


class _Rejecting:
    """aiosmtpd handler: rejects mail to bounce@…, accepts the rest."""

    def __init__(self) -> None:
        self.accepted: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address.startswith("bounce@"):
            return "550 5.1.1 <bounce@example.cn>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.accepted.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    handler = _Rejecting()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=port, EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_HOST_USER="",
                           EMAIL_HOST_PASSWORD="", EMAIL_TIMEOUT=10):  # fmt: skip
        yield handler
    controller.stop()


def test_email_accepted_by_smtp_server_is_served_for_a_confirmed_address(smtp_server) -> None:  # type: ignore[no-untyped-def]
    w = world()
    confirm(w.defendant, consent_email=True, email="hengxin@example.cn", consent_basis="explicit")
    task = _refresh(_create(w, w.defendant))
    assert smtp_server.accepted == ["hengxin@example.cn"]
    assert task.state == TaskState.SERVED and task.served_channel == "email"
    assert "第一百三十五条第二款" in task.served_basis[0]


def test_smtp_server_rejects_the_message_and_the_task_moves_to_the_next_channel(smtp_server) -> None:  # type: ignore[no-untyped-def]
    w = world()
    confirm(w.defendant, consent_email=True, email="bounce@example.cn", consent_basis="explicit")
    task = _refresh(_create(w, w.defendant))
    first, second = task.attempts.order_by("seq")
    assert first.channel == "email" and first.state == AttemptState.FAILED
    assert "550" in first.failure_reason and "拒收" in first.failure_reason
    assert service_attempt_messages(attempt=first).get().status == "rejected"
    assert second.channel == "post" and task.state == TaskState.IN_PROGRESS
    kinds = list(task.events.values_list("kind", flat=True))
    assert kinds == ["task.created", "attempt.started", "attempt.failed", "task.next_channel", "attempt.started"]
    assert smtp_server.accepted == []


def test_post_signed_receipt_serves_on_the_receipt_date_and_wrong_case_is_refused() -> None:
    w = world()
    other = world()
    task = _refresh(_create(w, w.defendant))
    assert task.current_channel == "post"
    services.service_post_register(task=task, tracking_number="ea123456789cn", actor=w.clerk)
    with pytest.raises(services.ServiceInputError, match="不属于"):
        services.service_post_return(tracking_number="EA123456789CN", case_number=other.case.number, outcome="signed",
                                     on=timezone.localdate(), signer="王五", relation="office", actor=w.clerk)  # fmt: skip
    other_task = _refresh(_create(other, other.defendant))
    with pytest.raises(services.ServiceInputError, match="已登记在案件"):
        services.service_post_register(task=other_task, tracking_number="EA123456789CN", actor=other.clerk)
    day = timezone.localdate()
    services.service_post_return(tracking_number="EA123456789CN", case_number=w.case.number, outcome="signed",
                                 on=day, signer="王五", relation="office", actor=w.clerk)  # fmt: skip
    task = _refresh(task)
    assert task.state == TaskState.SERVED and task.served_on == day and "第九十一条" in task.served_basis[0]


def test_post_returned_moved_fails_and_refused_to_confirmed_address_is_served() -> None:
    w = world()
    task = _refresh(_create(w, w.defendant))  # address from the complaint: not confirmed by the defendant
    services.service_post_register(task=task, tracking_number="EA000000001CN", actor=w.clerk)
    services.service_post_return(tracking_number="EA000000001CN", outcome="refused", on=timezone.localdate(),
                                 actor=w.clerk)  # fmt: skip
    task = _refresh(task)
    assert task.state == TaskState.IN_PROGRESS and task.current_channel == "in_person"
    confirm(w.plaintiff)
    task2 = _refresh(_create(w, w.plaintiff))
    services.service_post_register(task=task2, tracking_number="EA000000002CN", actor=w.clerk)
    services.service_post_return(tracking_number="EA000000002CN", outcome="refused", on=timezone.localdate(),
                                 actor=w.clerk)  # fmt: skip
    task2 = _refresh(task2)
    assert task2.state == TaskState.SERVED and "第十一条" in task2.served_basis[0]


def test_post_csv_import_reports_bad_rows_and_applies_good_ones() -> None:
    w = world()
    task = _refresh(_create(w, w.defendant))
    services.service_post_register(task=task, tracking_number="EA000000003CN", actor=w.clerk)
    day = timezone.localdate().isoformat()
    text = (f"邮件号,案号,状态,日期,签收人,关系\nEA999999999CN,{w.case.number},签收,{day},张三,本人\n"
            f"EA000000003CN,{w.case.number},签收,{day},李四,收发室\n")  # fmt: skip
    result = services.service_post_import(text=text, actor=w.clerk)
    assert result.ok == 1 and result.errors and result.errors[0][0] == 2
    assert _refresh(task).state == TaskState.SERVED


def _to_in_person(w, task):  # type: ignore[no-untyped-def]
    services.service_task_next_channel(task=task, actor=w.clerk, reason="邮寄地址无人")
    return _refresh(task)


def test_in_person_needs_photo_and_gps_and_left_at_home_is_service() -> None:
    w = world()
    task = _to_in_person(w, _refresh(_create(w, w.defendant)))
    assert task.current_channel == "in_person"
    with pytest.raises(services.ServiceInputError, match="照片") as exc:
        services.service_in_person_record(task=task, outcome="left", photo=None, latitude=31.3, longitude=120.6,
                                          accuracy=8, actor=w.clerk)  # fmt: skip
    assert exc.value.field == "photo"
    with pytest.raises(services.ServiceInputError, match="定位"):
        services.service_in_person_record(task=task, outcome="left", photo=JPEG, latitude=None, longitude=None,
                                          accuracy=None, actor=w.clerk)  # fmt: skip
    assert ServiceEvent.objects.filter(task=task, kind="receipt.in_person").count() == 0
    services.service_in_person_record(task=task, outcome="left", photo=JPEG, latitude=31.30123, longitude=120.61234,
                                      accuracy=8, witness="居委会 张主任", actor=w.clerk)  # fmt: skip
    task = _refresh(task)
    assert task.state == TaskState.SERVED and "第八十九条" in task.served_basis[0]
    assert task.served_attempt.evidence["photo_sha256"]


def test_mediation_document_is_never_served_by_leaving_it() -> None:
    w = world()
    task = _to_in_person(w, _refresh(_create(w, w.defendant, document_type="mediation", title="民事调解书")))
    with pytest.raises(services.ServiceInputError, match="第一百三十三条"):
        services.service_in_person_record(task=task, outcome="left", photo=JPEG, latitude=31.3, longitude=120.6,
                                          accuracy=5, actor=w.clerk)  # fmt: skip


@time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_public_notice_is_deemed_served_after_30_days() -> None:
    w = world()
    task = _refresh(_create(w, w.defendant, document_type="complaint_copy", title="起诉状副本及应诉通知书"))
    task = _to_in_person(w, task)
    services.service_task_next_channel(task=task, actor=w.clerk, reason="下落不明")
    task = _refresh(task)
    assert task.current_channel == "public_notice"
    services.service_public_notice_publish(
        task=task, published_on=date(2026, 6, 1), medium="人民法院公告网", actor=w.clerk
    )
    task = _refresh(task)
    assert task.state == TaskState.PUBLIC_NOTICE and task.notice_deemed_on == date(
        2026, 7, 1
    )  # 民诉法 Art. 95: 30 days
    assert services.service_public_notices_mature(today=date(2026, 6, 30)) == 0
    assert _refresh(task).state == TaskState.PUBLIC_NOTICE  # never "served" before the period has passed
    assert services.service_public_notices_mature(today=date(2026, 7, 1)) == 1
    task = _refresh(task)
    assert (
        task.state == TaskState.SERVED and task.served_on == date(2026, 7, 1) and "第九十五条" in task.served_basis[0]
    )
    deadline = ServiceDeadline.objects.get(task=task)
    assert deadline.rule_code == "civil.defence" and deadline.start_on == date(2026, 7, 1)
    # The notice period is not counted in the trial period (民诉法解释第二百四十三条).
    adjustment = w.case.period_adjustments.get(kind="public_notice")
    assert adjustment.started_on == date(2026, 6, 1) and adjustment.ended_on == date(2026, 7, 1)


def test_escalation_moves_an_unanswered_sms_to_the_next_channel() -> None:
    w = world()
    confirm(w.defendant, consent_sms=True, mobile="13912345678", consent_basis="explicit")
    task = _refresh(_create(w, w.defendant))
    assert services.service_tasks_escalate(now=timezone.now() + timedelta(days=1)) == 0
    assert services.service_tasks_escalate(now=timezone.now() + timedelta(days=4)) == 1
    task = _refresh(task)
    assert task.current_channel == "post"
    # A late read of the abandoned SMS still serves (在线诉讼规则第三十一条第四款), once.
    read_by_link(task.attempts.get(seq=1))
    task = _refresh(task)
    assert task.state == TaskState.SERVED and task.served_channel == "sms"
    assert task.attempts.get(seq=2).state == AttemptState.SUPERSEDED


def test_invalid_mobile_and_missing_consent_are_refused_with_nothing_written() -> None:
    w = world()
    before = ServiceEvent.objects.count()
    with pytest.raises(services.ServiceInputError, match="手机号码") as exc:
        confirm(w.defendant, consent_sms=True, mobile="1234567", consent_basis="explicit")
    assert exc.value.field == "mobile"
    with pytest.raises(services.ServiceInputError, match="同意的依据"):
        confirm(w.defendant, consent_sms=True, mobile="13912345678", consent_basis="none")
    with pytest.raises(services.ServiceInputError, match="平台账户"):
        confirm(w.defendant, consent_platform=True, consent_basis="explicit")
    assert not w.defendant.person.service_addresses.exists() and ServiceEvent.objects.count() == before


def test_every_event_is_hashed_and_anchored_and_the_certificate_is_in_dossier_and_ledger() -> None:
    from smartcourt.dossier.models import DossierDocument

    w = world()
    confirm(w.plaintiff, actor=w.party_user, signed_via="online", consent_platform=True, consent_basis="explicit")
    task = _refresh(_create(w, w.plaintiff))
    for event in task.events.all():
        text = services.event_canonical(task_id=task.pk, case_id=task.case_id,
                                        attempt_seq=event.attempt.seq if event.attempt else None, kind=event.kind,
                                        occurred_at=event.occurred_at, payload=event.payload)  # fmt: skip
        import hashlib

        assert hashlib.sha256(text.encode()).hexdigest() == event.sha256
        record = ledger_record_for_subject(
            subject=f"case:{task.case_id}/service.task:{task.pk}/service.event:{event.pk}"
        )
        assert record is not None and record.sha256 == event.sha256
        assert record.kind == (
            "service.receipt" if event.kind in ("receipt.delivered", "served") else "service.attempt"
        )
    assert ledger_status_for_sha256(sha256=task.certificate_sha256) == "recorded"
    document = DossierDocument.objects.get(pk=task.certificate_document_id)
    assert document.origin_ref == f"service.certificate:{task.pk}" and document.case_id == w.case.pk
    served = CaseEvent.objects.get(case=w.case, type="service.served")
    assert "已送达" in served.summary and "回执" in served.summary
    with pytest.raises(ValueError):
        event.save()
    assert mail.outbox == []  # the platform sends no e-mail


def test_email_through_a_backend_that_delivers_nothing_is_not_served_until_opened() -> None:
    """The in-memory / console / file backends accept everything: that is no "sent successfully" (解释第一百三十五条)."""
    w = world()
    confirm(w.defendant, consent_email=True, email="hengxin@example.cn", consent_basis="explicit")
    task = _refresh(_create(w, w.defendant))
    attempt = task.attempts.get()
    assert task.state == TaskState.IN_PROGRESS and attempt.channel == "email"
    assert service_attempt_messages(attempt=attempt).get().status == "outbox" and len(mail.outbox) == 1
    read_by_link(attempt)
    assert _refresh(task).state == TaskState.SERVED


def test_court_policy_orders_the_channels_and_refuses_public_notice_before_others() -> None:
    w = world()
    with pytest.raises(services.ServiceInputError, match="第九十五条"):
        services.service_policy_set(court=w.court, channels=["public_notice", "post"], wait_days={}, actor=SYSTEM)
    services.service_policy_set(court=w.court, channels=["email", "post", "public_notice"], wait_days={"post": 20},
                                actor=SYSTEM)  # fmt: skip
    confirm(w.defendant, consent_sms=True, consent_email=True, mobile="13912345678", email="a@example.cn",
            consent_basis="explicit")  # fmt: skip
    assert _create(w, w.defendant).plan == ["email", "post", "public_notice"]


def test_a_platform_service_address_names_the_account_holder_not_a_login_name() -> None:
    """The certificate's 送达地址 for platform service: the holder and the masked phone, never a user name."""
    w = world()
    w.party_user.username, w.party_user.phone = "demo_party", "13305665344"
    w.party_user.save(update_fields=["username", "phone"])
    confirm(w.plaintiff, actor=w.party_user, signed_via="online", consent_platform=True, consent_judgments=True,
            consent_basis="explicit")  # fmt: skip
    task = services.service_task_create(case=w.case, recipient=w.plaintiff, document=PDF, document_type="judgment",
                                        title="民事判决书", actor=w.clerk)  # fmt: skip
    attempt = task.attempts.get()
    assert attempt.channel == "platform"
    assert attempt.target == "诉讼服务平台账户（刘小红，手机133****5344）"
    assert "demo_party" not in attempt.target
