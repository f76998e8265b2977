"""A lawyer's representation has a start and an end (解除委托 / 代理终止, 民事诉讼法 Art. 63): the case, its dossier and
the API are open to the lawyer while it is in force (Asia/Shanghai local dates) and closed after it ends — in lists,
pages, the API and "my cases" alike, because they all read the permission table's one OWN scope."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smartcourt.cases.models import CaseEvent, CaseParty, Representation
from smartcourt.cases.selectors import case_list, case_visible_to, parties_represented_by
from smartcourt.cases.services import CaseInputError, representation_end
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM, MissingActor
from smartcourt.core.errors import Forbidden
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.services import api_token_create
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role
from smartcourt.dossier.selectors import dossier_cases_for_user
from smartcourt.portal.selectors import my_cases

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _at(y: int, m: int, d: int, hour: int = 10, minute: int = 0):  # type: ignore[no-untyped-def]
    return time_machine.travel(datetime(y, m, d, hour, minute, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    court = CourtFactory()
    division = DivisionFactory(court=court)
    lawyer = user_with_role(Role.LAWYER, court, lawyer_licence_no="13205201910123456")
    party = user_with_role(Role.PARTY, court)
    clerk = user_with_role(Role.CLERK, court, division)
    other_lawyer = user_with_role(Role.LAWYER, court)
    with _at(2025, 9, 1):
        case = make_case(court=court, division=division, filed_on=date(2025, 9, 1), plaintiff_user=party)
    case.clerk = clerk
    case.save(update_fields=["clerk"])
    plaintiff = CaseParty.objects.get(case=case, role="plaintiff")
    rep = Representation.objects.create(
        party=plaintiff, kind="lawyer", name=lawyer.full_name, user=lawyer, starts_on=date(2025, 9, 1)
    )
    return {"case": case, "lawyer": lawyer, "party": party, "clerk": clerk, "rep": rep, "other": other_lawyer}


def _sees(user, case) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Every read path a representative has: the case, the list, the dossier, my cases, the service inbox."""
    return {
        "case": case_visible_to(user=user).filter(pk=case.pk).exists(),
        "list": case_list(user=user).filter(pk=case.pk).exists(),
        "dossier": dossier_cases_for_user(user=user).filter(pk=case.pk).exists(),
        "my_cases": my_cases(user=user).filter(pk=case.pk).exists(),
        "represents": parties_represented_by(user=user).filter(case=case).exists(),
    }


ALL = {"case": True, "list": True, "dossier": True, "my_cases": True, "represents": True}
NONE = dict.fromkeys(ALL, False)


def test_access_before_the_end_date_and_none_from_it(world) -> None:
    with _at(2025, 10, 9):
        representation_end(
            representation=world["rep"], actor=world["party"], reason="mandate_ended", ends_on=date(2025, 10, 20)
        )
        assert _sees(world["lawyer"], world["case"]) == ALL  # scheduled: still in force today
    with _at(2025, 10, 19, 23, 59):
        assert _sees(world["lawyer"], world["case"]) == ALL  # the last day of the mandate
    with _at(2025, 10, 20, 0, 1):
        assert _sees(world["lawyer"], world["case"]) == NONE  # from the end date, local time in Beijing
    # 16:30 UTC on the 19th is 00:30 on the 20th in Beijing: the legal day is Beijing's
    with time_machine.travel(datetime(2025, 10, 19, 16, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert _sees(world["lawyer"], world["case"]) == NONE


def test_no_access_before_the_representation_starts(world) -> None:
    world["rep"].starts_on = date(2025, 11, 1)
    world["rep"].save(update_fields=["starts_on"])
    with _at(2025, 10, 31):
        assert _sees(world["lawyer"], world["case"]) == NONE
    with _at(2025, 11, 1):
        assert _sees(world["lawyer"], world["case"]) == ALL


def test_revoked_lawyer_loses_the_case_page_dossier_and_api(client, world) -> None:
    case, lawyer = world["case"], world["lawyer"]
    _t, token = api_token_create(user=lawyer, name="律师客户端")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    with _at(2025, 10, 9):
        client.force_login(lawyer)
        assert client.get(f"/cases/{case.pk}/").status_code == 200
        assert client.get(f"/dossier/cases/{case.pk}/").status_code == 200
        assert client.get(f"/api/v1/cases/{case.pk}", **auth).status_code == 200
        assert client.get(f"/api/v1/dossier/cases/{case.pk}/documents", **auth).status_code == 200
        assert case.number in client.get("/portal/cases/").content.decode()
        assert [c["id"] for c in client.get("/api/v1/cases", **auth).json()["items"]] == [case.pk]

        representation_end(representation=world["rep"], actor=world["party"], reason="revoked", note="书面解除委托")

        assert client.get(f"/cases/{case.pk}/").status_code == 404  # hidden exactly like a case that does not exist
        assert client.get(f"/dossier/cases/{case.pk}/").status_code == 404
        assert client.get(f"/api/v1/cases/{case.pk}", **auth).status_code == 404
        assert client.get(f"/api/v1/dossier/cases/{case.pk}/documents", **auth).status_code == 404
        assert case.number not in client.get("/portal/cases/").content.decode()
        assert client.get("/api/v1/cases", **auth).json()["items"] == []


def test_ending_writes_one_event_and_one_audit_row_and_tells_the_lawyer(world) -> None:
    with _at(2025, 10, 9):
        rep = representation_end(
            representation=world["rep"], actor=world["party"], reason="revoked", note="当事人书面告知解除委托"
        )
    assert rep.ends_on == date(2025, 10, 9) and rep.end_reason == "revoked"
    event = CaseEvent.objects.get(case=world["case"], type="party.representation_ended")
    assert event.actor == world["party"] and "民事诉讼法第六十三条" in event.summary and "即日起" in event.summary
    assert event.payload["new"]["ends_on"] == "2025-10-09"
    audit = AuditLog.objects.get(action="case.representation_end", target_id=str(world["case"].pk))
    assert audit.actor == world["party"] and audit.extra["representation"] == rep.pk
    assert world["lawyer"].notifications.filter(topic="case.representation_ended").count() == 1


@pytest.mark.parametrize("who", ["party", "lawyer", "clerk"])
def test_the_party_the_lawyer_and_the_clerk_on_the_case_may_end_it(world, who) -> None:
    with _at(2025, 10, 9):
        reason = "withdrawn" if who == "lawyer" else "revoked"
        representation_end(representation=world["rep"], actor=world[who], reason=reason)
    world["rep"].refresh_from_db()
    assert world["rep"].ends_on == date(2025, 10, 9)


def test_a_stranger_may_not_end_it_and_nothing_is_written(world) -> None:
    with _at(2025, 10, 9), pytest.raises(Forbidden):
        representation_end(representation=world["rep"], actor=world["other"], reason="revoked")
    world["rep"].refresh_from_db()
    assert world["rep"].ends_on is None
    assert not CaseEvent.objects.filter(type="party.representation_ended").exists()


def test_refusals_name_the_problem_and_write_nothing(world) -> None:
    with _at(2025, 10, 9):
        with pytest.raises(MissingActor):
            representation_end(representation=world["rep"], actor=None, reason="revoked")  # type: ignore[arg-type]
        with pytest.raises(CaseInputError, match="不能早于今天"):
            representation_end(
                representation=world["rep"], actor=world["party"], reason="revoked", ends_on=date(2025, 10, 1)
            )
        with pytest.raises(CaseInputError, match="原因"):
            representation_end(representation=world["rep"], actor=world["party"], reason="bored")
        representation_end(representation=world["rep"], actor=SYSTEM, reason="revoked")
        with pytest.raises(CaseInputError, match="已于2025-10-09终止"):
            representation_end(representation=world["rep"], actor=world["party"], reason="revoked")
    assert CaseEvent.objects.filter(type="party.representation_ended").count() == 1
    assert AuditLog.objects.get(action="case.representation_end").extra["actor"] == "system"


def test_the_party_ends_it_from_the_parties_tab(client, world) -> None:
    case, rep = world["case"], world["rep"]
    with _at(2025, 10, 9):
        client.force_login(world["party"])
        page = client.get(f"/cases/{case.pk}/", {"tab": "parties"}).content.decode()
        assert f'data-testid="representation-end-{rep.pk}"' in page and "解除委托" in page
        response = client.post(
            f"/cases/{case.pk}/representatives/{rep.pk}/end/",
            {"reason": "revoked", "ends_on": "2025-10-09", "note": "当事人书面告知"},
            follow=True,
        )
        body = response.content.decode()
        assert "代理终止已登记" in body and "2025-10-09起代理终止" in body
        assert f'data-testid="representation-end-{rep.pk}"' not in body  # nothing left to end
    rep.refresh_from_db()
    assert rep.ends_on == date(2025, 10, 9) and rep.end_note == "当事人书面告知"


def test_the_form_is_offered_only_to_whom_the_table_allows(client, world) -> None:
    case, rep = world["case"], world["rep"]
    judge = user_with_role(Role.JUDGE, case.court)  # sees the case court-wide, but is not on it
    with _at(2025, 10, 9):
        login_verified(client, judge)
        page = client.get(f"/cases/{case.pk}/", {"tab": "parties"}).content.decode()
        assert f'data-testid="representation-end-{rep.pk}"' not in page
        response = client.post(f"/cases/{case.pk}/representatives/{rep.pk}/end/", {"reason": "revoked"}, follow=True)
        assert "只有被代理的当事人" in response.content.decode()
        login_verified(client, world["clerk"])
        page = client.get(f"/cases/{case.pk}/", {"tab": "parties"}).content.decode()
        assert f'data-testid="representation-end-{rep.pk}"' in page
    rep.refresh_from_db()
    assert rep.ends_on is None


def test_the_lawyer_who_withdraws_is_sent_back_to_the_workbench(client, world) -> None:
    case, rep = world["case"], world["rep"]
    with _at(2025, 10, 9):
        client.force_login(world["lawyer"])
        response = client.post(f"/cases/{case.pk}/representatives/{rep.pk}/end/", {"reason": "withdrawn"})
        assert response.status_code == 302 and response["Location"] == "/"
        assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_service_addressed_to_the_party_leaves_the_lawyers_inbox_with_the_representation(world) -> None:
    from smartcourt.service.selectors import service_tasks_for_recipient
    from smartcourt.service.services import service_task_create
    from smartcourt.service.tests.helpers import PDF

    case = world["case"]
    with _at(2025, 10, 9):
        task = service_task_create(
            case=case,
            recipient=CaseParty.objects.get(case=case, role="plaintiff"),
            document=PDF,
            document_type="summons",
            title="传票",
            actor=world["clerk"],
        )
        assert list(service_tasks_for_recipient(user=world["lawyer"])) == [task]
        representation_end(representation=world["rep"], actor=world["party"], reason="revoked")
        assert list(service_tasks_for_recipient(user=world["lawyer"])) == []
        assert list(service_tasks_for_recipient(user=world["party"])) == [task]  # the party still has it
