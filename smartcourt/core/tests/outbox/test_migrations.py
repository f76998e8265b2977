"""The data migrations into the one outbox: rows of the public side's outbox and of service's outbox, written in
the old tables, arrive in the one outbox with their court, their link to what they were for, their status
and (for a served e-mail) the document attached; backwards, they go back into the old tables."""

from __future__ import annotations

import pytest
from django.db import connection

from smartcourt.core.models import Notification
from smartcourt.core.outbox.models import OutboundMessage
from smartcourt.core.squashed import replaced_chains_executor
from smartcourt.service import services as service_services
from smartcourt.service.tests.helpers import PDF, confirm
from smartcourt.service.tests.helpers import world as service_world

pytestmark = pytest.mark.django_db(transaction=True)
OLD = [("portal", "0001_initial"), ("service", "0001_initial")]


def _migrate(targets: list[tuple[str, str]] | None = None):  # type: ignore[no-untyped-def]
    executor = replaced_chains_executor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return replaced_chains_executor(connection).loader.project_state(targets).apps if targets else None


def test_old_outbox_rows_are_copied_into_the_one_outbox_and_back() -> None:
    from smartcourt.filing import services as filing_services
    from smartcourt.filing.tests.online.helpers import submitted
    from smartcourt.filing.tests.online.helpers import world as filing_world

    # given: a filer's notice copy (SMS) and a served SMS and e-mail, written the new way
    fw = filing_world()
    filing = submitted(fw)
    filing_services.filing_request_correction(filing=filing, actor=fw.officer, items=[{"field": "other",
                                              "message": "请补充借条原件"}], due_days=10)  # fmt: skip
    note = Notification.objects.get(recipient=fw.party, topic="filing.correction")
    sw = service_world()
    confirm(sw.defendant, consent_sms=True, mobile="13912345678", consent_basis="explicit")
    confirm(sw.plaintiff, consent_email=True, email="liu@example.cn", consent_basis="explicit")
    sms_task, mail_task = (
        service_services.service_task_create(
            case=sw.case, recipient=party, document=PDF, document_type="summons", title="传票", actor=sw.clerk
        )
        for party in (sw.defendant, sw.plaintiff)
    )
    assert OutboundMessage.objects.count() == 3
    try:
        # when: back to the old tables (the reverse copy), an old-style row added there, then forward again
        old = _migrate(OLD)
        PortalMessage = old.get_model("portal", "OutboundMessage")
        ServiceMessage = old.get_model("service", "ServiceMessage")
        assert not OutboundMessage.objects.exists()
        assert PortalMessage.objects.get().status == "queued"  # the embedded SMS adapter's "outbox" in portal words
        assert set(ServiceMessage.objects.values_list("kind", "status")) == {("sms", "outbox"), ("email", "outbox")}
        PortalMessage.objects.create(channel="email", recipient_id=fw.party.pk, to="old@example.cn", subject="旧邮件",
                                     body="旧内容", status="failed", adapter="django_mail", error="Connection refused",
                                     topic="filing.correction")  # fmt: skip
    finally:
        _migrate()
    # then
    copies = OutboundMessage.objects.filter(related_type="core.notification").order_by("channel")
    assert [(m.channel, m.status, m.purpose) for m in copies] == [
        ("email", "failed", "filing.correction"), ("sms", "outbox", "filing.correction"),
    ]  # fmt: skip
    for m in copies:
        assert m.related_id == str(note.pk) and m.court == filing.court and m.recipient == fw.party
    sms = OutboundMessage.objects.get(related_type="service.attempt", channel="sms")
    assert sms.related_id == str(sms_task.attempts.get().pk) and sms.court == sw.court
    assert "〔送达链接（已隐去）〕" in sms.body and "/service/s/" not in sms.body  # sealed (service.0006, ADR 0015)
    mail = OutboundMessage.objects.get(related_type="service.attempt", channel="email")
    assert mail.related_id == str(mail_task.attempts.get().pk) and mail.status == "outbox"
    assert mail.attachments == [{"name": "传票.pdf", "storage_name": mail_task.document_storage_name,
                                 "content_type": "application/pdf", "sha256": mail_task.document_sha256}]  # fmt: skip
    assert not OutboundMessage.objects.filter(next_attempt_at__isnull=False).exists()  # nothing is sent again
