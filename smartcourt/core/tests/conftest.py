"""One stored row of every append-only table, each written by the real service that writes it in production."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from smartcourt.cases.models import CaseEvent
from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.dossier.custody import services as custody
from smartcourt.dossier.custody.models import CustodyEvent
from smartcourt.filing.models import FilingEvent
from smartcourt.filing.services import filing_draft_create
from smartcourt.service import services as service
from smartcourt.service.models import ServiceEvent
from smartcourt.service.tests.helpers import PDF, world


@pytest.fixture
def logs(db):  # type: ignore[no-untyped-def]
    """A case (registered: case event + audit row), a service task (service event), a paper bundle (custody
    event) and a filing draft (filing event), with the people who wrote them."""
    w = world()
    cells = custody.locker_create(court=w.court, unit="A01", cells=2, site="诉讼服务中心一楼", actor=SYSTEM)
    service.service_task_create(
        case=w.case, recipient=w.defendant, document=PDF, document_type="summons", title="传票", actor=w.clerk
    )
    bundle = custody.paper_file_register(case=w.case, kind="originals", title="证据原件", actor=w.clerk, pages=3)
    filing = filing_draft_create(filer=w.party_user)
    rows = {
        "core.auditlog": AuditLog.objects.filter(target_id=str(w.case.pk)).first(),
        "cases.caseevent": CaseEvent.objects.filter(case=w.case).first(),
        "service.serviceevent": ServiceEvent.objects.filter(case=w.case).first(),
        "dossier_custody.custodyevent": CustodyEvent.objects.filter(bundle=bundle).first(),
        "filing.filingevent": FilingEvent.objects.filter(filing=filing).first(),
    }
    assert all(rows.values()), rows
    return SimpleNamespace(world=w, cells=cells, bundle=bundle, filing=filing, rows=rows)
