"""A small mediation world on top of the online-filing test world: a county, a township and a village of the court
with their residents, a village committee, a county committee, a labour body, the court's own centre, mediators
who sign in as MEDIATOR, the judge guiding the bodies."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from smartcourt.courts.models import User
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import user_with_role
from smartcourt.filing.tests.online.helpers import World, world
from smartcourt.mediation.models import Area, MediationBody, Mediator
from smartcourt.mediation.services import PartyData


@dataclass
class MediationWorld:
    w: World
    county: Area
    township: Area
    village: Area
    village_body: MediationBody
    county_body: MediationBody
    labour_body: MediationBody
    court_centre: MediationBody
    village_mediator: Mediator
    county_mediator: Mediator
    labour_mediator: Mediator
    mediator_user: User
    respondent_user: User


def mediation_world() -> MediationWorld:
    w = world()
    county = Area.objects.create(court=w.court, level="county", code="320508", name="姑苏区", residents=950000)
    township = Area.objects.create(
        court=w.court, parent=county, level="township", code="320508001", name="双塔街道", residents=120000
    )
    village = Area.objects.create(
        court=w.court, parent=township, level="village", code="320508001001", name="干将社区", residents=8000
    )
    village_body = MediationBody.objects.create(
        court=w.court, name="干将社区人民调解委员会", kind="people", area=village, guiding_judge=w.judge,
        max_amount=Decimal("100000"),
    )  # fmt: skip
    county_body = MediationBody.objects.create(
        court=w.court, name="姑苏区人民调解委员会", kind="people", area=county, guiding_judge=w.judge
    )
    labour_body = MediationBody.objects.create(
        court=w.court, name="姑苏区劳动争议调解中心", kind="trade", speciality="labour", area=county,
        guiding_judge=w.judge,
    )  # fmt: skip
    court_centre = MediationBody.objects.create(
        court=w.court, name="姑苏区法院诉调对接中心", kind="court", area=county, guiding_judge=w.judge
    )
    mediator_user = user_with_role(Role.MEDIATOR, w.court, full_name="周调解")
    respondent_user = user_with_role(Role.PARTY, w.court, full_name="王大明", phone="13900139000")
    return MediationWorld(
        w=w, county=county, township=township, village=village, village_body=village_body, county_body=county_body,
        labour_body=labour_body, court_centre=court_centre,
        village_mediator=Mediator.objects.create(body=village_body, user=mediator_user, name="周调解"),
        county_mediator=Mediator.objects.create(
            body=county_body, user=user_with_role(Role.MEDIATOR, w.court, full_name="吴调解"), name="吴调解"
        ),
        labour_mediator=Mediator.objects.create(
            body=labour_body, user=user_with_role(Role.MEDIATOR, w.court, full_name="郑调解"), name="郑调解"
        ),
        mediator_user=mediator_user, respondent_user=respondent_user,
    )  # fmt: skip


def parties(m: MediationWorld) -> list[PartyData]:
    return [
        PartyData(
            side="applicant", name="刘小红", phone="13800138000", address="苏州市姑苏区人民路1188号", user=m.w.party
        ),
        PartyData(side="respondent", name="王大明", address="苏州市姑苏区干将社区8号", user=m.respondent_user),
    ]
