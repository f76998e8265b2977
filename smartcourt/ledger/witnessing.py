"""Our court as a witness of another court's log (见证): check its checkpoint, then cosign it with our key.

    cosigned = witness_cosign(note_text=their_checkpoint, log_key=their_verifier_key,
                              previous=last_checkpoint_we_saw, consistency=[...hashes...])

The checkpoint must carry a valid signature by the log's key; if we saw an earlier checkpoint of the same log, the
new one must be consistent with it (RFC 9162 consistency proof), or we refuse — that refusal is the point of
witnessing: a log that forks its history cannot get both branches cosigned. The cosignature is a signed-note
signature line by our court key over the identical checkpoint text; the other court stores it with
`ledger_cosignature_add` (POST /api/v1/ledger/checkpoint/cosign).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from . import keys, merkle, note
from .services import LedgerInputError


def witness_cosign(
    *, note_text: str, log_key: str, previous: str | None = None, consistency: Sequence[bytes] = ()
) -> str:
    """The checkpoint note with our cosignature line appended; LedgerInputError (Chinese) when it must not be signed."""
    try:
        verifier = note.parse_verifier_key(log_key)
        checkpoint = note.open_checkpoint(note_text, verifier)
        earlier = note.open_checkpoint(previous, verifier) if previous else None
    except note.NoteError as exc:
        raise LedgerInputError(_("拒绝见证：%(reason)s") % {"reason": exc}) from exc
    if earlier is not None:
        if earlier.origin != checkpoint.origin:
            raise LedgerInputError(_("拒绝见证：前后两个检查点不属于同一日志。"))
        if checkpoint.size < earlier.size:
            raise LedgerInputError(_("拒绝见证：新检查点的树比上次见证的更小（日志回滚）。"))
        if not merkle.verify_consistency(
            earlier.size, checkpoint.size, earlier.root_hash, checkpoint.root_hash, list(consistency)
        ):
            raise LedgerInputError(_("拒绝见证：新检查点与上次见证的检查点不一致（日志历史被改写或分叉）。"))
    ours = keys.signing_key()
    if ours.name == checkpoint.origin:
        raise LedgerInputError(_("拒绝见证：不能见证本院自己的日志。"))
    body = note.parse_note(note_text).text
    return note_text + ours.signature_line(body) + "\n"
