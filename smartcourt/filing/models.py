"""Filing (立案) tables. Court fees: the point each court takes inside the statutory fee ranges."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.fields import CorrelationIdField
from smartcourt.core.models import AppendOnlyModel, BaseModel

from .rules.fees import RANGES


class CourtFeeRangeKind(models.TextChoices):
    """The fee ranges (幅度) a court may tune: 诉讼费用交纳办法 Art. 13(2), 13(3), 13(6) and Art. 14."""

    DIVORCE = "divorce", _("离婚案件（50–300元，第十三条第（二）项第1目）")
    PERSONALITY = "personality", _("人格权案件（100–500元，第十三条第（二）项第2目）")
    NON_PROPERTY = "non_property", _("其他非财产案件（50–100元，第十三条第（二）项第3目）")
    IP = "ip", _("知识产权民事案件无争议金额（500–1000元，第十三条第（三）项）")
    JURISDICTION_OBJECTION = "jurisdiction_objection", _("管辖权异议不成立（50–100元，第十三条第（六）项）")
    ENFORCEMENT = "enforcement", _("申请执行无执行金额（50–500元，第十四条第（一）项）")
    MARITIME_FUND = "maritime.fund", _("设立海事赔偿责任限制基金（1000–10000元，第十四条第（七）项）")
    MARITIME_INJUNCTION = "maritime.injunction", _("海事强制令（1000–5000元，第十四条第（七）项）")
    MARITIME_PRIORITY_NOTICE = "maritime.priority_notice", _("船舶优先权催告（1000–5000元，第十四条第（七）项）")


assert {c.value for c in CourtFeeRangeKind} == set(RANGES), "every statutory range is configurable, no more"


class CourtFeePoint(models.TextChoices):
    MIN = "min", _("下限")
    MAX = "max", _("上限")
    VALUE = "value", _("指定金额")


class CourtFeeSetting(BaseModel):
    """The point a court takes inside one fee range; absent = the minimum. Written only by `court_fee_setting_set`."""

    court = models.ForeignKey(
        "courts.Court", on_delete=models.CASCADE, related_name="fee_settings", verbose_name=_("法院")
    )
    kind = models.CharField(_("收费幅度"), max_length=32, choices=CourtFeeRangeKind.choices)
    point = models.CharField(_("取值"), max_length=8, choices=CourtFeePoint.choices, default=CourtFeePoint.MIN)
    value = models.DecimalField(_("指定金额（元）"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("诉讼费收费标准")
        verbose_name_plural = _("诉讼费收费标准")
        ordering = ["court", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["court", "kind"], name="court_fee_setting_unique_kind"),
            models.CheckConstraint(
                condition=(Q(point="value") & Q(value__isnull=False))
                | (Q(point__in=["min", "max"]) & Q(value__isnull=True)),
                name="court_fee_setting_value_iff_point_value",
            ),
        ]

    def __str__(self) -> str:
        shown = f"{self.value}元" if self.point == CourtFeePoint.VALUE else self.get_point_display()
        return f"{self.court} · {self.kind} · {shown}"


# --------------------------------------------------------------------------------------------------------------------
# Online filing (网上立案): the filing, its parties, evidence, timeline, corrections, consent, fees, relief.
# --------------------------------------------------------------------------------------------------------------------


class FilingState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    RECEIVED = "received", _("已接收（待转交）")  # 跨域立案: received at another court's counter
    SUBMITTED = "submitted", _("待审查")
    CORRECTION = "correction", _("待补正")
    ACCEPTED = "accepted", _("已立案")
    REJECTED = "rejected", _("不予受理")
    RETURNED = "returned", _("逾期未补正，已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


class FilingChannel(models.TextChoices):
    ONLINE = "online", _("网上立案")
    KIOSK = "kiosk", _("自助立案终端")
    COUNTER = "counter", _("窗口立案")
    CROSS_REGION = "cross_region", _("跨域立案")


class Track(models.TextChoices):
    """繁简分流 tracks a filing may be routed to."""

    MEDIATION = "mediation", _("先行调解")
    SMALL_CLAIMS = "small_claims", _("小额诉讼程序")
    SIMPLE = "simple", _("简易程序")
    ORDINARY = "ordinary", _("普通程序")


class Filing(BaseModel):
    """One complaint (起诉) from its draft to the court's decision (立案 / 补正 / 不予受理)."""

    reference = models.CharField(_("立案申请号"), max_length=24, unique=True)
    verification_code = models.CharField(_("查询码"), max_length=8)
    state = models.CharField(_("状态"), max_length=16, choices=FilingState.choices, default=FilingState.DRAFT)
    channel = models.CharField(_("渠道"), max_length=16, choices=FilingChannel.choices, default=FilingChannel.ONLINE)
    filer = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="filings", verbose_name=_("提交人")
    )
    filer_is_lawyer = models.BooleanField(_("律师代为提交"), default=False)
    court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
        verbose_name=_("受诉法院"),
    )
    receiving_court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_filings",
        verbose_name=_("收件法院（跨域立案）"),
    )
    jurisdiction_basis = models.CharField(_("管辖依据"), max_length=32, blank=True)
    performance_place = models.CharField(_("合同履行地"), max_length=100, blank=True)
    type_code = models.CharField(_("类型代字"), max_length=8, default="民初")
    cause = models.ForeignKey(
        "cases.CauseOfAction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("案由"),
    )
    claims = models.JSONField(_("诉讼请求"), default=list, blank=True)  # [{"text": str, "amount": "123.00"|None}]
    claim_amount = models.DecimalField(_("诉讼标的额"), max_digits=18, decimal_places=2, null=True, blank=True)
    facts = models.TextField(_("事实与理由"), blank=True)
    foreign_element = models.BooleanField(_("涉外因素"), default=False)
    signature_name = models.CharField(_("签名"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("签名时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submission_key = models.CharField(_("提交幂等键"), max_length=64, null=True, blank=True, unique=True)
    # The 7-day clock (民诉法 Art. 126) counts from receipt, and from receipt of the corrections (登记立案规定 Art. 7).
    clock_started_on = models.DateField(_("审查期间起算日"), null=True, blank=True)
    review_due_on = models.DateField(_("审查期限届满日"), null=True, blank=True, db_index=True)
    triage_suggested = models.CharField(_("分流建议"), max_length=16, choices=Track.choices, blank=True)
    triage_reasons = models.JSONField(_("分流理由"), default=list, blank=True)
    triage_final = models.CharField(_("分流结果"), max_length=16, choices=Track.choices, blank=True)
    triage_override_reason = models.CharField(_("改变分流建议的理由"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("审查人")
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    rejection_reason = models.TextField(_("不予受理理由"), blank=True)
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="filing", verbose_name=_("案件")
    )
    forwarded_at = models.DateTimeField(_("转交时间"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("转交人")
    )

    class Meta:
        verbose_name = _("立案申请")
        verbose_name_plural = _("立案申请")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["court", "state", "review_due_on"], name="filing_court_queue"),
            models.Index(fields=["receiving_court", "state"], name="filing_receiving_queue"),
            models.Index(fields=["filer", "-created_at"], name="filing_filer_recent"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def jurisdiction_basis_label(self) -> str:
        from .rules.jurisdiction import BASES

        basis = BASES.get(self.jurisdiction_basis)
        return f"{basis.label}（{basis.citation}）" if basis else ""


class FilingParty(BaseModel):
    """A party as the filer described it; becomes a case party (Person) on acceptance."""

    class Role(models.TextChoices):
        PLAINTIFF = "plaintiff", _("原告")
        DEFENDANT = "defendant", _("被告")
        THIRD_PARTY = "third_party", _("第三人")

    class Kind(models.TextChoices):
        NATURAL = "natural", _("自然人")
        LEGAL = "legal", _("法人")
        ORGANISATION = "organisation", _("非法人组织")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="parties", verbose_name=_("立案申请"))
    role = models.CharField(_("诉讼地位"), max_length=16, choices=Role.choices)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.NATURAL)
    name = models.CharField(_("姓名/名称"), max_length=120)
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("住所地"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人/负责人"), max_length=64, blank=True)
    is_filer = models.BooleanField(_("本人"), default=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)

    class Meta:
        verbose_name = _("立案当事人")
        verbose_name_plural = _("立案当事人")
        ordering = ["filing", "id"]  # as the filer entered them (plaintiffs first in the wizard)

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class Evidence(BaseModel):
    """An uploaded evidence file or document; stored content-addressed (SHA-256), type sniffed from its bytes."""

    class Scan(models.TextChoices):
        CLEAN = "clean", _("未发现病毒")
        SKIPPED = "skipped", _("未扫描")
        INFECTED = "infected", _("发现病毒")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("立案申请"))
    title = models.CharField(_("证据名称"), max_length=120)
    source = models.CharField(_("证据来源"), max_length=120, blank=True)
    purpose = models.CharField(_("证明目的"), max_length=300, blank=True)
    file = models.FileField(_("文件"), upload_to="filing/evidence/", max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=80)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    scan_status = models.CharField(_("病毒扫描"), max_length=16, choices=Scan.choices, default=Scan.SKIPPED)
    scan_note = models.CharField(_("扫描说明"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["filing", "position", "id"]

    def __str__(self) -> str:
        return self.title


class FilingEventType(models.TextChoices):
    """Every event a filing's timeline can hold (`filing_event_append` refuses any other)."""

    DRAFTED = "filing.drafted", _("创建草稿")
    CONSENT_RECORDED = "consent.recorded", _("在线诉讼意愿")
    BASICS_SET = "filing.basics_set", _("填写基本信息")
    PARTIES_SET = "filing.parties_set", _("填写当事人")
    CLAIMS_SET = "filing.claims_set", _("填写诉讼请求")
    COURT_SET = "filing.court_set", _("选择受理法院")
    FACTS_SET = "filing.facts_set", _("填写事实与理由")
    EVIDENCE_ADDED = "evidence.added", _("上传证据")
    EVIDENCE_REMOVED = "evidence.removed", _("删除证据")
    SUBMITTED = "filing.submitted", _("提交立案申请")
    RESUBMITTED = "filing.resubmitted", _("补正后重新提交")
    SUBMITTED_KIOSK = "filing.submitted_kiosk", _("自助立案提交")
    WITHDRAWN = "filing.withdrawn", _("撤回申请")
    LAWYER_AUTHORISED = "filing.lawyer_authorised", _("委托律师代理")
    ACCEPTED = "filing.accepted", _("登记立案")
    CORRECTION_REQUESTED = "filing.correction_requested", _("通知补正")
    REJECTED = "filing.rejected", _("不予立案")
    RECEIVED_CROSS_REGION = "filing.received_cross_region", _("接收跨域立案")
    FORWARDED = "filing.forwarded", _("转交跨域立案")
    FEE_RELIEF_APPLIED = "fee.relief_applied", _("申请缓减免交诉讼费")
    FEE_RELIEF_DECIDED = "fee.relief_decided", _("缓减免审批")


class FilingEvent(AppendOnlyModel):
    """The filing's timeline (append-only), as CaseEvent is the case's."""

    # PROTECT: a filing with a timeline cannot be deleted (a cascade would erase its history).
    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(_("事件"), max_length=48, db_index=True)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(_("摘要"), max_length=300)
    payload = models.JSONField(_("数据"), default=dict, blank=True)
    public = models.BooleanField(_("当事人可见"), default=True)
    correlation_id = CorrelationIdField()

    class Meta:
        verbose_name = _("立案事件")
        verbose_name_plural = _("立案事件")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.filing_id} {self.type}"


class CorrectionRequest(BaseModel):
    """One consolidated notice to correct (一次性告知补正, 登记立案规定 Art. 7) listing every defect."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="corrections")
    items = models.JSONField(_("补正事项"), default=list)  # [{"field": "parties", "message": "…"}]
    due_on = models.DateField(_("补正期限"))
    issued_by = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("发出人"))
    resolved_at = models.DateTimeField(_("补正提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("补正通知")
        verbose_name_plural = _("补正通知")
        ordering = ["filing", "-created_at"]


class ConsentStep(models.TextChoices):
    """Procedural steps a party may agree to conduct online (在线诉讼规则 Art. 4–5), one consent each."""

    FILING = "filing", _("在线立案")
    SERVICE = "service", _("电子送达")
    MEDIATION = "mediation", _("在线调解")
    EVIDENCE = "evidence", _("在线证据交换")
    HEARING = "hearing", _("在线庭审")


class OnlineConsent(BaseModel):
    """A person's consent (or refusal) to one online step, for one filing or case (在线诉讼规则 Art. 4–5)."""

    user = models.ForeignKey("courts.User", on_delete=models.CASCADE, related_name="online_consents")
    person_name = models.CharField(_("当事人"), max_length=120)
    filing = models.ForeignKey(Filing, null=True, blank=True, on_delete=models.CASCADE, related_name="consents")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("诉讼环节"), max_length=16, choices=ConsentStep.choices)
    agreed = models.BooleanField(_("同意在线进行"))
    notice_version = models.CharField(_("告知书版本"), max_length=16, default="2021-1")
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("在线诉讼同意")
        verbose_name_plural = _("在线诉讼同意")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "filing", "step"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_step",
            )
        ]


# --- fees after acceptance ------------------------------------------------------------------------------------------


class FeeNotice(BaseModel):
    """交纳诉讼费用通知书: the fee computed from the fee rules, due 7 days after notice (诉讼费用交纳办法 Art. 22)."""

    class State(models.TextChoices):
        UNPAID = "unpaid", _("待交纳")
        PENDING = "pending", _("已提交交费凭证，待确认")
        PAID = "paid", _("已交纳")
        DEFERRED = "deferred", _("准予缓交")
        WAIVED = "waived", _("准予免交")
        OVERDUE = "overdue", _("逾期未交")

    filing = models.OneToOneField(Filing, on_delete=models.PROTECT, related_name="fee_notice")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("通知书编号"), max_length=40, unique=True)
    fee_kind = models.CharField(_("费用类型"), max_length=32)
    amount = models.DecimalField(_("应交金额"), max_digits=18, decimal_places=2)
    basis = models.JSONField(_("计算依据"), default=dict)
    issued_on = models.DateField(_("通知日期"))
    due_on = models.DateField(_("交纳期限"))
    due_explanation = models.JSONField(_("期限计算"), default=list)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.UNPAID)
    payer_name = models.CharField(_("交费人"), max_length=120)
    payment_reference = models.CharField(_("交费识别码"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("交纳诉讼费用通知书")
        verbose_name_plural = _("交纳诉讼费用通知书")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


class Payment(BaseModel):
    """A payment reported by the party through a payment provider and confirmed by staff."""

    class State(models.TextChoices):
        REPORTED = "reported", _("待确认")
        CONFIRMED = "confirmed", _("已确认到账")
        REFUSED = "refused", _("未查到到账")

    notice = models.ForeignKey(FeeNotice, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(_("交费方式"), max_length=32)
    reference = models.CharField(_("银行流水号/交易号"), max_length=64)
    amount = models.DecimalField(_("金额"), max_digits=18, decimal_places=2)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.REPORTED)
    reported_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("交费记录")
        verbose_name_plural = _("交费记录")
        ordering = ["notice", "created_at"]
        constraints = [models.UniqueConstraint(fields=["provider", "reference"], name="payment_reference_unique")]


class Refund(BaseModel):
    """A refund of court fees: halving (Art. 15/16) or withdrawal (Art. 15), recorded with its basis."""

    class Reason(models.TextChoices):
        HALVING = "halving", _("减半收取（诉讼费用交纳办法第十五条、第十六条）")
        WITHDRAWAL = "withdrawal", _("撤诉减半（诉讼费用交纳办法第十五条）")
        OVERPAID = "overpaid", _("多交退还")

    notice = models.ForeignKey(FeeNotice, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("退费金额"), max_digits=18, decimal_places=2)
    reason = models.CharField(_("事由"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("退费记录")
        verbose_name_plural = _("退费记录")


class FeeRelief(BaseModel):
    """An application for judicial aid on fees (缓交、减交、免交, 诉讼费用交纳办法 Art. 44–51) and its decision."""

    class Kind(models.TextChoices):
        DEFER = "defer", _("缓交")
        REDUCE = "reduce", _("减交")
        WAIVE = "waive", _("免交")

    class State(models.TextChoices):
        PENDING = "pending", _("待审查")
        GRANTED = "granted", _("准许")
        REFUSED = "refused", _("不予准许")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="fee_reliefs")
    kind = models.CharField(_("申请事项"), max_length=8, choices=Kind.choices)
    ground = models.CharField(_("申请理由（法定情形）"), max_length=32)
    statement = models.TextField(_("困难情况说明"))
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.PENDING)
    reduced_amount = models.DecimalField(_("减交后金额"), max_digits=18, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_reason = models.CharField(_("决定理由"), max_length=300, blank=True)
    applicant = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("诉讼费用司法救助申请")
        verbose_name_plural = _("诉讼费用司法救助申请")
        ordering = ["-created_at"]


class Authorisation(BaseModel):
    """A party's authorisation of a lawyer for one filing (and the case it becomes): 委托诉讼代理人."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="authorisations")
    party_user = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("委托人"))
    lawyer = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("受托律师"))
    authority = models.CharField(_("代理权限"), max_length=32, default="一般授权")
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("授权委托")
        verbose_name_plural = _("授权委托")
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "lawyer"], condition=Q(revoked_at__isnull=True), name="authorisation_active_unique"
            )
        ]
