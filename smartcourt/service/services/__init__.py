"""Writes of service of process (送达). Every action: one transaction, its immutable `ServiceEvent`s (each a ledger
leaf), the case timeline event where the case's course changes, one audit row.

The one entry point other apps call (filing, hearings, documents, enforcement):

    service_task_create(case=case, recipient=case_party, document=pdf_bytes, document_type="summons",
                        title="传票", actor=user, origin_ref="hearings.summons:42")

It picks the recipient's confirmed address (carried over from earlier cases), plans the channels from the
court's policy and the law (judgments e-served only with consent …), starts the first channel (after commit) and
returns the task. `origin_ref` makes a repeated call return the same task. When the task is served, the periods
that start from service (答辩期, 上诉期) are computed and stored (`ServiceDeadline`) and the 送达回证 is filed."""

from __future__ import annotations

from .addresses import AddressIn, policy_channels, service_address_confirm, service_policy_set
from .centre import (
    BatchResult,
    service_batch_create,
    service_task_cancel,
    service_task_next_channel,
    service_task_retry,
    service_tasks_escalate,
)
from .common import MAX_DOCUMENT_BYTES, ServiceConflict, ServiceInputError, event_canonical, public_url
from .delivery import (
    service_attempt_dispatch,
    service_attempt_dispatched,
    service_reach_problem,
    service_task_create,
    task_periods,
)
from .links import CODE_MAX_FAILURES, ReadEvidence, attempt_for_token, is_recipient_account
from .paper import (
    ImportResult,
    service_in_person_record,
    service_post_import,
    service_post_register,
    service_post_return,
    service_public_notice_publish,
    service_public_notices_mature,
)
from .receipts import LinkResult, service_link_sign, service_receipt_read

__all__ = [
    "CODE_MAX_FAILURES",
    "MAX_DOCUMENT_BYTES",
    "AddressIn",
    "BatchResult",
    "ImportResult",
    "LinkResult",
    "ReadEvidence",
    "ServiceConflict",
    "ServiceInputError",
    "attempt_for_token",
    "event_canonical",
    "is_recipient_account",
    "policy_channels",
    "public_url",
    "service_address_confirm",
    "service_attempt_dispatch",
    "service_attempt_dispatched",
    "service_batch_create",
    "service_in_person_record",
    "service_link_sign",
    "service_policy_set",
    "service_post_import",
    "service_post_register",
    "service_post_return",
    "service_public_notice_publish",
    "service_public_notices_mature",
    "service_reach_problem",
    "service_receipt_read",
    "service_task_cancel",
    "service_task_create",
    "service_task_next_channel",
    "service_task_retry",
    "service_tasks_escalate",
    "task_periods",
]
