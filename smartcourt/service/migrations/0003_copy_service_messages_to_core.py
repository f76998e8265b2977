"""Copy service's SMS / e-mail outbox (service.ServiceMessage) into the one outbox (smartcourt.core.outbox, ADR 0012);
the next migration drops the old table.

A message keeps its link to its attempt as a generic reference (`related_type="service.attempt"`, the attempt's
id), its court is the task's, and an e-mail records the served document it carried as its attachment. Statuses are
the same words in both tables (outbox, accepted, delivered, rejected).

Backwards, the messages related to an attempt go back into the old table and leave the one outbox.
"""

from django.db import migrations

RELATED = "service.attempt"
PURPOSE = {"sms": "service.sms_link", "email": "service.email"}
BACKWARD_STATUS = {"queued": "outbox", "sending": "outbox", "sent": "accepted", "failed": "rejected"}
BATCH = 500


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("service", "ServiceMessage")
    New = apps.get_model("core_outbox", "OutboundMessage")
    batch = []
    rows = Old.objects.select_related("attempt__task").order_by("pk")
    for row in rows.iterator(chunk_size=BATCH):
        task = row.attempt.task
        attachments = []
        if row.kind == "email" and task.document_storage_name:
            attachments = [{"name": f"{task.title}.pdf", "storage_name": task.document_storage_name,
                            "content_type": "application/pdf", "sha256": task.document_sha256}]  # fmt: skip
        batch.append(New(
            created_at=row.created_at, updated_at=row.updated_at, channel=row.kind, to=row.to, subject=row.subject,
            body=row.body, attachments=attachments, status=row.status, provider=row.provider,
            reference=row.reference, error=row.error, attempts=1, max_attempts=1, next_attempt_at=None,
            sent_at=(row.attempt.sent_at or row.created_at) if row.status != "rejected" else None,
            purpose=PURPOSE.get(row.kind, "service"), related_type=RELATED, related_id=str(row.attempt_id),
            recipient_id=None, court_id=task.court_id,
        ))  # fmt: skip
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    Old = apps.get_model("service", "ServiceMessage")
    New = apps.get_model("core_outbox", "OutboundMessage")
    rows = New.objects.filter(related_type=RELATED).order_by("pk")
    Old.objects.bulk_create(
        [
            Old(
                created_at=m.created_at, updated_at=m.updated_at, attempt_id=int(m.related_id), kind=m.channel,
                to=m.to, subject=m.subject, body=m.body, status=BACKWARD_STATUS.get(m.status, m.status),
                provider=m.provider[:48], reference=m.reference, error=m.error,
            )  # fmt: skip
            for m in rows.iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0002_serviceevent_append_only"),
        ("core_outbox", "0001_outbound_message"),
    ]

    operations = [migrations.RunPython(copy_to_core, copy_back)]
