"""The standard volume order of a case file (卷宗目录) and a classifier that places a document in it.

Basis. 人民法院在线诉讼规则 Art. 35 requires the court to generate the electronic dossier (电子卷宗) together with the
case and to file (立卷), archive and use it "按照档案管理相关法律法规"; 最高人民法院关于互联网法院审理案件若干问题的
规定 Art. 21 says the same for internet courts. The order of the documents inside a volume comes from the Supreme
People's Court's filing rules for litigation documents (最高人民法院、国家档案局《人民法院诉讼文书立卷归档办法》,
1991, with its lists of the 正卷 of civil and criminal first-instance files) as courts apply them in practice. That
text is NOT in the statute collection under ../shared/data/laws, so no article number is cited for the order below:
it is the usual sequence of those lists (起诉 → 受理 → 交费 → 举证 → 答辩 → 证据 → 传唤 → 笔录 → 裁判 → 送达 → 上诉),
kept here as data so a court can check it against its archive office's copy and reorder it without code changes.

The classifier is a rule model: weighted keyword/regex hits, the strongest where a document's title is printed (the
top lines of its first page, as "民　事　判　决　书" with U+3000 spaces), weaker in metadata (the title a person typed,
the file name) and weakest in the body. Each court's clerks' corrections become learned phrases (see
`LearnedPhrase`) that the classifier consults next time. Pure: no database, so it replays and tests offline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from smartcourt.core.citations import Citation

ONLINE_RULES_ART_35 = Citation("人民法院在线诉讼规则", "第三十五条")
CIVIL_PROCEDURE_ART_52 = Citation("中华人民共和国民事诉讼法", "第五十二条")
CIVIL_PROCEDURE_ART_64 = Citation("中华人民共和国民事诉讼法", "第六十四条")
ORDER_BASIS = "《人民法院诉讼文书立卷归档办法》（最高人民法院、国家档案局，1991）所列正卷排列顺序"


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    title: tuple[str, ...]  # regexes for a printed/typed title (matched on text with all whitespace removed)
    body: tuple[str, ...] = ()  # regexes that hint at the kind anywhere in the text


# The volume order of a civil first-instance file (民事一审正卷). `position` in the dossier follows this order.
CATEGORIES: tuple[Category, ...] = (
    Category("complaint", "起诉状", (r"(民事|行政|刑事自诉)?起诉状$", r"^起诉状"), (r"诉讼请求[：:]", r"此致")),
    Category("indictment", "起诉书", (r"人民检察院起诉书", r"^起诉书"), (r"被告人", r"提起公诉")),
    Category(
        "identity_material",
        "当事人身份证明及授权委托书",
        (r"授权委托书$", r"法定代表人身份证明(书)?$", r"^身份证明"),
        (r"委托人[：:]", r"受托人[：:]", r"代理权限", r"特此委托"),
    ),
    Category(
        "acceptance_notice",
        "受理通知书",
        (r"(案件)?受理(案件)?通知书$", r"应诉通知书$"),
        (r"决定立案", r"已(经)?受理", r"应诉"),
    ),
    Category(
        "fee_notice",
        "交纳诉讼费用通知书",
        (r"交纳诉讼费用通知书$", r"预交.*诉讼费.*通知书$", r"缴纳诉讼费用通知书$"),
        (r"诉讼费用交纳办法", r"案件受理费计算", r"预交", r"逾期(不|未)交"),
    ),
    Category("evidence_notice", "举证通知书", (r"举证通知书$",), (r"举证期限", r"举证责任")),
    Category("defence", "答辩状", (r"答辩状$", r"^答辩(意见|状)"), (r"答辩人[：:]", r"被答辩人", r"答辩如下")),
    Category(
        "evidence_list",
        "证据目录",
        (r"证据(目录|清单)$",),
        (r"证据名称", r"证明(内容|目的|对象)", r"提交人[：:]"),
    ),
    Category(
        "evidence",
        "证据",
        (r"^证据[一二三四五六七八九十\d]+", r"鉴定(意见|报告)书?$"),
        (r"证据\d", r"甲方[：:]", r"乙方[：:]", r"(复印件|原件)", r"(发票|收据|回单|病历|借条|欠条|转账|聊天记录)"),
    ),
    Category(
        "summons",
        "传票",
        (r"^传票$", r"出庭通知书$"),
        (r"被传唤人", r"传唤事由", r"应到时间", r"应到处所"),
    ),
    Category("investigation_record", "调查笔录", (r"(调查|询问|谈话)笔录$",), (r"被调查人", r"调查人[：:]")),
    Category(
        "hearing_record",
        "庭审笔录",
        (r"(庭审|开庭|法庭审理)笔录$",),
        (r"审判长[：:]", r"书记员[：:]", r"原告[：:]", r"现在开庭", r"宣布开庭", r"法庭调查"),
    ),
    Category("mediation", "调解书", (r"民事调解书$", r"调解书$"), (r"经本院主持调解", r"自愿达成如下协议")),
    Category(
        "judgment",
        "判决书",
        (r"(民事|刑事|行政)?判决书$",),
        (r"判决如下", r"如不服本判决", r"本判决生效之日", r"审判长", r"审判员", r"书记员", r"本院认为"),
    ),
    Category(
        "ruling",
        "裁定书",
        (r"(民事|刑事|行政|执行)?裁定书$",),
        (r"裁定如下", r"本裁定", r"如不服本裁定", r"申请人[：:]", r"被申请人[：:]"),
    ),
    Category("pronouncement_record", "宣判笔录", (r"宣判笔录$",), (r"宣判", r"当庭宣判")),
    Category(
        "service_certificate",
        "送达回证",
        (r"送达回证$", r"送达地址确认书$"),
        (r"受送达人", r"送达文书名称", r"送达方式", r"签收", r"送达人"),
    ),
    Category("appeal", "上诉状", (r"(民事|刑事|行政)?上诉状$",), (r"上诉人[：:]", r"被上诉人[：:]", r"上诉请求")),
    Category("other", "其他", (), ()),
)
BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}
CODES: tuple[str, ...] = tuple(c.code for c in CATEGORIES)
CHOICES: list[tuple[str, str]] = [(c.code, c.label) for c in CATEGORIES]
# A criminal first-instance file (刑事一审正卷) puts the indictment first; the rest keeps the civil sequence.
CRIMINAL_ORDER: tuple[str, ...] = ("indictment", *(c for c in CODES if c != "indictment"))
CIVIL_ORDER: tuple[str, ...] = CODES


def volume_order(kind: str) -> tuple[str, ...]:
    """The category sequence for a case kind (`CaseKind`: civil, commercial, criminal, administrative …)."""
    return CRIMINAL_ORDER if kind == "criminal" else CIVIL_ORDER


def order_index(code: str, kind: str = "civil") -> int:
    order = volume_order(kind)
    return order.index(code) if code in order else len(order)


def label(code: str) -> str:
    return BY_CODE[code].label if code in BY_CODE else code


# Weights: where a hit is found says how much it proves.
W_TITLE_TOP = 6.0  # the title line of page 1 (the first few short lines)
W_METADATA = 4.0  # the title a person typed, or the file name
W_LEARNED = 7.0  # a phrase learned from this court's corrections (beats the built-in rules it corrected)
W_BODY = 0.8  # each distinct body hint (capped)
BODY_CAP = 4.0
STATUTE_LINE = re.compile(r"^第[一二三四五六七八九十百千零〇]+条")
STATUTE_TITLE = re.compile(r"^(最高人民法院关于.*(解释|规定|意见|批复)|中华人民共和国\w*法)$")
HEAD_LINES = 6
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Remove every kind of whitespace (spaces, U+3000, tabs, newlines): "民　事　判　决　书" → "民事判决书"."""
    return _SPACE.sub("", text or "")


def head_lines(text: str, n: int = HEAD_LINES) -> list[str]:
    """The first `n` non-empty lines of a page, normalised; the title of a court document is among them."""
    out = []
    for line in (text or "").splitlines():
        line = normalise(line)
        if line:
            out.append(line)
        if len(out) >= n:
            break
    return out


def title_phrase(text: str, *, fallback: str = "") -> str:
    """The line most likely to be the document's title: the first short line that is not a court name or a case
    number; what a correction teaches is keyed on it."""
    for line in head_lines(text, 8):
        if len(line) > 24 or re.search(r"人民法院$|人民检察院$", line) or re.match(r"^[（(]\d{4}[）)]", line):
            continue
        if re.match(r"^(案号|案由|提交人)[：:]", line):
            continue
        return line[:40]
    return normalise(fallback)[:40]


@dataclass(frozen=True)
class LearnedPhrase:
    """A phrase a court's clerks taught (from `CatalogueCorrection` rows): seen as a title, it means `category`."""

    phrase: str
    category: str
    weight: float = 1.0  # grows with agreeing corrections, in 0..1 after normalisation


@dataclass(frozen=True)
class Classification:
    category: str
    confidence: float
    reasons: tuple[str, ...] = field(default_factory=tuple)
    scores: dict[str, float] = field(default_factory=dict)


def _strip_name(filename: str) -> str:
    base = filename.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def classify(
    *,
    pages: Sequence[str],
    title: str = "",
    filename: str = "",
    source: str = "",
    learned: Iterable[LearnedPhrase] = (),
) -> Classification:
    """Place a document in the volume order from its OCR text (`pages`, first page first) and metadata.

    Confidence = best / (best + runner-up + 1): a lone printed title gives ≈0.86, a body hint alone ≈0.4, two
    kinds with equal evidence ≈0.45 — so the low ones go to the clerk's review queue.
    """
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}

    def add(code: str, weight: float, why: str) -> None:
        scores[code] = scores.get(code, 0.0) + weight
        reasons.setdefault(code, []).append(why)

    first = pages[0] if pages else ""
    heads = head_lines(first)
    meta = [m for m in (normalise(title), normalise(_strip_name(filename))) if m]
    whole = normalise("\n".join(pages))
    learned = list(learned)

    for phrase in learned:
        p = normalise(phrase.phrase)
        if not p:
            continue
        if any(p == h or (len(p) >= 3 and p in h) for h in heads) or any(p == m for m in meta):
            add(phrase.category, W_LEARNED * max(0.3, min(1.0, phrase.weight)), f"本院编目更正：“{p}”")

    # Each reason is a sentence a clerk reads, quoting the words found — never the pattern that found them.
    for category in CATEGORIES:
        for pattern in category.title:
            rx = re.compile(pattern)
            hit_head = next((m for h in heads if len(h) <= 30 and (m := rx.search(h))), None)
            if hit_head is not None:
                add(category.code, W_TITLE_TOP, f"首页标题含“{hit_head.group(0)}”")
                break
        for pattern in category.title:
            rx = re.compile(pattern.strip("^$"))  # a typed title or file name may add words ("送达回证-张三")
            hit_meta = next((m for name in meta if (m := rx.search(name))), None)
            if hit_meta is not None:
                add(category.code, W_METADATA, f"名称含“{hit_meta.group(0)[:30]}”")
                break
        body_hits = list(dict.fromkeys(m.group(0) for p in category.body if (m := re.search(p, whole))))
        if body_hits:
            weight = min(BODY_CAP, W_BODY * len(body_hits))
            add(category.code, weight, "正文含“" + "”“".join(h[:20] for h in body_hits[:4]) + "”")

    raw_lines = [normalise(line) for line in "\n".join(pages).splitlines()]
    statute_lines = sum(1 for line in raw_lines if STATUTE_LINE.match(line))
    is_court_document = any(len(h) <= 30 and re.search(r"(判决|裁定|调解)书$", h) for h in heads)
    is_contract = bool(re.search(r"甲方[：:（(]", whole) and re.search(r"乙方[：:（(]", whole))  # clauses, not articles
    if statute_lines >= 2 and not is_court_document and not is_contract:
        add("other", 1.5 * min(statute_lines, 4), f"法律条文页（{statute_lines}处条文起首）")
    statute_title = next((h for h in heads[:2] if STATUTE_TITLE.search(h)), None)
    if statute_title is not None:
        add("other", W_TITLE_TOP, f"法律文本标题“{statute_title[:30]}”")

    if not scores:
        return Classification("other", 0.2, ("未发现可识别的文书标题或特征",), {})
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], order_index(kv[0])))
    best_code, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = round(best / (best + second + 1.0), 3)
    return Classification(best_code, confidence, tuple(reasons[best_code]), dict(ranked))


# What a party files (起诉状, 答辩状, 上诉状, their identity papers and powers of attorney, evidence and its list) —
# never what only a court issues (判决书, 传票, 送达回证 …): a copy of an old judgment a party offers is 证据.
PARTY_CATEGORIES: tuple[str, ...] = ("complaint", "identity_material", "evidence_list", "evidence", "defence", "appeal")
PARTY_DEFAULT = "evidence"


def classify_party_submission(*, title: str, filename: str = "") -> Classification:
    """Place a document a party submitted (evidence from an online filing) from the title the party gave it and its
    file name only — never from its text, which may well be a court document's (民诉法 Art. 67: a party adduces
    evidence; it remains the party's evidence whatever it reproduces). A title naming a party's own kind of
    document (授权委托书, 证据目录 …) places it there; anything else is 证据."""
    found = classify(pages=[], title=title, filename=filename)
    if found.category in PARTY_CATEGORIES and found.category != "other" and found.scores:
        reasons = ("当事人提交的材料", *found.reasons)
        return Classification(found.category, 1.0, reasons, found.scores)
    shown = normalise(title)[:30] or normalise(_strip_name(filename))[:30]
    return Classification(PARTY_DEFAULT, 1.0, (f"当事人提交的证据材料“{shown}”，按当事人所列名称归入证据",), {})


_PATTERN_SIGNS = re.compile(r"[|()\\\[\]?*+^$]")


def reason_shown(reason: str) -> str:
    """A stored reason as a clerk reads it. Reasons written before they quoted the words found (they quoted the
    patterns: 正文含“(发票|收据)”) say what kind of hint it was instead of showing a pattern."""
    legacy = {
        "正文含": "正文含该类文书的常用语",
        "名称": "文件名称含该类文书的名称",
        "首页标题": "首页标题为该类文书的标题",
    }
    for prefix, sentence in legacy.items():
        if reason.startswith(prefix) and _PATTERN_SIGNS.search(reason):
            return sentence
    return reason


def reasons_shown(reasons: Iterable[str]) -> list[str]:
    return [reason_shown(r) for r in reasons]
