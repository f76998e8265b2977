"""Mediation (诉源治理、分调裁审): areas and their residents, mediation bodies and mediators, disputes from entry to
settlement or filing, the room's asynchronous side (messages, offers), the agreement and its signatures, judicial
confirmation (司法确认), shared courts (共享法庭) and the funnel's daily aggregates. See ADR 0038."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.fields import CorrelationIdField
from smartcourt.core.models import AppendOnlyModel, BaseModel


class AreaLevel(models.TextChoices):
    COUNTY = "county", _("县（区）")
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")


class Area(BaseModel):
    """A county, township or village (社区) with its resident figure: the funnel's places and the denominator of
    万人成讼率 (cases filed per 10,000 residents)."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    level = models.CharField(_("层级"), max_length=16, choices=AreaLevel.choices)
    code = models.CharField(_("区划代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    residents = models.PositiveIntegerField(_("常住人口"), default=0)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    PEOPLE = "people", _("人民调解委员会")
    TRADE = "trade", _("行业性专业性调解组织")
    MARKET = "market", _("商事调解组织")
    COURT = "court", _("法院诉调对接中心")


class Speciality(models.TextChoices):
    GENERAL = "general", _("综合")
    LABOUR = "labour", _("劳动争议")
    FAMILY = "family", _("婚姻家庭")
    TRAFFIC = "traffic", _("道路交通")
    FINANCE = "finance", _("金融")
    IP = "ip", _("知识产权")


class MediationBody(BaseModel):
    """A mediation organisation: a people's mediation committee of a county, township or village, a trade or
    professional body, a market mediation body, or the court's own mediation centre; a judge guides it (法官挂点指导)."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("对接法院"))
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=BodyKind.choices)
    speciality = models.CharField(_("专业领域"), max_length=16, choices=Speciality.choices, default="general")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("所在区域"))
    guiding_judge = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("指导法官")
    )
    max_amount = models.DecimalField(_("受理金额上限"), max_digits=18, decimal_places=2, null=True, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("调解组织")
        verbose_name_plural = _("调解组织")
        ordering = ["court", "name"]
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="mediation_body_unique_name")]

    def __str__(self) -> str:
        return self.name


class MediatorKind(models.TextChoices):
    PEOPLE = "people", _("人民调解员")
    SPECIAL = "special", _("特邀调解员")
    TRADE = "trade", _("行业调解员")
    MARKET = "market", _("商事调解员")


class Mediator(BaseModel):
    """A mediator of a body; signs in with the MEDIATOR role at the body's court (the one permission table)."""

    body = models.ForeignKey(MediationBody, on_delete=models.PROTECT, related_name="mediators", verbose_name=_("组织"))
    user = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("账户")
    )
    name = models.CharField(_("姓名"), max_length=64)
    kind = models.CharField(_("类别"), max_length=16, choices=MediatorKind.choices, default="people")
    languages = models.CharField(_("语言"), max_length=100, default="普通话")
    rating = models.DecimalField(_("评分"), max_digits=3, decimal_places=1, default=5)
    active = models.BooleanField(_("在岗"), default=True)
    areas = models.ManyToManyField(
        Area, blank=True, related_name="mediators", verbose_name=_("负责区域"), help_text=_("不选：所在组织的区域")
    )
    fields = models.JSONField(_("擅长领域"), default=list, blank=True)  # Speciality values
    guiding_judge = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("指导法官"), help_text=_("不选：所在组织的指导法官"),
    )  # fmt: skip

    @property
    def field_labels(self) -> list[str]:
        labels = dict(Speciality.choices)
        return [str(labels.get(f, f)) for f in self.fields or []]

    class Meta:
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return self.name


# what a shared court may do (共享法庭的功能): guide a filing, join a mediation, join a hearing, receive service, consult
CAPABILITIES = ("立案指导", "参加调解", "参加庭审", "接受送达", "法律咨询")
SHARED_COURT_KIND = "shared_court"  # hearings' RemoteSiteKind.SHARED_COURT (read through its selectors)


class SharedCourt(BaseModel):
    """A shared court (共享法庭): the hearings app's remote site (kind 共享法庭, its video schedule and staff) with
    what mediation needs of it — the area it serves, its keeper, its device, its capabilities and coordinates."""

    site = models.OneToOneField(
        "hearings.RemoteSite", on_delete=models.PROTECT, related_name="shared_court", verbose_name=_("远程场所")
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="shared_courts", verbose_name=_("区域"))
    keeper = models.CharField(_("管理员"), max_length=64, help_text=_("网格员或村（社区）干部"))
    keeper_phone = models.CharField(_("管理员电话"), max_length=20, blank=True)
    device = models.CharField(_("设备"), max_length=100, default="一体机")
    capabilities = models.JSONField(_("功能"), default=list, blank=True)  # SiteCapability values
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        verbose_name = _("共享法庭")
        verbose_name_plural = _("共享法庭")


class Source(models.TextChoices):
    FILING = "filing", _("网上立案（诉前调解）")
    SHARED_COURT = "shared_court", _("共享法庭")
    BODY = "body", _("调解组织自行受理")
    REFERRAL = "referral", _("法院委派/委托调解")


class Variant(models.TextChoices):
    GENERAL = "general", _("一般民商事纠纷")
    LABOUR = "labour", _("劳动争议")
    FAMILY = "family", _("婚姻家庭纠纷")


class DisputeState(models.TextChoices):
    MEDIATING = "mediating", _("调解中")
    SETTLED = "settled", _("调解成功")
    FAILED = "failed", _("调解不成")
    EXPIRED = "expired", _("调解期限届满")
    FILED = "filed", _("已转立案")
    WITHDRAWN = "withdrawn", _("已撤回")


class Dispute(BaseModel):
    """One dispute in mediation, from its entry to a settlement, a failure or its filing as a case.

    `number`: the 诉前调 case number when it came from a filing (the case-number scheme's 诉前调 type, through the
    filing's acceptance on the mediation track), else the body's own reference. `due_on` is the mediation deadline
    (30 days for pre-filing mediation, legaltime's `mediation.pre_filing`), moved by the parties' agreement."""

    number = models.CharField(_("编号"), max_length=48, unique=True)
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("区域"))
    body = models.ForeignKey(
        MediationBody, on_delete=models.PROTECT, null=True, blank=True, related_name="disputes", verbose_name=_("组织")
    )
    mediator = models.ForeignKey(
        Mediator, on_delete=models.PROTECT, null=True, blank=True, related_name="disputes", verbose_name=_("调解员")
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    variant = models.CharField(_("类型"), max_length=16, choices=Variant.choices, default="general")
    state = models.CharField(_("状态"), max_length=16, choices=DisputeState.choices, default="mediating", db_index=True)
    cause = models.ForeignKey(
        "cases.CauseOfAction", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("案由")
    )
    cause_name = models.CharField(_("纠纷类型"), max_length=100)
    amount = models.DecimalField(_("标的额"), max_digits=18, decimal_places=2, null=True, blank=True)
    summary = models.TextField(_("纠纷简况"), blank=True)
    started_on = models.DateField(_("调解开始日"))
    due_on = models.DateField(_("调解期限届满日"), db_index=True)
    extended = models.BooleanField(_("经各方同意延长"), default=False)
    routing = models.JSONField(_("分派理由"), default=list, blank=True)
    filing = models.ForeignKey(
        "filing.Filing", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("立案申请")
    )
    pre_case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("诉前调案件")
    )
    referral_case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("委托调解案件")
    )
    video_room = models.OneToOneField(
        "hearing_room.Room", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("视频调解室"),
    )  # fmt: skip
    filed_case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("转立案案件")
    )
    shared_court = models.ForeignKey(
        SharedCourt, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("共享法庭")
    )
    award_reference = models.CharField(_("劳动仲裁裁决书文号"), max_length=64, blank=True)
    cooling_off_until = models.DateField(_("冷静期至"), null=True, blank=True)
    children_involved = models.BooleanField(_("涉及未成年子女"), default=False)
    children_note = models.CharField(_("子女利益安排"), max_length=300, blank=True)
    closed_on = models.DateField(_("结束日"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解案件")
        verbose_name_plural = _("调解案件")
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["mediator", "state"], name="mediation_mediator_state"),
            models.Index(fields=["court", "state", "due_on"], name="mediation_court_state_due"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def overdue(self) -> bool:
        """Still marked as mediating after its deadline (the sweep has not run yet): never shown as pending."""
        return self.state == DisputeState.MEDIATING and self.due_on < timezone.localdate()


class PartySide(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")


class DisputeParty(BaseModel):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties", verbose_name=_("调解案件"))
    side = models.CharField(_("地位"), max_length=16, choices=PartySide.choices)
    kind = models.CharField(_("类别"), max_length=16, default="natural")
    name = models.CharField(_("姓名/名称"), max_length=120)
    id_number = models.CharField(_("证件号码"), max_length=18, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("住所地"), max_length=200, blank=True)
    user = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("账户")
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    # the invitation of a party without an account (被申请人邀请): only the link's hash is kept (ADR 0015)
    invite_sha256 = models.CharField(_("邀请链接摘要"), max_length=64, blank=True, db_index=True)
    invited_at = models.DateTimeField(_("最近邀请时间"), null=True, blank=True)
    invite_count = models.PositiveSmallIntegerField(_("邀请次数"), default=0)
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解当事人")
        verbose_name_plural = _("调解当事人")
        ordering = ["dispute", "side", "id"]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.name}"

    @property
    def awaiting(self) -> bool:
        """Invited (named by the other side, with a phone or an e-mail address) but not yet in the room: no account
        has claimed the invitation. A party mediated offline (no account, never invited) is not awaited."""
        return self.user_id is None and self.invited_at is not None


class DisputeEventType(models.TextChoices):
    OPENED = "dispute.opened", _("受理调解")
    ROUTED = "dispute.routed", _("分派调解组织和调解员")
    EXTENDED = "dispute.extended", _("当事人同意延长调解期限")
    INVITED = "party.invited", _("邀请被申请人参加调解")
    CLAIMED = "party.claimed", _("被申请人实名认领调解")
    MESSAGE = "dispute.message", _("调解留言")
    OFFER = "dispute.offer", _("提出调解方案")
    OFFER_ACCEPTED = "dispute.offer_accepted", _("接受调解方案")
    AGREEMENT_DRAWN = "agreement.drawn", _("生成调解协议")
    AGREEMENT_SIGNED = "agreement.signed", _("签署调解协议")
    SETTLED = "dispute.settled", _("调解成功")
    FAILED = "dispute.failed", _("调解不成")
    EXPIRED = "dispute.expired", _("调解期限届满")
    FILED = "dispute.filed", _("转立案")
    CONFIRMATION_APPLIED = "confirmation.applied", _("申请司法确认")
    CONFIRMATION_DECIDED = "confirmation.decided", _("司法确认裁定")


class DisputeEvent(AppendOnlyModel):
    """The dispute's timeline (append-only), as CaseEvent is a case's."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(_("事件"), max_length=48, db_index=True)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(_("摘要"), max_length=300)
    payload = models.JSONField(_("数据"), default=dict, blank=True)
    correlation_id = CorrelationIdField()

    class Meta:
        verbose_name = _("调解事件")
        verbose_name_plural = _("调解事件")
        ordering = ["occurred_at", "id"]


class Message(AppendOnlyModel):
    """A message in the mediation room's asynchronous side (异步调解留言). Append-only: what was said stays said."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author_label = models.CharField(_("发言人"), max_length=120)
    body = models.TextField(_("内容"))
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("调解留言")
        verbose_name_plural = _("调解留言")
        ordering = ["occurred_at", "id"]


class OfferState(models.TextChoices):
    OPEN = "open", _("待回应")
    ACCEPTED = "accepted", _("已接受")
    SUPERSEDED = "superseded", _("已被反提议替代")


class Offer(BaseModel):
    """An offer or counter-offer (调解方案): an amount, paid at once or in instalments."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="offers")
    party = models.ForeignKey(DisputeParty, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出方"))
    amount = models.DecimalField(_("金额"), max_digits=18, decimal_places=2)
    instalments = models.PositiveSmallIntegerField(_("分期数"), default=1)
    first_due_on = models.DateField(_("首期履行日"))
    note = models.CharField(_("其他条款"), max_length=500, blank=True)
    replies_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("回应的方案")
    )
    state = models.CharField(_("状态"), max_length=16, choices=OfferState.choices, default="open")

    class Meta:
        verbose_name = _("调解方案")
        verbose_name_plural = _("调解方案")
        ordering = ["dispute", "created_at", "id"]


class Agreement(BaseModel):
    """The mediation agreement (调解协议) drawn from an accepted offer; in force once every party has signed."""

    dispute = models.OneToOneField(Dispute, on_delete=models.PROTECT, related_name="agreement")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="+")
    terms = models.JSONField(_("协议条款"), default=list)
    amount = models.DecimalField(_("金额"), max_digits=18, decimal_places=2)
    instalments = models.PositiveSmallIntegerField(_("分期数"), default=1)
    pdf_sha256 = models.CharField(_("协议文件SHA-256"), max_length=64)
    pdf_storage_name = models.CharField(_("协议文件"), max_length=200, blank=True)  # core.intake store
    in_force_on = models.DateField(_("生效日"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")

    @property
    def signed(self) -> bool:
        return self.in_force_on is not None


class Signature(BaseModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(DisputeParty, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("签名"), max_length=120)
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)
    sha256 = models.CharField(_("所签文件SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("协议签名")
        verbose_name_plural = _("协议签名")
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="mediation_sign_once")]


class ConfirmationState(models.TextChoices):
    PENDING = "pending", _("审查中")
    CONFIRMED = "confirmed", _("裁定确认有效")
    REFUSED = "refused", _("裁定驳回申请")


class Confirmation(BaseModel):
    """An application for judicial confirmation (司法确认, 民诉法 Art. 205–206), registered as a 民特 case; the
    judge's ruling (确认调解协议裁定书) is served through the service app."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="confirmation")
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("民特案件"))
    applied_on = models.DateField(_("申请日"))
    window_due_on = models.DateField(_("申请期限届满日"))
    review_due_on = models.DateField(_("审查期限届满日"))
    state = models.CharField(_("状态"), max_length=16, choices=ConfirmationState.choices, default="pending")
    judge = models.ForeignKey("courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField(_("裁定日"), null=True, blank=True)
    reason = models.CharField(_("驳回理由"), max_length=300, blank=True)
    ruling_sha256 = models.CharField(_("裁定书SHA-256"), max_length=64, blank=True)
    ruling = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("裁定书"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("司法确认")
        verbose_name_plural = _("司法确认")
        constraints = [
            models.CheckConstraint(condition=~Q(state="refused") | ~Q(reason=""), name="mediation_refusal_reason")
        ]


class FunnelDay(models.Model):
    """The funnel's aggregate (漏斗日汇总): per day, village-level area and cause, how many disputes entered, settled,
    were confirmed and were filed as cases. Kept by the services in the same transaction as each change, so the
    dashboard reads thousands of rows, not millions (ADR 0038); `funnel_rebuild` recomputes it from the disputes."""

    day = models.DateField()
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    cause_name = models.CharField(max_length=100)
    entered = models.PositiveIntegerField(default=0)
    settled = models.PositiveIntegerField(default=0)
    confirmed = models.PositiveIntegerField(default=0)
    filed = models.PositiveIntegerField(default=0)
    site_activity = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("调解漏斗日汇总")
        verbose_name_plural = _("调解漏斗日汇总")
        constraints = [models.UniqueConstraint(fields=["day", "area", "cause_name"], name="mediation_funnel_day_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.area_id} {self.cause_name}"
