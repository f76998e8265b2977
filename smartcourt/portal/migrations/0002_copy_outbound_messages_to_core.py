"""Copy the public side's SMS / e-mail outbox (portal.OutboundMessage) into the one outbox (smartcourt.core.outbox,
ADR 0012); the next migration drops the old table.

Each row keeps its creation time, address, text, status and adapter. A portal row copied an in-site message (站内信) to its
recipient: that message (same recipient and topic, the latest written at or before the copy) becomes the related
object, and when its link names a filing, the filing's court is the court whose outbox lists the copy. A row whose
court cannot be found keeps none (only superusers see it).

Backwards, the copies (related to an in-site message, or to nothing) go back into the old table and leave the
one outbox.
"""

import re

from django.db import migrations

FORWARD_STATUS = {"queued": "outbox", "sent": "sent", "failed": "failed"}  # portal "queued" = the outbox-only SMS
BACKWARD_STATUS = {
    "queued": "queued", "sending": "queued", "outbox": "queued", "accepted": "sent", "sent": "sent",
    "delivered": "sent", "rejected": "failed", "failed": "failed",
}
FILING_LINK = re.compile(r"^/portal/filings/(\d+)/")
BATCH = 500


def _origin(apps, row):
    """(notification id, court id) of the in-site message a portal row copied, as far as it can be found."""
    Notification = apps.get_model("core", "Notification")
    Filing = apps.get_model("filing", "Filing")
    if row.recipient_id is None:
        return None, None
    note = (
        Notification.objects.filter(recipient_id=row.recipient_id, topic=row.topic, created_at__lte=row.created_at)
        .order_by("-created_at", "-id")
        .values_list("pk", "link")
        .first()
    )
    if note is None:
        return None, None
    match = FILING_LINK.match(note[1] or "")
    court = None
    if match:
        court = Filing.objects.filter(pk=int(match.group(1))).values_list("court_id", "receiving_court_id").first()
    return note[0], (court[0] or court[1]) if court else None


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("portal", "OutboundMessage")
    New = apps.get_model("core_outbox", "OutboundMessage")
    batch = []
    for row in Old.objects.order_by("pk").iterator(chunk_size=BATCH):
        note_id, court_id = _origin(apps, row)
        status = FORWARD_STATUS.get(row.status, row.status)
        batch.append(New(
            created_at=row.created_at, updated_at=row.updated_at, channel=row.channel, to=row.to,
            subject=row.subject, body=row.body, status=status, provider=row.adapter, error=row.error,
            attempts=1, max_attempts=1, next_attempt_at=None,
            sent_at=row.updated_at if status in ("outbox", "sent") else None,
            purpose=row.topic, related_type="core.notification" if note_id else "",
            related_id=str(note_id) if note_id else "", recipient_id=row.recipient_id, court_id=court_id,
        ))  # fmt: skip
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    Old = apps.get_model("portal", "OutboundMessage")
    New = apps.get_model("core_outbox", "OutboundMessage")
    rows = New.objects.filter(related_type__in=["", "core.notification"]).order_by("pk")
    Old.objects.bulk_create(
        [
            Old(
                created_at=m.created_at, updated_at=m.updated_at, channel=m.channel, recipient_id=m.recipient_id,
                to=m.to, subject=m.subject, body=m.body, status=BACKWARD_STATUS.get(m.status, "failed"),
                adapter=m.provider[:48], error=m.error, topic=m.purpose,
            )  # fmt: skip
            for m in rows.iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("core_outbox", "0001_outbound_message"),
        ("filing", "0003_party_order"),
    ]

    operations = [migrations.RunPython(copy_to_core, copy_back)]
