"""The demo dossiers: built through the real services from documents the generator renders; idempotent."""

from __future__ import annotations

import pytest

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.demo import dossier as demo
from smartcourt.dossier.models import DossierDocument, DossierExport

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_realistic_files_once(fake_ocr):
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    division = DivisionFactory(court=court)
    judge = user_with_role(Role.JUDGE, court, division, username="demo_judge", full_name="陈建国")
    clerk = user_with_role(Role.CLERK, court, division, username="demo_clerk", full_name="吴佳怡")
    trial = make_case(court=court, division=division, judge=judge, plaintiff="曾平", defendant="范宁")
    closed = make_case(court=court, division=division, judge=judge)
    Case.objects.filter(pk__in=[trial.pk, closed.pk]).update(clerk=clerk)
    Case.objects.filter(pk=closed.pk).update(state="closed")
    logs: list[str] = []
    demo.demo_seed(seed=1, log=logs.append)
    titles = list(DossierDocument.objects.filter(case=trial).order_by("position").values_list("title", flat=True))
    assert titles[0] == "民事起诉状" and "传票" in titles and "庭审笔录" in titles
    closed_titles = set(DossierDocument.objects.filter(case=closed).values_list("title", flat=True))
    assert {"民事判决书", "送达回证（判决书）"} <= closed_titles
    assert DossierDocument.objects.filter(source="scan").exists() and fake_ocr.calls > 0
    assert DossierExport.objects.count() == 1 and "电子卷宗 2 件案件" in logs[-1]
    count = DossierDocument.objects.count()
    demo.demo_seed(seed=1, log=logs.append)
    assert DossierDocument.objects.count() == count and DossierExport.objects.count() == 1
