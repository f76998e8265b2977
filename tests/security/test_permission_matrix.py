"""The permission table, tested from its own rows: for every (resource, action) the table grants, one representative
page or API operation is tried as every role, and the outcome must be what the table says — allowed for each role
whose grant covers the record tried, refused for every other. Each pair needs at least one role of each kind, so a
grant that stops mattering (or an endpoint that stops asking) fails here.

The world (tests/world.py) puts every role in one court, the division-scoped ones in the case's division, and the
judge, assistant, clerk, party and lawyer on the case: so a COURT, DIVISION or SUBORDINATE grant always covers the
record tried, and an OWN grant covers it for the people on it (`owners`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

from smartcourt.courts.permissions import PERMISSION_TABLE, Action, Resource, Scope, grants_for
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified
from tests.world import DIVISION_ROLES, World

pytestmark = pytest.mark.django_db

ON_CASE = frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK, Role.PARTY, Role.LAWYER})
ON_ENFORCEMENT = frozenset({Role.ENFORCEMENT_OFFICER, Role.PARTY})  # the world's enforcement case (tests/world.py)
R, A = Resource, Action


@dataclass(frozen=True)
class Probe:
    """How to try (resource, action) as a role; `attempt` answers whether the role was let through."""

    attempt: Callable[[Client, World, Role], bool]
    owners: frozenset[Role] = ON_CASE  # whom an OWN grant covers on the record tried
    court_wide: bool = False  # the endpoint asks for a court-wide grant (permits / grant_courts): OWN does not count
    also: tuple[Action, ...] = ()  # other actions on the resource the endpoint accepts as well (documented there)


# --- how a role reaches an endpoint ---------------------------------------------------------------------------------


def _page(client: Client, world: World, role: Role) -> Client:
    user = world.users[role]
    if user.requires_two_factor:
        login_verified(client, user)
    else:
        client.force_login(user)
    return client


def _api(world: World, role: Role) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {world.token(role)}"}


def _get(url: str, ok: int = 200) -> Callable[[Client, World, Role], bool]:
    def attempt(client: Client, world: World, role: Role) -> bool:
        status = client.get(url.format(**world.ids), **_api(world, role)).status_code
        assert status in (ok, 403, 404), (url, status)
        return status == ok

    return attempt


def _post(url: str, body: dict, ok: int = 200) -> Callable[[Client, World, Role], bool]:
    def attempt(client: Client, world: World, role: Role) -> bool:
        response = client.post(url.format(**world.ids), body, content_type="application/json", **_api(world, role))
        assert response.status_code in (ok, 403, 404), (url, response.status_code, response.content[:300])
        return response.status_code == ok

    return attempt


def _page_get(url: str) -> Callable[[Client, World, Role], bool]:
    def attempt(client: Client, world: World, role: Role) -> bool:
        status = _page(client, world, role).get(url.format(**world.ids)).status_code
        assert status in (200, 403, 404), (url, status)
        return status == 200

    return attempt


def _page_shows(url: str, marker: str) -> Callable[[Client, World, Role], bool]:
    """A list page every signed-in person may open: let through is seeing a row (or a form) on it."""

    def attempt(client: Client, world: World, role: Role) -> bool:
        response = _page(client, world, role).get(url.format(**world.ids))
        assert response.status_code == 200, (url, response.status_code)
        return marker in response.content.decode()

    return attempt


# --- attempts that need a fresh record or look at what was written --------------------------------------------------


def _unassigned_case(world: World):  # type: ignore[no-untyped-def]
    from smartcourt.cases.tests.factories import make_case

    return make_case(court=world.court, division=world.division)


def _assign_random(client: Client, world: World, role: Role) -> bool:
    case = _unassigned_case(world)
    response = client.post(f"/api/v1/cases/{case.pk}/assignments/random", **_api(world, role))
    assert response.status_code in (200, 403, 404), response.content
    return response.status_code == 200


def _tag(client: Client, world: World, role: Role) -> bool:
    from smartcourt.cases.models import SupervisionTag

    _page(client, world, role).post(
        f"/cases/{world.case.pk}/tag/", {"kind": SupervisionTag.Kind.values[0], "reason": "涉及群体性纠纷，需重点监管"}
    )
    return SupervisionTag.objects.filter(case=world.case).exists()


def _pii(client: Client, world: World, role: Role) -> bool:
    response = client.get(f"/api/v1/cases/{world.case.pk}", **_api(world, role))
    return response.status_code == 200 and any(p["service_address"] for p in response.json()["parties"])


def _end_representation(client: Client, world: World, role: Role) -> bool:
    from smartcourt.cases.models import Representation

    url = f"/cases/{world.case.pk}/representatives/{world.ids['representation_id']}/end/"
    _page(client, world, role).post(url, {"reason": "mandate_ended"})
    return Representation.objects.filter(pk=world.ids["representation_id"], ends_on__isnull=False).exists()


def _decide(resource: Resource, kind: str, case_of: Callable[[World], object]) -> Callable[[Client, World, Role], bool]:
    """A pending request (cases/services_approvals.py) that names `role` where the role is held as its approver, so
    only the table decides: refusing it (不予批准) needs the same APPROVE as approving it."""

    def attempt(client: Client, world: World, role: Role) -> bool:
        from smartcourt.cases.models import ApprovalRequest

        request = ApprovalRequest.objects.create(
            case=case_of(world),
            kind=kind,
            resource=resource.value,
            requested_by=world.everyone,
            reason="矩阵测试",
            months=3 if kind == ApprovalRequest.Kind.EXTENSION else 0,
            judge=world.users[Role.JUDGE] if kind != ApprovalRequest.Kind.EXTENSION else None,
            approver_role=role.value,
            approver_court=world.court,
            approver_division=world.division if role in DIVISION_ROLES else None,
            approver_label=role.label,
            citation="矩阵测试",
        )
        response = client.post(
            f"/api/v1/approvals/{request.pk}/decision",
            {"decision": "refuse", "note": "矩阵测试"},
            content_type="application/json",
            **_api(world, role),
        )
        assert response.status_code in (200, 403, 404), response.content[:300]
        return response.status_code == 200

    return attempt


def _replay(client: Client, world: World, role: Role) -> bool:
    """A recorded random draw run again (ASSIGNMENT/VIEW), on a case the filing officer has just drawn a judge for."""
    from smartcourt.cases import services
    from smartcourt.cases.models import AssignmentDraw

    case = _unassigned_case(world)
    services.case_assign_random(case=case, actor=world.users[Role.FILING_OFFICER])
    draw = AssignmentDraw.objects.filter(case=case).latest("pk")
    status = client.get(f"/api/v1/cases/{case.pk}/assignments/{draw.pk}/replay", **_api(world, role)).status_code
    assert status in (200, 403, 404), status
    return status == 200


def _identity_review(client: Client, world: World, role: Role) -> bool:
    """An applicant registered with the world's court; the decision is posted to the applicant's own page."""
    from smartcourt.courts.tests.factories import UserFactory
    from smartcourt.portal.models import LitigantAccount

    account = LitigantAccount.objects.create(
        user=UserFactory(),
        kind="party",
        id_number="320508199001010010",
        state=LitigantAccount.State.PENDING,
        court=world.court,
    )
    _page(client, world, role).post(f"/portal/verifications/{account.pk}/", {"approve": "yes"})
    account.refresh_from_db()
    return account.state == LitigantAccount.State.VERIFIED


def _fee_confirm(client: Client, world: World, role: Role) -> bool:
    from smartcourt.filing.models import Payment

    _page(client, world, role).post(f"/filing/payments/{world.ids['payment_id']}/confirm/", {"received": "yes"})
    return Payment.objects.filter(pk=world.ids["payment_id"], state=Payment.State.CONFIRMED).exists()


def _page_post_passes_gate(url: str) -> Callable[[Client, World, Role], bool]:
    """A POST to a record that does not exist: let through, it answers as for a missing record; refused, 403."""

    def attempt(client: Client, world: World, role: Role) -> bool:
        status = _page(client, world, role).post(url).status_code
        assert status in (302, 403, 404), (url, status)
        return status != 403

    return attempt


def _admin(client: Client, world: World, role: Role) -> bool:
    response = _page(client, world, role).get("/admin/")
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def _hearing_change(client: Client, world: World, role: Role) -> bool:
    """Reschedule to a past time: let through, the service refuses the time (400); refused, 403 or 404."""
    response = client.post(
        f"/api/v1/hearings/{world.ids['hearing_id']}/reschedule",
        {"starts_at": "2020-01-06T09:00:00+08:00", "ends_at": "2020-01-06T10:00:00+08:00", "note": "矩阵测试"},
        content_type="application/json",
        **_api(world, role),
    )
    assert response.status_code in (400, 403, 404), response.content[:300]
    return response.status_code == 400


def _escort_acknowledge(client: Client, world: World, role: Role) -> bool:
    from smartcourt.hearings.models import EscortRequest

    escort = EscortRequest.objects.get(pk=world.ids["escort_id"])
    fresh = EscortRequest.objects.create(hearing=escort.hearing, participant=escort.participant, court=escort.court)
    _page(client, world, role).post(f"/hearings/escorts/{fresh.pk}/acknowledge/")
    return EscortRequest.objects.filter(pk=fresh.pk, state="acknowledged").exists()


def _page_marker(url: str, marker: str) -> Callable[[Client, World, Role], bool]:
    """A page some roles cannot open at all: let through is opening it and finding `marker` (a form) on it."""

    def attempt(client: Client, world: World, role: Role) -> bool:
        response = _page(client, world, role).get(url.format(**world.ids))
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        return response.status_code == 200 and marker in response.content.decode()

    return attempt


def _court_document(world: World):  # type: ignore[no-untyped-def]
    from smartcourt.documents.models import Document

    return Document.objects.create(case=world.case, kind="judgment_civil", title="判决书（民事一审）", body="初稿")


def _document_view(client: Client, world: World, role: Role) -> bool:
    doc = _court_document(world)
    status = _page(client, world, role).get(f"/documents/{doc.pk}/").status_code
    assert status in (200, 403, 404), status
    return status == 200


def _document_change(client: Client, world: World, role: Role) -> bool:
    doc = _court_document(world)
    status = _page(client, world, role).post(f"/documents/{doc.pk}/autosave/", {"body": "改稿"}).status_code
    assert status in (200, 403, 404), status
    return status == 200


def _qa_ask(client: Client, world: World, role: Role) -> bool:
    """Ask on 法答网 in the world's court: let through, the question exists; refused, 403 or nothing written."""
    from smartcourt.knowledge.library.models import Question

    title = f"矩阵测试提问 {role.value}"
    response = _page(client, world, role).post("/knowledge/library/qa/ask/", {"court": world.court.pk, "title": title})
    assert response.status_code in (302, 403), response.status_code
    return Question.objects.filter(title=title).exists()


PROBES: dict[tuple[Resource, Action], Probe] = {
    (R.CASE_LIBRARY, A.VIEW): Probe(_page_get("/knowledge/library/"), court_wide=True),
    (R.LEGAL_QA, A.VIEW): Probe(_page_get("/knowledge/library/qa/"), court_wide=True),
    (R.LEGAL_QA, A.CHANGE): Probe(_qa_ask, court_wide=True),
    (R.CASE_LIBRARY, A.CHANGE): Probe(_page_get("/knowledge/library/typical/"), court_wide=True),  # 典型案例选编
    (R.LEGAL_QA_EXPERT, A.CHANGE): Probe(_page_get("/knowledge/library/qa/experts/"), court_wide=True),
    (R.CASE, A.VIEW): Probe(_get("/api/v1/cases/{case_id}")),
    (R.HEARING, A.VIEW): Probe(_get("/api/v1/hearings/{hearing_id}")),
    (R.HEARING, A.CHANGE): Probe(_hearing_change),
    (R.DOCUMENT, A.VIEW): Probe(_document_view),
    (R.DOCUMENT, A.CHANGE): Probe(_document_change),
    (R.DOCUMENT, A.APPROVE): Probe(_page_get("/documents/review/"), court_wide=True),  # a reviewer's sign-off queue
    (R.DOCUMENT_TEMPLATE, A.CHANGE): Probe(_page_get("/documents/templates/"), court_wide=True),
    (R.ESCORT, A.VIEW): Probe(_page_get("/hearings/escorts/"), court_wide=True),
    (R.ESCORT, A.CHANGE): Probe(_escort_acknowledge),
    (R.REMOTE_SITE, A.VIEW): Probe(_page_get("/hearings/sites/{site_id}/"), court_wide=True),
    (R.REMOTE_SITE, A.CHANGE): Probe(_page_marker("/hearings/sites/{site_id}/", 'data-testid="site-staff-form"')),
    (R.CASE, A.CHANGE): Probe(_post("/api/v1/cases/{case_id}/transitions", {"target": "suspended"})),
    (R.CASE, A.ASSIGN): Probe(_assign_random),
    # tagging 四类案件 is open to the case's judge and filing officer as well as to its supervisors (cases.services)
    (R.CASE, A.SUPERVISE): Probe(_tag, also=(A.CHANGE, A.ASSIGN)),
    (R.CASE_PARTY_PII, A.VIEW): Probe(_pii),
    (R.DOSSIER, A.VIEW): Probe(_get("/api/v1/dossier/cases/{case_id}/documents")),
    (R.DOSSIER, A.CHANGE): Probe(
        _post("/api/v1/dossier/cases/{case_id}/documents/{document_id}/category", {"category": "evidence"})
    ),
    (R.FILING, A.VIEW): Probe(_page_get("/filing/{filing_id}/complaint.pdf"), owners=frozenset({Role.PARTY})),
    # the review page: the court's filing officers' FILING/REVIEW (CHANGE is the filer's own, never a review)
    (R.FILING, A.REVIEW): Probe(_page_get("/filing/review/{filing_id}/"), court_wide=True),
    (R.CALENDAR, A.CHANGE): Probe(_page_get("/courts/calendar/2026/edit/"), court_wide=True),
    (R.SERVICE, A.VIEW): Probe(_get("/api/v1/service/tasks/{task_id}")),
    (R.SERVICE, A.CHANGE): Probe(_page_get("/service/tasks/{task_id}/capture/")),
    (R.OUTBOX, A.VIEW): Probe(_page_get("/courts/outbox/"), court_wide=True),
    (R.PAPER_FILE, A.VIEW): Probe(_get("/api/v1/paper-files/{label_code}"), owners=ON_CASE | {Role.JUDGE}),
    (R.PAPER_FILE, A.CHANGE): Probe(_get("/api/v1/paper-files/labels.pdf?code={label_code}")),
    (R.PAPER_FILE, A.SUPERVISE): Probe(
        _post("/api/v1/paper-files/borrowings/{borrowing_id}/decide", {"approve": True})
    ),
    (R.REPRESENTATION, A.CHANGE): Probe(_end_representation),
    (R.ASSIGNMENT, A.APPROVE): Probe(_decide(R.ASSIGNMENT, "designated", lambda world: _unassigned_case(world))),
    (R.ASSIGNMENT, A.VIEW): Probe(_replay),
    (R.TRIAL_PERIOD, A.APPROVE): Probe(_decide(R.TRIAL_PERIOD, "extension", lambda world: world.case)),
    (R.IDENTITY, A.VIEW): Probe(_page_get("/portal/verifications/"), court_wide=True),
    (R.IDENTITY, A.CHANGE): Probe(_identity_review, court_wide=True),
    (R.JOBS, A.VIEW): Probe(_page_get("/jobs/failed/"), court_wide=True),
    (R.JOBS, A.CHANGE): Probe(_page_post_passes_gate("/jobs/handoffs/999999/retry/"), court_wide=True),
    (R.LEDGER_AUDIT, A.VIEW): Probe(_page_get("/ledger/findings/"), court_wide=True),
    (R.LEDGER_AUDIT, A.CHANGE): Probe(_page_post_passes_gate("/ledger/findings/999999/resolve/"), court_wide=True),
    (R.ADMIN_SITE, A.VIEW): Probe(_admin, court_wide=True),
    (R.FEE, A.CHANGE): Probe(_fee_confirm, court_wide=True),
    (R.COURT_STAFF, A.VIEW): Probe(_page_get("/courts/staff/"), court_wide=True),
    (R.KIOSK, A.VIEW): Probe(_page_get("/portal/kiosk/devices/"), court_wide=True),
    # the list shows the posts one may see, with a form on those one may change (a judge's own, the division's)
    (R.STANDING_TEAM, A.VIEW): Probe(_page_shows("/courts/teams/", 'data-testid="standing-team"')),
    (R.STANDING_TEAM, A.CHANGE): Probe(_page_shows("/courts/teams/", 'data-testid="standing-team-form"')),
    # publication of the case's judgments (裁判文书公开): the task, the review form, the decision not to publish
    (R.PUBLICATION, A.VIEW): Probe(_get("/api/v1/publication/tasks/{publication_id}")),
    (R.PUBLICATION, A.REVIEW): Probe(
        _page_marker("/portal/publication/{publication_id}/", 'data-testid="review-form"')
    ),
    (R.PUBLICATION, A.APPROVE): Probe(
        _page_marker("/portal/publication/{publication_id}/", 'data-testid="exclude-form"')
    ),
    # enforcement: the world's enforcement case has the world's officer in charge and the world's party applying
    (R.ENFORCEMENT, A.VIEW): Probe(_page_get("/enforcement/{file_id}/"), owners=ON_ENFORCEMENT),
    (R.ENFORCEMENT, A.CHANGE): Probe(
        _page_marker("/enforcement/{file_id}/", 'data-testid="inquire"'), owners=ON_ENFORCEMENT
    ),
    (R.ENFORCEMENT_APPLICATION, A.CHANGE): Probe(_page_get("/enforcement/apply/{case_id}/")),
    (R.CASE_FUNDS, A.CHANGE): Probe(
        _page_marker("/enforcement/{file_id}/", 'data-testid="payout-request"'), owners=ON_ENFORCEMENT
    ),
    (R.CASE_FUNDS, A.APPROVE): Probe(_page_get("/enforcement/reconcile/"), court_wide=True),
    (R.ENFORCEMENT_INDICATORS, A.VIEW): Probe(_page_get("/enforcement/indicators/"), court_wide=True),
}

# Rows of the table that no page or operation asks about yet: listed with why, and kept true by the test below.
NOT_ASKED_YET: dict[tuple[Resource, Action], str] = {}

# Rows asked by code whose probe needs more of a world than tests/world.py builds: each with the tests that hold
# every role to the table for it.
PROBED_ELSEWHERE = {
    (R.FILING, A.CHANGE): "the filer's own draft (OWN, party and lawyer): smartcourt/filing/tests/online/"
    "test_wizard_services.py::test_another_user_cannot_edit_a_draft (staff act through FILING/REVIEW, probed above)",
    (R.COURT_STAFF, A.CHANGE): "granting and ending roles on /courts/staff/<id>/ (SUBORDINATE): "
    "smartcourt/courts/tests/test_role_grants.py",
    (R.KIOSK, A.CHANGE): "registering and stopping terminals on /portal/kiosk/devices/: "
    "smartcourt/portal/tests/test_portal.py",
    (R.CASE_TEAM, A.CHANGE): "forming a case's team: smartcourt/cases/tests/test_case_team.py",
    (R.CASE_TEAM, A.APPROVE): "designating the presiding judge (民事诉讼法 Art. 44): "
    "smartcourt/cases/tests/test_case_team.py",
    (R.POWER_OF_ATTORNEY, A.VIEW): "a power of attorney on a registered case: "
    "smartcourt/cases/tests/test_power_of_attorney.py",
    (R.POWER_OF_ATTORNEY, A.CHANGE): "submitting one: smartcourt/cases/tests/test_power_of_attorney.py",
    (R.POWER_OF_ATTORNEY, A.APPROVE): "the court's review of one: smartcourt/cases/tests/test_power_of_attorney.py",
    (R.ADMIN_SITE, A.CHANGE): "the admin's settings forms, system administrators only: "
    "smartcourt/courts/tests/test_admin_site.py",
    (R.MEDIATION, A.VIEW): "a dispute's room: its mediator, parties and guiding judge only: "
    "smartcourt/mediation/tests/test_flow.py::test_a_mediator_cannot_act_on_or_see_a_dispute_not_assigned_to_them",
    (R.MEDIATION, A.CHANGE): "acting in a dispute: smartcourt/mediation/tests/test_flow.py, test_http.py",
    (R.MEDIATION_BODY, A.VIEW): "the bodies and shared courts pages: smartcourt/mediation/tests/test_http.py",
    (R.MEDIATION_BODY, A.CHANGE): "the register pages (areas, bodies, mediators, shared courts), the filing and "
    "trial-management offices only: smartcourt/mediation/tests/test_respondent_and_register.py::"
    "test_only_the_court_staff_the_table_names_manage_the_register",
    (R.MEDIATION_CONFIRMATION, A.VIEW): "the judge's confirmation queue: smartcourt/mediation/tests/test_http.py",
    (R.MEDIATION_CONFIRMATION, A.REVIEW): "the ruling, the assigned judge only: "
    "smartcourt/mediation/tests/test_flow.py::test_room_offers_signatures_and_judicial_confirmation_end_to_end",
    (R.MEDIATION_FUNNEL, A.VIEW): "the funnel dashboard and its exports: "
    "smartcourt/mediation/tests/test_http.py::test_a_party_cannot_read_the_funnel",
    (R.LEGAL_QA, A.REVIEW): "answering needs an expert designation (OWN), which the world has not: "
    "smartcourt/knowledge/library/tests/test_library.py (the judge refused, the designated expert answers, revoked)",
    # cross-court enforcement (ADR 0043) needs courts above and beside the world's one court
    (R.ENFORCEMENT_DESIGNATION, A.APPROVE): "a higher court's designation: smartcourt/enforcement/tests/"
    "test_crosscourt.py::test_designation_is_the_higher_courts_within_its_jurisdiction_with_its_grounds",
    (R.ENFORCEMENT_HANDOVER, A.VIEW): "the receiving court's inbox and handover page: "
    "smartcourt/enforcement/tests/test_crosscourt.py::test_pages_of_each_side",
    (R.ENFORCEMENT_HANDOVER, A.CHANGE): "the acknowledgement, the receiving court's head only: smartcourt/enforcement/"
    "tests/test_crosscourt.py::test_designation_handover_and_acknowledgement_put_both_courts_on_one_file",
    (R.ENFORCEMENT_ENTRUSTMENT, A.VIEW): "what is entrusted to a court, its officers only: "
    "smartcourt/enforcement/tests/test_crosscourt.py::test_entrustment_round_trip_with_its_statutory_times",
    (R.ENFORCEMENT_ENTRUSTMENT, A.CHANGE): "accepting (the head) and replying (the named officer): "
    "smartcourt/enforcement/tests/test_crosscourt.py::test_entrustment_round_trip_with_its_statutory_times",
    (R.ENFORCEMENT_ASSISTANCE, A.VIEW): "a grid worker's own tasks: "
    "smartcourt/enforcement/tests/test_crosscourt.py::test_assistance_task_round_trip_with_deadline_and_photo",
    (R.ENFORCEMENT_ASSISTANCE, A.CHANGE): "reporting back, the worker only: "
    "smartcourt/enforcement/tests/test_crosscourt.py::test_assistance_task_round_trip_with_deadline_and_photo",
}


def expected(role: Role, resource: Resource, action: Action, probe: Probe) -> bool:
    for asked in (action, *probe.also):
        for scope in grants_for(role=role, resource=resource, action=asked):
            if scope != Scope.OWN or (not probe.court_wide and role in probe.owners):
                return True
    return False


PAIRS = sorted({(g.resource, g.action) for g in PERMISSION_TABLE}, key=lambda p: (p[0].value, p[1].value))


def test_every_row_of_the_table_has_a_probe_or_says_why_not():
    assert set(PAIRS) == set(PROBES) | set(NOT_ASKED_YET) | set(PROBED_ELSEWHERE)
    assert not set(PROBES) & set(NOT_ASKED_YET) and not set(PROBES) & set(PROBED_ELSEWHERE)


@pytest.mark.parametrize(("resource", "action"), sorted(NOT_ASKED_YET), ids=lambda v: str(v))
def test_a_row_listed_as_not_asked_is_asked_by_no_code(resource, action):
    """When a page starts asking for it, it needs a probe above instead."""
    root = Path(__file__).resolve().parents[2] / "smartcourt"
    users = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tests" not in p.parts and p.name != "permissions.py" and f"Resource.{resource.name}" in p.read_text()
    ]
    assert users == []


@pytest.mark.parametrize(("resource", "action"), sorted(PROBES, key=lambda p: (p[0].value, p[1].value)), ids=str)
def test_each_role_is_let_through_exactly_as_the_table_says(module_world, db, client, resource, action):
    probe = PROBES[(resource, action)]
    outcome: dict[Role, bool] = {}
    for role in Role:
        with transaction.atomic():  # each role tries on the same world: what one role writes is rolled back
            client.logout()
            outcome[role] = probe.attempt(client, module_world, role)
            transaction.set_rollback(True)
    wanted = {role: expected(role, resource, action, probe) for role in Role}
    assert outcome == wanted, {role: (outcome[role], wanted[role]) for role in Role if outcome[role] != wanted[role]}
    assert any(wanted.values()) and not all(wanted.values()), "a probe shows one role let through and one refused"
