"""Plugs the public side into filing's hooks at start-up (filing never imports portal)."""

from __future__ import annotations

import logging
from typing import Any

from smartcourt.documents.signals import document_took_effect
from smartcourt.filing.hooks import register_filer_contacts, register_filer_defaults, register_identity_check

from .selectors import account_contacts, account_defaults, account_is_verified, kiosk_scopes_register

register_identity_check(account_is_verified)
register_filer_defaults(account_defaults)
register_filer_contacts(account_contacts)
kiosk_scopes_register()  # the court's terminals in the permission table (Resource.KIOSK)

logger = logging.getLogger(__name__)


def _publish_when_effective(sender: object, document: Any, **kwargs: Any) -> None:
    """A judgment or ruling that took effect (documents' signal, after its commit) opens its publication task
    (法释〔2016〕19号 Art. 7): the signed PDF, the text and the case's party registry go to `publication_open`. A
    refusal is logged with the document, not raised: the effect is already recorded and the task can be opened
    again from the document (the same text returns the same task)."""
    from .publication.services import publication_open_for_document

    try:
        publication_open_for_document(document)
    except Exception:
        logger.exception("publication task not opened for document %s", getattr(document, "pk", None))


document_took_effect.connect(_publish_when_effective, dispatch_uid="portal.publish_when_effective")
