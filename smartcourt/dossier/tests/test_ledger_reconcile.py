"""A page's ledger status does not stay 存证入账中 for good when the flush after its upload is lost in a kill: the
`dossier.ledger_reconcile` schedule re-checks pending pages against the ledger and settles them."""

from __future__ import annotations

import pytest

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory
from smartcourt.dossier.models import DossierPage
from smartcourt.dossier.services import dossier_document_add, dossier_ledger_status_reconcile
from smartcourt.dossier.tasks import ledger_status_reconcile_task
from smartcourt.dossier.tests import samples
from smartcourt.jobs.scheduler import schedules_all
from smartcourt.ledger import services as ledger_services
from smartcourt.ledger.selectors import ledger_status_for_sha256

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


class Killed(Exception):
    pass


def test_a_lost_flush_leaves_pages_pending_until_the_reconciliation_settles_them(
    settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    court = CourtFactory()
    case = make_case(court=court, division=DivisionFactory(court=court))
    # the worker is killed: neither the flush nor the status sync queued after the commit ever runs
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    pdf = samples.text_pdf("民事起诉状", ["原告：张三。", "诉讼请求：判令被告偿还借款。"] * 30)
    with django_capture_on_commit_callbacks(execute=True):
        doc = dossier_document_add(case=case, title="起诉状", content=pdf, filename="a.pdf", source="filing",
                                   actor=SYSTEM)  # fmt: skip
    pages = list(DossierPage.objects.filter(document=doc))
    assert pages and {p.ledger_status for p in pages} == {"pending"}
    assert ledger_status_for_sha256(sha256=pages[0].sha256) == "pending"
    # a flush killed half-way commits nothing: the reconciliation finds nothing to settle yet
    real = ledger_services.tree_extend
    monkeypatch.setattr(ledger_services, "tree_extend", lambda *a, **k: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        ledger_services.ledger_flush()
    monkeypatch.setattr(ledger_services, "tree_extend", real)
    assert dossier_ledger_status_reconcile() == 0
    # the ledger's own schedule redoes the flush; the page's label is still the stale one
    ledger_services.ledger_flush()
    assert ledger_status_for_sha256(sha256=pages[0].sha256) == "recorded"
    assert set(DossierPage.objects.filter(document=doc).values_list("ledger_status", flat=True)) == {"pending"}
    # the reconciliation schedule settles them
    schedule = next(s for s in schedules_all() if s.name == "dossier.ledger_reconcile")
    assert schedule.task is ledger_status_reconcile_task and schedule.every is not None
    settings.TASKS = IMMEDIATE
    assert ledger_status_reconcile_task.enqueue().return_value == len(pages)
    assert set(DossierPage.objects.filter(document=doc).values_list("ledger_status", flat=True)) == {"recorded"}
    assert dossier_ledger_status_reconcile() == 0  # nothing left pending


def test_the_reconciliation_reads_pending_pages_in_batches(settings, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    court = CourtFactory()
    case = make_case(court=court, division=DivisionFactory(court=court))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            dossier_document_add(case=case, title=f"证据{i}", content=samples.text_pdf(f"证据{i}", ["内容"] * 5),
                                 filename=f"e{i}.pdf", source="filing", actor=SYSTEM)  # fmt: skip
    ledger_services.ledger_flush()
    n = DossierPage.objects.filter(case=case).count()
    assert n >= 3 and dossier_ledger_status_reconcile(batch=1) == n
