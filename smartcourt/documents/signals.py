"""Events of court documents for higher apps, as durable hand-offs (ADR 0010): the sender records the event in its
transaction; each receiver registered for it (`smartcourt.jobs.handoff.register_receiver`) runs after the commit,
retried when it fails. The documents app never imports its receivers."""

# A judgment, ruling or mediation statement took effect (生效); payload {"document_id": int}. The portal opens the
# publication task (法释〔2016〕19号 Art. 7).
TOOK_EFFECT = "documents.took_effect"

# A document was handed to the service app (交付送达); payload {"document_id": int, "task_ids": [int]}. Hearings
# links a served summons (传票) to its participant, or withdraws it when the hearing no longer stands.
SERVED = "documents.served"
