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
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts, grants_for, permits, visible_q
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import court_list_by_ids, users_active_with_roles

from .index import IndexEntry, SimilarIndex, index_load_cached
from .models import Answer, ExpertDesignation, LibraryCase, LibraryKind, Question
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


INDEX_FORMAT = "v2"  # v2: each entry's key circumstances in the metadata; an index saved before is rebuilt once


def index_signature() -> str:
    """Changes whenever a pushable case is added, changed or closed (then the index is rebuilt)."""
    lib = LibraryCase.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    closed = _all_cases().filter(closed_on__isnull=False).aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"{INDEX_FORMAT}:{lib['n']}:{lib['last']}:{closed['n']}:{closed['last']}"


def _closed_case_entries() -> list[IndexEntry]:
    # a case its court selected as typical is pushed as that typical case (with its summary and tags), not twice
    selected = LibraryCase.objects.filter(retired_at__isnull=True, source_case__isnull=False).values("source_case_id")
    rows = (
        _all_cases()
        .filter(closed_on__isnull=False, filing__isnull=False)
        .exclude(filing__facts="")
        .exclude(pk__in=selected)
        .values_list("pk", "court_id", "cause__name", "filing__facts")
    )
    return [IndexEntry(f"case:{pk}", court_id, facts, [cause] if cause else []) for pk, court_id, cause, facts in rows]


def index_entries() -> list[IndexEntry]:
    lib = [
        IndexEntry(f"lib:{c.pk}", 0 if c.kind != "typical" else (c.court_id or 0), c.facts, c.charges)
        for c in LibraryCase.objects.filter(retired_at__isnull=True).only("pk", "kind", "court_id", "facts", "cause")
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
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url): statutes applied, each to its page


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
    if amount is None:
        found = amounts_in(facts)
        amount = max(found) if found else None
    if query_amount and amount:
        ratio = float(min(query_amount, amount) / max(query_amount, amount))
        label = "金额相近" if ratio >= 0.5 else "涉案金额"
        reasons.append(Reason(label, f"本案 {_fmt_amount(query_amount)} / 该案 {_fmt_amount(amount)}"))
    elif amount:
        reasons.append(Reason("涉案金额", f"该案 {_fmt_amount(amount)}"))
    if statutes:
        reasons.append(Reason("适用法条", "、".join(statutes[:4])))
    if sentence:
        reasons.append(Reason("刑罚或判项", sentence))
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
                               statutes=lc.statute_list or statutes_in(lc.reasoning + lc.result),
                               sentence=lc.sentence or sentence_in(lc.result), amount=lc.amount)  # fmt: skip
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
    _link_statutes(out)
    return out


def _cited(address: str) -> str:
    """ "民法典/第五百七十七条" → "《民法典》第五百七十七条" (what the recogniser reads); text as it is otherwise."""
    if address.startswith("《"):
        return address
    law, _sep, article = address.partition("/")
    return f"《{law}》{article}" if article else address


def _link_statutes(results: list[SimilarCase]) -> None:
    """Each statute reason's articles as links to their pages: every hit's statutes recognised in one pass (one
    query); one that does not resolve stays plain text, so no link ends in a 404. Without the statute store: text."""
    from smartcourt.core import statutes as statute_api

    reasons = [r for res in results for r in res.reasons if r.label == "适用法条"]
    if not reasons:
        return
    parts = [[_cited(a) for a in r.value.split("、")] for r in reasons]
    text, spans = "", []
    for items in parts:
        row = []
        for item in items:
            row.append((len(text), len(text) + len(item), item))
            text += item + "\n"
        spans.append(row)
    try:
        matches = statute_api.find_citations(text)
    except statute_api.StatutesUnavailable:
        return
    found = [(m.start, m.end, m.refs[0].url) for m in matches if m.valid and m.refs]
    for reason, row in zip(reasons, spans, strict=True):
        links = []
        for start, end, item in row:
            url = next((u for s, e, u in found if start <= s < end), "")
            links.append((item, url))
        reason.links = links


# --- library and Q&A reads ----------------------------------------------------------------------------------------


def library_visible_to(*, user: User) -> QuerySet[LibraryCase]:
    """The library cases `user` may read: published ones and their courts' typical cases, retired ones left out."""
    return LibraryCase.objects.filter(
        visible_q(user=user, resource=Resource.CASE_LIBRARY, action=Action.VIEW), retired_at__isnull=True
    )


# --- typical cases (典型案例): selection by the court ----------------------------------------------------------------


def typical_select_courts(*, user: User) -> set[int]:
    """The courts where `user` selects typical cases (CASE_LIBRARY CHANGE in the permission table)."""
    return grant_courts(user=user, resource=Resource.CASE_LIBRARY, action=Action.CHANGE)


def typical_cases_managed(*, user: User) -> QuerySet[LibraryCase]:
    """The typical cases of the courts where `user` selects them, retired ones included (newest first)."""
    return (
        LibraryCase.objects.filter(kind=LibraryKind.TYPICAL, court_id__in=typical_select_courts(user=user))
        .select_related("court", "source_case")
        .order_by("retired_at", "-created_at", "-pk")
    )


def typical_case_managed_get(*, user: User, pk: int) -> LibraryCase | None:
    return typical_cases_managed(user=user).filter(pk=pk).first()


# a case that ended without a decision on its merits is no model for others: 撤诉, 移送, 销案
NOT_TYPICAL_CLOSINGS = ("withdrawal", "transfer", "cancelled")


def typical_candidates(*, user: User, q: str = "", limit: int = 20) -> list[Case]:
    """Cases `user` may select: of their own courts, closed on a decision (not withdrawn, transferred or cancelled),
    the decision in effect, not a typical case already; by case number or title (most recently closed first)."""
    courts = typical_select_courts(user=user)
    if not courts:
        return []
    selected = LibraryCase.objects.filter(retired_at__isnull=True, source_case__isnull=False).values("source_case_id")
    qs = (
        _all_cases()
        .filter(court_id__in=courts, closed_on__isnull=False, effective_on__isnull=False)
        .exclude(closing_method__in=NOT_TYPICAL_CLOSINGS)
        .exclude(pk__in=selected)
        .select_related("cause")
    )
    for word in q.strip()[:MAX_SEARCH_CHARS].split()[:4]:
        qs = qs.filter(Q(number__contains=word) | Q(title__contains=word) | Q(cause__name__contains=word))
    return list(qs.order_by("-closed_on", "-pk")[:limit])


def typical_candidate_get(*, user: User, case_id: int) -> Case | None:
    courts = typical_select_courts(user=user)
    return _all_cases().filter(pk=case_id, court_id__in=courts).select_related("cause", "court").first()


_SENTENCE = re.compile(
    r"判处(?:死刑|无期徒刑|(?:有期徒刑|拘役|管制)(?:[一二三四五六七八九十]+年)?(?:[一二三四五六七八九十]+个月)?)"
    r"(?:[^。；;]{0,12}?(?:并处|缓刑)[^。；;，,]{0,24})?"
    r"|单处罚金[^。；;，,]{0,20}|免予刑事处罚"
)


def sentence_in(text: str) -> str:
    """The penalty an operative part imposes, as written: 判处有期徒刑一年六个月，并处罚金人民币五千元 …"""
    m = _SENTENCE.search(text or "")
    return m.group(0) if m else ""


_LAW_THEN_ARTICLES = re.compile(
    r"《([^《》]{2,40})》((?:[、，,和及]?第[一二三四五六七八九十百千零〇\d]+条(?:之[一二三四五六七八九十])?(?:第[一二三四五六七八九十\d]+款)?(?:第[（(]?[一二三四五六七八九十\d]+[)）]?项)?)+)"
)
_ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇\d]+条(?:之[一二三四五六七八九十])?")


def statutes_in(text: str, *, limit: int = 4) -> list[str]:
    """The articles a judgment's reasoning or operative part applies, as cited (《中华人民共和国刑法》第二百六十四条),
    without the database: the similar-case reasons then link each through the statute store in one pass."""
    out: list[str] = []
    for m in _LAW_THEN_ARTICLES.finditer(text or ""):
        for a in _ARTICLE.finditer(m.group(2)):
            cited = f"《{m.group(1)}》{a.group(0)}"
            if cited not in out:
                out.append(cited)
            if len(out) >= limit:
                return out
    return out


def typical_prefill(*, case: Case) -> dict[str, Any]:
    """What the selection form starts from: the case's facts, cause, amount and how it was closed."""
    how = case.get_closing_method_display() or ""
    return {
        "title": case.title, "facts": case_facts(case=case), "cause": case.cause.name if case.cause else "",
        "amount": case.claim_amount, "result": f"{how}（{case.closed_on:%Y-%m-%d}结案）" if case.closed_on else how,
        "summary": "", "tags": case.cause.name if case.cause else "", "statutes": "", "sentence": "",
    }  # fmt: skip


# --- 法答网 experts -------------------------------------------------------------------------------------------------


def expert_courts(*, user: User) -> list[Any]:
    """The courts where `user` designates experts (LEGAL_QA_EXPERT CHANGE)."""
    return list(
        court_list_by_ids(court_ids=grant_courts(user=user, resource=Resource.LEGAL_QA_EXPERT, action=Action.CHANGE))
    )


def experts_managed(*, user: User) -> QuerySet[ExpertDesignation]:
    ids = grant_courts(user=user, resource=Resource.LEGAL_QA_EXPERT, action=Action.CHANGE)
    return (
        ExpertDesignation.objects.filter(court_id__in=ids)
        .select_related("court", "user", "designated_by")
        .order_by("court__path", "-active", "field", "user__id")
    )


def expert_roles() -> list[Role]:
    """The roles the permission table lets answer on the board (LEGAL_QA REVIEW): only they can be designated."""
    return [role for role in Role if grants_for(role=role, resource=Resource.LEGAL_QA, action=Action.REVIEW)]


def expert_candidates(*, court_ids: set[int] | list[int]) -> list[User]:
    """Active staff of `court_ids` who may be designated (a role that can answer)."""
    users = users_active_with_roles(roles=expert_roles(), court_ids=list(court_ids))
    return list(users.order_by("id")[:500])


def expert_may_be_designated(*, user: User, court_id: int) -> bool:
    return users_active_with_roles(roles=expert_roles(), court_ids=[court_id]).filter(pk=user.pk).exists()


def question_fields(*, court_ids: set[int] | list[int]) -> list[str]:
    """The fields the active experts of these courts cover (a question's routing choices)."""
    rows = ExpertDesignation.objects.filter(court_id__in=list(court_ids), active=True).exclude(field="")
    return sorted(set(rows.values_list("field", flat=True)))


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
