"""Service of process (送达): confirmed addresses, tasks with their channel plan, attempts, immutable events.

Writes go through `services.py`; `ServiceEvent` is append-only like `CaseEvent` (every attempt and receipt is one
event, hashed and anchored in the ledger).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.fields import CorrelationIdField
from smartcourt.core.models import AppendOnlyModel, BaseModel


class Channel(models.TextChoices):
    PLATFORM = "platform", _("诉讼平台电子送达")
    SMS = "sms", _("短信链接电子送达")
    EMAIL = "email", _("电子邮件送达")
    POST = "post", _("邮寄送达（法院专递）")
    IN_PERSON = "in_person", _("直接送达")
    PUBLIC_NOTICE = "public_notice", _("公告送达")


ELECTRONIC_CHANNELS = frozenset({Channel.PLATFORM, Channel.SMS, Channel.EMAIL})


class DocumentType(models.TextChoices):
    COMPLAINT_COPY = "complaint_copy", _("起诉状副本及应诉通知书")
    SUMMONS = "summons", _("传票")
    NOTICE = "notice", _("通知书")
    EVIDENCE = "evidence", _("证据材料")
    JUDGMENT = "judgment", _("判决书")
    RULING = "ruling", _("裁定书")
    MEDIATION = "mediation", _("调解书")
    OTHER = "other", _("其他诉讼文书")


class ServiceAddress(BaseModel):
    """A confirmed service address (送达地址确认书) of one person, with the electronic channels consented to.

    Belongs to the person, not the case: it carries over to the person's later cases (民诉法解释 Art. 137) until a
    new confirmation supersedes it. Rows are never edited in substance; a change is a new row."""

    class SignedVia(models.TextChoices):
        ONLINE = "online", _("在线签署")
        PAPER = "paper", _("纸质签署（扫描件）")
        AGREEMENT = "agreement", _("诉前约定")
        OTHER_PARTY = "other_party", _("他方提供（未经本人确认）")

    class ConsentBasis(models.TextChoices):
        # 在线诉讼规则 Art. 29(2) items (一)–(四)
        EXPLICIT = "explicit", _("受送达人明确表示同意（在线诉讼规则第二十九条第二款第一项）")
        PRIOR_AGREEMENT = "prior_agreement", _("诉前对电子送达作出约定或承诺（第二十九条第二款第二项）")
        PLEADING = "pleading", _("在起诉状、答辩状等中主动提供电子地址（第二十九条第二款第三项）")
        NONE = "none", _("未同意电子送达")

    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, related_name="service_addresses", verbose_name=_("受送达人")
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("确认时所在案件"),
    )
    postal_address = models.CharField(_("邮寄/直接送达地址"), max_length=200, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    mobile = models.CharField(_("手机号码"), max_length=11, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    platform_user = models.ForeignKey(
        "courts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("诉讼平台账户"),
    )
    consent_platform = models.BooleanField(_("同意诉讼平台送达"), default=False)
    consent_sms = models.BooleanField(_("同意短信送达"), default=False)
    consent_email = models.BooleanField(_("同意电子邮件送达"), default=False)
    consent_judgments = models.BooleanField(_("同意电子送达判决书、裁定书、调解书"), default=False)
    consent_basis = models.CharField(_("同意依据"), max_length=16, choices=ConsentBasis.choices)
    abroad = models.BooleanField(_("在境外"), default=False)
    signed_via = models.CharField(_("确认方式"), max_length=16, choices=SignedVia.choices)
    signed_at = models.DateTimeField(_("确认时间"), default=timezone.now)
    paper_sha256 = models.CharField(_("纸质确认书扫描件 SHA-256"), max_length=64, blank=True)
    paper_storage_name = models.CharField(_("扫描件存储名"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("录入人")
    )
    superseded_at = models.DateTimeField(_("被新确认书取代时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("送达地址确认书")
        verbose_name_plural = _("送达地址确认书")
        ordering = ["person", "-signed_at", "-id"]
        indexes = [models.Index(fields=["person", "superseded_at"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_signed_via_display()} · {self.signed_at:%Y-%m-%d}"

    @property
    def confirmed(self) -> bool:
        """Signed by the recipient (online or on paper): the addresses are ones the recipient confirmed."""
        return self.signed_via in (self.SignedVia.ONLINE, self.SignedVia.PAPER)


class ServicePolicy(BaseModel):
    """A court's service policy (送达策略): channel order and how long an e-channel may stay unanswered."""

    court = models.OneToOneField(
        "courts.Court", on_delete=models.CASCADE, related_name="service_policy", verbose_name=_("法院")
    )
    channels = models.JSONField(_("渠道顺序"), default=list)
    wait_days = models.JSONField(_("各渠道等待回执天数"), default=dict)
    updated_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("修改人")
    )

    class Meta:
        verbose_name = _("送达策略")
        verbose_name_plural = _("送达策略")

    def __str__(self) -> str:
        return f"{self.court} · {' → '.join(self.channels)}"


class ServiceBatch(BaseModel):
    """One batch creation in the service centre (集中送达), e.g. 300 summonses at once."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    document_type = models.CharField(_("文书类型"), max_length=24, choices=DocumentType.choices)
    title = models.CharField(_("文书名称"), max_length=120)
    size = models.PositiveIntegerField(_("任务数"), default=0)
    created_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人")
    )

    class Meta:
        verbose_name = _("批量送达")
        verbose_name_plural = _("批量送达")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} × {self.size}"


class TaskState(models.TextChoices):
    PENDING = "pending", _("待送达")
    IN_PROGRESS = "in_progress", _("送达中")
    PUBLIC_NOTICE = "public_notice", _("公告期间")
    SERVED = "served", _("已送达")
    EXHAUSTED = "exhausted", _("送达未果")
    CANCELLED = "cancelled", _("已撤销")


OPEN_STATES = (TaskState.PENDING, TaskState.IN_PROGRESS, TaskState.PUBLIC_NOTICE, TaskState.EXHAUSTED)


class ServiceTask(BaseModel):
    """A document (or bundle) to one recipient in one case, with its plan of channels in order."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="service_tasks", verbose_name=_("案件")
    )
    party = models.ForeignKey(
        "cases.CaseParty", on_delete=models.PROTECT, related_name="service_tasks", verbose_name=_("受送达人")
    )
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("主体"))
    address = models.ForeignKey(
        ServiceAddress, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("送达地址")
    )
    batch = models.ForeignKey(
        ServiceBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("批次")
    )
    document_type = models.CharField(_("文书类型"), max_length=24, choices=DocumentType.choices)
    title = models.CharField(_("文书名称"), max_length=120)
    document_sha256 = models.CharField(_("文书 SHA-256"), max_length=64)
    document_storage_name = models.CharField(_("文书存储名"), max_length=200)
    document_size = models.PositiveIntegerField(_("文书大小"), default=0)
    plan = models.JSONField(_("送达渠道计划"), default=list)
    plan_notes = models.JSONField(_("计划说明"), default=list, blank=True)
    step = models.PositiveSmallIntegerField(_("当前渠道序号"), default=0)
    state = models.CharField(_("状态"), max_length=16, choices=TaskState.choices, default=TaskState.PENDING)
    served_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True, db_index=True)
    served_channel = models.CharField(_("送达方式"), max_length=16, choices=Channel.choices, blank=True)
    served_attempt = models.ForeignKey(
        "ServiceAttempt", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("生效送达")
    )
    served_basis = models.JSONField(_("送达生效依据"), default=list, blank=True)
    notice_deemed_on = models.DateField(_("公告期满视为送达日"), null=True, blank=True, db_index=True)
    certificate_sha256 = models.CharField(_("送达回证 SHA-256"), max_length=64, blank=True)
    certificate_storage_name = models.CharField(_("送达回证存储名"), max_length=200, blank=True)
    certificate_document_id = models.BigIntegerField(_("卷宗文书编号"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)
    created_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人")
    )
    origin_ref = models.CharField(_("来源"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("送达任务")
        verbose_name_plural = _("送达任务")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["court", "state", "-created_at"], name="service_task_queue"),
            models.Index(fields=["case", "-created_at"], name="service_task_case"),
            models.Index(fields=["person", "state"], name="service_task_person"),
        ]
        constraints = [
            # One task per origin (e.g. "filing.accept:12:party:34"): a hook run twice creates nothing new.
            models.UniqueConstraint(
                fields=["origin_ref"], condition=~models.Q(origin_ref=""), name="service_task_origin_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="served") | models.Q(served_at__isnull=False),
                name="service_task_served_has_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.person}"

    @property
    def current_channel(self) -> str:
        return self.plan[self.step] if self.step < len(self.plan) else ""


class AttemptState(models.TextChoices):
    AWAITING = "awaiting", _("已发出，待回执")
    DELIVERED = "delivered", _("已到达受送达人系统")
    SERVED = "served", _("已送达")
    FAILED = "failed", _("送达失败")
    SUPERSEDED = "superseded", _("已转下一渠道")


class ServiceAttempt(BaseModel):
    """One try on one channel. Its working state changes; each change is also an immutable `ServiceEvent`."""

    task = models.ForeignKey(ServiceTask, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("任务"))
    seq = models.PositiveSmallIntegerField(_("次序"))
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    state = models.CharField(_("状态"), max_length=12, choices=AttemptState.choices, default=AttemptState.AWAITING)
    target = models.CharField(_("送达地址"), max_length=200, blank=True)
    confirmed_address = models.BooleanField(_("受送达人确认的地址"), default=False)
    tracking_number = models.CharField(_("邮件号"), max_length=32, null=True, blank=True, unique=True)
    # The one-time link of an SMS / e-mail attempt and its code (ADR 0015): only hashes are kept, written when the
    # message is sent; the code's hash is keyed by the token, so the table alone cannot be brute-forced.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    code_hash = models.CharField(_("验证码摘要"), max_length=64, blank=True)
    code_failures = models.PositiveSmallIntegerField(_("验证码错误次数"), default=0)
    link_locked_at = models.DateTimeField(_("链接锁定时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("到达时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅知时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    failure_reason = models.CharField(_("失败原因"), max_length=300, blank=True)
    published_on = models.DateField(_("公告发出日"), null=True, blank=True)
    evidence = models.JSONField(_("送达凭据"), default=dict, blank=True)
    actor = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("送达人")
    )

    class Meta:
        verbose_name = _("送达尝试")
        verbose_name_plural = _("送达尝试")
        ordering = ["task", "seq"]
        constraints = [models.UniqueConstraint(fields=["task", "seq"], name="service_attempt_seq_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}#{self.seq} {self.get_channel_display()}"


class ServiceEventType(models.TextChoices):
    """Every event a service task's record can hold (the service `_event` helper refuses any other)."""

    TASK_CREATED = "task.created", _("创建送达任务")
    TASK_NEXT_CHANNEL = "task.next_channel", _("改用下一送达渠道")
    TASK_RETRIED = "task.retried", _("重新送达")
    TASK_CANCELLED = "task.cancelled", _("撤销送达")
    TASK_EXHAUSTED = "task.exhausted", _("各渠道均未送达")
    ATTEMPT_STARTED = "attempt.started", _("开始送达")
    ATTEMPT_POSTED = "attempt.posted", _("交邮")
    ATTEMPT_SENT = "attempt.sent", _("已发出")
    ATTEMPT_FAILED = "attempt.failed", _("送达失败")
    ATTEMPT_SUPERSEDED = "attempt.superseded", _("送达尝试被取代")
    RECEIPT_DELIVERED = "receipt.delivered", _("到达回执")
    RECEIPT_READ = "receipt.read", _("阅知回执")
    RECEIPT_POST = "receipt.post", _("邮件回执")
    RECEIPT_IN_PERSON = "receipt.in_person", _("直接送达回证")
    LINK_LOCKED = "link.locked", _("送达链接因验证码多次错误被锁定")
    NOTICE_PUBLISHED = "notice.published", _("公告发出")
    SERVED = "served", _("送达完成")


class ReadAuth(models.TextChoices):
    """How the person who opened a one-time link proved to be the recipient (ADR 0015)."""

    CODE = "code", _("输入随短信/邮件发送的验证码")
    ACCOUNT = "account", _("以受送达人本人账户登录")


class ServiceEvent(AppendOnlyModel):
    """An attempt or receipt (送达过程留痕, 在线诉讼规则 Art. 31(3)): append-only, hashed, anchored in the ledger."""

    task = models.ForeignKey(ServiceTask, on_delete=models.PROTECT, related_name="events")
    attempt = models.ForeignKey(ServiceAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("事件"), max_length=40, db_index=True)
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(_("摘要"), max_length=300)
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    sha256 = models.CharField(_("内容 SHA-256"), max_length=64)
    correlation_id = CorrelationIdField()  # not part of the hashed content: it says which action, not what

    class Meta:
        verbose_name = _("送达事件")
        verbose_name_plural = _("送达事件")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["task", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"


class ServiceDeadline(BaseModel):
    """A period that starts from service (答辩期, 上诉期), computed by the deadline engine when service completes."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="service_deadlines")
    task = models.ForeignKey(ServiceTask, on_delete=models.PROTECT, related_name="deadlines")
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+")
    rule_code = models.CharField(_("规则"), max_length=48)
    label = models.CharField(_("期间"), max_length=80)
    start_on = models.DateField(_("起算日（送达日）"))
    due_on = models.DateField(_("届满日"))
    explanation = models.JSONField(_("计算过程"), default=list)
    warnings = models.JSONField(_("提示"), default=list, blank=True)

    class Meta:
        verbose_name = _("自送达起算的期间")
        verbose_name_plural = _("自送达起算的期间")
        ordering = ["case", "due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "rule_code"], name="service_deadline_unique")]
