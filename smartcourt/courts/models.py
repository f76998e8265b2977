from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel

from .roles import STAFF_ROLES, CourtLevel, DivisionKind, Role, RoomKind

_COURT_PATH = re.compile(r"/(?:[0-9]+/)+")


class Court(BaseModel):
    """A people's court; `code` is the one used in case numbers (苏, 苏05, 苏0508).

    Created only by `courts.services.court_create`, which writes the materialised path; the database refuses an
    empty or malformed path, and the permission table reads a court without a valid path as having no courts below
    it (an empty prefix would otherwise match every court).
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.CharField(_("代字"), max_length=16, unique=True)
    level = models.CharField(_("级别"), max_length=16, choices=CourtLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级法院")
    )
    # Materialised path of ids ("/1/3/12/") so "this court and every court below it" is one prefix query.
    path = models.CharField(_("层级路径"), max_length=255, db_index=True, editable=False)
    region = models.CharField(_("辖区"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("法院")
        verbose_name_plural = _("法院")
        ordering = ["path"]
        constraints = [
            # "/1/3/12/": never empty, never the bare root (the prefix of every court's path).
            models.CheckConstraint(
                condition=Q(path__startswith="/") & Q(path__endswith="/") & ~Q(path="/"),
                name="court_path_well_formed",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def path_is_valid(self) -> bool:
        return bool(_COURT_PATH.fullmatch(self.path or ""))

    def path_expected(self) -> str:
        """The path this court must have: its parent's path and its own id (empty before the first save)."""
        if self.pk is None:
            return ""
        return f"{self.parent.path if self.parent_id else '/'}{self.pk}/"  # type: ignore[union-attr]

    def clean(self) -> None:
        super().clean()
        if self.pk is not None and (not self.path_is_valid() or self.path != self.path_expected()):
            raise ValidationError({"path": _("层级路径与上级法院不一致，请通过“新建法院”功能创建法院。")})

    def is_within(self, other: Court) -> bool:
        """True when this court is `other` or below it in the hierarchy (never for a court without a valid path)."""
        return self.path_is_valid() and other.path_is_valid() and self.path.startswith(other.path)


class Division(BaseModel):
    """A division (庭/局/办) inside a court."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="divisions", verbose_name=_("法院"))
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=24, choices=DivisionKind.choices)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["court__path", "id"]
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="division_unique_name_per_court")]

    def __str__(self) -> str:
        return f"{self.court.short_name or self.court.name}{self.name}"


class Room(BaseModel):
    """A courtroom, online courtroom, mediation room or remote site."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("法院"))
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=24, choices=RoomKind.choices, default=RoomKind.COURTROOM)
    capacity = models.PositiveIntegerField(_("座位数"), default=30)
    location = models.CharField(_("位置"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("法庭/场所")
        verbose_name_plural = _("法庭/场所")
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="room_unique_name_per_court")]

    def __str__(self) -> str:
        return f"{self.court.short_name or self.court.name} {self.name}"


class User(AbstractUser):
    """A person who signs in: court staff, lawyers and parties."""

    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    lawyer_licence_no = models.CharField(_("律师执业证号"), max_length=32, blank=True)
    law_firm = models.CharField(_("律师事务所"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    @property
    def requires_two_factor(self) -> bool:
        """Every staff role signs in with TOTP; lawyers and parties do not."""
        if self.is_superuser:
            return True
        if self.__dict__.get("grants_per_request"):
            return any(g.role in STAFF_ROLES for g in self.role_grants())
        return self.grants.filter(role__in=list(STAFF_ROLES)).exists()

    def role_grants(self) -> list[RoleGrant]:
        """This person's grants with their court and division. The user of a request (marked `grants_per_request`
        by StaffTwoFactorMiddleware: a new instance each request) reads them once per request — the middleware,
        the menu, the permission filters and the page all ask; any other instance reads them at each call, so a
        grant given meanwhile counts at once."""
        cached = self.__dict__.get("_role_grants")
        if cached is not None:
            return cached
        grants = list(self.grants.select_related("court", "division").order_by("pk"))
        if self.__dict__.get("grants_per_request"):
            self.__dict__["_role_grants"] = grants
        return grants


class RoleGrant(BaseModel):
    """One role of one person in one court (optionally one division)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("人员"))
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices)
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="grants", verbose_name=_("法院"))
    division = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="grants", verbose_name=_("部门")
    )
    # 法官法 Art. 18 / 人民法院组织法 Art. 43: judges, division heads and presidents hold office by an appointment of
    # the people's congress or its standing committee; their grants record its document number (courts/rules/grants).
    appointment_ref = models.CharField(_("任免文号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            # Two partial constraints instead of nulls_distinct=False, which SQLite cannot enforce.
            models.UniqueConstraint(
                fields=["user", "role", "court", "division"],
                condition=Q(division__isnull=False),
                name="grant_unique_in_division",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "court"], condition=Q(division__isnull=True), name="grant_unique_in_court"
            ),
        ]
        indexes = [models.Index(fields=["role", "court"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.division or self.court}"


class StandingTeam(BaseModel):
    """A judge's standing team (固定审判团队): the assistant (法官助理) and the clerk (书记员) who work with the judge
    and join each case assigned to the judge (分案) unless the case's team is formed otherwise.

    One per judge's post (the judge's `RoleGrant` at a court and division), so a judge sitting in two courts keeps a
    team in each; the judge and the post's division head set it (permission table: `Resource.STANDING_TEAM`).
    """

    post = models.OneToOneField(
        RoleGrant, on_delete=models.CASCADE, related_name="standing_team", verbose_name=_("法官职位")
    )
    assistant = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("法官助理")
    )
    clerk = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("书记员")
    )

    class Meta:
        verbose_name = _("固定审判团队")
        verbose_name_plural = _("固定审判团队")

    def __str__(self) -> str:
        return f"{self.post}"


class HolidayYear(BaseModel):
    """A year of the State Council's holiday arrangement, loaded as data (民诉法 Art. 85 counts on it)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    notice = models.CharField(_("依据"), max_length=200, help_text=_("如：国务院办公厅关于2025年部分节假日安排的通知"))
    notice_no = models.CharField(_("文号"), max_length=64, blank=True)
    loaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("录入人")
    )

    class Meta:
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A statutory holiday, or a weekend day that is a make-up working day (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班日")

    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("年度"))
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=32)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["holiday", "workday"]), name="calendar_day_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}（{self.get_kind_display()}）"


__all__ = [
    "ApiToken",
    "CalendarDay",
    "Court",
    "Division",
    "HolidayYear",
    "Role",
    "RoleGrant",
    "Room",
    "TotpEnrolmentCode",
    "User",
]


class ApiToken(BaseModel):
    """A personal API token; only its SHA-256 is stored, the token itself is shown once.

    It works until `expires_at` (default lifetime `API_TOKEN_LIFETIME_DAYS`), until its owner revokes it, and only
    while the owner's password is the one it was issued under (`password_stamp`): every token dies with a password
    change, by whatever path the password changed.
    """

    class RevokedReason(models.TextChoices):
        OWNER = "owner", _("本人吊销")
        PASSWORD_CHANGED = "password_changed", _("修改密码后失效")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户"))
    name = models.CharField(_("用途"), max_length=64)
    prefix = models.CharField(_("前缀"), max_length=12)
    key_hash = models.CharField(_("摘要"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("有效期至"))
    password_stamp = models.CharField(_("签发时的密码指纹"), max_length=64, editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("吊销原因"), max_length=24, choices=RevokedReason.choices, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.name} ({self.prefix}…)"


class TotpEnrolmentCode(BaseModel):
    """A one-time code a staff member needs, besides the password, to bind an authenticator app (绑定码).

    Issued by an administrator through `totp_enrolment_code_issue` (audited), valid until `expires_at`, used once;
    only its SHA-256 is stored. A password alone (guessed, phished, reused) therefore never enrols a second factor.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="totp_enrolment_codes", verbose_name=_("人员")
    )
    code_hash = models.CharField(_("摘要"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("发放人")
    )
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("身份验证器绑定码")
        verbose_name_plural = _("身份验证器绑定码")

    def __str__(self) -> str:
        return f"{self.user} · {self.expires_at:%Y-%m-%d %H:%M}"
