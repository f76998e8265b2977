"""The demo seed: tasks in every state through the real services, idempotent, with working one-time links."""

from __future__ import annotations

import pytest
from django.test import Client

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.outbox.selectors import outbox_messages_for_any
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, UserFactory, user_with_role
from smartcourt.demo.service import demo_seed
from smartcourt.service.models import ServiceAttempt, ServiceTask

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_seed_covers_every_state_and_runs_twice_without_duplicates(phone) -> None:  # type: ignore[no-untyped-def]
    court = CourtFactory(name="苏州市姑苏区人民法院", short_name="姑苏法院", code="苏0508")
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    user_with_role(Role.CLERK, court, division, full_name="吴佳怡", username="demo_clerk")
    party = UserFactory(username="demo_party", full_name="刘小红", phone="13800000001")
    for n in range(20):
        case = make_case(court=court, division=division, judge=judge, plaintiff_user=party if n == 0 else None)
        for p in case.parties.select_related("person"):
            p.person.address = f"苏州市姑苏区十全街{n}号"
            p.person.save(update_fields=["address"])
    logs: list[str] = []
    demo_seed(seed=1, log=logs.append)
    states = set(ServiceTask.objects.values_list("state", flat=True))
    assert {"in_progress", "public_notice", "served", "exhausted", "cancelled"} <= states
    channels = set(ServiceTask.objects.filter(state="served").values_list("served_channel", flat=True))
    assert {"platform", "sms", "email", "post", "in_person", "public_notice"} <= channels
    count = ServiceTask.objects.count()
    demo_seed(seed=1, log=logs.append)
    assert ServiceTask.objects.count() == count
    unread = ServiceAttempt.objects.filter(read_at__isnull=True, channel="sms", sent_at__isnull=False).values_list(
        "pk", flat=True
    )
    sms = outbox_messages_for_any(related_type="service.attempt", related_ids=unread).filter(channel="sms").first()
    assert "/service/s/" not in sms.body  # the outbox shows it sealed; the phone got the link and its code
    index = next(i for i, (to, body) in enumerate(phone.sent) if to == sms.to and "/service/s/" in body)
    path, code = phone.link(index)
    handset = Client()
    assert handset.get(path).status_code == 200
    assert handset.post(path, {"op": "code", "code": code}).status_code == 302
