"""What the public progress lookup may tell (rules/disclosure.py, 法释〔2018〕7号 Art. 1, 7, 12), and the selector that
builds the page's values from a case."""

from __future__ import annotations

import pytest

from smartcourt.cases.models import CaseEventType, CaseState
from smartcourt.cases.rules import disclosure
from smartcourt.cases.selectors import case_public_progress
from smartcourt.cases.services import PartyIn, case_event_append, case_register
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, user_with_role


def test_every_state_has_a_stage_and_every_next_step_cites_an_article() -> None:
    for state in CaseState.values:
        stage = disclosure.stage_for(state)
        assert stage.label and stage.label != state, state
        assert stage.next_steps, state
        for step in stage.next_steps:
            assert step.citation.law and step.citation.article.startswith("第"), step


def test_the_judge_is_named_only_to_a_verified_participant_after_assignment() -> None:
    shown = disclosure.judge_disclosure(judge_name="陈建国", participant_verified=True, restriction=None)
    assert shown.name == "陈建国" and shown.citation == disclosure.ART_7_ORGANISATION
    hidden = disclosure.judge_disclosure(judge_name="陈建国", participant_verified=False, restriction=None)
    assert hidden.name == "" and hidden.citation == disclosure.ART_1
    pending = disclosure.judge_disclosure(judge_name="", participant_verified=True, restriction=None)
    assert pending.name == "" and "尚未分案" in pending.note


def test_a_restricted_case_names_nobody_whatever_the_visitor_proved() -> None:
    restriction = disclosure.process_restriction(kind="criminal", minor_accused=True)
    assert restriction == disclosure.JUVENILE_CRIMINAL
    result = disclosure.judge_disclosure(judge_name="陈建国", participant_verified=True, restriction=restriction)
    assert result.name == "" and result.citation == disclosure.ART_12 and "第二百八十五条" in result.note
    assert disclosure.process_restriction(kind="civil", minor_accused=True) is None
    assert disclosure.process_restriction(kind="criminal", minor_accused=False) is None


@pytest.mark.django_db
def test_public_progress_of_a_case() -> None:
    court = CourtFactory()
    judge = user_with_role(Role.JUDGE, court, full_name="陈建国")
    case = make_case(court=court, judge=judge)
    case_event_append(case=case, type=CaseEventType.ASSIGNED, actor=judge, summary="随机分案：候选法官三人，随机数0.42")
    case_event_append(case=case, type=CaseEventType.PERIOD_EXTENDED, actor=judge, summary="院长批准延长审限")
    progress = case_public_progress(case=case, participant_verified=True)
    assert progress.stage.label == "审理中" and progress.judge.name == "陈建国"
    assert [m.label for m in progress.milestones] == ["立案", "分案"]  # internal events (审限延长) are not listed
    assert progress.title == case.title


@pytest.mark.django_db
def test_public_progress_of_a_juvenile_criminal_case_withholds_names_and_events() -> None:
    court = CourtFactory()
    judge = user_with_role(Role.JUDGE, court, full_name="陈建国")
    case = case_register(court=court, type_code="刑初", actor=SYSTEM, parties=[
        PartyIn(role="accused", kind="natural", name="张某", is_minor=True)])  # fmt: skip
    case.judge, case.state = judge, CaseState.IN_TRIAL
    case.save(update_fields=["judge", "state"])
    case_event_append(case=case, type=CaseEventType.ASSIGNED, actor=judge, summary="分案")
    progress = case_public_progress(case=case, participant_verified=True)
    assert progress.judge.name == "" and progress.title == "" and progress.milestones == []
    assert progress.stage.label == "审理中"  # the stage itself is still told
