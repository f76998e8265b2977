from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core import checks
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import CorrelationIdField


class BaseModel(models.Model):
    """Created/updated stamps for every table."""

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyViolation(ValueError):
    """A programming error: code tried to change or delete a row of an append-only table.

    A ValueError (as the guard always raised), never an ApplicationError: no user input can cause it, so it must
    surface as a bug, not as a refusal the user could act on.
    """


# on_delete handlers that never touch the append-only row when its parent is deleted (CASCADE would delete it,
# SET_NULL / SET_DEFAULT / SET() would update it): a case with a timeline cannot be deleted.
_APPEND_ONLY_ON_DELETE = (models.PROTECT, models.RESTRICT, models.DO_NOTHING)


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses every bulk write but INSERT: `update()`, `delete()`, `bulk_update()`, `update_or_create()` and an
    upserting `bulk_create(update_conflicts=True)`, including through related managers (`case.events.update()`)."""

    def _refuse(self, operation: str) -> AppendOnlyViolation:
        return AppendOnlyViolation(_append_only_message(self.model, operation))

    def update(self, **kwargs: Any) -> int:
        raise self._refuse("QuerySet.update()")

    def _update(self, values: Any) -> int:
        raise self._refuse("QuerySet._update()")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise self._refuse("QuerySet.delete()")

    def _raw_delete(self, using: Any) -> int:
        raise self._refuse("QuerySet._raw_delete()")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise self._refuse("QuerySet.bulk_update()")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise self._refuse("QuerySet.update_or_create()")

    def bulk_create(self, objs: Any, *args: Any, update_conflicts: bool = False, **kwargs: Any) -> Any:
        if update_conflicts:
            raise self._refuse("QuerySet.bulk_create(update_conflicts=True)")
        return super().bulk_create(objs, *args, **kwargs)


AppendOnlyManager = models.Manager.from_queryset(AppendOnlyQuerySet)


def _append_only_message(model: type[models.Model], operation: str) -> str:
    message = f"{model.__name__} rows are append-only: {operation} refused"
    hint = getattr(model, "append_only_update_hint", "")
    return f"{message}; {hint}" if hint else message


class AppendOnlyModel(models.Model):
    """A log table whose rows are never changed or deleted once written (audit log, timelines, custody events).

    Every way the ORM offers to change or delete a stored row raises `AppendOnlyViolation`: `save()` of a stored
    row, `delete()` of an instance, and `update()`, `delete()`, `bulk_update()` and `update_or_create()` on its
    querysets and related managers. `save()` of a new row always INSERTs (a new instance given an existing primary
    key fails instead of overwriting it). Foreign keys of an append-only model must be PROTECT (checked at start-up,
    `core.E001`), so deleting a parent cannot cascade into its log. A model may set `append_only_update_hint` to
    tell the caller what to do instead. Abstract and field-less: it adds no columns.
    """

    append_only_update_hint: ClassVar[str] = ""

    objects = AppendOnlyManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyViolation(_append_only_message(type(self), "save() of a stored row"))
        if kwargs.get("update_fields") is not None or kwargs.get("force_update"):
            raise AppendOnlyViolation(_append_only_message(type(self), "save(update_fields / force_update)"))
        if not kwargs.get("force_insert"):
            kwargs["force_insert"] = True  # never Django's UPDATE-then-INSERT for an instance carrying a pk
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyViolation(_append_only_message(type(self), "delete()"))

    @classmethod
    def check(cls, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        for field in cls._meta.get_fields():
            if field.concrete and (field.many_to_one or field.one_to_one):
                on_delete = field.remote_field.on_delete  # type: ignore[union-attr]
                if on_delete not in _APPEND_ONLY_ON_DELETE:
                    errors.append(
                        checks.Error(
                            f"{cls._meta.label}.{field.name} is on_delete={on_delete.__name__}: deleting the parent "
                            "would delete or change append-only rows.",
                            hint="Use on_delete=models.PROTECT.",
                            obj=cls,
                            id="core.E001",
                        )
                    )
        return errors


class AuditAction(models.TextChoices):
    """Every action the audit log records: one vocabulary, so an auditor can list what can be logged and a typo
    cannot hide a row from a query. `audit_record` refuses any other word; a new action is added here first.
    Values are dotted `<area>.<verb>`; they are stored as they are, so a released value never changes."""

    # core, jobs
    PERSONAL_DATA_VIEWED = "personal_data.viewed", _("查阅个人信息")
    TASK_RETRIED = "task.retried", _("重新执行后台任务")
    HANDOFF_RETRIED = "handoff.retried", _("重新执行跨模块交接")
    INTAKE_SWEEP = "intake.sweep", _("清理未引用的上传文件")
    # courts: organisation, accounts, calendar
    COURT_CREATED = "court.created", _("新建法院")
    USER_CREATED = "user.created", _("新建账户")
    ROLE_GRANTED = "role.granted", _("授予角色")
    API_TOKEN_CREATED = "api_token.created", _("创建接口令牌")
    API_TOKEN_REVOKED = "api_token.revoked", _("吊销接口令牌")
    AUTH_LOGIN = "auth.login", _("登录")
    AUTH_TOTP_ENROLLED = "auth.totp_enrolled", _("绑定动态口令")
    AUTH_TOTP_VERIFIED = "auth.totp_verified", _("动态口令验证通过")
    AUTH_TOTP_FAILED = "auth.totp_failed", _("动态口令验证失败")
    AUTH_TOTP_ENROLMENT_CODE_ISSUED = "auth.totp_enrolment_code_issued", _("发放身份验证器绑定码")
    AUTH_PASSWORD_CHANGED = "auth.password_changed", _("修改密码")
    CALENDAR_YEAR_LOADED = "calendar.year_loaded", _("导入年度节假日")
    CALENDAR_YEAR_CHANGED = "calendar.year_changed", _("修改年度节假日")
    STANDING_TEAM_SET = "standing_team.set", _("设置固定审判团队")
    # portal
    PORTAL_REGISTER = "portal.register", _("注册诉讼服务账户")
    PORTAL_IDENTITY_SUBMIT = "portal.identity_submit", _("提交实名认证")
    PORTAL_IDENTITY_REVIEW = "portal.identity_review", _("审核实名认证")
    PORTAL_REGISTER_REPEATED = "portal.register_repeated", _("已注册的手机号再次申请注册")
    KIOSK_DEVICE_REGISTERED = "kiosk.device_registered", _("登记自助立案终端")
    KIOSK_DEVICE_REVOKED = "kiosk.device_revoked", _("停用自助立案终端")
    PORTAL_PROGRESS_LOOKUP = "portal.progress_lookup", _("查询案件进度")
    PORTAL_PROGRESS_LOOKUP_REFUSED = "portal.progress_lookup_refused", _("案件进度查询未通过核验")
    PUBLICATION_OPEN = "publication.open", _("创建裁判文书公开任务")
    PUBLICATION_EXCLUDE = "publication.exclude", _("决定裁判文书不公开")
    PUBLICATION_REVIEW = "publication.review", _("确认裁判文书隐名处理")
    PUBLICATION_PUBLISH = "publication.publish", _("公布裁判文书")
    # cases
    CAUSES_LOADED = "causes.loaded", _("导入案由")
    CASE_REGISTER = "case.register", _("立案登记")
    CASE_PARTY_ADDED = "case.party_added", _("追加当事人")
    CASE_REPRESENTATION_END = "case.representation_end", _("代理终止（解除委托）")
    CASE_POWER_OF_ATTORNEY_SUBMIT = "case.power_of_attorney_submit", _("提交授权委托书")
    CASE_POWER_OF_ATTORNEY_ACCEPT = "case.power_of_attorney_accept", _("接受授权委托书")
    CASE_POWER_OF_ATTORNEY_REFUSE = "case.power_of_attorney_refuse", _("不予接受授权委托书")
    CASE_POWER_OF_ATTORNEY_READ = "case.power_of_attorney_read", _("查阅授权委托书")
    CASE_TRANSITION_IN_TRIAL = "case.transition.in_trial", _("进入审理")
    CASE_TRANSITION_SUSPENDED = "case.transition.suspended", _("中止诉讼")
    CASE_TRANSITION_CLOSED = "case.transition.closed", _("结案")
    CASE_TRANSITION_TERMINATED = "case.transition.terminated", _("终结本次执行程序")
    CASE_TRANSITION_EFFECTIVE = "case.transition.effective", _("裁判生效")
    CASE_TRANSITION_ARCHIVED = "case.transition.archived", _("归档")
    CASE_ASSIGN_RANDOM = "case.assign.random", _("随机分案")
    CASE_ASSIGN_DESIGNATED = "case.assign.designated", _("指定分案")
    CASE_ASSIGN_REASSIGNMENT = "case.assign.reassignment", _("变更承办人")
    CASE_ASSIGN_REQUEST = "case.assign.request", _("申请指定分案或变更承办人")
    CASE_ASSIGN_REFUSE = "case.assign.refuse", _("不予批准指定分案或变更承办人")
    CASE_ASSIGN_WITHDRAW = "case.assign.withdraw", _("撤回指定分案或变更承办人申请")
    CASE_TEAM_SET = "case.team_set", _("组成审判团队")
    CASE_SUPERVISION_TAG = "case.supervision_tag", _("标记四类案件")
    CASE_PERIOD_DEDUCTION_START = "case.period.deduction_start", _("审限扣除开始")
    CASE_PERIOD_DEDUCTION_END = "case.period.deduction_end", _("审限扣除结束")
    CASE_PERIOD_EXTEND = "case.period.extend", _("延长审限")
    CASE_PERIOD_EXTENSION_REQUEST = "case.period.extension_request", _("申请延长审限")
    CASE_PERIOD_EXTENSION_REFUSE = "case.period.extension_refuse", _("不予批准延长审限")
    CASE_PERIOD_EXTENSION_WITHDRAW = "case.period.extension_withdraw", _("撤回延长审限申请")
    CASE_PROCEDURE_CHANGE = "case.procedure_change", _("程序转换")
    # filing and fees
    FILING_DRAFT_CREATE = "filing.draft_create", _("创建立案申请草稿")
    FILING_CONSENT = "filing.consent", _("在线诉讼同意")
    FILING_BASICS_SET = "filing.basics_set", _("填写基本信息")
    FILING_PARTIES_SET = "filing.parties_set", _("填写当事人")
    FILING_CLAIMS_SET = "filing.claims_set", _("填写诉讼请求")
    FILING_COURT_SET = "filing.court_set", _("选择受理法院")
    FILING_FACTS_SET = "filing.facts_set", _("填写事实与理由")
    FILING_EVIDENCE_ADD = "filing.evidence_add", _("上传证据")
    FILING_EVIDENCE_REMOVE = "filing.evidence_remove", _("删除证据")
    FILING_SUBMIT = "filing.submit", _("提交立案申请")
    FILING_WITHDRAW = "filing.withdraw", _("撤回立案申请")
    FILING_KIOSK_SUBMIT = "filing.kiosk_submit", _("自助立案")
    FILING_AUTHORISE_LAWYER = "filing.authorise_lawyer", _("委托律师代理")
    FILING_ACCEPT = "filing.accept", _("登记立案")
    FILING_REQUEST_CORRECTION = "filing.request_correction", _("通知补正")
    FILING_REJECT = "filing.reject", _("不予立案")
    FILING_RECEIVE_CROSS_REGION = "filing.receive_cross_region", _("接收跨域立案")
    FILING_FORWARD = "filing.forward", _("转交跨域立案")
    COURT_FEE_SETTING_SET = "court_fee_setting.set", _("设置诉讼费标准")
    FEE_PAYMENT_REPORT = "fee.payment_report", _("提交交费凭证")
    FEE_PAYMENT_CONFIRM = "fee.payment_confirm", _("确认交费")
    FEE_REFUND = "fee.refund", _("退费")
    FEE_RELIEF_APPLY = "fee.relief_apply", _("申请缓减免交诉讼费")
    FEE_RELIEF_DECIDE = "fee.relief_decide", _("审批缓减免交诉讼费")
    # dossier
    DOSSIER_DOCUMENT_ADD = "dossier.document_add", _("材料入卷")
    DOSSIER_CATEGORY_CORRECT = "dossier.category_correct", _("更正材料分类")
    DOSSIER_DOCUMENT_RENAME = "dossier.document_rename", _("卷宗材料更名")
    DOSSIER_PAGE_OCR_RETRY = "dossier.page_ocr_retry", _("重新识别页面文字")
    DOSSIER_EXPORT = "dossier.export", _("导出卷宗")
    DOSSIER_VIEWED = "dossier.viewed", _("查阅卷宗目录")
    DOSSIER_DOCUMENT_READ = "dossier.document_read", _("查阅卷宗材料")
    DOSSIER_PAGE_READ = "dossier.page_read", _("查阅卷宗页")
    DOSSIER_PAGE_TEXT_READ = "dossier.page_text_read", _("查阅卷宗页文字")
    DOSSIER_EXPORT_READ = "dossier.export_read", _("下载导出卷宗")
    # paper files (dossier.custody)
    PAPER_FILE_LOCATION_CREATED = "paper_file.location_created", _("新建存放位置")
    PAPER_FILE_LOCKER_CREATED = "paper_file.locker_created", _("新建智能柜")
    PAPER_FILE_REGISTERED = "paper_file.registered", _("登记纸质卷宗")
    PAPER_FILE_CHECKED_IN = "paper_file.checked_in", _("入柜/入库")
    PAPER_FILE_CHECKED_OUT = "paper_file.checked_out", _("取出交接")
    PAPER_FILE_RETURNED = "paper_file.returned", _("归还")
    PAPER_FILE_BORROW_REQUESTED = "paper_file.borrow_requested", _("申请借阅")
    PAPER_FILE_BORROW_APPROVED = "paper_file.borrow_approved", _("批准借阅")
    PAPER_FILE_BORROW_REJECTED = "paper_file.borrow_rejected", _("不批准借阅")
    PAPER_FILE_BORROW_CANCELLED = "paper_file.borrow_cancelled", _("撤回借阅")
    PAPER_FILE_OVERDUE_REMINDED = "paper_file.overdue_reminded", _("逾期归还提醒")
    # ledger
    LEDGER_CHECKPOINT_PUBLISH = "ledger.checkpoint_publish", _("发布账本检查点")
    LEDGER_WITNESS_ADD = "ledger.witness_add", _("新增见证方")
    LEDGER_WITNESS_UPDATE = "ledger.witness_update", _("更新见证方")
    LEDGER_COSIGNATURE_ADD = "ledger.cosignature_add", _("新增见证签名")
    LEDGER_AUDIT_FINDING = "ledger.audit_finding", _("账本审计发现问题")
    LEDGER_AUDIT_FINDING_RESOLVE = "ledger.audit_finding_resolve", _("处理账本审计发现")
    LEDGER_ENTRIES_VIEWED = "ledger.entries_viewed", _("查看存证账本条目")
    # service of process
    SERVICE_TASK_CREATE = "service.task_create", _("创建送达任务")
    SERVICE_BATCH_CREATE = "service.batch_create", _("批量创建送达任务")
    SERVICE_NEXT_CHANNEL = "service.next_channel", _("改用下一送达渠道")
    SERVICE_RETRY = "service.retry", _("重新送达")
    SERVICE_CANCEL = "service.cancel", _("撤销送达")
    SERVICE_POST_REGISTER = "service.post_register", _("登记邮寄送达")
    SERVICE_POST_RETURN = "service.post_return", _("登记邮件回执")
    SERVICE_IN_PERSON = "service.in_person", _("直接送达")
    SERVICE_PUBLIC_NOTICE = "service.public_notice", _("公告送达")
    SERVICE_SERVED = "service.served", _("确认送达")
    # hearings
    HEARING_SCHEDULE = "hearing.schedule", _("排期开庭")
    HEARING_RESCHEDULE = "hearing.reschedule", _("庭审改期")
    HEARING_POSTPONE = "hearing.postpone", _("延期开庭")
    HEARING_CANCEL = "hearing.cancel", _("取消庭审")
    HEARING_RECORD_HELD = "hearing.record_held", _("登记开庭完毕")
    HEARING_SUMMONS_ISSUE = "hearing.summons_issue", _("发出传票")
    HEARING_ESCORT_ACKNOWLEDGE = "hearing.escort_acknowledge", _("确认提押")
    HEARING_SITE_CREATE = "hearing.site_create", _("设立远程庭审场所")
    HEARING_SITE_STAFF_ADD = "hearing.site_staff_add", _("增加场所工作人员")
    # the online hearing room (hearings.room)
    HEARING_ROOM_OPEN = "hearing_room.open", _("开设在线庭审室")
    HEARING_ROOM_IDENTITY_CONFIRM = "hearing_room.identity_confirm", _("核验庭审参加人身份")
    HEARING_ROOM_CONTROL = "hearing_room.control", _("庭审室准入与管控")
    HEARING_ROOM_RECORDING_START = "hearing_room.recording_start", _("开始庭审录像")
    HEARING_ROOM_RECORDING_FILE = "hearing_room.recording_file", _("庭审录像归档存证")
    HEARING_CALENDAR_EXPORT = "hearing.calendar_export", _("导出庭审日历")
    HEARING_ASYNC_CONSENT = "hearing.async_consent", _("记录异步审理同意意见")
    HEARING_ASYNC_OPEN = "hearing.async_open", _("开启异步质证")
    HEARING_ASYNC_OPINION = "hearing.async_opinion", _("提交质证意见")
    HEARING_ASYNC_CLOSE = "hearing.async_close", _("结束异步质证并生成质证报告")
    HEARING_ASYNC_SWITCH = "hearing.async_switch", _("异步质证转开庭审理")
    HEARING_TRANSCRIPT_REVIEW = "hearing.transcript_review", _("庭审笔录提交核对")
    HEARING_TRANSCRIPT_CORRECT = "hearing.transcript_correct", _("更正庭审笔录")
    HEARING_TRANSCRIPT_SIGN = "hearing.transcript_sign", _("庭审笔录签名")
    HEARING_TRANSCRIPT_FINALISE = "hearing.transcript_finalise", _("庭审笔录定稿归档")
    # court documents
    DOCUMENT_TEMPLATE_UPLOAD = "document.template_upload", _("上传文书模板版本")
    DOCUMENT_GENERATE = "document.generate", _("生成文书")
    DOCUMENT_VERSION_SAVE = "document.version_save", _("保存文稿版本")
    DOCUMENT_SUBMIT = "document.submit", _("提交阅核")
    DOCUMENT_REVIEW = "document.review", _("阅核")
    DOCUMENT_SIGN = "document.sign", _("文书签章")
    DOCUMENT_SERVE = "document.serve", _("文书交付送达")
    DOCUMENT_EFFECTIVE = "document.effective", _("登记文书生效")
    # enforcement (执行)
    ENFORCEMENT_FILE = "enforcement.file", _("执行立案")
    ENFORCEMENT_NOTICE = "enforcement.notice", _("发出执行通知")
    ENFORCEMENT_CLOSE = "enforcement.close", _("执行结案")
    ENFORCEMENT_RESTORE = "enforcement.restore", _("恢复执行")
    ENFORCEMENT_INQUIRE = "enforcement.inquire", _("网络查控")
    ENFORCEMENT_CONTROL = "enforcement.control", _("冻结、扣划或解除")
    ENFORCEMENT_MEASURE = "enforcement.measure", _("采取执行措施")
    ENFORCEMENT_MEASURE_REVOKE = "enforcement.measure_revoke", _("解除执行措施")
    ENFORCEMENT_AUCTION = "enforcement.auction", _("网络司法拍卖")
    ENFORCEMENT_DESIGNATE = "enforcement.designate", _("指定执行/共同执行")
    ENFORCEMENT_HANDOVER = "enforcement.handover", _("执行案件移交")
    ENFORCEMENT_HANDOVER_ACK = "enforcement.handover_ack", _("接收移交")
    ENFORCEMENT_ENTRUST = "enforcement.entrust", _("委托执行")
    ENFORCEMENT_ENTRUSTMENT_ACCEPT = "enforcement.entrustment_accept", _("受托办理")
    ENFORCEMENT_ENTRUSTMENT_REPLY = "enforcement.entrustment_reply", _("受托法院函复")
    ENFORCEMENT_ENTRUSTMENT_CANCEL = "enforcement.entrustment_cancel", _("撤回委托")
    ENFORCEMENT_ASSISTANCE_ASSIGN = "enforcement.assistance_assign", _("发出协助执行任务")
    ENFORCEMENT_ASSISTANCE_REPORT = "enforcement.assistance_report", _("协助执行反馈")
    ENFORCEMENT_ASSISTANCE_CANCEL = "enforcement.assistance_cancel", _("撤回协助执行任务")
    FUNDS_RECEIVE = "funds.receive", _("案款入账")
    FUNDS_PAYOUT_REQUEST = "funds.payout_request", _("申请发放案款")
    FUNDS_PAYOUT_APPROVE = "funds.payout_approve", _("批准发放案款")
    FUNDS_PAYOUT_REFUSE = "funds.payout_refuse", _("不予批准发放案款")
    FUNDS_INTEREST = "funds.interest", _("案款计息")
    FUNDS_FEE = "funds.fee", _("扣除费用")
    FUNDS_RECONCILE = "funds.reconcile", _("案款对账")
    SERVICE_RECEIPT_READ = "service.receipt_read", _("受送达人签收电子送达")
    SERVICE_LINK_CODE_REFUSED = "service.link_code_refused", _("送达链接验证码错误")
    SERVICE_LINK_LOCKED = "service.link_locked", _("送达链接被锁定")
    SERVICE_ADDRESS_CONFIRM = "service.address_confirm", _("确认送达地址")
    SERVICE_POLICY_SET = "service.policy_set", _("设置送达规则")
    SERVICE_OUTBOX_VIEWED = "service.outbox_viewed", _("查看送达发件箱")  # before the one outbox (issue 12)
    OUTBOX_VIEWED = "outbox.viewed", _("查看短信与邮件发件箱")
    # mediation (诉源治理)
    MEDIATION_OPEN = "mediation.open", _("受理调解")
    MEDIATION_EXTEND = "mediation.extend", _("延长调解期限")
    MEDIATION_MESSAGE = "mediation.message", _("调解留言")
    MEDIATION_OFFER = "mediation.offer", _("提出调解方案")
    MEDIATION_OFFER_ACCEPT = "mediation.offer_accept", _("接受调解方案")
    MEDIATION_SIGN = "mediation.sign", _("签署调解协议")
    MEDIATION_FAIL = "mediation.fail", _("调解不成")
    MEDIATION_EXPIRE = "mediation.expire", _("调解期限届满")
    MEDIATION_FILE = "mediation.file", _("调解不成转立案")
    MEDIATION_CONFIRMATION_APPLY = "mediation.confirmation_apply", _("申请司法确认")
    MEDIATION_CONFIRMATION_DECIDE = "mediation.confirmation_decide", _("司法确认裁定")
    MEDIATION_FUNNEL_EXPORT = "mediation.funnel_export", _("导出调解漏斗数据")
    MEDIATION_INVITE = "mediation.invite", _("邀请被申请人参加调解")
    MEDIATION_CLAIM = "mediation.claim", _("被申请人实名认领调解")
    MEDIATION_AREA_SAVE = "mediation.area_save", _("保存调解区域")
    MEDIATION_BODY_SAVE = "mediation.body_save", _("保存调解组织")
    MEDIATION_MEDIATOR_SAVE = "mediation.mediator_save", _("保存调解员")
    MEDIATION_SITE_SAVE = "mediation.site_save", _("保存共享法庭")
    # knowledge: case library and the Q&A board (法答网)
    LIBRARY_CASE_ADD = "library.case_add", _("收录案例")
    LIBRARY_CASE_CHANGE = "library.case_change", _("修改典型案例")
    LIBRARY_CASE_RETIRE = "library.case_retire", _("撤下典型案例")
    LIBRARY_INDEX_BUILD = "library.index_build", _("重建类案索引")
    QA_ASK = "qa.ask", _("法答网提问")
    QA_ANSWER = "qa.answer", _("法答网答复")
    QA_EXPERT_DESIGNATE = "qa.expert_designate", _("指定法答网专家")
    QA_EXPERT_REVOKE = "qa.expert_revoke", _("撤销法答网专家")


class AuditLog(AppendOnlyModel):
    """Who did or viewed what, when and why. Append-only; reads of personal data set `data_subject`."""

    class Kind(models.TextChoices):
        WRITE = "write", _("操作")
        READ = "read", _("查阅")
        AUTH = "auth", _("登录与认证")

    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices, default=Kind.WRITE)
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_label = models.CharField(_("对象"), max_length=200, blank=True)
    # Whose personal data was read, as "user:<id>" or "person:<id>" (个人信息保护法: let people see who viewed it).
    data_subject = models.CharField(_("信息主体"), max_length=64, blank=True, db_index=True)
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    extra = models.JSONField(_("详情"), default=dict, blank=True)
    correlation_id = CorrelationIdField()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"


class Notification(models.Model):
    """An in-site message (站内信) to one user; SMS / e-mail adapters deliver copies from the same row."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("收件人")
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    topic = models.CharField(_("主题"), max_length=48, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
