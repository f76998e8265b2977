"""How the outbox page names a message's provider and purpose (the stored values are codes: `outbox`,
`django_mail:filebased`, `filing.accepted` …). A code without a label is shown by its area, never bare."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# provider key (and, for e-mail, the Django mail backend after the colon) → label
PROVIDER_LABELS = {
    "outbox": _("短信（模拟，未接短信网关）"),
    "django_mail:smtp": _("电子邮件（SMTP 服务器）"),
    "django_mail:filebased": _("电子邮件（写入文件，模拟）"),
    "django_mail:console": _("电子邮件（控制台输出，模拟）"),
    "django_mail:locmem": _("电子邮件（内存，测试用）"),
    "django_mail:dummy": _("电子邮件（丢弃，模拟）"),
    "scripted": _("测试通道"),
}
PURPOSE_LABELS = {
    "filing.accepted": _("立案通知"),
    "filing.correction": _("补正通知"),
    "filing.rejected": _("不予受理通知"),
    "filing.forwarded": _("跨域立案转交通知"),
    "fee.payment": _("诉讼费交纳通知"),
    "fee.relief": _("司法救助决定通知"),
    "case.assigned": _("分案通知"),
    "case.supervision": _("四类案件监管通知"),
    "case.representation_ended": _("代理终止通知"),
    "service.sms_link": _("短信链接送达"),
    "hearing.appearance_notice": _("出庭通知短信"),
    "service.email": _("电子邮件送达"),
    "service.delivered": _("送达到达通知"),
    "paper_file.borrow_requested": _("纸质卷宗借阅申请"),
    "paper_file.borrow_decided": _("纸质卷宗借阅审批结果"),
    "paper_file.overdue": _("纸质卷宗逾期未还提醒"),
    "portal.identity": _("实名认证结果"),
    "ledger.audit": _("账本审计提醒"),
    "mediation.invite": _("调解邀请"),
}
AREA_LABELS = {
    "filing": _("立案"),
    "fee": _("诉讼费"),
    "case": _("案件"),
    "service": _("送达"),
    "paper_file": _("纸质卷宗"),
    "portal": _("诉讼服务账户"),
    "ledger": _("存证"),
    "mediation": _("调解"),
}


def provider_label(provider: str) -> str:
    if not provider:
        return ""
    if provider in PROVIDER_LABELS:
        return str(PROVIDER_LABELS[provider])
    key, _sep, backend = provider.partition(":")
    if key == "django_mail":
        return str(_("电子邮件（%(backend)s）") % {"backend": backend or "Django"})
    return str(_("其他通道（%(key)s）") % {"key": provider})


def purpose_label(purpose: str) -> str:
    if not purpose:
        return ""
    if purpose in PURPOSE_LABELS:
        return str(PURPOSE_LABELS[purpose])
    area = purpose.split(".", 1)[0]
    return str(_("%(area)s通知") % {"area": AREA_LABELS[area]}) if area in AREA_LABELS else str(_("系统通知"))
