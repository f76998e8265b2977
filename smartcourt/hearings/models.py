"""Hearings (庭审): the sessions of a case, where and when, who sits and who attends; remote sites; the history of
every change of date (改期、延期开庭); escort requests to the court police (提押). See ADR 0030 for the design and how
the online room, recording, transcript and asynchronous cross-examination attach to these tables."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import AppendOnlyModel, BaseModel

from .rules.postponement import PostponementReason


class HearingKind(models.TextChoices):
    TRIAL = "trial", _("开庭")
    INQUIRY = "inquiry", _("询问")
    MEDIATION = "mediation", _("调解")
    PRONOUNCEMENT = "pronouncement", _("宣判")
    HEARING = "hearing", _("听证")


class HearingMode(models.TextChoices):
    IN_PERSON = "in_person", _("现场")
    ONLINE = "online", _("在线")
    REMOTE_SITE = "remote_site", _("远程（异地场所）")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已排期")
    IN_PROGRESS = "in_progress", _("进行中")
    CONCLUDED = "concluded", _("已开庭")
    POSTPONED = "postponed", _("已延期")
    CANCELLED = "cancelled", _("已取消")


# Bookings that hold their room, site and people (a postponed or cancelled one frees them).
ACTIVE_STATUSES = (HearingStatus.SCHEDULED, HearingStatus.IN_PROGRESS)


class RemoteSiteKind(models.TextChoices):
    DETENTION_CENTRE = "detention_centre", _("驻所科技法庭")
    SHARED_COURT = "shared_court", _("共享法庭")


class RemoteSite(BaseModel):
    """A place outside the courthouse from which participants attend by video: a technology courtroom inside a
    detention centre (驻所科技法庭) or a shared court in a township, a village or an organisation (共享法庭). It has its
    own schedule (one hearing at a time) and its own staff."""

    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="remote_sites", verbose_name=_("所属法院")
    )
    kind = models.CharField(_("类别"), max_length=24, choices=RemoteSiteKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    host = models.CharField(_("设立单位"), max_length=100, help_text=_("如：苏州市第一看守所、某街道办事处"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("远程庭审场所")
        verbose_name_plural = _("远程庭审场所")
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="hearings_site_unique_name")]

    def __str__(self) -> str:
        return self.name


class RemoteSiteStaff(BaseModel):
    """A person on a remote site's staff: the site's keeper (管理员), a liaison (联络员) or a court police officer
    stationed there. An account is optional (a village liaison may have none)."""

    class Duty(models.TextChoices):
        KEEPER = "keeper", _("场所管理员")
        LIAISON = "liaison", _("联络员")
        POLICE = "police", _("驻所法警")

    site = models.ForeignKey(RemoteSite, on_delete=models.CASCADE, related_name="staff", verbose_name=_("场所"))
    user = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("账户")
    )
    name = models.CharField(_("姓名"), max_length=64)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    duty = models.CharField(_("职责"), max_length=16, choices=Duty.choices)

    class Meta:
        verbose_name = _("场所工作人员")
        verbose_name_plural = _("场所工作人员")


def _room_key() -> str:
    return secrets.token_urlsafe(18)


class Hearing(BaseModel):
    """One session of a case (一次开庭、询问、调解、宣判或听证) at a planned time.

    Where: a room of the court (`room`: a courtroom, a technology courtroom or the online courtroom where the judge
    sits), and for each participant how they attend (`HearingParticipant.attendance`, with a remote site when they
    attend from one). `mode` sums it up for calendars and statistics. `room_key` names the hearing's online room
    for the video part (ADR 0030): it is random, never derived from ids, and the page checks the table anyway.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件"))
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    kind = models.CharField(_("类型"), max_length=16, choices=HearingKind.choices, default=HearingKind.TRIAL)
    mode = models.CharField(_("方式"), max_length=16, choices=HearingMode.choices, default=HearingMode.IN_PERSON)
    status = models.CharField(
        _("状态"), max_length=16, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED, db_index=True
    )
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("预计结束时间"))
    room = models.ForeignKey(
        "courts.Room", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("法庭")
    )
    clerk = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("书记员")
    )
    public = models.BooleanField(_("公开审理"), default=True)
    not_public_reason = models.CharField(_("不公开理由"), max_length=200, blank=True)
    sequence = models.PositiveSmallIntegerField(_("第几次"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next", verbose_name=_("延期前的庭审")
    )
    notes = models.CharField(_("备注"), max_length=300, blank=True)
    room_key = models.CharField(_("在线庭审室标识"), max_length=32, unique=True, default=_room_key, editable=False)
    notice_latest_on = models.DateField(_("最迟通知日"), null=True, blank=True)
    notice_basis = models.CharField(_("通知依据"), max_length=300, blank=True)
    actual_started_at = models.DateTimeField(_("实际开始"), null=True, blank=True)
    actual_ended_at = models.DateTimeField(_("实际结束"), null=True, blank=True)
    scheduled_by = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("排期人")
    )

    class Meta:
        verbose_name = _("庭审")
        verbose_name_plural = _("庭审")
        indexes = [
            models.Index(fields=["court", "starts_at"], name="hearings_court_start"),
            models.Index(fields=["room", "starts_at"], name="hearings_room_start"),
            models.Index(fields=["case", "starts_at"], name="hearings_case_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="hearings_end_after_start"),
            models.CheckConstraint(
                condition=Q(public=True) | ~Q(not_public_reason=""), name="hearings_not_public_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class HearingBench(BaseModel):
    """A judge sitting at a hearing: the sole judge or the presiding judge (审判长) and the other panel members."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="bench", verbose_name=_("庭审"))
    user = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("审判人员"))
    presiding = models.BooleanField(_("审判长/独任审判员"), default=False)

    class Meta:
        verbose_name = _("审判人员")
        verbose_name_plural = _("审判人员")
        constraints = [
            models.UniqueConstraint(fields=["hearing", "user"], name="hearings_bench_once"),
            models.UniqueConstraint(
                fields=["hearing"], condition=Q(presiding=True), name="hearings_bench_one_presiding"
            ),
        ]


class ParticipantKind(models.TextChoices):
    PARTY = "party", _("当事人")
    LAWYER = "lawyer", _("律师")
    AGENT = "agent", _("其他诉讼代理人")
    DEFENDER = "defender", _("辩护人")
    PROSECUTOR = "prosecutor", _("公诉人")
    WITNESS = "witness", _("证人")
    INTERPRETER = "interpreter", _("翻译人员")
    APPRAISER = "appraiser", _("鉴定人")


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("到庭")
    ONLINE = "online", _("在线")
    REMOTE_SITE = "remote_site", _("远程场所")


class HearingParticipant(BaseModel):
    """Someone called to a hearing: a party, a lawyer or other agent, a defender, the prosecutor, a witness, an
    interpreter or an appraiser. Linked to the case's party (`party`) and representation (`representation`) where
    they exist, and to an account (`user`) where there is one; a lawyer also by licence number, so a lawyer booked
    in another court under another account-less record is still found."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="participants", verbose_name=_("庭审"))
    kind = models.CharField(_("身份"), max_length=16, choices=ParticipantKind.choices)
    name = models.CharField(_("姓名/名称"), max_length=120)
    party = models.ForeignKey(
        "cases.CaseParty", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("当事人")
    )
    representation = models.ForeignKey(
        "cases.Representation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("代理关系"),
    )
    user = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("账户")
    )
    licence_no = models.CharField(_("执业证号"), max_length=32, blank=True, db_index=True)
    attendance = models.CharField(
        _("参加方式"), max_length=16, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    remote_site = models.ForeignKey(
        RemoteSite, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("远程场所")
    )
    in_custody = models.BooleanField(_("在押"), default=False)
    language = models.CharField(_("语言"), max_length=32, blank=True, help_text=_("翻译人员的翻译语种"))
    phone = models.CharField(
        _("手机号码"), max_length=20, blank=True, help_text=_("无平台账户的证人、翻译人员、鉴定人：短信通知出庭")
    )
    address = models.CharField(_("邮寄地址"), max_length=200, blank=True, help_text=_("邮寄出庭通知书"))
    summons_task = models.ForeignKey(
        "service.ServiceTask",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("传票送达任务"),
    )
    summons_note = models.CharField(_("传票说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("庭审参加人")
        verbose_name_plural = _("庭审参加人")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance="remote_site", remote_site__isnull=False)
                | (~Q(attendance="remote_site") & Q(remote_site__isnull=True)),
                name="hearings_site_iff_remote",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class HearingChangeKind(models.TextChoices):
    SCHEDULED = "scheduled", _("排期")
    RESCHEDULED = "rescheduled", _("改期")
    POSTPONED = "postponed", _("延期开庭")
    CANCELLED = "cancelled", _("取消")
    HELD = "held", _("开庭完毕")


class HearingChange(AppendOnlyModel):
    """The history of a hearing's date (排期变更记录): scheduled, moved before it took place (改期), postponed with a
    statutory reason (延期开庭), cancelled, held. Append-only: what was decided stays as it was decided."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="changes", verbose_name=_("庭审"))
    kind = models.CharField(_("变更"), max_length=16, choices=HearingChangeKind.choices)
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    reason = models.CharField(
        _("延期事由"), max_length=32, blank=True, choices=[(r.value, r.label) for r in PostponementReason]
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    old_starts_at = models.DateTimeField(_("原开始时间"), null=True, blank=True)
    new_starts_at = models.DateTimeField(_("新开始时间"), null=True, blank=True)
    new_hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("续行庭审")
    )
    clock_effect = models.CharField(_("对审限的影响"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("排期变更")
        verbose_name_plural = _("排期变更")
        indexes = [models.Index(fields=["kind", "reason"], name="hearings_change_kind_reason")]


class EscortState(models.TextChoices):
    REQUESTED = "requested", _("待法警确认")
    ACKNOWLEDGED = "acknowledged", _("法警已确认")
    CANCELLED = "cancelled", _("已撤销")


class EscortRequest(BaseModel):
    """A request to the court police to bring a defendant in custody to the courtroom (提押 / 押解) for a hearing."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="escorts", verbose_name=_("庭审"))
    participant = models.ForeignKey(
        HearingParticipant, on_delete=models.PROTECT, related_name="+", verbose_name=_("被押解人")
    )
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    held_at = models.CharField(_("羁押场所"), max_length=100, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=EscortState.choices, default=EscortState.REQUESTED, db_index=True
    )
    requested_by = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("申请人")
    )
    acknowledged_by = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("确认法警")
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("提押申请")
        verbose_name_plural = _("提押申请")


class BookingLock(models.Model):
    """One row per bookable thing (room, remote site, person, lawyer licence): scheduling locks the rows of
    everything a booking holds, in key order, so two clerks booking the same lawyer at once in two courts are
    serialised and the second sees the first's booking (ADR 0030)."""

    key = models.CharField(max_length=64, primary_key=True)

    class Meta:
        verbose_name = _("排期锁")
        verbose_name_plural = _("排期锁")

    def __str__(self) -> str:
        return self.key


# --- asynchronous cross-examination (异步质证) and asynchronous trial (非同步审理), ADR 0032 ---------------------------


class AsyncKind(models.TextChoices):
    EVIDENCE = "evidence", _("异步质证")
    TRIAL = "trial", _("非同步审理")


class AsyncConsent(AppendOnlyModel):
    """A party's answer on asynchronous proceedings (在线诉讼规则 Art. 20–21; Art. 4–5 for online litigation at all):
    consented or not, given by the party or its representative, when. Append-only: a party's latest answer counts, a
    withdrawal is a new row, and the report shows who said what when."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件"))
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("当事人"))
    kind = models.CharField(_("方式"), max_length=16, choices=AsyncKind.choices)
    consented = models.BooleanField(_("同意"))
    given_by = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("表示人")
    )
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    append_only_update_hint = "record the party's new answer as a new row"

    class Meta:
        verbose_name = _("异步审理同意记录")
        verbose_name_plural = _("异步审理同意记录")
        indexes = [models.Index(fields=["case", "kind", "party", "occurred_at"], name="hearings_consent_latest")]


class AsyncRoundState(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")
    SWITCHED = "switched", _("已转开庭审理")


class AsyncRound(BaseModel):
    """One round of asynchronous cross-examination on a case (第N轮): the evidence put to the parties, the deadline
    for their opinions (counted by legaltime), and when it ends its report (质证报告) filed in the dossier. A reply round
    (`replies_to`) puts the same items again so each side can answer the other's opinions."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件"))
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    kind = models.CharField(_("方式"), max_length=16, choices=AsyncKind.choices, default=AsyncKind.EVIDENCE)
    number = models.PositiveSmallIntegerField(_("轮次"), default=1)
    replies_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies", verbose_name=_("回应的轮次")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=AsyncRoundState.choices, default=AsyncRoundState.OPEN, db_index=True
    )
    opened_by = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("开启人"))
    opened_at = models.DateTimeField(_("开启时间"))
    deadline = models.DateField(_("意见提交截止日"))
    deadline_basis = models.TextField(_("期限计算"), blank=True)
    instructions = models.CharField(_("说明"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    report = models.ForeignKey(
        "dossier.DossierDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("质证报告"),
    )

    class Meta:
        verbose_name = _("异步质证轮次")
        verbose_name_plural = _("异步质证轮次")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="hearings_round_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 第{self.number}轮"


class AsyncEvidence(BaseModel):
    """A piece of evidence put to the parties in a round: a document of the case's dossier (证据), the party who
    submitted it, its number in the round's list."""

    round = models.ForeignKey(AsyncRound, on_delete=models.CASCADE, related_name="items", verbose_name=_("轮次"))
    document = models.ForeignKey(
        "dossier.DossierDocument", on_delete=models.PROTECT, related_name="+", verbose_name=_("证据材料")
    )
    submitted_by = models.ForeignKey(
        "cases.CaseParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("举证方")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("证据名称"), max_length=200)

    class Meta:
        verbose_name = _("质证证据")
        verbose_name_plural = _("质证证据")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="hearings_async_item_number"),
            models.UniqueConstraint(fields=["round", "document"], name="hearings_async_item_once"),
        ]


class Verdict(models.TextChoices):
    ACCEPT = "accept", _("认可")
    DISPUTE = "dispute", _("不认可")


class AsyncOpinion(AppendOnlyModel):
    """A party's opinion on one piece of evidence (质证意见): 认可/不认可 its authenticity, legality and relevance, each
    with reasons, an optional attachment filed in the dossier, who entered it and when. Append-only: a revised opinion
    before the deadline is a new row (the latest counts); the report lists every row."""

    round = models.ForeignKey(AsyncRound, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("轮次"))
    item = models.ForeignKey(AsyncEvidence, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("证据"))
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("发表方"))
    author = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("提交人"))
    occurred_at = models.DateTimeField(_("提交时间"), db_index=True)
    authenticity = models.CharField(_("真实性"), max_length=8, choices=Verdict.choices)
    authenticity_reason = models.CharField(_("真实性意见"), max_length=1000, blank=True)
    legality = models.CharField(_("合法性"), max_length=8, choices=Verdict.choices)
    legality_reason = models.CharField(_("合法性意见"), max_length=1000, blank=True)
    relevance = models.CharField(_("关联性"), max_length=8, choices=Verdict.choices)
    relevance_reason = models.CharField(_("关联性意见"), max_length=1000, blank=True)
    attachment = models.ForeignKey(
        "dossier.DossierDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("附件"),
    )

    append_only_update_hint = "submit a revised opinion as a new row"

    class Meta:
        verbose_name = _("质证意见")
        verbose_name_plural = _("质证意见")
        ordering = ["occurred_at", "id"]

    @property
    def verdicts(self) -> tuple[str, str, str]:
        return (self.authenticity, self.legality, self.relevance)

    @property
    def disputed(self) -> bool:
        return Verdict.DISPUTE in self.verdicts


# --- asynchronous trial steps (非同步审理), issue 16 -----------------------------------------------------------------


class TrialStep(models.TextChoices):
    """The steps of a trial that an asynchronous trial takes in turn (举证质证 is the evidence round, AsyncRound)."""

    STATEMENT = "statement", _("陈述与答辩")
    DEBATE = "debate", _("法庭辩论")
    FINAL = "final", _("最后陈述")


class AsyncTrialStep(BaseModel):
    """One step of a non-synchronous trial round (非同步审理, 在线诉讼规则 Art. 21): each side records its statement
    (text and/or a video or audio clip) before the step's deadline, counted by legaltime. One step is open at a
    time; the judge closes it (or switches the case to a live hearing)."""

    round = models.ForeignKey(AsyncRound, on_delete=models.PROTECT, related_name="steps", verbose_name=_("轮次"))
    step = models.CharField(_("庭审环节"), max_length=16, choices=TrialStep.choices)
    opened_by = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("开启人"))
    opened_at = models.DateTimeField(_("开启时间"))
    deadline = models.DateField(_("提交截止日"))
    deadline_basis = models.TextField(_("期限计算"), blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("非同步审理环节")
        verbose_name_plural = _("非同步审理环节")
        ordering = ["round", "opened_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "step"], name="hearings_trial_step_once")]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class AsyncStatement(AppendOnlyModel):
    """A party's statement in one step: text and/or a clip (video or audio, stored in the file intake by its hash;
    a certificate naming the hash is filed in the dossier, which anchors it in the ledger). Append-only: a later
    statement of the same party adds to (or corrects) the earlier; the record lists every one."""

    step = models.ForeignKey(
        AsyncTrialStep, on_delete=models.PROTECT, related_name="statements", verbose_name=_("环节")
    )
    party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("当事人"))
    author = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("提交人"))
    occurred_at = models.DateTimeField(_("提交时间"), db_index=True)
    text = models.TextField(_("陈述内容"), blank=True)
    media_name = models.CharField(_("音视频存储名"), max_length=200, blank=True)
    media_sha256 = models.CharField(_("音视频 SHA-256"), max_length=64, blank=True)
    media_type = models.CharField(_("音视频类型"), max_length=40, blank=True)
    media_size = models.PositiveIntegerField(_("音视频大小"), default=0)
    certificate = models.ForeignKey(
        "dossier.DossierDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("存证说明"),
    )

    append_only_update_hint = "record a further statement as a new row"

    class Meta:
        verbose_name = _("非同步审理陈述")
        verbose_name_plural = _("非同步审理陈述")
        ordering = ["occurred_at", "id"]


# --- appearance notices (出庭通知书), issue 16 ------------------------------------------------------------------------


class AppearanceNoticeState(models.TextChoices):
    PENDING = "pending", _("待发出")
    SERVICE = "service", _("已交送达")
    SMS = "sms", _("已短信通知")
    POST = "post", _("待邮寄")
    POSTED = "posted", _("已邮寄")
    NO_CONTACT = "no_contact", _("缺少联系方式")
    CANCELLED = "cancelled", _("已作废")


class AppearanceNotice(BaseModel):
    """The appearance notice (出庭通知书) of one participant who is not a party — lawyer, agent, defender, witness,
    interpreter, appraiser — for one hearing (parties get a 传票). Issued at scheduling: the paper is generated on the
    documents path (kind `appearance_notice`); a representative's is served through the service app (a service task
    on the represented party, 民诉法 Art. 88), a witness's or an interpreter's without an account by SMS through the
    one outbox and/or by post (the clerk records the mailing). Withdrawn when the date no longer holds."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.PROTECT, related_name="appearance_notices", verbose_name=_("庭审")
    )
    participant = models.ForeignKey(
        HearingParticipant, on_delete=models.CASCADE, related_name="appearance_notices", verbose_name=_("被通知人")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=AppearanceNoticeState.choices, default=AppearanceNoticeState.PENDING
    )
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("文书")
    )
    service_task = models.ForeignKey(
        "service.ServiceTask",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("送达任务"),
    )
    sms_message_id = models.BigIntegerField(_("短信编号"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    issued_at = models.DateTimeField(_("发出时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("出庭通知书")
        verbose_name_plural = _("出庭通知书")
        ordering = ["hearing", "pk"]


# --- the transcript (庭审笔录), ADR 0032 ------------------------------------------------------------------------------


class TranscriptState(models.TextChoices):
    DRAFTING = "drafting", _("记录中")
    REVIEW = "review", _("待当事人核对签名")
    FINAL = "final", _("已定稿归档")


class Transcript(BaseModel):
    """The record of one hearing (庭审笔录), written live by the clerk as entries (speaker, time, text). `revision`
    counts the saves: a save names the revision it was made on, and one made on an older revision is refused
    (optimistic concurrency, two clerks cannot overwrite each other). Every save is kept as a `TranscriptVersion`;
    corrections after the parties' review are versions too, and signatures name the revision they sign."""

    hearing = models.OneToOneField(Hearing, on_delete=models.PROTECT, related_name="transcript", verbose_name=_("庭审"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件"))
    state = models.CharField(
        _("状态"), max_length=16, choices=TranscriptState.choices, default=TranscriptState.DRAFTING
    )
    revision = models.PositiveIntegerField(_("版本"), default=0)
    entries = models.JSONField(_("笔录内容"), default=list, blank=True)
    updated_by = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("最后保存人")
    )
    final_document = models.ForeignKey(
        "dossier.DossierDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("定稿笔录"),
    )

    class Meta:
        verbose_name = _("庭审笔录")
        verbose_name_plural = _("庭审笔录")


class TranscriptVersion(AppendOnlyModel):
    """One saved state of a transcript: autosaves while the clerk writes, corrections after review (with a note)."""

    class Kind(models.TextChoices):
        SAVE = "save", _("记录")
        CORRECTION = "correction", _("更正")
        FINAL = "final", _("定稿")

    transcript = models.ForeignKey(
        Transcript, on_delete=models.PROTECT, related_name="versions", verbose_name=_("笔录")
    )
    revision = models.PositiveIntegerField(_("版本"))
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.SAVE)
    entries = models.JSONField(_("笔录内容"), default=list)
    saved_by = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("保存人"))
    occurred_at = models.DateTimeField(_("保存时间"))
    note = models.CharField(_("更正说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("笔录版本")
        verbose_name_plural = _("笔录版本")
        ordering = ["transcript", "revision"]
        constraints = [models.UniqueConstraint(fields=["transcript", "revision"], name="hearings_transcript_rev_once")]


class TranscriptSignature(AppendOnlyModel):
    """A participant's signature on a revision of the transcript: online (the party or lawyer confirms in their
    account) or on a pad at court (a canvas image, stored in the file intake by its hash)."""

    class Method(models.TextChoices):
        ONLINE = "online", _("在线确认签名")
        PAD = "pad", _("当庭手写板签名")

    transcript = models.ForeignKey(
        Transcript, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("笔录")
    )
    revision = models.PositiveIntegerField(_("签名的版本"))
    participant = models.ForeignKey(
        HearingParticipant, on_delete=models.PROTECT, related_name="+", verbose_name=_("签名人")
    )
    user = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("账户")
    )
    method = models.CharField(_("方式"), max_length=8, choices=Method.choices)
    image_name = models.CharField(_("签名图像"), max_length=200, blank=True)
    image_sha256 = models.CharField(_("签名图像哈希"), max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("签名时间"))
    note = models.CharField(_("意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("笔录签名")
        verbose_name_plural = _("笔录签名")
        ordering = ["occurred_at", "pk"]
