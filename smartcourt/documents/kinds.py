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
    # "judges" (审判人员署名), "court" (院印 only: 通知书) or "parties" (the parties sign: 调解协议书, no court seal)
    signed_by: str = "judges"

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
          signed_by="parties"),
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
        # --- enforcement ---
        # 执行文书 (人民法院执行文书样式): generated by the enforcement services with their facts filled in (not
        # drafted); the court's seal through document_sign, served through document_serve where addressed to a party.
        K("enf_notice", "执行通知书", "执行通知书",
          (_RECIPIENT,
           "{{ applicant_names }}申请执行{{ title_text }}一案，本院已立案执行，案号为{{ case_number }}。依照{{ basis }}的规定，"
           "责令你（单位）于{{ due_cn }}前履行生效法律文书确定的义务{{ amount_text }}，并负担迟延履行期间的债务利息。"
           "逾期不履行的，本院将依法强制执行。"),
          frozenset({"recipient_name", "applicant_names", "title_text", "basis", "due_cn", "amount_text"}),
          signed_by="court"),
        K("enf_report_property", "报告财产令", "报告财产令",
          (_RECIPIENT,
           "依照{{ basis }}的规定，责令你（单位）于{{ due_cn }}前如实向本院报告当前以及收到执行通知之日前一年的财产情况。"
           "拒绝报告或者虚假报告的，本院将依法予以罚款、拘留，并可纳入失信被执行人名单。"),
          frozenset({"recipient_name", "basis", "due_cn"}), signed_by="court"),
        K("enf_freeze_ruling", "执行裁定书（冻结、查封）", "执行裁定书",
          ("{{ parties_block }}",
           "本院依照{{ basis }}的规定，裁定冻结、查封被执行人{{ debtor_name }}在{{ holder_name }}的财产（账号/权证号 "
           "{{ asset_identifier }}），以{{ amount_text }}为限，期限至{{ until_cn }}。",
           "本裁定立即执行。期限届满前可申请续行冻结、查封。"),
          frozenset({"basis", "debtor_name", "holder_name", "asset_identifier", "amount_text", "until_cn"}),
          to_party=False),
        K("enf_assist_freeze", "协助执行通知书（冻结、查封）", "协助执行通知书",
          ("{{ holder_name }}：",
           "本院执行的{{ case_number }}一案，依照{{ basis }}的规定，请协助冻结、查封被执行人{{ debtor_name }}名下账号/权证号 "
           "{{ asset_identifier }}的财产，以{{ amount_text }}为限，期限至{{ until_cn }}。"),
          frozenset({"basis", "debtor_name", "holder_name", "asset_identifier", "amount_text", "until_cn"}),
          to_party=False, signed_by="court"),
        K("enf_deduct_ruling", "执行裁定书（扣划）", "执行裁定书",
          ("{{ parties_block }}",
           "本院依照{{ basis }}的规定，裁定扣划被执行人{{ debtor_name }}在{{ holder_name }}账号 {{ asset_identifier }} 中的存款"
           "{{ amount_text }}，划至本院执行案款账户 {{ account_number }}。", "本裁定立即执行。"),
          frozenset({"basis", "debtor_name", "holder_name", "asset_identifier", "amount_text", "account_number"}),
          to_party=False),
        K("enf_assist_deduct", "协助执行通知书（扣划）", "协助执行通知书",
          ("{{ holder_name }}：",
           "本院执行的{{ case_number }}一案，依照{{ basis }}的规定，请协助扣划被执行人{{ debtor_name }}账号 {{ asset_identifier }} "
           "中的存款{{ amount_text }}，划至本院执行案款账户 {{ account_number }}。"),
          frozenset({"basis", "debtor_name", "holder_name", "asset_identifier", "amount_text", "account_number"}),
          to_party=False, signed_by="court"),
        K("enf_release_ruling", "执行裁定书（解除冻结、查封）", "执行裁定书",
          ("{{ parties_block }}",
           "因{{ reason_text }}，本院依照{{ basis }}的规定，裁定解除对被执行人{{ debtor_name }}在{{ holder_name }}"
           "账号/权证号 {{ asset_identifier }} 财产的冻结、查封。", "本裁定立即执行。"),
          frozenset({"basis", "reason_text", "debtor_name", "holder_name", "asset_identifier"}), to_party=False),
        K("enf_assist_release", "协助执行通知书（解除冻结、查封）", "协助执行通知书",
          ("{{ holder_name }}：",
           "本院执行的{{ case_number }}一案，依照{{ basis }}的规定，请协助解除对被执行人{{ debtor_name }}账号/权证号 "
           "{{ asset_identifier }} 财产的冻结、查封。"),
          frozenset({"basis", "debtor_name", "holder_name", "asset_identifier"}), to_party=False, signed_by="court"),
        K("enf_consumption", "限制消费令", "限制消费令",
          (_RECIPIENT,
           "因你（单位）未按执行通知书指定的期间履行生效法律文书确定的给付义务，依照{{ basis }}的规定，对你（单位）采取限制消费措施："
           "不得乘坐飞机、列车软卧、轮船二等以上舱位，不得在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费。"),
          frozenset({"recipient_name", "basis"}), signed_by="court"),
        K("enf_dishonest", "决定书（纳入失信被执行人名单）", "决定书",
          ("{{ parties_block }}",
           "被执行人{{ debtor_name }}{{ reason_text }}，依照{{ basis }}的规定，决定将其纳入失信被执行人名单，期限至{{ until_cn }}。"),
          frozenset({"debtor_name", "reason_text", "basis", "until_cn"}), to_party=False),
        K("enf_exit_ban", "决定书（限制出境）", "决定书",
          ("{{ parties_block }}", "依照{{ basis }}的规定，决定对被执行人{{ debtor_name }}限制出境。"),
          frozenset({"debtor_name", "basis"}), to_party=False),
        K("enf_search", "搜查令", "搜查令",
          ("{{ parties_block }}",
           "被执行人{{ debtor_name }}未按执行通知履行义务并隐匿财产，依照{{ basis }}的规定，对{{ reason_text }}进行搜查。"),
          frozenset({"debtor_name", "basis", "reason_text"}), to_party=False),
        K("enf_detention", "拘留决定书", "拘留决定书",
          ("被拘留人：{{ debtor_name }}。",
           "因{{ reason_text }}，依照{{ basis }}的规定，决定对{{ debtor_name }}拘留{{ days }}日。",
           "如不服本决定，可以在收到决定书之日起三日内向上一级人民法院申请复议一次。复议期间，不停止决定的执行。"),
          frozenset({"debtor_name", "reason_text", "basis", "days"}), to_party=False),
        K("enf_revocation", "决定书（撤销、解除措施）", "决定书",
          ("{{ parties_block }}", "因{{ reason_text }}，依照{{ basis }}的规定，决定解除对被执行人{{ debtor_name }}的{{ measure_name }}。"),
          frozenset({"debtor_name", "reason_text", "basis", "measure_name"}), to_party=False),
        K("enf_final_this", "执行裁定书（终结本次执行程序）", "执行裁定书",
          ("{{ parties_block }}",
           "本院在执行{{ title_text }}一案中，{{ reason_text }}",
           "依照{{ basis }}的规定，裁定如下：终结本次执行程序。申请执行人发现被执行人有可供执行财产的，可以再次申请执行。"),
          frozenset({"title_text", "reason_text", "basis"}), to_party=False),
        K("enf_terminate", "执行裁定书（终结执行）", "执行裁定书",
          ("{{ parties_block }}", "本院在执行{{ title_text }}一案中，{{ reason_text }}",
           "依照{{ basis }}的规定，裁定如下：终结执行。本裁定送达当事人后立即生效。"),
          frozenset({"title_text", "reason_text", "basis"}), to_party=False),
        K("enf_not_enforce", "执行裁定书（不予执行）", "执行裁定书",
          ("{{ parties_block }}", "申请执行人申请执行{{ title_text }}，本院经审查，{{ reason_text }}",
           "依照{{ basis }}的规定，裁定如下：不予执行。"),
          frozenset({"title_text", "reason_text", "basis"}), to_party=False),
        K("enf_closing_notice", "结案通知书（执行）", "结案通知书",
          (_RECIPIENT, "本院执行的{{ case_number }}一案（执行依据：{{ title_text }}），{{ reason_text }}现以“{{ method }}”方式结案。",
           "依照{{ basis }}的规定，特此通知。"),
          frozenset({"recipient_name", "title_text", "reason_text", "method", "basis"}), signed_by="court"),
        K("enf_auction_notice", "拍卖公告", "拍卖公告",
          ("本院将于{{ starts_cn }}在{{ platform }}对被执行人{{ debtor_name }}名下的{{ item }}进行公开拍卖（{{ round_name }}）。",
           "评估价{{ valuation_text }}，起拍价{{ reserve_text }}（{{ basis }}）。",
           "竞买人应在拍卖开始前交纳保证金。拍卖成交的价款将划入本院执行案款账户。"),
          frozenset({"starts_cn", "platform", "debtor_name", "item", "round_name", "valuation_text", "reserve_text",
                     "basis"}), to_party=False, signed_by="court"),
        K("enf_auction_ruling", "执行裁定书（拍卖成交）", "执行裁定书",
          ("{{ parties_block }}",
           "本院在执行本案中，依法对被执行人{{ debtor_name }}名下的{{ item }}进行{{ round_name }}，成交价{{ amount_text }}。"
           "依照{{ basis }}的规定，裁定如下：上述财产的所有权自本裁定送达买受人时起转移；价款已划入本院执行案款账户。"),
          frozenset({"debtor_name", "item", "round_name", "amount_text", "basis"}), to_party=False),
    ]
}  # fmt: skip


def kind_get(code: str) -> Kind | None:
    return KINDS.get(code)


KIND_CHOICES = [(k.code, k.label) for k in KINDS.values()]
