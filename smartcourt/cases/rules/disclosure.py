"""What the public progress lookup may tell (审判流程信息公开), stage by stage.

最高人民法院关于人民法院通过互联网公开审判流程信息的规定 (法释〔2018〕7号):
- Art. 1: a case's process information is disclosed to the parties and their representatives; to the general public
  only for cases of major public interest. The anonymous lookup therefore shows nothing without a second fact that
  only a participant holds (the filing's 查询码, printed on the filer's receipt).
- Art. 7: disclosed to them are filing and closing information (一), the adjudicating organisation — who hears the
  case (三) — and the procedure, trial period, service and appeal information (四).
- Art. 12: information that is secret or restricted by law is never disclosed.

So the judge's name is shown only to a visitor who proved being a participant, only once the case has been assigned,
and never for a case whose process information is restricted (a juvenile criminal case: 刑事诉讼法 Art. 285–286). Pure: the caller passes plain values, nothing queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcourt.core.citations import Citation

OPENNESS = "最高人民法院关于人民法院通过互联网公开审判流程信息的规定"
ART_1 = Citation(OPENNESS, "第一条")
ART_7_ORGANISATION = Citation(OPENNESS, "第七条第（三）项")
ART_12 = Citation(OPENNESS, "第十二条")

CIVIL_128 = Citation("民事诉讼法", "第一百二十八条")
CIVIL_139 = Citation("民事诉讼法", "第一百三十九条")
CIVIL_153 = Citation("民事诉讼法", "第一百五十三条")
CIVIL_158 = Citation("民事诉讼法", "第一百五十八条")
CIVIL_171 = Citation("民事诉讼法", "第一百七十一条")
CIVIL_247 = Citation("民事诉讼法", "第二百四十七条")
CIVIL_250 = Citation("民事诉讼法", "第二百五十条")
INTERPRETATION_99 = Citation("民诉法解释", "第九十九条")
FEES_22 = Citation("诉讼费用交纳办法", "第二十二条")
ENFORCEMENT_TERMINATION = Citation("最高人民法院关于严格规范终结本次执行程序的规定（试行）", "第九条")
JUVENILE_CRIMINAL = Citation("刑事诉讼法", "第二百八十五条、第二百八十六条")


@dataclass(frozen=True)
class Step:
    """One thing the participant can expect or do next, with the article that says so."""

    text: str
    citation: Citation

    def __str__(self) -> str:
        return f"{self.text}（{self.citation}）"


@dataclass(frozen=True)
class Stage:
    label: str  # what the stage is called on the lookup page
    summary: str
    next_steps: tuple[Step, ...]


_REGISTERED = Stage(
    "已立案，待审理",
    "法院已登记立案，正在分案、送达起诉状副本。",
    (
        Step("法院在立案之日起五日内向被告发送起诉状副本，被告在收到之日起十五日内提出答辩状", CIVIL_128),
        Step("收到交纳诉讼费用通知书后，请在七日内交纳，逾期未交按撤诉处理", FEES_22),
    ),
)
_IN_TRIAL = Stage(
    "审理中",
    "案件正在审理。",
    (
        Step("请按法院通知参加开庭，开庭时间、地点以传票为准；法院在开庭三日前通知当事人", CIVIL_139),
        Step("请在法院确定的举证期限内提交证据，逾期提供的可能不被采纳", INTERPRETATION_99),
    ),
)
_SUSPENDED = Stage(
    "中止诉讼",
    "诉讼已中止，审理期限暂停计算。",
    (Step("中止诉讼的原因消除后，法院恢复诉讼并通知当事人", CIVIL_153),),
)
_CLOSED = Stage(
    "已审结",
    "案件已审结，裁判文书送达后开始计算上诉期。",
    (
        Step("不服第一审判决的，可在判决书送达之日起十五日内上诉；不服裁定的，十日内上诉", CIVIL_171),
        Step("上诉期满无人上诉的，裁判发生法律效力", CIVIL_158),
    ),
)
_EFFECTIVE = Stage(
    "裁判已生效",
    "裁判已发生法律效力，当事人必须履行。",
    (
        Step("一方拒绝履行的，对方当事人可以向人民法院申请执行", CIVIL_247),
        Step("申请执行的期间为二年", CIVIL_250),
    ),
)
_ARCHIVED = Stage(
    "已归档",
    "案件已结案归档。",
    (Step("需要查阅卷宗的，当事人可登录诉讼服务平台申请阅卷，或联系承办法院", ART_1),),
)
_TERMINATED = Stage(
    "终结本次执行程序",
    "暂未发现可供执行的财产，本次执行程序终结；申请执行人的债权依然存在。",
    (Step("发现被执行人有可供执行的财产的，申请执行人可以申请恢复执行", ENFORCEMENT_TERMINATION),),
)
STAGES: dict[str, Stage] = {
    "registered": _REGISTERED,
    "in_trial": _IN_TRIAL,
    "suspended": _SUSPENDED,
    "closed": _CLOSED,
    "effective": _EFFECTIVE,
    "archived": _ARCHIVED,
    "terminated": _TERMINATED,
}

# The case timeline's events a participant is told about on the lookup page (Art. 7 (一), (三), (四)): only their
# kind and day, never the staff's summaries (which can name colleagues, reasons and internal notes).
PUBLIC_EVENT_TYPES: tuple[str, ...] = (
    "case.registered",
    "case.assigned",
    "case.in_trial",
    "case.procedure_changed",
    "case.suspended",
    "case.closed",
    "case.effective",
    "case.terminated",
    "case.archived",
    "fee.notice_issued",
    "fee.payment_confirmed",
    "service.served",
    "service.public_notice",
)


@dataclass(frozen=True)
class JudgeDisclosure:
    name: str  # "" when not shown
    note: str  # why it is shown or not, for the page
    citation: Citation


def process_restriction(*, kind: str, minor_accused: bool) -> Citation | None:
    """The law that restricts a case's process information (Art. 12), or None: a criminal case whose accused is a
    minor is heard in camera and its record sealed (刑事诉讼法 Art. 285–286)."""
    if kind == "criminal" and minor_accused:
        return JUVENILE_CRIMINAL
    return None


def judge_disclosure(*, judge_name: str, participant_verified: bool, restriction: Citation | None) -> JudgeDisclosure:
    """The judge's name (审判组织信息) for the lookup page: Art. 1 and 7(三), limited by Art. 12."""
    if restriction is not None:
        return JudgeDisclosure("", f"本案审判流程信息依法限制公开（{restriction}）。", ART_12)
    if not participant_verified:
        return JudgeDisclosure("", "审判组织信息仅向当事人及其代理人公开。", ART_1)
    if not judge_name:
        return JudgeDisclosure("", "尚未分案，确定承办法官后在此显示。", ART_7_ORGANISATION)
    return JudgeDisclosure(judge_name, "审判组织信息向当事人及其代理人公开。", ART_7_ORGANISATION)


def stage_for(state: str) -> Stage:
    """The stage a case state is shown as, with what comes next; an unknown state is shown without steps."""
    return STAGES.get(state, Stage(state, "", ()))
