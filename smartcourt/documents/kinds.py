"""The routine documents (文书种类) the court generates, each with its declared fields and the layout of the SPC's
诉讼文书样式 (民事诉讼文书样式, 法〔2016〕221号; 刑事、行政 likewise): title, court, case number, parties block,
body, signature block, date, seal position.

A kind's `fields` is the whole set a template of that kind may use: an uploaded court version naming any other
field is refused (services.template_upload). The stock .docx of every kind is generated from `body` by
`docx_builder.stock_template` (committed code, not committed binaries: a reviewer reads the layout as text).
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcourt.core.citations import Citation

# every kind has these: the header, the parties block, the signature block and the date
COMMON_FIELDS = frozenset(
    {"court_name", "doc_title", "case_number", "parties_block", "case_title", "cause", "date_cn", "judges_block",
     "clerk_name", "filed_on_cn"}
)  # fmt: skip


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # 文书名称 as listed
    title: str  # the title printed (e.g. 民事判决书)
    body: tuple[str, ...]  # paragraphs, with {{ field }}
    extra_fields: frozenset[str] = frozenset()
    drafted: bool = False  # the judge drafts the body (判决书、裁定书、调解书) — it goes through 阅核
    takes_effect: bool = False  # a decision that takes effect (生效)
    appeal_days: int = 0  # 0: effective on service (final); else the appeal period after service
    appeal_basis: Citation | None = None
    to_party: bool = True  # addressed to / served on each party (通知书 and 传票 name their recipient)
    signed_by: str = "judges"  # "judges" (审判人员署名) or "court" (院印 only: 通知书)

    @property
    def fields(self) -> frozenset[str]:
        return COMMON_FIELDS | self.extra_fields


APPEAL_CIVIL_JUDGMENT = Citation("民事诉讼法", "第一百七十一条")  # 不服判决的上诉期间为判决书送达之日起十五日
APPEAL_CIVIL_RULING = Citation("民事诉讼法", "第一百七十一条")  # 不服裁定的上诉期间为裁定书送达之日起十日
APPEAL_CRIMINAL = Citation("刑事诉讼法", "第二百三十条")  # 不服判决的上诉和抗诉的期限为十日
APPEAL_ADMIN = Citation("行政诉讼法", "第八十五条")  # 不服判决的上诉期间为判决书送达之日起十五日
FINAL_SECOND = Citation("民事诉讼法", "第一百八十二条")  # 第二审人民法院的判决、裁定，是终审的判决、裁定
MEDIATION_EFFECT = Citation("民事诉讼法", "第一百零二条")  # 调解书经双方当事人签收后，即具有法律效力
# 确认调解协议的裁定: in effect once served, not appealed (民事诉讼法 第二百零六条)
MEDIATION_CONFIRMATION_EFFECT = Citation("民事诉讼法", "第二百零六条")

_RECIPIENT = "{{ recipient_name }}："

K = Kind
KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        K("acceptance_notice", "受理通知书", "受理案件通知书",
          (_RECIPIENT,
           "你（单位）起诉{{ defendant_names }}{{ cause }}一案的起诉状已收到。经审查，起诉符合法定受理条件，本院决定立案审理，"
           "案号为{{ case_number }}。",
           "根据《中华人民共和国民事诉讼法》第一百二十六条的规定，特此通知。"),
          frozenset({"recipient_name", "defendant_names"}), signed_by="court"),
        K("response_notice", "应诉通知书", "应诉通知书",
          (_RECIPIENT,
           "本院已受理{{ plaintiff_names }}诉你（单位）{{ cause }}一案，案号为{{ case_number }}。现随本通知书送达起诉状副本一份，"
           "你（单位）应当在收到之日起十五日内提出答辩状。",
           "依照《中华人民共和国民事诉讼法》第一百二十八条的规定，特此通知。"),
          frozenset({"recipient_name", "plaintiff_names"}), signed_by="court"),
        K("evidence_notice", "举证通知书", "举证通知书",
          (_RECIPIENT,
           "本院受理的{{ case_title }}（{{ case_number }}）一案，根据《最高人民法院关于民事诉讼证据的若干规定》第五十条的规定，"
           "通知如下：当事人对自己提出的主张应当提供证据；举证期限为{{ evidence_days }}日，自收到本通知书之次日起计算；"
           "逾期提供证据的，依照《中华人民共和国民事诉讼法》第六十八条的规定处理。"),
          frozenset({"recipient_name", "evidence_days"}), signed_by="court"),
        K("summons", "传票", "传票",
          ("被传唤人：{{ recipient_name }}",
           "案由：{{ cause }}　　案号：{{ case_number }}",
           "传唤事由：{{ summons_reason }}",
           "应到时间：{{ hearing_time }}",
           "应到处所：{{ hearing_place }}",
           "注意事项：被传唤人必须准时到达应到处所；本传票由被传唤人携带来院报到。{{ summons_notes }}"),
          frozenset({"recipient_name", "summons_reason", "hearing_time", "hearing_place", "summons_notes"}),
          signed_by="court"),
        K("fee_notice", "缴费通知书", "交纳诉讼费用通知书",
          (_RECIPIENT,
           "本院受理的{{ case_title }}（{{ case_number }}）一案，依照《诉讼费用交纳办法》第二十条、第二十二条的规定，"
           "你（单位）应当预交案件受理费{{ fee_amount }}元，于收到本通知书之次日起七日内交纳。"),
          frozenset({"recipient_name", "fee_amount"}), signed_by="court"),
        K("ruling_jurisdiction", "裁定书（管辖）", "民事裁定书",
          ("{{ parties_block }}", "{{ body }}"), frozenset({"body"}), drafted=True, takes_effect=True,
          appeal_days=10, appeal_basis=APPEAL_CIVIL_RULING, to_party=False),
        K("ruling_preservation", "裁定书（保全）", "民事裁定书",
          ("{{ parties_block }}", "{{ body }}"), frozenset({"body"}), drafted=True, takes_effect=True,
          to_party=False),
        K("ruling_withdrawal", "裁定书（准许撤诉）", "民事裁定书",
          ("{{ parties_block }}", "{{ body }}"), frozenset({"body"}), drafted=True, takes_effect=True,
          to_party=False),
        K("ruling_dismissal", "裁定书（驳回起诉）", "民事裁定书",
          ("{{ parties_block }}", "{{ body }}"), frozenset({"body"}), drafted=True, takes_effect=True,
          appeal_days=10, appeal_basis=APPEAL_CIVIL_RULING, to_party=False),
        K("mediation", "调解书", "民事调解书",
          ("{{ parties_block }}", "{{ body }}", "本调解书经双方当事人签收后，即具有法律效力。"),
          frozenset({"body"}), drafted=True, takes_effect=True, appeal_basis=MEDIATION_EFFECT, to_party=False),
        K("judgment_civil", "判决书（民事一审）", "民事判决书",
          ("{{ parties_block }}", "{{ body }}",
           "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，上诉于{{ appeal_court }}。"),
          frozenset({"body", "appeal_court"}), drafted=True, takes_effect=True, appeal_days=15,
          appeal_basis=APPEAL_CIVIL_JUDGMENT, to_party=False),
        K("judgment_criminal", "判决书（刑事）", "刑事判决书",
          ("{{ parties_block }}", "{{ body }}",
           "如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{{ appeal_court }}提出上诉。"),
          frozenset({"body", "appeal_court"}), drafted=True, takes_effect=True, appeal_days=10,
          appeal_basis=APPEAL_CRIMINAL, to_party=False),
        K("judgment_admin", "判决书（行政）", "行政判决书",
          ("{{ parties_block }}", "{{ body }}",
           "如不服本判决，可以在判决书送达之日起十五日内提起上诉，上诉于{{ appeal_court }}。"),
          frozenset({"body", "appeal_court"}), drafted=True, takes_effect=True, appeal_days=15,
          appeal_basis=APPEAL_ADMIN, to_party=False),
        K("judgment_second", "判决书（二审）", "民事判决书",
          ("{{ parties_block }}", "{{ body }}", "本判决为终审判决。"),
          frozenset({"body"}), drafted=True, takes_effect=True, appeal_basis=FINAL_SECOND, to_party=False),
        # --- hearings ---
        K("appearance_notice", "出庭通知书", "出庭通知书",
          ("{{ recipient_name }}：",
           "本院受理{{ case_title }}（{{ case_number }}）一案，定于{{ hearing_time }}在{{ hearing_place }}开庭审理。"
           "请你以{{ appearance_role }}身份准时出庭。",
           "{{ appearance_basis }}",
           "注意事项：请携带本通知书及身份证件（律师、基层法律服务工作者携带执业证）按时到庭；不能按时到庭的，请及时与本院联系。"),
          frozenset({"recipient_name", "hearing_time", "hearing_place", "appearance_role", "appearance_basis"}),
          to_party=False, signed_by="court"),
        # --- mediation ---
        K("mediation_agreement", "调解协议书（诉前调解）", "调解协议书",
          ("{{ parties_block }}",
           "纠纷类型：{{ cause }}",
           "纠纷简要事实、争议事项：{{ facts }}",
           "经{{ body_name }}主持调解，当事人自愿达成如下协议：",
           "{{ terms_block }}",
           "本协议自各方当事人签名之日起生效，具有法律约束力，当事人应当按照约定履行（《中华人民共和国人民调解法》第二十九条、"
           "第三十一条）。当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认（《中华人民共和国民事诉讼法》第二百零五条）。",
           "{{ signatures_block }}",
           "调解员：{{ mediator_name }}"),
          frozenset({"facts", "body_name", "terms_block", "signatures_block", "mediator_name"}), to_party=False,
          signed_by="court"),
        K("ruling_mediation_confirmation", "裁定书（确认调解协议）", "民事裁定书",
          ("{{ parties_block }}", "{{ body }}", "本裁定书自即日起发生法律效力。"),
          frozenset({"body"}), takes_effect=True, appeal_basis=MEDIATION_CONFIRMATION_EFFECT, to_party=False),
        # --- enforcement crosscourt ---
        K("enforcement_designation", "指定执行裁定书", "执行裁定书",
          ("{{ parties_block }}",
           "{{ from_court }}执行的{{ case_number }}一案，{{ ground }}。{{ reason }}",
           "依照{{ basis }}的规定，裁定如下：",
           "{{ decision }}",
           "本裁定送达后即发生法律效力。"),
          frozenset({"from_court", "ground", "reason", "basis", "decision"}), to_party=False, signed_by="court"),
        K("enforcement_entrustment_letter", "委托执行函", "委托执行函",
          ("{{ to_court }}：",
           "本院执行的{{ case_number }}申请执行人{{ applicant_names }}与被执行人{{ debtor_names }}一案，执行依据为"
           "{{ title_reference }}，申请执行标的{{ amount }}。因被执行人或者被执行的财产在你院辖区，依照{{ basis }}的规定，"
           "委托你院代为办理下列事项：{{ matter }}。{{ detail }}",
           "请你院在收到本函之日起十五日内开始执行，不得拒绝；执行完毕后，请将执行结果及时函复本院；三十日内如果还未执行完毕，"
           "也请将执行情况函告本院。",
           "本院联系人：{{ officer_name }}　电话：{{ officer_phone }}"),
          frozenset({"to_court", "applicant_names", "debtor_names", "title_reference", "amount", "basis", "matter",
                     "detail", "officer_name", "officer_phone"}), to_party=False, signed_by="court"),
        K("enforcement_assistance_notice", "协助执行通知书（协助执行网络）", "协助执行通知书",
          ("{{ worker_name }}：",
           "本院执行的{{ case_number }}一案，被执行人{{ debtor_name }}（地址：{{ address }}）未履行生效法律文书确定的义务。"
           "依照{{ basis }}的规定，请你协助办理：{{ task }}。{{ instructions }}",
           "请于{{ due_cn }}前通过协助执行任务页面反馈办理情况，并可附现场照片。"),
          frozenset({"worker_name", "debtor_name", "address", "basis", "task", "instructions", "due_cn"}),
          to_party=False, signed_by="court"),
    ]
}  # fmt: skip


def kind_get(code: str) -> Kind | None:
    return KINDS.get(code)


KIND_CHOICES = [(k.code, k.label) for k in KINDS.values()]
