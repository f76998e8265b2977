"""Signals of court documents, for higher apps (the portal publishes what takes effect)."""

from django.dispatch import Signal

document_took_effect = Signal()  # sent with document=<Document> after commit
document_served = Signal()  # sent with document=<Document>, tasks=[ServiceTask] after commit (hearings links summonses)
