"""Reads of the case library and the Q&A board, the facts of a case (what the push compares), the similar-case push
with its reasons, and 类案追本溯源 (where new filings of a cause come from)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from smartcourt.cases.selectors import case_parties_by_role, case_visible_to
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.permissions import Action, Resource, allows, permits, visible_q

from .index import IndexEntry, SimilarIndex, index_load_cached
from .models import Answer, LibraryCase, Question
from .ranking import Ranked, shared_terms, tokenize

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User

PUSH_TOP = 5
MAX_SEARCH_CHARS = 200


# --- the facts of a case ------------------------------------------------------------------------------------------

_FACTS_START = re.compile(r"(经审查查明|经依法审查查明|经审理查明|指控|事实与理由|事实和理由)[：:，,]?")
_FACTS_END = re.compile(r"(上述事实|本院认为|认定上述|此致|综上所述)")


def facts_section(text: str) -> str:
    """The facts section of a complaint or an indictment: from 经审查查明 / 指控 / 事实与理由 to 上述事实 / 本院认为 /
    此致; the whole text when no marker is found."""
    start = _FACTS_START.search(text)
    body = text[start.end() :] if start else text
    end = _FACTS_END.search(body)
    return (body[: end.start()] if end and end.start() > 10 else body).strip()


def case_facts(*, case: Case) -> str:
    """What the push compares: the complaint's facts and reasons (civil and administrative, from online filing);
    else the facts section of the complaint or indictment in the dossier's recognised text (criminal cases)."""
    filing = _all_cases().filter(pk=case.pk).values_list("filing__facts", flat=True).first()
    if filing and filing.strip():
        return filing.strip()
    pages = (
        case.dossier_documents.filter(category__in=("indictment", "complaint"))
        .order_by("position", "pk", "pages__number")
        .values_list("pages__ocr_text", flat=True)[:20]
    )
    text = "\n".join(p for p in pages if p)
    return facts_section(text) if text.strip() else ""


# --- similar-case push --------------------------------------------------------------------------------------------


def _all_cases() -> QuerySet[Case]:
    # the index covers every court (SYSTEM sees every case); the push filters by the asking court
    return case_visible_to(user=SYSTEM)  # type: ignore[arg-type]


def index_dir() -> Path:
    return Path(getattr(settings, "KNOWLEDGE_LIBRARY_INDEX_DIR", Path(settings.MEDIA_ROOT) / "library_index"))


def index_signature() -> str:
    """Changes whenever a pushable case is added, changed or closed (then the index is rebuilt)."""
    lib = LibraryCase.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    closed = _all_cases().filter(closed_on__isnull=False).aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"{lib['n']}:{lib['last']}:{closed['n']}:{closed['last']}"


def _closed_case_entries() -> list[IndexEntry]:
    rows = (
        _all_cases()
        .filter(closed_on__isnull=False, filing__isnull=False)
        .exclude(filing__facts="")
        .values_list("pk", "court_id", "cause__name", "filing__facts")
    )
    return [IndexEntry(f"case:{pk}", court_id, facts, [cause] if cause else []) for pk, court_id, cause, facts in rows]


def index_entries() -> list[IndexEntry]:
    lib = [
        IndexEntry(f"lib:{c.pk}", 0 if c.kind != "typical" else (c.court_id or 0), c.facts, c.charges)
        for c in LibraryCase.objects.only("pk", "kind", "court_id", "facts", "cause")
    ]
    return lib + _closed_case_entries()


def similar_index() -> SimilarIndex:
    """The persisted index; built (and saved) here when missing or stale, so the first push after a change pays for
    it once and every other push loads it from disk (`build_library_index` builds it ahead of time)."""
    directory = index_dir()
    signature = index_signature()
    loaded = index_load_cached(directory)
    if loaded is not None and loaded.signature == signature:
        return loaded
    built = SimilarIndex.build(index_entries(), signature=signature)
    directory.parent.mkdir(parents=True, exist_ok=True)
    built.save(directory)
    return index_load_cached(directory) or built


@dataclass
class Reason:
    label: str
    value: str


@dataclass
class SimilarCase:
    key: str
    title: str
    url: str
    source: str  # 指导性案例 / 参考案例 / 典型案例 / 本院已结案件
    score: float
    reasons: list[Reason] = field(default_factory=list)
    decided: str = ""  # how it was decided


_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


def amounts_in(text: str) -> list[Decimal]:
    out = []
    for m in _AMOUNT.finditer(text or ""):
        try:
            value = Decimal(m.group(1))
        except InvalidOperation:
            continue
        out.append(value * 10000 if m.group(2) == "万元" else value)
    return out


def _fmt_amount(value: Decimal) -> str:
    return f"{value / 10000:.1f}万元" if value >= 10000 else f"{value:.0f}元"


def _reasons(query_tokens: list[str], query_amount: Decimal | None, query_charges: set[str], hit: Ranked,
             *, facts: str, charges: list[str], statutes: list[str], sentence: str, amount: Decimal | None) -> list[Reason]:  # fmt: skip
    reasons = []
    shared = [c for c in charges if c in query_charges]
    if shared:
        reasons.append(Reason("相同罪名或案由", "、".join(shared)))
    elif charges and hit.charge_share > 0.3:  # the query's own charge is not known yet: the likely one, from the pool
        reasons.append(Reason("相近案件的罪名或案由", "、".join(charges)))
    terms = shared_terms(query_tokens, tokenize(facts))
    if terms:
        reasons.append(Reason("关键事实", "、".join(terms[:6])))
    if query_amount and amount:
        ratio = float(min(query_amount, amount) / max(query_amount, amount))
        if ratio >= 0.5:
            reasons.append(Reason("金额相近", f"{_fmt_amount(query_amount)} / {_fmt_amount(amount)}"))
    if statutes:
        reasons.append(Reason("适用法条", "、".join(statutes[:3])))
    if sentence:
        reasons.append(Reason("裁判结果", sentence))
    return reasons


def similar_cases_for(*, case: Case, user: User, k: int = PUSH_TOP) -> tuple[str, list[SimilarCase]]:
    """(the facts compared, the top `k` earlier cases with why each is similar) for `case`, among the published
    library, the typical cases of `case`'s court and its own closed cases. Empty when the case has no facts yet or
    the user may not read the library."""
    if not allows(user=user, resource=Resource.CASE, action=Action.VIEW, obj=case):
        return "", []
    if not permits(user=user, resource=Resource.CASE_LIBRARY, action=Action.VIEW):
        return "", []
    facts = case_facts(case=case)
    if not facts:
        return "", []
    index = similar_index()
    hits = index.top(facts, k=2 * k, court_ids=[case.court_id], exclude=[f"case:{case.pk}"])
    charges = {case.cause.name} if case.cause_id and case.cause else set()
    return facts, _describe(hits, facts=facts, query_charges=charges, user=user)[:k]


def similar_cases_for_text(*, facts: str, court_id: int, user: User, k: int = PUSH_TOP) -> list[SimilarCase]:
    """The push for free text (the library's search page)."""
    hits = similar_index().top(facts, k=2 * k, court_ids=[court_id])
    return _describe(hits, facts=facts, query_charges=set(), user=user)[:k]


def _describe(hits: list[Ranked], *, facts: str, query_charges: set[str], user: User) -> list[SimilarCase]:
    """Each hit with its reasons; the court's own closed cases only where `user` may open them (a link the page shows
    never ends in 403), so more hits are asked for than shown."""
    lib_ids = [int(h.cid.split(":")[1]) for h in hits if h.cid.startswith("lib:")]
    case_ids = [int(h.cid.split(":")[1]) for h in hits if h.cid.startswith("case:")]
    libs = {c.pk: c for c in LibraryCase.objects.filter(pk__in=lib_ids)} if lib_ids else {}
    visible = case_visible_to(user=user).filter(pk__in=case_ids).select_related("cause", "filing") if case_ids else []
    cases = {c.pk: c for c in visible}
    case_facts_map = {pk: (getattr(getattr(c, "filing", None), "facts", "") or "") for pk, c in cases.items()}
    query_tokens = tokenize(facts[:5000])
    amounts = amounts_in(facts)
    query_amount = max(amounts) if amounts else None
    out = []
    for hit in hits:
        kind, _, pk = hit.cid.partition(":")
        if kind == "lib" and int(pk) in libs:
            lc = libs[int(pk)]
            reasons = _reasons(query_tokens, query_amount, query_charges, hit, facts=lc.facts, charges=lc.charges,
                               statutes=lc.statute_list, sentence=lc.sentence, amount=lc.amount)  # fmt: skip
            out.append(SimilarCase(hit.cid, lc.title, lc.get_absolute_url(), lc.get_kind_display(), hit.score,
                                   reasons, lc.result[:200] or lc.sentence))  # fmt: skip
        elif kind == "case" and int(pk) in cases:
            c = cases[int(pk)]
            charges = [c.cause.name] if c.cause else []
            reasons = _reasons(query_tokens, query_amount, query_charges, hit, facts=case_facts_map.get(c.pk) or "",
                               charges=charges, statutes=[], sentence="", amount=c.claim_amount)  # fmt: skip
            decided = f"{c.get_closing_method_display() or '已结案'}（{c.closed_on:%Y-%m-%d}）" if c.closed_on else ""
            out.append(SimilarCase(hit.cid, f"{c.number} {c.title}", reverse("cases:detail", args=[c.pk]), "本院已结案件", hit.score,
                                   reasons, decided))  # fmt: skip
    return out


# --- library and Q&A reads ----------------------------------------------------------------------------------------


def library_visible_to(*, user: User) -> QuerySet[LibraryCase]:
    return LibraryCase.objects.filter(visible_q(user=user, resource=Resource.CASE_LIBRARY, action=Action.VIEW))


def library_search(*, user: User, q: str = "", kind: str = "", tag: str = "") -> QuerySet[LibraryCase]:
    qs = library_visible_to(user=user).select_related("court")
    q = q.strip()[:MAX_SEARCH_CHARS]
    if kind:
        qs = qs.filter(kind=kind)
    if tag:
        qs = qs.filter(tags__contains=tag[:40])
    for word in q.split()[:6]:
        qs = qs.filter(
            Q(title__contains=word) | Q(cause__contains=word) | Q(facts__contains=word) | Q(tags__contains=word)
        )
    return qs


def library_case_get_for_user(*, user: User, pk: int) -> LibraryCase | None:
    return library_visible_to(user=user).select_related("court").filter(pk=pk).first()


def questions_visible_to(*, user: User) -> QuerySet[Question]:
    return Question.objects.filter(visible_q(user=user, resource=Resource.LEGAL_QA, action=Action.VIEW))


def question_search(*, user: User, q: str = "") -> QuerySet[Question]:
    qs = questions_visible_to(user=user).select_related("asked_by", "court")
    for word in q.strip()[:MAX_SEARCH_CHARS].split()[:6]:
        qs = qs.filter(
            Q(title__contains=word) | Q(body__contains=word) | Q(cause__contains=word) | Q(answers__body__contains=word)
        )
    return qs.distinct()


def question_get_for_user(*, user: User, pk: int) -> Question | None:
    return questions_visible_to(user=user).select_related("asked_by", "court").filter(pk=pk).first()


def question_answers(*, question: Question) -> QuerySet[Answer]:
    return question.answers.select_related("author").order_by("created_at", "pk")


def answer_get_for_user(*, user: User, pk: int) -> Answer | None:
    answer = Answer.objects.select_related("question").filter(pk=pk).first()
    if answer is None or not questions_visible_to(user=user).filter(pk=answer.question_id).exists():
        return None
    return answer


def question_may_answer(*, user: User, question: Question) -> bool:
    return allows(user=user, resource=Resource.LEGAL_QA, action=Action.REVIEW, obj=question)


def qa_may_ask(*, user: User) -> bool:
    return permits(user=user, resource=Resource.LEGAL_QA, action=Action.CHANGE)


def questions_awaiting(*, user: User, limit: int = 5) -> list[Question]:
    """Unanswered questions this person may answer (a designated expert's queue)."""
    qs = Question.objects.filter(visible_q(user=user, resource=Resource.LEGAL_QA, action=Action.REVIEW))
    return list(qs.filter(answers__isnull=True).order_by("created_at")[:limit])


# --- 类案追本溯源 -------------------------------------------------------------------------------------------------


@dataclass
class SourceBreakdown:
    cause: str
    since: date
    total: int
    plaintiffs: list[tuple[str, int]]  # who sues (the most frequent plaintiffs / prosecuting organs)
    defendants: list[tuple[str, int]]  # whom
    pairs: list[tuple[str, int]]  # who sues whom
    places: list[tuple[str, int]]  # where (the plaintiff's address region)
    reasons: list[tuple[str, int]]  # why (key fact terms of the complaints)
    months: list[tuple[str, int]]


_REGION = re.compile(r"^(.{2,8}?(?:省|自治区|市))?(.{2,8}?(?:市|州|盟))?(.{1,8}?(?:区|县|旗))?")


def _region(address: str) -> str:
    m = _REGION.match(address or "")
    parts = [p for p in (m.groups() if m else ()) if p]
    return "".join(parts[:3]) or "（未填地址）"


def cause_sources(*, user: User, cause: str, days: int = 365, today: date | None = None) -> SourceBreakdown:
    """Where the new filings of `cause` (a cause of action or a charge, by name) come from, among the cases `user`
    may see, filed in the last `days` days: who sues whom, where, why — so a court can see a repeat plaintiff, a
    company sued in bulk, a district the disputes come from, and act (诉源治理)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days)
    cases = case_visible_to(user=user).filter(cause__name__contains=cause[:40], filed_on__gte=since)
    ids = list(cases.values_list("pk", flat=True)[:5000])
    parties = list(case_parties_by_role(cases=cases.filter(pk__in=ids), roles=_PLAINTIFF_ROLES + _DEFENDANT_ROLES))
    plaintiffs: Counter[str] = Counter()
    defendants: Counter[str] = Counter()
    places: Counter[str] = Counter()
    by_case: dict[int, dict[str, list[str]]] = {}
    for p in parties:
        name = getattr(p.person, "name", "") or "（未知）"
        side = _side(p.role)
        by_case.setdefault(p.case_id, {"p": [], "d": []})
        if side == "p":
            plaintiffs[name] += 1
            places[_region(getattr(p.person, "address", ""))] += 1
            by_case[p.case_id]["p"].append(name)
        elif side == "d":
            defendants[name] += 1
            by_case[p.case_id]["d"].append(name)
    pairs: Counter[str] = Counter()
    for sides in by_case.values():
        for a in sides["p"][:1]:
            for b in sides["d"][:1]:
                pairs[f"{a} 诉 {b}"] += 1
    words: Counter[str] = Counter()
    for text in cases.exclude(filing__facts="").values_list("filing__facts", flat=True)[:500]:
        if not text:
            continue
        words.update({w for w in tokenize(text[:2000]) if len(w) >= 2 and not w.isdigit()} - _REASON_STOP)
    months = Counter(d.strftime("%Y-%m") for d in cases.values_list("filed_on", flat=True)[:5000])
    return SourceBreakdown(
        cause=cause, since=since, total=len(ids),
        plaintiffs=plaintiffs.most_common(8), defendants=defendants.most_common(8), pairs=pairs.most_common(8),
        places=places.most_common(8), reasons=words.most_common(12), months=sorted(months.items()),
    )  # fmt: skip


_PLAINTIFF_ROLES = ("plaintiff", "applicant", "appellant", "private_prosecutor", "enforcement_applicant")
_DEFENDANT_ROLES = ("defendant", "respondent", "appellee", "accused", "judgment_debtor")


def _side(role: str) -> str:
    if role in _PLAINTIFF_ROLES:
        return "p"
    if role in _DEFENDANT_ROLES:
        return "d"
    return ""


_REASON_STOP = frozenset(
    ("原告", "被告", "被告人", "要求", "请求", "支付", "法院", "人民法院", "诉讼", "事实", "理由", "根据", "规定", "依法",
     "现在", "我们", "因此", "双方", "之间", "一直", "至今", "多次", "没有", "无法", "其中", "以及", "但是", "并且", "此致",
     "之规定", "特向", "贵院", "提起", "中华人民共和国")
)  # fmt: skip


def library_kinds() -> list[tuple[str, Any]]:
    from .models import LibraryKind

    return list(LibraryKind.choices)
