"""Enforcement (执行): the file attached to a 执 case, its case account (一案一账号) with double-entry movements and
payouts needing a second person, the bank-statement reconciliation, online asset inquiry and control (网络查控) and
the coercive measures (报告财产令、限制高消费、失信、限制出境、搜查、拘留). See ADR 0037."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import AppendOnlyModel, BaseModel


class TitleKind(models.TextChoices):
    """The enforcement title (执行依据)."""

    JUDGMENT = "judgment", _("生效判决书")
    RULING = "ruling", _("生效裁定书")
    MEDIATION = "mediation", _("调解书")
    CONFIRMED_AGREEMENT = "confirmed_agreement", _("司法确认的调解协议")
    ARBITRATION = "arbitration", _("仲裁裁决书")
    NOTARISED_DEBT = "notarised_debt", _("赋予强制执行效力的公证债权文书")


IN_SYSTEM_TITLES = (TitleKind.JUDGMENT, TitleKind.RULING, TitleKind.MEDIATION, TitleKind.CONFIRMED_AGREEMENT)


class ClosingKind(models.TextChoices):
    """How an enforcement case ends (执行结案方式)."""

    FULFILLED = "fulfilled", _("执行完毕")
    FINAL_THIS_ROUND = "final_this_round", _("终结本次执行程序")
    TERMINATED = "terminated", _("终结执行")
    NOT_ENFORCED = "not_enforced", _("不予执行")
    CANCELLED = "cancelled", _("销案")


class EnforcementFile(BaseModel):
    """What enforcement adds to a 执 case: its title, the amount to recover, how it closed, what it restores."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="enforcement")
    title_kind = models.CharField(_("执行依据种类"), max_length=24, choices=TitleKind.choices)
    title_reference = models.CharField(_("执行依据文号"), max_length=120)
    title_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("执行依据案件")
    )
    title_effective_on = models.DateField(_("执行依据生效日期"), null=True, blank=True)
    title_file_name = models.CharField(_("执行依据文件"), max_length=200, blank=True)
    title_file_sha256 = models.CharField(_("文件哈希"), max_length=64, blank=True)
    amount_due = models.DecimalField(_("申请执行标的"), max_digits=18, decimal_places=2)
    notice_due_on = models.DateField(_("执行通知履行期限"), null=True, blank=True)
    closing_kind = models.CharField(_("结案方式"), max_length=24, choices=ClosingKind.choices, blank=True)
    closing_note = models.CharField(_("结案说明"), max_length=300, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    restores = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="restorations", verbose_name=_("恢复执行")
    )

    class Meta:
        verbose_name = _("执行案件")
        verbose_name_plural = _("执行案件")

    def __str__(self) -> str:
        return f"执行 {self.case_id}"


class Paper(BaseModel):
    """A paper of the enforcement file: a document the enforcement issued (执行文书), generated on the documents path
    (`document`: its template, seal and service are the documents app's), or the outside title's uploaded file
    (`storage_name` in the content-addressed store)."""

    file = models.ForeignKey(EnforcementFile, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(_("文书"), max_length=60)
    document = models.OneToOneField(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    storage_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Claim(BaseModel):
    """One applicant's share of what is to be recovered (申请执行人的债权份额), carried over from the title."""

    file = models.ForeignKey(EnforcementFile, on_delete=models.CASCADE, related_name="claims")
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("债权金额"), max_digits=18, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["file", "party"], name="enforcement_claim_unique")]

    def __str__(self) -> str:
        return f"{self.party_id}: {self.amount}"


# --- case funds (案款) ------------------------------------------------------------------------------------------


class CaseAccount(BaseModel):
    """The virtual account of one case (一案一账号). `balance` is the sum of the case legs, kept under the row lock
    and constrained never to be negative."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="account")
    number = models.CharField(_("案款账号"), max_length=32, unique=True)
    balance = models.DecimalField(_("余额"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("案款账户")
        verbose_name_plural = _("案款账户")
        constraints = [models.CheckConstraint(condition=Q(balance__gte=0), name="enforcement_account_not_negative")]

    def __str__(self) -> str:
        return self.number

    @property
    def ledger(self) -> str:
        return f"case:{self.case_id}"


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("到账")
    PAYOUT = "payout", _("发放")
    REFUND = "refund", _("退还")
    INTEREST = "interest", _("利息")
    FEE = "fee", _("费用扣除")


class FundMovement(AppendOnlyModel):
    """One movement of case money; its legs (FundLeg) sum to zero."""

    account = models.ForeignKey(CaseAccount, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("类别"), max_length=16, choices=MovementKind.choices)
    amount = models.DecimalField(_("金额"), max_digits=18, decimal_places=2)
    counterparty = models.CharField(_("对方"), max_length=120, blank=True)
    reference = models.CharField(_("银行流水号/凭证"), max_length=64, blank=True, db_index=True)
    occurred_at = models.DateTimeField(_("时间"))
    recorded_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    approved_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("审批人")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    append_only_update_hint = "record a reversing movement instead"

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="enforcement_movement_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class FundLeg(AppendOnlyModel):
    """One side of a movement on one ledger (`case:<id>`, `bank`, `payee:<party id>`, `debtor:<party id>`,
    `interest`, `fees`); positive debits the ledger (money in for a case)."""

    movement = models.ForeignKey(FundMovement, on_delete=models.PROTECT, related_name="legs")
    ledger = models.CharField(max_length=40, db_index=True)
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    occurred_at = models.DateTimeField()  # the movement's instant

    def __str__(self) -> str:
        return f"{self.ledger} {self.amount}"


class PayoutState(models.TextChoices):
    PENDING = "pending", _("待审批")
    PAID = "paid", _("已发放")
    REFUSED = "refused", _("不予批准")


class Payout(BaseModel):
    """A payout or refund asked by one person and approved by another (案款发放须经两人)."""

    account = models.ForeignKey(CaseAccount, on_delete=models.PROTECT, related_name="payouts")
    kind = models.CharField(_("类别"), max_length=16, choices=MovementKind.choices, default=MovementKind.PAYOUT)
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("收款人"))
    amount = models.DecimalField(_("金额"), max_digits=18, decimal_places=2)
    state = models.CharField(_("状态"), max_length=12, choices=PayoutState.choices, default=PayoutState.PENDING)
    requested_by = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    movement = models.OneToOneField(FundMovement, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.get_state_display()})"


class Reconciliation(BaseModel):
    """One daily reconciliation of the bank statement against the case accounts (案款对账)."""

    statement_date = models.DateField(_("对账日期"))
    file_name = models.CharField(_("对账单"), max_length=200)
    lines = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    run_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.statement_date} {self.file_name}"


class ReconciliationFlag(BaseModel):
    class Kind(models.TextChoices):
        UNMATCHED = "unmatched", _("无法匹配案件")
        AMBIGUOUS = "ambiguous", _("同时匹配两个案件")
        UNRECORDED = "unrecorded", _("银行已到账但未入账")
        AMOUNT = "amount", _("金额不符")
        MISSING = "missing", _("已入账但对账单无此笔")
        MALFORMED = "malformed", _("格式错误")

    reconciliation = models.ForeignKey(Reconciliation, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    line_no = models.PositiveIntegerField(default=0)
    reference = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=300)

    def __str__(self) -> str:
        return f"{self.line_no} {self.kind}"


# --- online inquiry and control (网络查控) ------------------------------------------------------------------------


class HolderKind(models.TextChoices):
    BANK = "bank", _("银行")
    REAL_ESTATE = "real_estate", _("不动产登记")
    VEHICLE = "vehicle", _("车辆登记")
    SECURITIES = "securities", _("证券")
    PAYMENT_PLATFORM = "payment_platform", _("网络支付平台")
    HOUSING_FUND = "housing_fund", _("住房公积金")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")


class AssetKind(models.TextChoices):
    DEPOSIT = "deposit", _("存款")
    REAL_ESTATE = "real_estate", _("不动产")
    VEHICLE = "vehicle", _("车辆")
    SECURITIES = "securities", _("证券")
    PAYMENT_BALANCE = "payment_balance", _("网络支付账户余额")
    HOUSING_FUND = "housing_fund", _("住房公积金")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")


class InquiryBatch(BaseModel):
    """One batch inquiry across every holder for every debtor of a case (总对总网络查控)."""

    class State(models.TextChoices):
        RUNNING = "running", _("查询中")
        DONE = "done", _("已完成")

    file = models.ForeignKey(EnforcementFile, on_delete=models.PROTECT, related_name="inquiries")
    requested_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=12, choices=State.choices, default=State.RUNNING)

    def __str__(self) -> str:
        return f"查控 {self.file_id} {self.done}/{self.total}"


class InquiryResult(AppendOnlyModel):
    """A holder's answer about one debtor, kept as evidence (查控反馈)."""

    batch = models.ForeignKey(InquiryBatch, on_delete=models.PROTECT, related_name="results")
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+")
    holder_kind = models.CharField(max_length=24, choices=HolderKind.choices)
    holder_name = models.CharField(max_length=100)
    occurred_at = models.DateTimeField()  # when the holder answered
    reply = models.JSONField(default=dict)
    reply_sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "party", "holder_kind"], name="enforcement_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} {self.party_id}"


class Asset(BaseModel):
    """A debtor's asset found by an inquiry."""

    file = models.ForeignKey(EnforcementFile, on_delete=models.PROTECT, related_name="assets")
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+")
    result = models.ForeignKey(InquiryResult, on_delete=models.PROTECT, related_name="assets")
    holder_kind = models.CharField(max_length=24, choices=HolderKind.choices)
    holder_name = models.CharField(_("协助执行单位"), max_length=100)
    kind = models.CharField(_("财产类别"), max_length=24, choices=AssetKind.choices)
    identifier = models.CharField(_("账号/权证号"), max_length=64)
    description = models.CharField(_("描述"), max_length=200, blank=True)
    value = models.DecimalField(_("余额/估值"), max_digits=18, decimal_places=2, default=0)
    frozen = models.DecimalField(_("已冻结"), max_digits=18, decimal_places=2, default=0)

    def __str__(self) -> str:
        return f"{self.holder_name} {self.identifier}"


class ControlKind(models.TextChoices):
    FREEZE = "freeze", _("冻结/查封")
    DEDUCT = "deduct", _("扣划")
    RELEASE = "release", _("解除冻结/查封")


class AssetControl(BaseModel):
    """A freezing, deduction or release order sent to the holder, with its document and, for a freeze, its expiry."""

    class State(models.TextChoices):
        ACTIVE = "active", _("有效")
        DONE = "done", _("已执行")
        RELEASED = "released", _("已解除")
        EXPIRED = "expired", _("已到期")

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="controls")
    kind = models.CharField(max_length=12, choices=ControlKind.choices)
    amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    starts_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.ACTIVE)
    holder_reference = models.CharField(max_length=64, blank=True)
    paper = models.ForeignKey("Paper", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    renews = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reminded_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["kind", "state", "expires_on"], name="enforcement_control_expiry")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.asset_id}"


# --- measures (强制措施与信用惩戒) -----------------------------------------------------------------------------------


class MeasureKind(models.TextChoices):
    REPORT_PROPERTY = "report_property", _("报告财产令")
    CONSUMPTION_RESTRICTION = "consumption_restriction", _("限制消费令")
    DISHONEST_LIST = "dishonest_list", _("纳入失信被执行人名单")
    EXIT_BAN = "exit_ban", _("限制出境")
    SEARCH = "search", _("搜查令")
    DETENTION = "detention", _("拘留决定")


class Measure(BaseModel):
    class State(models.TextChoices):
        ACTIVE = "active", _("有效")
        REVOKED = "revoked", _("已撤销/解除")

    file = models.ForeignKey(EnforcementFile, on_delete=models.PROTECT, related_name="measures")
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("措施"), max_length=32, choices=MeasureKind.choices)
    ground = models.CharField(_("事由"), max_length=40, blank=True)
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    decided_on = models.DateField(_("决定日期"))
    ends_on = models.DateField(_("期限届满"), null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.ACTIVE)
    revoked_on = models.DateField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    paper = models.ForeignKey("Paper", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # the public list's copy (失信被执行人名单公布信息): masked when written
    public_name = models.CharField(max_length=120, blank=True, db_index=True)
    public_id = models.CharField(max_length=24, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "state"], name="enforcement_measure_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party_id}"


# --- judicial auction (网络司法拍卖) -------------------------------------------------------------------------------


class Auction(BaseModel):
    """The online judicial auction of one asset: valuation, then rounds (first, second at a reduced reserve), then
    sale by discount (变卖); the proceeds go into the case account."""

    class State(models.TextChoices):
        VALUED = "valued", _("已评估待公告")
        OPEN = "open", _("拍卖中")
        SOLD = "sold", _("已成交")
        FAILED = "failed", _("流拍待处置")
        CLOSED = "closed", _("已终结")

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="auctions")
    valuation = models.DecimalField(_("评估价"), max_digits=18, decimal_places=2)
    platform = models.CharField(_("拍卖平台"), max_length=40)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    paper = models.ForeignKey(Paper, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"拍卖 {self.asset_id}"


class AuctionRound(BaseModel):
    class Kind(models.TextChoices):
        FIRST = "first", _("一拍")
        SECOND = "second", _("二拍")
        SALE = "sale", _("变卖")

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reserve = models.DecimalField(_("起拍价/变卖价"), max_digits=18, decimal_places=2)
    starts_on = models.DateField()
    ends_on = models.DateField()
    listing = models.CharField(_("平台标的编号"), max_length=40, blank=True)
    sold_price = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(max_length=12, blank=True)  # "sold" | "failed" | ""

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reserve}"


# --- cross-court and entrusted enforcement, the assistance network (异地交叉执行、委托执行、协助执行网络) ---------------
# ADR 0043. One file: a designated or shared case stays the same EnforcementFile/Case; the receiving court's officer
# acts on it through the ENFORCEMENT and CASE_FUNDS scopes that read `CrossCourt` (permissions.py).


class CrossCourtKind(models.TextChoices):
    DESIGNATED = "designated", _("指定执行")  # the higher court directs another court to enforce (交叉执行)
    JOINT = "joint", _("共同执行")  # the case's court and another enforce it together


class CrossCourt(BaseModel):
    """A higher court's designation of another court to enforce a case, or to share it (异地交叉执行、指定执行、
    共同执行); the handover (`Handover`) and the receiving court's acknowledgement make it active."""

    class State(models.TextChoices):
        DESIGNATED = "designated", _("待移交")
        HANDED_OVER = "handed_over", _("待接收")
        ACTIVE = "active", _("已接收")

    file = models.ForeignKey(EnforcementFile, on_delete=models.PROTECT, related_name="crosscourts")
    kind = models.CharField(_("方式"), max_length=12, choices=CrossCourtKind.choices)
    ground = models.CharField(_("事由"), max_length=24)
    reason = models.CharField(_("理由"), max_length=300)
    designating_court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("决定法院")
    )
    from_court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("原执行法院")
    )
    to_court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("接收法院"))
    to_division = models.ForeignKey(
        "courts.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiving_officer = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办人")
    )
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.DESIGNATED)
    decided_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("决定日期"))
    ruling = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("异地交叉执行")
        verbose_name_plural = _("异地交叉执行")
        constraints = [models.UniqueConstraint(fields=["file", "to_court"], name="enforcement_crosscourt_once")]
        indexes = [models.Index(fields=["state", "receiving_officer"], name="enforcement_crosscourt_officer")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_id} → {self.to_court_id}"


class Handover(BaseModel):
    """The handover (交接) of a designated or shared case: what was handed — the papers, the case account's balance,
    the assets under control — and the receiving court's acknowledgement."""

    crosscourt = models.OneToOneField(CrossCourt, on_delete=models.PROTECT, related_name="handover")
    handed_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handed_at = models.DateTimeField(_("移交时间"))
    papers = models.JSONField(_("移交文书"), default=list)  # [{"id", "title"}]
    balance = models.DecimalField(_("案款余额"), max_digits=18, decimal_places=2)
    controls = models.JSONField(_("控制中的财产"), default=list)  # [{"asset", "holder", "identifier", "kind", …}]
    note = models.CharField(_("移交说明"), max_length=300, blank=True)
    acknowledged_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    acknowledged_balance = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    acknowledgement_note = models.CharField(_("接收意见"), max_length=300, blank=True)

    def __str__(self) -> str:
        return f"交接 {self.crosscourt_id}"


class EntrustedMatter(models.TextChoices):
    """What may be entrusted to the court where the debtor or the property is (委托执行事项)."""

    FIND_PROPERTY = "find_property", _("调查被执行人财产")
    SEIZE_PROPERTY = "seize_property", _("查封、扣押、冻结财产")
    DELIVER = "deliver", _("送达法律文书")
    INVESTIGATE = "investigate", _("查找被执行人下落")
    OTHER = "other", _("其他执行事项")


class Entrustment(BaseModel):
    """A measure entrusted to another court with a 委托执行函 (民诉法 Art. 240): it begins within fifteen days of the
    letter and reports back (函复) — the result when done, the progress if not done within thirty days."""

    class State(models.TextChoices):
        SENT = "sent", _("已发函待受理")
        ACCEPTED = "accepted", _("受托办理中")
        REPLIED = "replied", _("已函复")
        CANCELLED = "cancelled", _("已撤回")

    file = models.ForeignKey(EnforcementFile, on_delete=models.PROTECT, related_name="entrustments")
    from_court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("委托法院")
    )
    to_court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("受托法院"))
    to_division = models.ForeignKey(
        "courts.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matter = models.CharField(_("委托事项"), max_length=20, choices=EntrustedMatter.choices)
    detail = models.CharField(_("具体要求"), max_length=500)
    party = models.ForeignKey(
        "cases.CaseParty", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("被执行人")
    )
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.SENT)
    sent_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("发函日期"))
    act_by = models.DateField(_("开始执行期限"))
    report_by = models.DateField(_("函告执行情况期限"))
    letter = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("受托承办人")
    )
    accepted_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    replied_on = models.DateField(_("函复日期"), null=True, blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("委托执行")
        verbose_name_plural = _("委托执行")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["to_court", "state"], name="enforcement_entrust_inbox")]

    def __str__(self) -> str:
        return f"委托 {self.file_id} → {self.to_court_id}"


class EntrustmentReport(BaseModel):
    """What the entrusted court reports back (函复/函告): its progress, or the result that ends the entrustment."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("函告执行情况")
        RESULT = "result", _("函复执行结果")

    entrustment = models.ForeignKey(Entrustment, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.CharField(_("情况"), max_length=1000)
    reported_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.entrustment_id}"


class AssistanceKind(models.TextChoices):
    """Tasks the township and village assistance network takes (协助执行网络)."""

    FIND_DEBTOR = "find_debtor", _("查找被执行人下落")
    DELIVER_NOTICE = "deliver_notice", _("送达/张贴执行通知")
    VERIFY_ADDRESS = "verify_address", _("核实住址")
    REPORT_PROPERTY = "report_property", _("报告财产线索")


class AssistanceTask(BaseModel):
    """One task for a grid worker or village official (网格员、村社区干部), with its deadline and report back. `court`
    is the court whose network the worker belongs to (one of the courts enforcing the case); the court that asked is
    named on the notice and on the timeline."""

    class State(models.TextChoices):
        OPEN = "open", _("待办理")
        REPORTED = "reported", _("已反馈")
        CANCELLED = "cancelled", _("已撤回")

    class Outcome(models.TextChoices):
        DONE = "done", _("已完成（找到/已送达/属实）")
        NOT_FOUND = "not_found", _("未找到/地址不实")
        PARTIAL = "partial", _("部分完成")

    file = models.ForeignKey(EnforcementFile, on_delete=models.PROTECT, related_name="assistance_tasks")
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("网格所属法院")
    )
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("被执行人"))
    kind = models.CharField(_("任务"), max_length=20, choices=AssistanceKind.choices)
    instructions = models.CharField(_("要求"), max_length=500, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    worker = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("网格员"))
    assigned_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_on = models.DateField(_("发出日期"))
    due_on = models.DateField(_("反馈期限"))
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.OPEN)
    notice = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices, blank=True)
    report_note = models.CharField(_("反馈情况"), max_length=1000, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    photo_name = models.CharField(max_length=200, blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    photo_kind = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name = _("协助执行任务")
        verbose_name_plural = _("协助执行任务")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["worker", "state", "due_on"], name="enforcement_assist_worker")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party_id}"
