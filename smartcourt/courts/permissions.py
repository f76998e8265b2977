"""Permissions, declared in ONE table: role × resource × action × scope. This module is the only place where an
access decision is made: views, APIs, selectors and services ask it (`visible_q`, `allows`, `permission_require`,
`permits`, `grant_courts`) and never test a role name, `is_superuser` or `actor is None` themselves.

Selectors turn the table into a queryset filter (`visible_q`) and the API and pages use those selectors, so a
list, a page and an API call always agree. A resource app registers how each scope reads on its model
(`register_scopes`): e.g. for a case, OWN means "I am its judge, clerk or party, or a party's representative whose
representation is in force today". Resources that are not per-object (the calendar, the job queue …) are asked with
`permits`: whether any of the person's grants gives the action.

Actors: a signed-in person is checked against the table; `SYSTEM` (smartcourt.core.actors: jobs, commands,
hand-offs) may do everything; `None` is no actor at all and is refused (MissingActor) by `permission_require`.

Every page and API operation either asks this table or says why it need not (`public(reason)`: open to anyone, or
only about the signed-in person's own account). `permission_trace()` records what the table was asked while a
block runs; tests/security/test_permission_coverage.py calls every URL and every API operation under it and fails
for one that neither asked nor is marked public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Q

from smartcourt.core.access import public as public  # re-exported: the mark of a view the table does not govern
from smartcourt.core.actors import SYSTEM, actor_required
from smartcourt.core.errors import Forbidden

from .grants import answer_known, answers_keep, user_grants
from .roles import Role

M = TypeVar("M", bound="Model")

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model, QuerySet
    from typing_extensions import TypeIs

    from smartcourt.core.actors import Actor
    from smartcourt.core.errors import StrOrPromise

    from .models import Court, Division, RoleGrant, User


class Resource(StrEnum):
    CASE = "case"
    CASE_PARTY_PII = "case_party_pii"  # identity numbers, phones, addresses of a case's parties
    FILING = "filing"  # a complaint (立案申请): CHANGE = the filer's own writing, submission and withdrawal (the
    # wizard, evidence, 补正); REVIEW = the court's decisions on what was submitted. Drafts are never the court's.
    DOSSIER = "dossier"
    COURT_STAFF = "court_staff"
    CALENDAR = "calendar"
    SERVICE = "service"  # service of process (送达) on a case: tasks, receipts, the service centre (集中送达)
    OUTBOX = "outbox"  # the one SMS / e-mail outbox (短信与邮件发件箱) of every app, by the court a message is for
    PAPER_FILE = "paper_file"  # paper bundles (纸质卷宗) in lockers and the file room, and their borrowing
    REPRESENTATION = "representation"  # a party's representative on a case (诉讼代理): CHANGE = end it (解除委托)
    ASSIGNMENT = (
        "assignment"  # designated assignment / change of judge (指定分案、变更承办人): APPROVE; VIEW = replay a draw
    )
    TRIAL_PERIOD = "trial_period"  # the trial period (审限): APPROVE an extension
    IDENTITY = "identity"  # real-name verification of litigant accounts (实名认证审核), by the court registered with
    JOBS = "jobs"  # background tasks: failures, stalls, retries (后台任务)
    LEDGER_AUDIT = "ledger_audit"  # the ledger auditor's findings (账本审计)
    ADMIN_SITE = "admin_site"  # the Django admin: a read-only lookup (系统管理); CHANGE = its few settings forms
    KIOSK = "kiosk"  # the court's registered self-service terminals (自助立案终端) and their device keys
    # the case's team (审判团队): CHANGE = form it (合议庭成员、法官助理、书记员); APPROVE = designate its presiding
    # judge (审判长由院长或者庭长指定, 民事诉讼法 Art. 44)
    CASE_TEAM = "case_team"
    STANDING_TEAM = "standing_team"  # a judge's standing team (固定审判团队): VIEW / CHANGE, per judge's post
    # a power of attorney (授权委托书) a party submits on a registered case: CHANGE = submit it; APPROVE = the court's
    # review (民事诉讼法 Art. 62, 人民法院在线诉讼规则 Art. 12), after which the representation is in force
    POWER_OF_ATTORNEY = "power_of_attorney"
    FEE = "fee"  # court fees (诉讼费): confirm a payment, record a refund, decide judicial aid (司法救助)
    # hearings (庭审) of a case: VIEW = its sessions, the court's calendars; CHANGE = schedule, move, postpone, cancel
    HEARING = "hearing"
    ESCORT = "escort"  # escort requests to the court police (提押): CHANGE = the police's acknowledgement
    REMOTE_SITE = "remote_site"  # remote sites (驻所科技法庭、共享法庭) of a court and their staff
    # publication of a case's judgments on the internet (裁判文书上网): VIEW = its tasks and the original beside the
    # anonymised text; REVIEW = confirm the anonymisation and publish; APPROVE = decide not to publish (Art. 4)
    PUBLICATION = "publication"
    # mediation (诉前调解、委派/委托调解): a dispute, its room (messages, offers), its agreement and signatures;
    # CHANGE = act in it (mediate, offer, sign, file as a case)
    MEDIATION = "mediation"
    MEDIATION_BODY = "mediation_body"  # mediation bodies, their mediators, shared courts (调解组织、调解员、共享法庭)
    # judicial confirmation of a mediation agreement (司法确认, 民诉法 Art. 205–206): REVIEW = the judge's ruling
    MEDIATION_CONFIRMATION = "mediation_confirmation"
    MEDIATION_FUNNEL = "mediation_funnel"  # the dispute funnel and 万人成讼率 by area (a court leader's dashboard)
    # court documents (文书) of a case: VIEW = read them and their review; CHANGE = generate, draft, submit, sign,
    # serve; APPROVE = a review step (阅核) assigned to the reviewer
    DOCUMENT = "document"
    DOCUMENT_TEMPLATE = "document_template"  # a court's template versions (文书模板): CHANGE = upload a version
    # case library (案例库): VIEW = read reference cases and the court's typical cases, get similar cases pushed;
    # CHANGE = select a court's typical cases (典型案例)
    CASE_LIBRARY = "case_library"
    # the Q&A board (法答网): VIEW = read; CHANGE = ask; REVIEW = answer (OWN: a designated expert of the question's court)
    LEGAL_QA = "legal_qa"
    LEGAL_QA_EXPERT = "legal_qa_expert"  # who answers for a court (法答网专家): CHANGE = designate, revoke
    # enforcement (执行) of a 执 case: VIEW its file, assets, measures; CHANGE = inquiries, controls, measures, closing
    ENFORCEMENT = "enforcement"
    # applying for enforcement of a title in the system (申请执行): CHANGE on the title's case, by its parties
    ENFORCEMENT_APPLICATION = "enforcement_application"
    # case funds (案款): CHANGE = record receipts, ask for a payout; APPROVE = the second person's approval and the
    # daily reconciliation (the account itself is read with ENFORCEMENT/VIEW)
    CASE_FUNDS = "case_funds"
    # cross-court enforcement (异地交叉执行): APPROVE on a case = a higher court designates another court to enforce it
    # or to share it (指定执行、共同执行)
    ENFORCEMENT_DESIGNATION = "enforcement_designation"
    # the receiving court's side of a designation (交接): VIEW it, CHANGE = acknowledge the handover, name the officer
    ENFORCEMENT_HANDOVER = "enforcement_handover"
    # a measure entrusted to another court (委托执行): the entrusted court's side — VIEW, CHANGE = accept, act, reply
    ENFORCEMENT_ENTRUSTMENT = "enforcement_entrustment"
    # a task of the assistance network (协助执行网络): the worker's side — VIEW, CHANGE = report back
    ENFORCEMENT_ASSISTANCE = "enforcement_assistance"
    # the enforcement indicators page (执行指标), per court and per officer: VIEW on a court
    ENFORCEMENT_INDICATORS = "enforcement_indicators"


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"  # a transition, an edit
    ASSIGN = "assign"  # assignment of a judge (分案)
    SUPERVISE = "supervise"  # 四类案件 supervision, extensions approval
    APPROVE = "approve"  # a leader's approval another person's action needs (批准)
    REVIEW = "review"  # the court's decision on what a person submitted (立案审查: 立案、补正、不予受理), never an edit


class Scope(StrEnum):
    OWN = "own"  # the person is on the object (judge, clerk, party, lawyer …)
    DIVISION = "division"  # the object belongs to the division of the grant
    COURT = "court"  # the object belongs to the court of the grant
    SUBORDINATE = "subordinate"  # the court of the grant or any court below it


@dataclass(frozen=True)
class Grant:
    role: Role
    resource: Resource
    action: Action
    scope: Scope


R, A, S = Resource, Action, Scope
_T = (
    # role                     resource            action        scope
    (Role.JUDGE,               R.CASE,             A.VIEW,       S.COURT),
    (Role.JUDGE,               R.CASE,             A.CHANGE,     S.OWN),
    (Role.JUDGE,               R.CASE_PARTY_PII,   A.VIEW,       S.OWN),
    (Role.JUDGE,               R.DOSSIER,          A.VIEW,       S.OWN),
    (Role.JUDGE_ASSISTANT,     R.CASE,             A.VIEW,       S.DIVISION),
    (Role.JUDGE_ASSISTANT,     R.CASE,             A.CHANGE,     S.OWN),
    (Role.JUDGE_ASSISTANT,     R.CASE_PARTY_PII,   A.VIEW,       S.OWN),
    (Role.JUDGE_ASSISTANT,     R.DOSSIER,          A.VIEW,       S.OWN),
    (Role.CLERK,               R.CASE,             A.VIEW,       S.COURT),
    (Role.CLERK,               R.CASE,             A.CHANGE,     S.OWN),
    (Role.CLERK,               R.CASE_PARTY_PII,   A.VIEW,       S.DIVISION),
    (Role.CLERK,               R.DOSSIER,          A.VIEW,       S.DIVISION),
    (Role.CLERK,               R.DOSSIER,          A.CHANGE,     S.OWN),
    (Role.FILING_OFFICER,      R.CASE,             A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.CASE,             A.ASSIGN,     S.COURT),
    (Role.FILING_OFFICER,      R.CASE_PARTY_PII,   A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.FILING,           A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.FILING,           A.REVIEW,     S.COURT),
    (Role.ENFORCEMENT_OFFICER, R.CASE,             A.VIEW,       S.COURT),
    (Role.ENFORCEMENT_OFFICER, R.CASE,             A.CHANGE,     S.OWN),
    (Role.ENFORCEMENT_OFFICER, R.CASE_PARTY_PII,   A.VIEW,       S.OWN),
    (Role.COURT_POLICE,        R.CASE,             A.VIEW,       S.OWN),
    (Role.DIVISION_HEAD,       R.CASE,             A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.CASE,             A.CHANGE,     S.DIVISION),
    (Role.DIVISION_HEAD,       R.CASE,             A.ASSIGN,     S.DIVISION),
    (Role.DIVISION_HEAD,       R.CASE,             A.SUPERVISE,  S.DIVISION),
    (Role.DIVISION_HEAD,       R.CASE_PARTY_PII,   A.VIEW,       S.DIVISION),
    (Role.DIVISION_HEAD,       R.DOSSIER,          A.VIEW,       S.DIVISION),
    (Role.PRESIDENT,           R.CASE,             A.VIEW,       S.SUBORDINATE),
    (Role.PRESIDENT,           R.CASE,             A.ASSIGN,     S.COURT),
    (Role.PRESIDENT,           R.CASE,             A.SUPERVISE,  S.SUBORDINATE),
    (Role.PRESIDENT,           R.CASE_PARTY_PII,   A.VIEW,       S.COURT),
    (Role.PRESIDENT,           R.DOSSIER,          A.VIEW,       S.SUBORDINATE),
    (Role.PRESIDENT,           R.COURT_STAFF,      A.VIEW,       S.SUBORDINATE),
    (Role.TRIAL_MANAGEMENT,    R.CASE,             A.VIEW,       S.SUBORDINATE),
    (Role.TRIAL_MANAGEMENT,    R.CASE,             A.SUPERVISE,  S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.CALENDAR,         A.CHANGE,     S.COURT),
    (Role.MEDIATOR,            R.CASE,             A.VIEW,       S.OWN),
    # people and their roles (人员与角色): a court's administrator for that court, a higher court's for the courts
    # below it. What a CHANGE may grant, to whom, is narrowed further by courts/rules/grants.py (never to oneself).
    (Role.SYSTEM_ADMIN,        R.COURT_STAFF,      A.VIEW,       S.SUBORDINATE),
    (Role.SYSTEM_ADMIN,        R.COURT_STAFF,      A.CHANGE,     S.SUBORDINATE),
    (Role.SYSTEM_ADMIN,        R.CALENDAR,         A.CHANGE,     S.COURT),
    (Role.LAWYER,              R.CASE,             A.VIEW,       S.OWN),
    (Role.LAWYER,              R.CASE_PARTY_PII,   A.VIEW,       S.OWN),
    (Role.LAWYER,              R.DOSSIER,          A.VIEW,       S.OWN),
    (Role.LAWYER,              R.FILING,           A.VIEW,       S.OWN),
    (Role.LAWYER,              R.FILING,           A.CHANGE,     S.OWN),
    (Role.PARTY,               R.CASE,             A.VIEW,       S.OWN),
    (Role.PARTY,               R.FILING,           A.VIEW,       S.OWN),
    (Role.PARTY,               R.FILING,           A.CHANGE,     S.OWN),
    # paper custody (纸质卷宗): CHANGE = register, label, check in/out; SUPERVISE = approve a borrowing (借阅).
    # The file room (档案室) is run by the trial-management office (审管办), so that role is the keeper.
    (Role.JUDGE,               R.PAPER_FILE,       A.VIEW,       S.COURT),  # as for cases: may ask to borrow any
    (Role.JUDGE_ASSISTANT,     R.PAPER_FILE,       A.VIEW,       S.DIVISION),
    (Role.CLERK,               R.PAPER_FILE,       A.VIEW,       S.COURT),
    (Role.CLERK,               R.PAPER_FILE,       A.CHANGE,     S.COURT),
    (Role.FILING_OFFICER,      R.PAPER_FILE,       A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.PAPER_FILE,       A.CHANGE,     S.COURT),
    (Role.DIVISION_HEAD,       R.PAPER_FILE,       A.VIEW,       S.DIVISION),
    (Role.DIVISION_HEAD,       R.PAPER_FILE,       A.SUPERVISE,  S.DIVISION),
    (Role.PRESIDENT,           R.PAPER_FILE,       A.VIEW,       S.SUBORDINATE),
    (Role.TRIAL_MANAGEMENT,    R.PAPER_FILE,       A.VIEW,       S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.PAPER_FILE,       A.CHANGE,     S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.PAPER_FILE,       A.SUPERVISE,  S.COURT),
    (Role.LAWYER,              R.PAPER_FILE,       A.VIEW,       S.OWN),
    # the paper files of their own enforcement cases, and any bundle they have borrowed (its overdue reminder links it)
    (Role.ENFORCEMENT_OFFICER, R.PAPER_FILE,       A.VIEW,       S.OWN),
    # electronic dossier (电子卷宗): parties read their own case's file (民事诉讼法 Art. 52, as lawyers do under
    # Art. 64); the judge's assistant files scans and catalogues for the cases they are on, as the clerk does.
    (Role.PARTY,               R.DOSSIER,          A.VIEW,       S.OWN),
    (Role.JUDGE_ASSISTANT,     R.DOSSIER,          A.CHANGE,     S.OWN),
    # 集中送达: the court's clerks and filing officers serve for every case of the court; assistants for their own.
    (Role.CLERK,               R.SERVICE,          A.VIEW,       S.COURT),
    (Role.CLERK,               R.SERVICE,          A.CHANGE,     S.COURT),
    (Role.FILING_OFFICER,      R.SERVICE,          A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.SERVICE,          A.CHANGE,     S.COURT),
    (Role.JUDGE_ASSISTANT,     R.SERVICE,          A.VIEW,       S.OWN),
    (Role.JUDGE_ASSISTANT,     R.SERVICE,          A.CHANGE,     S.OWN),
    (Role.JUDGE,               R.SERVICE,          A.VIEW,       S.OWN),
    (Role.DIVISION_HEAD,       R.SERVICE,          A.VIEW,       S.DIVISION),
    (Role.PRESIDENT,           R.SERVICE,          A.VIEW,       S.SUBORDINATE),
    (Role.TRIAL_MANAGEMENT,    R.SERVICE,          A.VIEW,       S.COURT),
    # 短信与邮件发件箱: a court's administrators and clerks read what the court sent (service links, notice copies).
    (Role.SYSTEM_ADMIN,        R.OUTBOX,           A.VIEW,       S.COURT),
    (Role.CLERK,               R.OUTBOX,           A.VIEW,       S.COURT),
    # 解除委托 / 代理终止: the represented party ends the mandate (民诉法 Art. 63: 当事人应当书面告知人民法院), the
    # representative withdraws (律师法 Art. 32), or the case's team records a notice the court received.
    (Role.PARTY,               R.REPRESENTATION,   A.CHANGE,     S.OWN),
    (Role.LAWYER,              R.REPRESENTATION,   A.CHANGE,     S.OWN),
    (Role.CLERK,               R.REPRESENTATION,   A.CHANGE,     S.OWN),
    (Role.JUDGE_ASSISTANT,     R.REPRESENTATION,   A.CHANGE,     S.OWN),
    (Role.JUDGE,               R.REPRESENTATION,   A.CHANGE,     S.OWN),
    # 审判团队: the judge in charge (承办法官) or the division head forms the case's team; the presiding judge of a
    # panel is designated by the president or the division head (民诉法 Art. 44, 人民法院组织法 Art. 30). A judge's
    # standing team (固定审判团队), which joins each new case at assignment, is set by the judge or the division head.
    (Role.JUDGE,               R.CASE_TEAM,        A.CHANGE,     S.OWN),
    (Role.DIVISION_HEAD,       R.CASE_TEAM,        A.CHANGE,     S.DIVISION),
    (Role.DIVISION_HEAD,       R.CASE_TEAM,        A.APPROVE,    S.DIVISION),
    (Role.PRESIDENT,           R.CASE_TEAM,        A.APPROVE,    S.COURT),
    (Role.JUDGE,               R.STANDING_TEAM,    A.VIEW,       S.OWN),
    (Role.JUDGE,               R.STANDING_TEAM,    A.CHANGE,     S.OWN),
    (Role.DIVISION_HEAD,       R.STANDING_TEAM,    A.VIEW,       S.DIVISION),
    (Role.DIVISION_HEAD,       R.STANDING_TEAM,    A.CHANGE,     S.DIVISION),
    # 授权委托书 after registration: the party submits it (民诉法 Art. 62), the representative follows it, and the
    # case's judge, assistant or clerk reviews it; accepted, the representation is in force from that day.
    (Role.PARTY,               R.POWER_OF_ATTORNEY, A.VIEW,      S.OWN),
    (Role.PARTY,               R.POWER_OF_ATTORNEY, A.CHANGE,    S.OWN),
    (Role.LAWYER,              R.POWER_OF_ATTORNEY, A.VIEW,      S.OWN),
    (Role.JUDGE,               R.POWER_OF_ATTORNEY, A.VIEW,      S.OWN),
    (Role.JUDGE,               R.POWER_OF_ATTORNEY, A.APPROVE,   S.OWN),
    (Role.JUDGE_ASSISTANT,     R.POWER_OF_ATTORNEY, A.VIEW,      S.OWN),
    (Role.JUDGE_ASSISTANT,     R.POWER_OF_ATTORNEY, A.APPROVE,   S.OWN),
    (Role.CLERK,               R.POWER_OF_ATTORNEY, A.VIEW,      S.OWN),
    (Role.CLERK,               R.POWER_OF_ATTORNEY, A.APPROVE,   S.OWN),
    # approvals: designated assignment or change of judge by the head of the case's division or the court's president
    # (法发〔2015〕13号 第十八条); extension of the trial period by the president of the court or of a higher court
    # (民诉法 Art. 152). Which of them decides a given request is the rules' choice (cases.services_approvals).
    (Role.DIVISION_HEAD,       R.ASSIGNMENT,       A.APPROVE,    S.DIVISION),
    (Role.PRESIDENT,           R.ASSIGNMENT,       A.APPROVE,    S.COURT),
    (Role.PRESIDENT,           R.TRIAL_PERIOD,     A.APPROVE,    S.SUBORDINATE),
    # a recorded random draw, inspected and replayed (随机分案复现): by those who assign and those who supervise
    (Role.FILING_OFFICER,      R.ASSIGNMENT,       A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.ASSIGNMENT,       A.VIEW,       S.DIVISION),
    (Role.PRESIDENT,           R.ASSIGNMENT,       A.VIEW,       S.SUBORDINATE),
    (Role.TRIAL_MANAGEMENT,    R.ASSIGNMENT,       A.VIEW,       S.COURT),
    # 实名认证审核 (在线诉讼规则 Art. 7): the filing officers of the court an applicant registered with compare the ID
    # photo with the data and decide. No one else sees the ID number or photo (个人信息保护法 Art. 6: no more people
    # than the purpose needs): not a system administrator, not another court's officers.
    (Role.FILING_OFFICER,      R.IDENTITY,         A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.IDENTITY,         A.CHANGE,     S.COURT),
    # platform-wide resources (asked with `permits`: any grant of the role suffices, whatever its court)
    (Role.SYSTEM_ADMIN,        R.JOBS,             A.VIEW,       S.COURT),
    (Role.SYSTEM_ADMIN,        R.JOBS,             A.CHANGE,     S.COURT),
    (Role.SYSTEM_ADMIN,        R.LEDGER_AUDIT,     A.VIEW,       S.COURT),
    (Role.SYSTEM_ADMIN,        R.LEDGER_AUDIT,     A.CHANGE,     S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.LEDGER_AUDIT,     A.VIEW,       S.COURT),
    (Role.SYSTEM_ADMIN,        R.ADMIN_SITE,       A.VIEW,       S.COURT),
    # the admin's settings forms written through audited services (fee points, service policy): own court only
    (Role.SYSTEM_ADMIN,        R.ADMIN_SITE,       A.CHANGE,     S.COURT),
    # 自助立案终端: the court's administrator registers and revokes its terminals
    (Role.SYSTEM_ADMIN,        R.KIOSK,            A.VIEW,       S.COURT),
    (Role.SYSTEM_ADMIN,        R.KIOSK,            A.CHANGE,     S.COURT),
    # court fees (诉讼费交纳办法): the court's filing officers (who issue the notice) and its president confirm money
    # received, record refunds (Art. 15, 16) and decide judicial aid (Art. 44–48); asked with `grant_courts`.
    (Role.FILING_OFFICER,      R.FEE,              A.CHANGE,     S.COURT),
    (Role.PRESIDENT,           R.FEE,              A.CHANGE,     S.COURT),
    # hearings (庭审排期): the case's judge, assistant and clerk schedule its sessions (民诉法 Art. 139 notice by the
    # court), the division head for the division; the court's staff read its calendars (court police plan the
    # courtrooms' security and escorts); parties and lawyers see the sessions of their own cases, across courts.
    (Role.JUDGE,               R.HEARING,          A.VIEW,       S.COURT),
    (Role.JUDGE,               R.HEARING,          A.CHANGE,     S.OWN),
    (Role.JUDGE_ASSISTANT,     R.HEARING,          A.VIEW,       S.COURT),
    (Role.JUDGE_ASSISTANT,     R.HEARING,          A.CHANGE,     S.OWN),
    (Role.CLERK,               R.HEARING,          A.VIEW,       S.COURT),
    (Role.CLERK,               R.HEARING,          A.CHANGE,     S.OWN),
    (Role.DIVISION_HEAD,       R.HEARING,          A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.HEARING,          A.CHANGE,     S.DIVISION),
    (Role.PRESIDENT,           R.HEARING,          A.VIEW,       S.SUBORDINATE),
    (Role.TRIAL_MANAGEMENT,    R.HEARING,          A.VIEW,       S.COURT),
    (Role.COURT_POLICE,        R.HEARING,          A.VIEW,       S.COURT),
    (Role.LAWYER,              R.HEARING,          A.VIEW,       S.OWN),
    (Role.PARTY,               R.HEARING,          A.VIEW,       S.OWN),
    (Role.JUDGE,               R.PUBLICATION,      A.VIEW,       S.OWN),
    (Role.JUDGE,               R.PUBLICATION,      A.REVIEW,     S.OWN),
    (Role.JUDGE_ASSISTANT,     R.PUBLICATION,      A.VIEW,       S.OWN),
    (Role.JUDGE_ASSISTANT,     R.PUBLICATION,      A.REVIEW,     S.OWN),
    (Role.CLERK,               R.PUBLICATION,      A.VIEW,       S.OWN),
    (Role.DIVISION_HEAD,       R.PUBLICATION,      A.VIEW,       S.DIVISION),
    (Role.DIVISION_HEAD,       R.PUBLICATION,      A.REVIEW,     S.DIVISION),
    (Role.DIVISION_HEAD,       R.PUBLICATION,      A.APPROVE,    S.DIVISION),
    (Role.PRESIDENT,           R.PUBLICATION,      A.VIEW,       S.COURT),
    (Role.PRESIDENT,           R.PUBLICATION,      A.APPROVE,    S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.PUBLICATION,      A.VIEW,       S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.PUBLICATION,      A.REVIEW,     S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.PUBLICATION,      A.APPROVE,    S.COURT),
    # 提押: the court police receive and acknowledge the escort of a defendant in custody brought to court
    (Role.COURT_POLICE,        R.ESCORT,           A.VIEW,       S.COURT),
    (Role.COURT_POLICE,        R.ESCORT,           A.CHANGE,     S.COURT),
    # remote sites (驻所科技法庭、共享法庭): the trial-management office keeps the court's list and staff
    (Role.TRIAL_MANAGEMENT,    R.REMOTE_SITE,      A.VIEW,       S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.REMOTE_SITE,      A.CHANGE,     S.COURT),
    (Role.JUDGE,               R.REMOTE_SITE,      A.VIEW,       S.COURT),
    (Role.JUDGE_ASSISTANT,     R.REMOTE_SITE,      A.VIEW,       S.COURT),
    (Role.CLERK,               R.REMOTE_SITE,      A.VIEW,       S.COURT),
    (Role.COURT_POLICE,        R.REMOTE_SITE,      A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.REMOTE_SITE,      A.VIEW,       S.COURT),
    (Role.PRESIDENT,           R.REMOTE_SITE,      A.VIEW,       S.SUBORDINATE),
    # mediation (诉源治理): a mediator acts in the disputes assigned to them, a party in their own; the guiding judge
    # (挂点指导法官) follows the bodies they guide; the court's filing officers (诉调对接) route and file court-wide;
    # leaders and the trial-management office read the funnel. Judicial confirmation is the assigned judge's.
    (Role.MEDIATOR,            R.MEDIATION,        A.VIEW,       S.OWN),
    (Role.MEDIATOR,            R.MEDIATION,        A.CHANGE,     S.OWN),
    (Role.MEDIATOR,            R.MEDIATION_BODY,   A.VIEW,       S.COURT),
    (Role.PARTY,               R.MEDIATION,        A.VIEW,       S.OWN),
    (Role.PARTY,               R.MEDIATION,        A.CHANGE,     S.OWN),
    (Role.PARTY,               R.MEDIATION_CONFIRMATION, A.VIEW, S.OWN),
    (Role.JUDGE,               R.MEDIATION,        A.VIEW,       S.OWN),
    (Role.JUDGE,               R.MEDIATION,        A.CHANGE,     S.OWN),
    (Role.JUDGE,               R.MEDIATION_BODY,   A.VIEW,       S.COURT),
    (Role.JUDGE,               R.MEDIATION_CONFIRMATION, A.VIEW, S.COURT),
    (Role.JUDGE,               R.MEDIATION_CONFIRMATION, A.REVIEW, S.OWN),
    (Role.JUDGE,               R.MEDIATION_FUNNEL, A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.MEDIATION,        A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.MEDIATION,        A.CHANGE,     S.COURT),
    (Role.FILING_OFFICER,      R.MEDIATION_BODY,   A.VIEW,       S.COURT),
    (Role.FILING_OFFICER,      R.MEDIATION_BODY,   A.CHANGE,     S.COURT),
    (Role.FILING_OFFICER,      R.MEDIATION_CONFIRMATION, A.VIEW, S.COURT),
    (Role.FILING_OFFICER,      R.MEDIATION_FUNNEL, A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.MEDIATION,        A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.MEDIATION_FUNNEL, A.VIEW,       S.COURT),
    (Role.PRESIDENT,           R.MEDIATION,        A.VIEW,       S.SUBORDINATE),
    (Role.PRESIDENT,           R.MEDIATION_BODY,   A.VIEW,       S.SUBORDINATE),
    (Role.PRESIDENT,           R.MEDIATION_FUNNEL, A.VIEW,       S.SUBORDINATE),
    (Role.TRIAL_MANAGEMENT,    R.MEDIATION,        A.VIEW,       S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.MEDIATION_BODY,   A.VIEW,       S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.MEDIATION_BODY,   A.CHANGE,     S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.MEDIATION_FUNNEL, A.VIEW,       S.COURT),
    # court documents (文书): the case's judge, assistant and clerk generate and draft them, submit the draft to review
    # (阅核), apply the court's seal once it is approved and serve it; the reviewers of the chain (审判长 — a judge of
    # the court —, 庭长 for the division, 院长/分管院长 for the court) decide their own step (法发〔2015〕13号 第九条:
    # 院庭长阅核留痕). The court's staff read the documents of its cases; the division head, the trial-management
    # office and the president keep the court's template versions (文书模板).
    (Role.JUDGE,               R.DOCUMENT,         A.VIEW,       S.COURT),
    (Role.JUDGE,               R.DOCUMENT,         A.CHANGE,     S.OWN),
    (Role.JUDGE,               R.DOCUMENT,         A.APPROVE,    S.COURT),
    (Role.JUDGE_ASSISTANT,     R.DOCUMENT,         A.VIEW,       S.COURT),
    (Role.JUDGE_ASSISTANT,     R.DOCUMENT,         A.CHANGE,     S.OWN),
    (Role.CLERK,               R.DOCUMENT,         A.VIEW,       S.COURT),
    (Role.CLERK,               R.DOCUMENT,         A.CHANGE,     S.OWN),
    (Role.DIVISION_HEAD,       R.DOCUMENT,         A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.DOCUMENT,         A.CHANGE,     S.DIVISION),
    (Role.DIVISION_HEAD,       R.DOCUMENT,         A.APPROVE,    S.DIVISION),
    (Role.PRESIDENT,           R.DOCUMENT,         A.VIEW,       S.SUBORDINATE),
    (Role.PRESIDENT,           R.DOCUMENT,         A.APPROVE,    S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.DOCUMENT,         A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.DOCUMENT_TEMPLATE, A.CHANGE,    S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.DOCUMENT_TEMPLATE, A.CHANGE,    S.COURT),
    (Role.PRESIDENT,           R.DOCUMENT_TEMPLATE, A.CHANGE,    S.COURT),
    # 案例库与类案推送: the court's judges and their teams read the library and get similar cases pushed; the division
    # head, the president and the trial-management office select the court's typical cases (典型案例).
    (Role.JUDGE,               R.CASE_LIBRARY,     A.VIEW,       S.COURT),
    (Role.JUDGE_ASSISTANT,     R.CASE_LIBRARY,     A.VIEW,       S.COURT),
    (Role.CLERK,               R.CASE_LIBRARY,     A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.CASE_LIBRARY,     A.VIEW,       S.COURT),
    (Role.PRESIDENT,           R.CASE_LIBRARY,     A.VIEW,       S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.CASE_LIBRARY,     A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.CASE_LIBRARY,     A.CHANGE,     S.COURT),
    (Role.PRESIDENT,           R.CASE_LIBRARY,     A.CHANGE,     S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.CASE_LIBRARY,     A.CHANGE,     S.COURT),
    # 法答网: judges and their assistants ask and read their court's questions; an answer is given by a designated expert
    # of the question's court (OWN reads "designated for that court", ExpertDesignation); higher courts read below.
    (Role.JUDGE,               R.LEGAL_QA,         A.VIEW,       S.COURT),
    (Role.JUDGE_ASSISTANT,     R.LEGAL_QA,         A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.LEGAL_QA,         A.VIEW,       S.COURT),
    (Role.PRESIDENT,           R.LEGAL_QA,         A.VIEW,       S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.LEGAL_QA,         A.VIEW,       S.COURT),
    (Role.JUDGE,               R.LEGAL_QA,         A.CHANGE,     S.COURT),
    (Role.JUDGE_ASSISTANT,     R.LEGAL_QA,         A.CHANGE,     S.COURT),
    (Role.DIVISION_HEAD,       R.LEGAL_QA,         A.CHANGE,     S.COURT),
    (Role.PRESIDENT,           R.LEGAL_QA,         A.CHANGE,     S.COURT),
    (Role.JUDGE,               R.LEGAL_QA,         A.REVIEW,     S.OWN),
    (Role.DIVISION_HEAD,       R.LEGAL_QA,         A.REVIEW,     S.OWN),
    (Role.PRESIDENT,           R.LEGAL_QA,         A.REVIEW,     S.OWN),
    (Role.TRIAL_MANAGEMENT,    R.LEGAL_QA,         A.REVIEW,     S.OWN),
    # 法答网专家: designated per court by its president or its trial-management office
    (Role.PRESIDENT,           R.LEGAL_QA_EXPERT,  A.CHANGE,     S.COURT),
    (Role.TRIAL_MANAGEMENT,    R.LEGAL_QA_EXPERT,  A.CHANGE,     S.COURT),
    # enforcement (执行): the officer in charge acts on their own cases, the enforcement bureau's head on the
    # division's; parties see their own; case money needs a second person (执行款物管理规定 Art. 15–16): the officer
    # in charge asks, another officer of the court or the division head approves (never the same person, checked
    # by the service).
    (Role.ENFORCEMENT_OFFICER, R.ENFORCEMENT,      A.VIEW,       S.COURT),
    (Role.ENFORCEMENT_OFFICER, R.ENFORCEMENT,      A.CHANGE,     S.OWN),
    (Role.DIVISION_HEAD,       R.ENFORCEMENT,      A.VIEW,       S.COURT),
    (Role.DIVISION_HEAD,       R.ENFORCEMENT,      A.CHANGE,     S.DIVISION),
    (Role.PRESIDENT,           R.ENFORCEMENT,      A.VIEW,       S.SUBORDINATE),
    (Role.JUDGE,               R.ENFORCEMENT,      A.VIEW,       S.OWN),
    (Role.JUDGE,               R.ENFORCEMENT,      A.CHANGE,     S.OWN),
    (Role.PARTY,               R.ENFORCEMENT,      A.VIEW,       S.OWN),
    (Role.LAWYER,              R.ENFORCEMENT,      A.VIEW,       S.OWN),
    (Role.PARTY,               R.ENFORCEMENT_APPLICATION, A.CHANGE, S.OWN),
    (Role.LAWYER,              R.ENFORCEMENT_APPLICATION, A.CHANGE, S.OWN),
    (Role.FILING_OFFICER,      R.ENFORCEMENT_APPLICATION, A.CHANGE, S.COURT),
    (Role.ENFORCEMENT_OFFICER, R.CASE_FUNDS,       A.CHANGE,     S.OWN),
    (Role.ENFORCEMENT_OFFICER, R.CASE_FUNDS,       A.APPROVE,    S.COURT),
    (Role.DIVISION_HEAD,       R.CASE_FUNDS,       A.APPROVE,    S.DIVISION),
    (Role.JUDGE,               R.CASE_FUNDS,       A.CHANGE,     S.OWN),
    # cross-court enforcement (异地交叉执行): a higher court's president designates another court of its
    # jurisdiction to enforce a case, or to share it (民诉法 Art. 237, 执行程序解释 Art. 11, 执行工作规定 Art. 74);
    # the receiving court's enforcement head acknowledges the handover and names the officer, who then acts on the
    # case with their own court's roles (ENFORCEMENT and CASE_FUNDS read the arrangement: enforcement/permissions.py);
    # the receiving division's head reads the cases shared with it. Entrusted enforcement (委托执行, 民诉法 Art. 240):
    # the entrusted court's officers see what is entrusted to their court, its enforcement head accepts and names an
    # officer, who acts and replies. The assistance network (协助执行网络): a grid worker sees and reports back their
    # own tasks.
    (Role.ENFORCEMENT_OFFICER, R.ENFORCEMENT,      A.VIEW,       S.OWN),
    (Role.DIVISION_HEAD,       R.ENFORCEMENT,      A.VIEW,       S.DIVISION),
    (Role.PRESIDENT,           R.ENFORCEMENT_DESIGNATION, A.APPROVE, S.SUBORDINATE),
    (Role.DIVISION_HEAD,       R.ENFORCEMENT_HANDOVER, A.VIEW,   S.DIVISION),
    (Role.DIVISION_HEAD,       R.ENFORCEMENT_HANDOVER, A.CHANGE, S.DIVISION),
    (Role.PRESIDENT,           R.ENFORCEMENT_HANDOVER, A.VIEW,   S.SUBORDINATE),
    (Role.ENFORCEMENT_OFFICER, R.ENFORCEMENT_HANDOVER, A.VIEW,   S.OWN),
    (Role.ENFORCEMENT_OFFICER, R.ENFORCEMENT_ENTRUSTMENT, A.VIEW, S.COURT),
    (Role.ENFORCEMENT_OFFICER, R.ENFORCEMENT_ENTRUSTMENT, A.CHANGE, S.OWN),
    (Role.DIVISION_HEAD,       R.ENFORCEMENT_ENTRUSTMENT, A.VIEW, S.DIVISION),
    (Role.DIVISION_HEAD,       R.ENFORCEMENT_ENTRUSTMENT, A.CHANGE, S.DIVISION),
    (Role.PRESIDENT,           R.ENFORCEMENT_ENTRUSTMENT, A.VIEW, S.SUBORDINATE),
    (Role.ASSISTANCE_WORKER,   R.ENFORCEMENT_ASSISTANCE, A.VIEW, S.OWN),
    (Role.ASSISTANCE_WORKER,   R.ENFORCEMENT_ASSISTANCE, A.CHANGE, S.OWN),
    # the enforcement papers are documents of the 执 case (issued through documents.document_generate, sealed and
    # served on the document's page): the officer in charge makes them, the court's officers read them
    (Role.ENFORCEMENT_OFFICER, R.DOCUMENT,         A.VIEW,       S.COURT),
    (Role.ENFORCEMENT_OFFICER, R.DOCUMENT,         A.CHANGE,     S.OWN),
    # the enforcement indicators (执行到位率、执行完毕率、终本率 …): the bureau's head and the court's leaders
    (Role.DIVISION_HEAD,       R.ENFORCEMENT_INDICATORS, A.VIEW, S.COURT),
    (Role.PRESIDENT,           R.ENFORCEMENT_INDICATORS, A.VIEW, S.SUBORDINATE),
    (Role.TRIAL_MANAGEMENT,    R.ENFORCEMENT_INDICATORS, A.VIEW, S.COURT),
)  # fmt: skip
PERMISSION_TABLE: tuple[Grant, ...] = tuple(Grant(role, res, act, scope) for role, res, act, scope in _T)


# --- what the table was asked (tests), and the views it does not govern -------------------------------------------

_asked: ContextVar[set[tuple[Resource, Action]] | None] = ContextVar("permission_asked", default=None)


def _note(resource: Resource, action: Action) -> None:
    asked = _asked.get()
    if asked is not None:
        asked.add((resource, action))


@contextmanager
def permission_trace() -> Iterator[set[tuple[Resource, Action]]]:
    """The (resource, action) pairs the table is asked about while the block runs (outside a trace: nothing kept)."""
    asked: set[tuple[Resource, Action]] = set()
    token = _asked.set(asked)
    try:
        yield asked
    finally:
        _asked.reset(token)


# How a scope reads on one resource's model. Each builder gets the user and, for court-bound scopes, the grant's
# court and division; it returns a Q on that model.
@dataclass(frozen=True)
class ScopeBuilders:
    own: Callable[[User], Q]
    division: Callable[[Division], Q]
    court: Callable[[Court], Q]
    subordinate: Callable[[Court], Q]


_SCOPES: dict[Resource, ScopeBuilders] = {}


def register_scopes(resource: Resource, builders: ScopeBuilders) -> None:
    _SCOPES[resource] = builders


# The table by (role, resource, action), in the table's order: a permission check asks it once per grant and per
# question (a case page some twenty times), a scan of the whole table each time before (issue 15).
_TABLE_SCOPES: dict[tuple[Role, Resource, Action], tuple[Scope, ...]] = {}
for _g in PERMISSION_TABLE:
    _TABLE_SCOPES[(_g.role, _g.resource, _g.action)] = (
        *_TABLE_SCOPES.get((_g.role, _g.resource, _g.action), ()),
        _g.scope,
    )
del _g


def grants_for(*, role: Role, resource: Resource, action: Action) -> list[Scope]:
    _note(resource, action)
    return list(_TABLE_SCOPES.get((role, resource, action), ()))


def roles_with(*, resource: Resource, action: Action) -> frozenset[Role]:
    """The roles the table gives `action` on `resource` (in any scope), e.g. to offer a menu entry."""
    _note(resource, action)
    return frozenset(g.role for g in PERMISSION_TABLE if g.resource == resource and g.action == action)


def _person(user: object) -> TypeIs[User]:
    """A signed-in, active person (never SYSTEM, never anonymous, never None)."""
    return (
        user is not None
        and user is not SYSTEM
        and bool(getattr(user, "is_authenticated", False))
        and bool(getattr(user, "is_active", False))
    )


def visible_q(*, user: Actor | AnonymousUser | None, resource: Resource, action: Action) -> Q:
    """A filter selecting exactly the objects of `resource` on which `user` may perform `action`.

    A user with no matching grant gets a filter that selects nothing (never everything); SYSTEM gets everything.
    """
    _note(resource, action)
    nothing = Q(pk__in=[])
    if user is SYSTEM:
        return Q()
    if not _person(user):
        return nothing
    q = _grants_q(user=user, grants=user_grants(user=user), resource=resource, action=action)
    return nothing if q is None else q


def _grants_q(*, user: User, grants: Iterable[RoleGrant], resource: Resource, action: Action) -> Q | None:
    """The filter `grants` (all of `user`'s) give for `action` on `resource`; None when none of them gives it."""
    return _scopes_q(
        user=user, resource=resource, scopes=_grant_scopes(grants=grants, resource=resource, action=action)
    )


def _grant_scopes(
    *, grants: Iterable[RoleGrant], resource: Resource, action: Action
) -> tuple[tuple[RoleGrant, Scope], ...]:
    """Each of `grants` with each scope the table gives its role for `action` on `resource`, in order."""
    return tuple(
        (grant, scope)
        for grant in grants
        for scope in grants_for(role=Role(grant.role), resource=resource, action=action)
    )


def _scopes_q(*, user: User, resource: Resource, scopes: Iterable[tuple[RoleGrant, Scope]]) -> Q | None:
    """The filter the (grant, scope) pairs of `_grant_scopes` give on `resource`; None when they give nothing."""
    builders = _SCOPES.get(resource)
    if builders is None:
        raise LookupError(f"no scope builders registered for {resource}")
    q, granted = Q(pk__in=[]), False
    for grant, scope in scopes:
        if scope == Scope.OWN:
            q, granted = q | builders.own(user), True
        elif scope == Scope.DIVISION:
            # A division-scoped grant without a division falls back to nothing: never widen silently.
            if grant.division is not None:
                q, granted = q | builders.division(grant.division), True
        elif scope == Scope.COURT:
            q, granted = q | builders.court(grant.court), True
        elif scope == Scope.SUBORDINATE:
            q, granted = q | builders.subordinate(grant.court), True
    return q if granted else None


def allows(*, user: Actor | AnonymousUser | None, resource: Resource, action: Action, obj: object) -> bool:
    """Whether `user` may perform `action` on the model instance `obj` (one indexed query; SYSTEM always may; none
    when the page asked for it in advance with `allows_prefetch`)."""
    _note(resource, action)
    if user is SYSTEM:
        return True
    if not _person(user):
        return False
    model = type(obj)
    known = answer_known((user.pk, resource.value, action.value, model._meta.label, obj.pk))  # type: ignore[attr-defined]
    if known is not None:
        return known
    return model._default_manager.filter(visible_q(user=user, resource=resource, action=action), pk=obj.pk).exists()  # type: ignore[attr-defined]


def allows_prefetch(
    *, user: Actor | AnonymousUser | None, obj: Model, checks: Iterable[tuple[Resource, Action]]
) -> dict[tuple[Resource, Action], bool]:
    """Ask the table about one object for several resources and actions in one query; inside a request the answers
    are kept, so the page's later `allows` calls for them (its template tags' too) cost nothing (ADR 0025).

    Only for a page whose request changes nothing the answers depend on (the object's court, division, judge,
    team or parties): a page that reads.
    """
    checks = list(dict.fromkeys(checks))
    for resource, action in checks:
        _note(resource, action)
    if user is SYSTEM or not _person(user):
        return {check: user is SYSTEM for check in checks}
    label = obj._meta.label
    known = {check: answer_known((user.pk, check[0].value, check[1].value, label, obj.pk)) for check in checks}
    if None not in known.values():  # this request asked them already (a panel after its page): no second query
        return {check: bool(allowed) for check, allowed in known.items()}
    expressions, column_of = _answer_columns(user=user, checks=checks)
    row = None
    if expressions:
        row = type(obj)._default_manager.filter(pk=obj.pk).annotate(**expressions).values(*expressions).first()
    return _answers_keep_row(user=user, obj=obj, checks=checks, column_of=column_of, row=row)


def get_with_answers(
    *, user: Actor | AnonymousUser | None, queryset: QuerySet[M], pk: Any, checks: Iterable[tuple[Resource, Action]]
) -> M | None:
    """`queryset.filter(pk=pk).first()` (the page's object as its selector reads it, visibility filter included) with
    `allows_prefetch`'s questions about it asked in the same query: the page's object and its permission answers in
    one query, not two (issue 15). The answers are kept for the request as `allows_prefetch` keeps them."""
    checks = list(dict.fromkeys(checks))
    for resource, action in checks:
        _note(resource, action)
    if user is SYSTEM or not _person(user):
        return queryset.filter(pk=pk).first()  # nothing to keep: `allows` answers them without a query
    expressions, column_of = _answer_columns(user=user, checks=checks)
    obj = queryset.filter(pk=pk).annotate(**expressions).first()
    if obj is not None:
        row = {name: obj.__dict__.pop(name) for name in expressions}  # not left on the instance
        _answers_keep_row(user=user, obj=obj, checks=checks, column_of=column_of, row=row)
    return obj


def _answer_columns(
    *, user: User, checks: list[tuple[Resource, Action]]
) -> tuple[dict[str, Any], dict[tuple[Resource, Action], str]]:
    """The boolean columns answering `checks` about a row of their model, and which column answers which check."""
    from django.db.models import BooleanField, ExpressionWrapper

    grants = user_grants(user=user)
    expressions: dict[str, Any] = {}
    # Questions whose resources read their scopes alike and whose grants give the same scopes ask the same filter
    # (a judge's CASE/CHANGE, SERVICE/VIEW, HEARING/CHANGE, DOCUMENT/CHANGE are all "the judge's own cases"): one
    # column answers them all, so the query is built and planned once per distinct filter, not once per question.
    column_of: dict[tuple[Resource, Action], str] = {}
    columns: dict[tuple[int, tuple[tuple[int, Scope], ...]], str] = {}
    for n, (resource, action) in enumerate(checks):
        scopes = _grant_scopes(grants=grants, resource=resource, action=action)
        shape = (id(_SCOPES.get(resource)), tuple((grant.pk, scope) for grant, scope in scopes))
        if shape in columns:
            column_of[(resource, action)] = columns[shape]
            continue
        q = _scopes_q(user=user, resource=resource, scopes=scopes)
        if q is not None:
            columns[shape] = column_of[(resource, action)] = f"allowed_{n}"
            expressions[f"allowed_{n}"] = ExpressionWrapper(q, output_field=BooleanField())
    return expressions, column_of


def _answers_keep_row(
    *,
    user: User,
    obj: Model,
    checks: list[tuple[Resource, Action]],
    column_of: dict[tuple[Resource, Action], str],
    row: dict[str, Any] | None,
) -> dict[tuple[Resource, Action], bool]:
    """The answers read from `row` (None: the object is gone, every answer is no), kept for the request."""
    answers = {}
    for check in checks:
        column = column_of.get(check)
        answers[check] = bool(row and column and row.get(column))
    label = obj._meta.label
    answers_keep({(user.pk, r.value, a.value, label, obj.pk): allowed for (r, a), allowed in answers.items()})
    return answers


def permission_require(
    *, actor: Actor, resource: Resource, action: Action, obj: Model, message: StrOrPromise = ""
) -> None:
    """A service's check before it writes: `None` is refused (MissingActor, a programming error), SYSTEM passes,
    a person passes when the table allows `action` on `obj`, else Forbidden (with `message`, if given)."""
    actor_required(actor)
    if not allows(user=actor, resource=resource, action=action, obj=obj):
        raise Forbidden(message) if message else Forbidden()


def permits(
    *, user: Actor | AnonymousUser | None, resource: Resource, action: Action, include_own: bool = False
) -> bool:
    """Whether any of `user`'s grants gives `action` on `resource` in a court-bound scope (division, court or
    subordinate courts), wherever that court is: for resources that are not per-object (the holiday calendar, the
    job queue) and for "is this person on the staff side of this resource" (the service centre).

    OWN grants count only with `include_own` (a lawyer's FILING/CHANGE on their own filings does not make them a
    reviewer; a judge's SERVICE/VIEW on their own cases does make them service staff).
    """
    _note(resource, action)
    if user is SYSTEM:
        return True
    if not _person(user):
        return False
    roles = {Role(grant.role) for grant in user_grants(user=user)}
    return any(
        include_own or scope != Scope.OWN
        for r in roles
        for scope in grants_for(role=r, resource=resource, action=action)
    )


def grant_courts(*, user: Actor | AnonymousUser | None, resource: Resource, action: Action) -> set[int]:
    """Ids of the courts in which one of `user`'s grants gives `action` on `resource` court-wide (COURT or
    SUBORDINATE scope at the grant's court): where a filing officer reviews, where a clerk manages paper files."""
    _note(resource, action)
    if not _person(user):
        return set()
    ids: set[int] = set()
    for grant in user_grants(user=user):
        scopes = grants_for(role=Role(grant.role), resource=resource, action=action)
        if Scope.COURT in scopes or Scope.SUBORDINATE in scopes:
            ids.add(grant.court_id)
    return ids


def users_allowed(*, resource: Resource, action: Action, obj: Model, candidates: Iterable[User]) -> list[User]:
    """Those of `candidates` the table allows `action` on `obj` (e.g. who may approve this case's assignment): their
    grants in one query and every candidate's answer in one more (a query or two per candidate before, ADR 0025)."""
    from django.db.models import BooleanField, ExpressionWrapper

    from .models import RoleGrant

    _note(resource, action)
    people = [user for user in candidates if _person(user)]
    grants: dict[int, list[RoleGrant]] = {user.pk: [] for user in people}
    for grant in RoleGrant.objects.filter(user_id__in=list(grants)).select_related("court", "division"):
        grants[grant.user_id].append(grant)
    checks = {}
    for n, user in enumerate(people):
        q = _grants_q(user=user, grants=grants[user.pk], resource=resource, action=action)
        if q is not None:
            checks[f"allowed_{n}"] = ExpressionWrapper(q, output_field=BooleanField())
    if not checks:
        return []
    row = type(obj)._default_manager.filter(pk=obj.pk).annotate(**checks).values(*checks).first()
    return [user for n, user in enumerate(people) if row and row.get(f"allowed_{n}")]


def courts_q(*, user: Actor | AnonymousUser | None, resource: Resource, action: Action) -> Q:
    """A filter on `Court`: the courts where one of `user`'s grants gives `action` on `resource` court-wide (COURT:
    the grant's court; SUBORDINATE: it and every court below it). SYSTEM: every court; anyone else: none.

    For what is bound to a court but is not a per-object resource: the courts whose staff an administrator manages,
    the courts whose fee points the admin's settings form may set."""
    nothing = Q(pk__in=[])
    if user is SYSTEM:
        return Q()
    if not _person(user):
        return nothing
    q = nothing
    for grant in user_grants(user=user):
        scopes = grants_for(role=Role(grant.role), resource=resource, action=action)
        if Scope.SUBORDINATE in scopes and grant.court.path_is_valid():
            q |= Q(path__startswith=grant.court.path)  # a malformed path never widens to every court
        elif Scope.COURT in scopes or Scope.SUBORDINATE in scopes:
            q |= Q(pk=grant.court_id)
    return q
