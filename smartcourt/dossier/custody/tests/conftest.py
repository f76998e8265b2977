"""Fixtures for paper custody: a court with a locker and a file-room shelf, its people, and a case."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.dossier.custody import services
from smartcourt.dossier.custody.models import LocationKind


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    division = DivisionFactory(court=court, name="民事审判第一庭")
    other_division = DivisionFactory(court=court, name="民事审判第二庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    assistant = user_with_role(Role.JUDGE_ASSISTANT, court, division, full_name="周晓雯")
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    keeper = user_with_role(Role.TRIAL_MANAGEMENT, court, full_name="冯丽娟")
    head = user_with_role(Role.DIVISION_HEAD, court, division, full_name="郑海燕")
    other_head = user_with_role(Role.DIVISION_HEAD, court, other_division, full_name="李二庭")
    other_judge = user_with_role(Role.JUDGE, court, division, full_name="王旁观")
    lawyer = user_with_role(Role.LAWYER, court, full_name="杨律明")
    elsewhere = CourtFactory(name="昆山市人民法院", code="苏0583")
    foreign_clerk = user_with_role(Role.CLERK, elsewhere, full_name="外院书记员")
    case = make_case(court=court, division=division, judge=judge)
    Case.objects.filter(pk=case.pk).update(assistant=assistant, clerk=clerk)
    case.refresh_from_db()
    cells = services.locker_create(court=court, unit="A01", cells=3, site="诉讼服务中心一楼", actor=keeper)
    shelf = services.location_create(
        court=court, kind=LocationKind.FILE_ROOM_SHELF, unit="一号档案室 3排", position="2列1层", actor=keeper
    )
    foreign_cell = services.locker_create(court=elsewhere, unit="K01", cells=1, actor=SYSTEM)[0]
    return SimpleNamespace(
        court=court,
        division=division,
        judge=judge,
        assistant=assistant,
        clerk=clerk,
        keeper=keeper,
        head=head,
        other_head=other_head,
        other_judge=other_judge,
        lawyer=lawyer,
        elsewhere=elsewhere,
        foreign_clerk=foreign_clerk,
        case=case,
        cells=cells,
        shelf=shelf,
        foreign_cell=foreign_cell,
    )


@pytest.fixture
def bundle(world):  # type: ignore[no-untyped-def]
    """A bundle of the case, registered at the counter by the clerk and put into cell A01-01."""
    b = services.paper_file_register(
        case=world.case,
        kind="originals",
        title="原告提交的证据原件",
        actor=world.clerk,
        pages=36,
        received_from="王小芳",
    )
    return services.paper_file_check_in(bundle=b, location=world.cells[0], actor=world.clerk)
