"""Seal the one-time service links already sent (ADR 0015): until now the outbox kept each SMS / e-mail body with its
live link, shown to clerks and administrators on the outbox page, and each attempt kept the link in `evidence`.

Forwards, every outbox message sent for a service attempt gets its link replaced by the placeholder the senders
now write ("〔送达链接（已隐去）〕"), and the attempts forget the link. The tokens' hashes stay: a recipient who has the
message can still open it, but these links carry no code, so signing needs the recipient's own account. Not
reversible in substance: the links are gone for good (backwards does nothing).
"""

import re

from django.db import migrations

RELATED = "service.attempt"
LINK_RE = re.compile(r"(?:https?://[^\s/]+)?/service/s/[A-Za-z0-9_-]+/")
PLACEHOLDER = "〔送达链接（已隐去）〕"
BATCH = 500


def seal(apps, schema_editor):
    Message = apps.get_model("core_outbox", "OutboundMessage")
    Attempt = apps.get_model("service", "ServiceAttempt")
    changed = []
    for row in Message.objects.filter(related_type=RELATED).only("pk", "body").iterator(chunk_size=BATCH):
        body = LINK_RE.sub(PLACEHOLDER, row.body)
        if body != row.body:
            row.body = body
            changed.append(row)
        if len(changed) >= BATCH:
            Message.objects.bulk_update(changed, ["body"])
            changed = []
    if changed:
        Message.objects.bulk_update(changed, ["body"])
    attempts = []
    for attempt in Attempt.objects.filter(evidence__has_key="link").only("pk", "evidence").iterator(chunk_size=BATCH):
        attempt.evidence = {k: v for k, v in attempt.evidence.items() if k != "link"}
        attempts.append(attempt)
        if len(attempts) >= BATCH:
            Attempt.objects.bulk_update(attempts, ["evidence"])
            attempts = []
    if attempts:
        Attempt.objects.bulk_update(attempts, ["evidence"])


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0005_attempt_link_code"),
        ("core_outbox", "0001_outbound_message"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
