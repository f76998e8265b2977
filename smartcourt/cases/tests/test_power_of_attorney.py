"""A lawyer authorised by the party after the case was registered (立案后委托): the party submits a power of attorney
(授权委托书, 民事诉讼法 Art. 62), the case's team reviews it, and from acceptance the lawyer opens the case and its
dossier; an ended representation closes them again. The case is filed online and accepted through the pages."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from smartcourt.cases import services
from smartcourt.cases.models import CaseEvent, CaseEventType, CaseParty, PowerOfAttorney, Representation
from smartcourt.cases.rules import representation as rep_rules
from smartcourt.cases.services import CaseInputError
from smartcourt.core.errors import Forbidden
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.dossier.models import DossierDocument
from smartcourt.dossier.services import dossier_power_of_attorney_intake
from smartcourt.filing.models import Authorisation
from smartcourt.filing.tests.online.helpers import PDF, submitted, world
from smartcourt.jobs.models import Handoff
from smartcourt.portal.models import LitigantAccount

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
LICENCE = "13205201910123456"


def _lawyer(court, name: str = "杨律明", licence: str = LICENCE):  # type: ignore[no-untyped-def]
    lawyer = user_with_role(
        Role.LAWYER, court, full_name=name, lawyer_licence_no=licence, law_firm="江苏姑苏律师事务所"
    )
    LitigantAccount.objects.create(user=lawyer, kind="lawyer", state="verified")
    return lawyer


@pytest.fixture
def accepted(client):  # type: ignore[no-untyped-def]
    """A complaint filed online by the party and accepted by the filing officer on the review page; the judge's
    clerk is on the case's team."""
    w = world()
    clerk = user_with_role(Role.CLERK, w.court, w.division, full_name="吴佳怡")
    filing = submitted(w)
    login_verified(client, w.officer)
    response = client.post(
        f"/filing/review/{filing.pk}/",
        {"decision": "accept", "track": filing.triage_suggested, "division": w.division.pk},
    )
    assert response.status_code == 302
    client.logout()
    filing.refresh_from_db()
    case = filing.case
    assert case is not None and case.judge == w.judge
    services.case_team_set(case=case, actor=w.judge, clerk=clerk)
    party_row = CaseParty.objects.get(case=case, role="plaintiff")
    return {"w": w, "filing": filing, "case": case, "clerk": clerk, "party": party_row, "lawyer": _lawyer(w.court)}


def _status(client, user, path: str) -> int:  # type: ignore[no-untyped-def]
    client.logout()
    client.force_login(user)
    return client.get(path).status_code


def _submit(client, a, **extra):  # type: ignore[no-untyped-def]
    client.logout()
    client.force_login(a["w"].party)
    data = {
        "party": a["party"].pk,
        "licence_no": LICENCE,
        "matters": "代为参加本案第一审诉讼",
        "document": SimpleUploadedFile("授权委托书.pdf", PDF, content_type="application/pdf"),
        **extra,
    }
    return client.post(f"/portal/cases/{a['case'].pk}/representation/", data)


def test_the_filing_page_no_longer_says_authorised_when_the_lawyer_would_get_a_404(client, accepted) -> None:  # type: ignore[no-untyped-def]
    a = accepted
    client.force_login(a["w"].party)
    page = client.get(f"/portal/filings/{a['filing'].pk}/").content.decode()
    assert f"/portal/cases/{a['case'].pk}/representation/" in page
    response = client.post(
        f"/portal/filings/{a['filing'].pk}/", {"action": "authorise", "licence_no": LICENCE, "authority": "一般授权"}
    )
    assert response.status_code == 400 and "须向法院提交授权委托书" in response.content.decode()
    assert not Authorisation.objects.exists()


def test_lawyer_authorised_after_acceptance_opens_case_and_dossier_once_the_court_accepts(client, accepted) -> None:  # type: ignore[no-untyped-def]
    a = accepted
    case, lawyer = a["case"], a["lawyer"]
    response = _submit(client, a, special_powers=["settle", "appeal"])
    assert response.status_code == 302
    power = PowerOfAttorney.objects.get(party=a["party"])
    assert power.state == "pending" and power.special_powers == ["settle", "appeal"]
    # before the court's review the lawyer sees the submission, not the case
    assert _status(client, lawyer, f"/cases/{case.pk}/") == 404
    assert _status(client, lawyer, f"/dossier/cases/{case.pk}/") == 404
    assert "待法院审查" in client.get("/portal/cases/").content.decode()
    # the clerk of the case reviews it on the case page
    client.logout()
    login_verified(client, a["clerk"])
    page = client.get(f"/cases/{case.pk}/?tab=parties").content.decode()
    assert 'data-testid="power-review-form"' in page and "进行和解、提起上诉" in page
    assert client.get(f"/cases/{case.pk}/powers-of-attorney/{power.pk}/document").content == PDF
    response = client.post(f"/cases/{case.pk}/powers-of-attorney/{power.pk}/review/", {"decision": "accept"})
    assert response.status_code == 302
    power.refresh_from_db()
    rep = power.representation
    assert power.state == "accepted" and rep is not None
    assert (rep.user, rep.party, rep.authority, rep.special_powers) == (
        lawyer,
        a["party"],
        "特别授权",
        ["settle", "appeal"],
    )
    # at once: the case, its dossier and "my cases"
    assert _status(client, lawyer, f"/cases/{case.pk}/") == 200
    assert _status(client, lawyer, f"/dossier/cases/{case.pk}/") == 200
    assert case.number in client.get("/portal/cases/").content.decode()
    # the timeline and the audit log say so; the dossier receives the document through the hand-off
    types = list(CaseEvent.objects.filter(case=case).values_list("type", flat=True))
    assert (
        CaseEventType.PARTY_POWER_OF_ATTORNEY_SUBMITTED in types and CaseEventType.PARTY_REPRESENTATION_ADDED in types
    )
    assert AuditLog.objects.filter(action="case.power_of_attorney_accept", target_id=str(case.pk)).count() == 1
    assert Handoff.objects.filter(event="case.power_of_attorney_accepted", payload__power_of_attorney_id=power.pk)


def test_the_accepted_document_is_filed_into_the_dossier_once(accepted) -> None:  # type: ignore[no-untyped-def]
    a = accepted
    power = services.power_of_attorney_submit(
        party=a["party"], actor=a["w"].party, lawyer=a["lawyer"], matters="代为参加诉讼", document=PDF,
        document_name="授权委托书.pdf",
    )  # fmt: skip
    services.power_of_attorney_review(power=power, actor=a["clerk"], accept=True)
    first = dossier_power_of_attorney_intake(power_id=power.pk, actor=a["clerk"])
    again = dossier_power_of_attorney_intake(power_id=power.pk, actor=a["clerk"])
    assert first is not None and again is not None and first.pk == again.pk
    document = DossierDocument.objects.get(case=a["case"], origin_ref=f"case.power_of_attorney:{power.pk}")
    assert document.category == "identity_material" and "授权委托书" in document.title


def test_a_refusal_needs_a_reason_and_gives_no_access(client, accepted) -> None:  # type: ignore[no-untyped-def]
    a = accepted
    power = services.power_of_attorney_submit(
        party=a["party"], actor=a["w"].party, lawyer=a["lawyer"], matters="代为参加诉讼", document=PDF,
        document_name="授权委托书.pdf",
    )  # fmt: skip
    with pytest.raises(CaseInputError, match="须说明理由"):
        services.power_of_attorney_review(power=power, actor=a["clerk"], accept=False)
    services.power_of_attorney_review(power=power, actor=a["clerk"], accept=False, note="委托书未经委托人签名")
    power.refresh_from_db()
    assert power.state == "refused" and power.representation is None
    assert _status(client, a["lawyer"], f"/cases/{a['case'].pk}/") == 404
    assert CaseEvent.objects.filter(case=a["case"], type=CaseEventType.PARTY_POWER_OF_ATTORNEY_REFUSED).exists()
    with pytest.raises(CaseInputError, match="已审查"):
        services.power_of_attorney_review(power=power, actor=a["clerk"], accept=True)


def test_only_the_party_submits_and_only_the_cases_team_reviews(accepted) -> None:  # type: ignore[no-untyped-def]
    a = accepted
    stranger = user_with_role(Role.PARTY, a["w"].court, full_name="陌生人")
    with pytest.raises(Forbidden):
        services.power_of_attorney_submit(
            party=a["party"], actor=stranger, lawyer=a["lawyer"], matters="代为参加诉讼", document=PDF,
            document_name="授权委托书.pdf",
        )  # fmt: skip
    assert not PowerOfAttorney.objects.exists()  # the refused row rolled back with the rest
    power = services.power_of_attorney_submit(
        party=a["party"], actor=a["w"].party, lawyer=a["lawyer"], matters="代为参加诉讼", document=PDF,
        document_name="授权委托书.pdf",
    )  # fmt: skip
    other_clerk = user_with_role(Role.CLERK, a["w"].court, a["w"].division, full_name="郑书记")
    for outsider in (other_clerk, a["lawyer"], a["w"].party):
        with pytest.raises(Forbidden):
            services.power_of_attorney_review(power=power, actor=outsider, accept=True)
    services.power_of_attorney_review(power=power, actor=a["w"].judge, accept=True)  # the judge in charge may


def test_what_the_power_of_attorney_must_say(accepted) -> None:  # type: ignore[no-untyped-def]
    a = accepted
    base = {"party": a["party"], "actor": a["w"].party, "lawyer": a["lawyer"], "document_name": "授权委托书.pdf"}
    with pytest.raises(CaseInputError, match="委托事项"):
        services.power_of_attorney_submit(**base, matters=" ", document=PDF)
    with pytest.raises(CaseInputError, match="未知的特别授权"):
        services.power_of_attorney_submit(**base, matters="代为诉讼", special_powers=["全权代理"], document=PDF)
    with pytest.raises(CaseInputError, match="可执行程序"):
        services.power_of_attorney_submit(**base, matters="代为诉讼", document=b"MZ\x90\x00" + b"\x00" * 64)
    assert not PowerOfAttorney.objects.exists()


def test_a_party_has_at_most_two_representatives(accepted) -> None:  # type: ignore[no-untyped-def]
    a = accepted
    second = _lawyer(a["w"].court, "第二律师", "13205201910123457")
    third = _lawyer(a["w"].court, "第三律师", "13205201910123458")
    for lawyer in (a["lawyer"], second):
        services.power_of_attorney_submit(
            party=a["party"], actor=a["w"].party, lawyer=lawyer, matters="代为诉讼", document=PDF,
            document_name="委托书.pdf",
        )  # fmt: skip
    with pytest.raises(CaseInputError, match="第六十一条第一款"):
        services.power_of_attorney_submit(
            party=a["party"], actor=a["w"].party, lawyer=third, matters="代为诉讼", document=PDF,
            document_name="委托书.pdf",
        )  # fmt: skip
    assert rep_rules.representatives_limit_problem(in_force=1, pending=0) is None


def test_an_ended_representation_loses_the_case_and_the_dossier(client, accepted) -> None:  # type: ignore[no-untyped-def]
    a = accepted
    case, lawyer = a["case"], a["lawyer"]
    with time_machine.travel(datetime(2031, 3, 3, 10, 0, tzinfo=SHANGHAI), tick=False):
        power = services.power_of_attorney_submit(
            party=a["party"], actor=a["w"].party, lawyer=lawyer, matters="代为诉讼", document=PDF,
            document_name="委托书.pdf",
        )  # fmt: skip
        services.power_of_attorney_review(power=power, actor=a["clerk"], accept=True)
        rep = Representation.objects.get(user=lawyer)
        assert rep.starts_on == date(2031, 3, 3)  # in force from the day the court accepted it
        assert _status(client, lawyer, f"/dossier/cases/{case.pk}/") == 200
        services.representation_end(representation=rep, actor=a["w"].party, reason="revoked")  # 解除委托
        assert _status(client, lawyer, f"/cases/{case.pk}/") == 404
        assert _status(client, lawyer, f"/dossier/cases/{case.pk}/") == 404
