"""A respondent without an account: invited by SMS / e-mail (the link sealed in the outbox), claiming the dispute
after real-name verification, then taking part (message, offer, signing); one who never answers is seen by the
mediator and on the clock, and named when the deadline expires. The register pages (areas, bodies, mediators,
shared courts) for the court staff the permission table lets manage them, with Chinese refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from smartcourt.core.errors import Forbidden
from smartcourt.core.outbox.models import OutboundMessage
from smartcourt.core.outbox.providers import ScriptedProvider, provider_override
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.filing.tests.online.helpers import DEFENDANT_ID
from smartcourt.mediation import services, services_manage
from smartcourt.mediation.models import Area, DisputeEvent, MediationBody, Mediator, SharedCourt
from smartcourt.mediation.services import MediationInputError, PartyData
from smartcourt.portal.models import LitigantAccount

from .factories import mediation_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms():  # type: ignore[no-untyped-def]
    provider = ScriptedProvider()
    provider_override("sms", provider)
    provider_override("email", provider)
    yield provider
    provider_override("sms", None)
    provider_override("email", None)


def _open_with_stranger(m, django_capture_on_commit_callbacks, **kw):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return services.dispute_open(
            court=m.w.court, area=m.village, source="body", cause_name="民间借贷纠纷", actor=m.mediator_user,
            amount="30000", parties=[
                PartyData(side="applicant", name="刘小红", user=m.w.party, phone="13800138000"),
                PartyData(side="respondent", name="王大明", phone="13900139000", email="wdm@example.com",
                          id_number=kw.get("id_number", DEFENDANT_ID)),
            ],
        )  # fmt: skip


def _link(sms: ScriptedProvider) -> str:
    body = sms.sent[-1][1]
    start = body.index("/mediation/join/")
    return body[start : body.index("/", start + len("/mediation/join/")) + 1]


def test_the_respondent_is_invited_claims_after_real_name_verification_and_takes_part(
    client, sms, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    d = _open_with_stranger(m, django_capture_on_commit_callbacks)
    respondent = d.parties.get(side="respondent")
    assert respondent.user is None and respondent.invite_count == 1 and len(respondent.invite_sha256) == 64
    # SMS and e-mail went out with the link; the outbox keeps only the sealed placeholder
    assert {to for to, _b in sms.sent} == {"13900139000", "wdm@example.com"}
    stored = OutboundMessage.objects.filter(purpose="mediation.invite")
    assert stored.count() == 2 and all(
        "〔调解邀请链接（已隐去）〕" in m.body and "/join/" not in m.body for m in stored
    )
    assert "已向王大明发送调解邀请" in d.events.get(type="dispute.opened").summary
    link = _link(sms)

    # the mediator sees that the other side has not answered: on the list and in the room, with the clock
    login_verified(client, m.mediator_user)
    assert 'data-testid="awaiting"' in client.get("/mediation/").content.decode()
    room = client.get(f"/mediation/{d.pk}/").content.decode()
    assert 'data-testid="awaiting-party"' in room and "未应答：已邀请1次" in room and "对方尚未参加调解" in room
    client.logout()

    # anyone may open the link: it names the dispute; a wrong token is a Chinese 404 page
    page = client.get(link)
    assert page.status_code == 200 and "王大明" in page.content.decode() and d.number in page.content.decode()
    assert client.get("/mediation/join/nonsense/").status_code == 404
    # an account that is not verified, or verified under another name or ID number, cannot claim
    stranger = user_with_role(Role.PARTY, m.w.court, full_name="王大明", phone="13900139000")
    login_verified(client, stranger)
    r = client.post(link, follow=True)
    assert "请先完成实名认证" in r.content.decode()
    LitigantAccount.objects.create(user=stranger, kind="party", id_number="320508199001010037", state="verified")
    r = client.post(link, follow=True)
    assert "身份证号码与申请人提供的不一致" in r.content.decode()
    client.logout()
    # the real respondent, verified, claims it and takes part
    LitigantAccount.objects.create(user=m.respondent_user, kind="party", id_number=DEFENDANT_ID, state="verified")
    login_verified(client, m.respondent_user)
    assert client.get(f"/mediation/{d.pk}/").status_code == 404  # not theirs before the claim
    r = client.post(link, follow=True)
    assert r.status_code == 200 and "已认领" in r.content.decode()
    respondent.refresh_from_db()
    assert respondent.user == m.respondent_user and respondent.claimed_at is not None and respondent.invite_sha256 == ""
    assert DisputeEvent.objects.filter(dispute=d, type="party.claimed").count() == 1
    assert client.get(link).status_code == 404  # a claimed link is spent
    client.post(f"/mediation/{d.pk}/message/", {"body": "我同意调解，可以分期还款。"})
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    client.post(f"/mediation/{d.pk}/offer/", {"amount": "28000", "instalments": "2", "first_due_on": due})
    client.logout()
    login_verified(client, m.w.party)
    offer = d.offers.get()
    assert offer.party == respondent
    client.post(f"/mediation/{d.pk}/offers/{offer.pk}/accept/")
    client.post(f"/mediation/{d.pk}/sign/", {"name": "刘小红"})
    client.logout()
    login_verified(client, m.respondent_user)
    r = client.post(f"/mediation/{d.pk}/sign/", {"name": "王大明"}, follow=True)
    assert "已签署调解协议" in r.content.decode()
    d.refresh_from_db()
    assert d.state == "settled"


def test_a_respondent_who_never_answers_is_reinvited_then_named_when_the_deadline_expires(
    client, sms, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    d = _open_with_stranger(m, django_capture_on_commit_callbacks)
    first = _link(sms)
    party = d.parties.get(side="respondent")
    with pytest.raises(Forbidden):
        services.party_invite(dispute=d, party=party, actor=m.county_mediator.user)  # type: ignore[arg-type]
    login_verified(client, m.mediator_user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/mediation/{d.pk}/invite/{party.pk}/", follow=True)
    assert "已重新发送调解邀请" in r.content.decode()
    party.refresh_from_db()
    assert party.invite_count == 2 and _link(sms) != first
    assert client.get(first).status_code == 404  # the older link no longer works
    # the clock runs regardless: on expiry the dispute is filed and the silent party named
    with time_machine.travel(d.due_on + timedelta(days=1), tick=False):
        assert services.disputes_expire() == 1
    d.refresh_from_db()
    assert d.state == "filed"
    assert "王大明经邀请未参加调解" in d.events.get(type="dispute.expired").summary
    # no address: refused in Chinese
    party.refresh_from_db()
    assert party.user is None


def test_a_party_without_phone_or_email_cannot_be_invited() -> None:
    m = mediation_world()
    d = services.dispute_open(
        court=m.w.court, area=m.village, source="body", cause_name="民间借贷纠纷", actor=m.mediator_user,
        parties=[PartyData(side="applicant", name="刘小红", user=m.w.party), PartyData(side="respondent", name="王大明")],
    )  # fmt: skip
    party = d.parties.get(side="respondent")
    assert party.invite_count == 0
    with pytest.raises(MediationInputError) as exc:
        services.party_invite(dispute=d, party=party, actor=m.mediator_user)
    assert "没有手机号码或电子邮箱" in str(exc.value.message)


# --- the register ------------------------------------------------------------------------------------------------


def test_the_register_pages_create_and_edit_with_chinese_validation(client) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    manager = user_with_role(Role.TRIAL_MANAGEMENT, m.w.court, full_name="管理员")
    login_verified(client, manager)
    page = client.get("/mediation/manage/")
    assert page.status_code == 200 and "干将社区人民调解委员会" in page.content.decode()
    # an area: its parent must be the level above, its code under the parent's
    r = client.post(
        "/mediation/manage/areas/new/",
        {"level": "village", "parent": m.county.pk, "code": "320508001002", "name": "新社区", "residents": "6000"},
    )
    assert r.status_code == 200 and "村（社区）的上级须为乡镇（街道）" in r.content.decode()
    r = client.post(
        "/mediation/manage/areas/new/",
        {"level": "village", "parent": m.township.pk, "code": "999", "name": "新社区", "residents": "6000"},
    )
    assert "区划代码须以上级区域的代码320508001开头" in r.content.decode()
    r = client.post(
        "/mediation/manage/areas/new/",
        {"level": "village", "parent": m.township.pk, "code": "320508001002", "name": "新社区", "residents": "-1"},
    )
    assert r.status_code == 200 and not Area.objects.filter(name="新社区").exists()
    r = client.post(
        "/mediation/manage/areas/new/",
        {"level": "village", "parent": m.township.pk, "code": "320508001002", "name": "新社区", "residents": "6000",
         "lat": "31.3", "lng": "120.6"},
    )  # fmt: skip
    assert r.status_code == 302
    village = Area.objects.get(name="新社区")
    assert village.residents == 6000 and village.parent == m.township
    r = client.post(
        f"/mediation/manage/areas/{village.pk}/",
        {"level": "village", "parent": m.township.pk, "code": "320508001002", "name": "新社区", "residents": "6500"},
    )
    village.refresh_from_db()
    assert r.status_code == 302 and village.residents == 6500
    # a body with its guiding judge; a duplicate name and a bad ceiling are refused
    r = client.post(
        "/mediation/manage/bodies/new/",
        {"name": "干将社区人民调解委员会", "kind": "people", "speciality": "general", "area": village.pk},
    )
    assert "本院已有同名调解组织" in r.content.decode()
    r = client.post(
        "/mediation/manage/bodies/new/",
        {"name": "新社区人民调解委员会", "kind": "people", "speciality": "general", "area": village.pk,
         "max_amount": "abc", "active": "on"},
    )  # fmt: skip
    assert "受理金额上限须为金额" in r.content.decode()
    r = client.post(
        "/mediation/manage/bodies/new/",
        {"name": "新社区人民调解委员会", "kind": "people", "speciality": "general", "area": village.pk,
         "guiding_judge": m.w.judge.pk, "max_amount": "50000", "active": "on"},
    )  # fmt: skip
    assert r.status_code == 302
    body = MediationBody.objects.get(name="新社区人民调解委员会")
    assert body.guiding_judge == m.w.judge and body.max_amount == 50000
    # a mediator: areas, languages, fields, guiding judge, a MEDIATOR account of the court
    account = user_with_role(Role.MEDIATOR, m.w.court, full_name="钱调解")
    r = client.post(
        "/mediation/manage/mediators/new/",
        {"body": body.pk, "name": "钱调解", "kind": "people", "languages": "普通话、苏州话", "fields_": ["family", "labour"],
         "areas": [village.pk], "guiding_judge": m.w.judge.pk, "user": m.mediator_user.pk, "active": "on"},
    )  # fmt: skip
    assert "该账户已是“干将社区人民调解委员会”的调解员周调解" in r.content.decode()
    r = client.post(
        "/mediation/manage/mediators/new/",
        {"body": body.pk, "name": "钱调解", "kind": "people", "languages": "普通话、苏州话", "fields_": ["family", "labour"],
         "areas": [village.pk], "guiding_judge": m.w.judge.pk, "user": account.pk, "active": "on"},
    )  # fmt: skip
    assert r.status_code == 302
    mediator = Mediator.objects.get(name="钱调解")
    assert mediator.fields == ["family", "labour"] and list(mediator.areas.all()) == [village]
    assert mediator.guiding_judge == m.w.judge and mediator.user == account
    # a shared court (a new remote site of the hearings app) with its keeper, device and capabilities
    r = client.post(
        "/mediation/manage/sites/new/",
        {
            "name": "新社区共享法庭",
            "host": "新社区居委会",
            "area": village.pk,
            "keeper": "网格员张",
            "device": "一体机",
        },
    )
    assert "请选择共享法庭的功能" in r.content.decode()
    r = client.post(
        "/mediation/manage/sites/new/",
        {"name": "新社区共享法庭", "host": "新社区居委会", "area": village.pk, "keeper": "网格员张",
         "keeper_phone": "13700000000", "device": "一体机", "capabilities": ["参加调解", "接受送达"]},
    )  # fmt: skip
    assert r.status_code == 302
    shared = SharedCourt.objects.get(site__name="新社区共享法庭")
    assert shared.capabilities == ["参加调解", "接受送达"] and shared.lat == village.lat
    r = client.post(
        f"/mediation/manage/sites/{shared.pk}/",
        {"area": village.pk, "keeper": "村干部李", "device": "平板", "capabilities": ["法律咨询"]},
    )
    shared.refresh_from_db()
    assert r.status_code == 302 and shared.keeper == "村干部李"
    page = client.get("/mediation/manage/").content.decode()
    assert "新社区共享法庭" in page and "钱调解" in page


def test_only_the_court_staff_the_table_names_manage_the_register(client) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    for user in (m.w.party, m.mediator_user, m.w.judge):
        login_verified(client, user)
        assert client.get("/mediation/manage/").status_code == 403
        assert client.get(f"/mediation/manage/bodies/{m.village_body.pk}/").status_code == 403
        assert 'data-testid="nav-manage"' not in client.get("/mediation/bodies/").content.decode()
        client.logout()
    login_verified(client, m.w.officer)  # the filing division (诉调对接) manages it
    assert client.get("/mediation/manage/").status_code == 200
    assert 'data-testid="nav-manage"' in client.get("/mediation/bodies/").content.decode()
    with pytest.raises(Forbidden):
        services_manage.body_save(
            actor=m.w.judge, court=m.w.court,
            data=services_manage.BodyData(name="x", kind="people", speciality="general", area_id=m.village.pk),
        )  # fmt: skip
    other = services_manage.manage_courts(user=m.w.officer)
    assert other == {m.w.court.pk}


def test_routing_prefers_the_mediator_of_the_place_then_of_the_field() -> None:
    from decimal import Decimal

    from smartcourt.mediation.rules import routing as R

    body = R.BodyInfo(1, "社区调委会", "people", "general", 10, None)
    mediators = [
        R.MediatorInfo(1, 1, "甲", "普通话", 0, Decimal(5)),
        R.MediatorInfo(2, 1, "乙", "普通话", 3, Decimal(5), fields=("family",), area_ids=(10,)),
        R.MediatorInfo(3, 1, "丙", "普通话", 1, Decimal(5), area_ids=(10,)),
        R.MediatorInfo(4, 1, "丁", "普通话", 0, Decimal(5), area_ids=(99,)),
    ]
    data = R.RoutingInput(cause_name="离婚后财产纠纷", amount=None, area_chain=(10, 5, 1))
    result = R.route(data, [body], mediators)
    assert result.mediator_id == 2
    assert "调解员负责纠纷发生地所在区域" in result.reasons and "调解员擅长该类纠纷" in result.reasons
    loan = R.route(R.RoutingInput(cause_name="民间借贷纠纷", amount=None, area_chain=(10, 5, 1)), [body], mediators)
    assert loan.mediator_id == 3  # of the place, then the fewest in hand
