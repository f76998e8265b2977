"""Roles a person can hold in a court (one person may hold several roles in several courts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    JUDGE = "judge", _("法官")
    JUDGE_ASSISTANT = "judge_assistant", _("法官助理")
    CLERK = "clerk", _("书记员")
    FILING_OFFICER = "filing_officer", _("立案人员")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("执行人员")
    COURT_POLICE = "court_police", _("司法警察")
    DIVISION_HEAD = "division_head", _("庭长")
    PRESIDENT = "president", _("院长/副院长")
    TRIAL_MANAGEMENT = "trial_management", _("审判管理人员")
    MEDIATOR = "mediator", _("调解员")
    # the township and village assistance network (协助执行网络): grid workers and village (community) officials who
    # find debtors, deliver notices and verify addresses for the court's enforcement (not court staff; their tasks only)
    ASSISTANCE_WORKER = "assistance_worker", _("协助执行网格员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    LAWYER = "lawyer", _("律师")
    PARTY = "party", _("当事人")


# The public side: no second factor is forced on them (real-name verification covers identity, 在线诉讼规则 Art. 7).
PUBLIC_ROLES = frozenset({Role.LAWYER, Role.PARTY})
STAFF_ROLES = frozenset(set(Role) - PUBLIC_ROLES)


class CourtLevel(models.TextChoices):
    SUPREME = "supreme", _("最高人民法院")
    HIGH = "high", _("高级人民法院")
    INTERMEDIATE = "intermediate", _("中级人民法院")
    BASIC = "basic", _("基层人民法院")


class DivisionKind(models.TextChoices):
    FILING = "filing", _("立案庭")
    CIVIL = "civil", _("民事审判庭")
    COMMERCIAL = "commercial", _("商事审判庭")
    CRIMINAL = "criminal", _("刑事审判庭")
    ADMINISTRATIVE = "administrative", _("行政审判庭")
    ENFORCEMENT = "enforcement", _("执行局")
    TRIAL_MANAGEMENT = "trial_management", _("审判管理办公室")
    POLICE = "police", _("司法警察大队")
    LITIGATION_SERVICE = "litigation_service", _("诉讼服务中心")
    OFFICE = "office", _("办公室")
    TRIBUNAL = "tribunal", _("人民法庭")


class RoomKind(models.TextChoices):
    COURTROOM = "courtroom", _("法庭")
    TECH_COURTROOM = "tech_courtroom", _("科技法庭")
    ONLINE = "online", _("互联网法庭")
    MEDIATION = "mediation", _("调解室")
    REMOTE_SITE = "remote_site", _("远程提讯室")
