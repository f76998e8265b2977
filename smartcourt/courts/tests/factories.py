"""Factories for courts and people (factory_boy). Passwords are hashed once (argon2 is deliberately slow)."""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password

from smartcourt.courts.models import Court, Division, RoleGrant, User
from smartcourt.courts.roles import CourtLevel, DivisionKind

PASSWORD = "Correct-Horse-Battery-9"
_HASHED: list[str] = []


def hashed_password() -> str:
    if not _HASHED:
        _HASHED.append(make_password(PASSWORD))
    return _HASHED[0]


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court

    name = factory.Sequence(lambda n: f"测试第{n}人民法院")
    short_name = factory.LazyAttribute(lambda o: o.name)
    code = factory.Sequence(lambda n: f"苏{(n % 90) + 10:02d}{(n // 90) % 90 + 10:02d}")
    level = CourtLevel.BASIC
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        from smartcourt.core.actors import SYSTEM
        from smartcourt.courts.services import court_create

        return court_create(actor=SYSTEM, **kwargs)  # the one place a court's hierarchy path is written


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    court = factory.SubFactory(CourtFactory)
    name = factory.Sequence(lambda n: f"民事审判第{n}庭")
    kind = DivisionKind.CIVIL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.LazyFunction(hashed_password)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    court = factory.SubFactory(CourtFactory)
    division = None
    role = "judge"


def user_with_role(role: str, court: Court, division: Division | None = None, **kwargs: object) -> User:
    user = UserFactory(**kwargs)
    RoleGrant.objects.create(user=user, role=role, court=court, division=division)
    return user


def login_verified(client, user: User) -> None:  # type: ignore[no-untyped-def]
    """Sign `user` in on the test client with a verified second factor (as after the TOTP step)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, confirmed=True
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
