"""The statute provider behind `smartcourt.core.statutes`: resolves law names, finds, validates and links citations.

The catalogue of laws (names, aliases, versions) is small and read on every citation, so each process keeps it
built, tagged with a generation token kept in the shared cache: an import (`store_changed`) sets a new token, and
every process rebuilds on its next call (so does a cleared cache). Article rows are read once per process too, as
they are first cited (one query for all the articles of a text not read before), under the same generation: a page
citing seven statutes asks nothing once they were read. Writes to the laws and their versions outside an import
(admin, a test's fixture) change the generation as well (signal receivers in `KnowledgeConfig.ready`).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from smartcourt.core.statutes import ArticleRef, CitationMatch

from .numerals import article_label, cn_to_int
from .recognizer import ArticleCite, RawCitation, Recognizer

GENERATION_KEY = "knowledge:statutes:generation"
MAX_RANGE = 200  # articles one 第X条至第Y条 may name
ITEM_LINE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")


@dataclass(frozen=True)
class VersionInfo:
    id: int
    effective_from: date


@dataclass(frozen=True)
class LawInfo:
    id: int
    short_name: str
    title: str
    repealed_on: date | None
    versions: tuple[VersionInfo, ...]  # newest first

    def version_on(self, on: date) -> VersionInfo | None:
        return next((v for v in self.versions if v.effective_from <= on), None)


@dataclass(frozen=True)
class ArticleRow:
    version_id: int
    number: int
    suffix: int
    label: str
    position: int
    text: str


class Catalogue:
    def __init__(self, laws: list[LawInfo], names: dict[str, LawInfo]) -> None:
        self.laws = laws
        self.names = names
        self.recognizer = Recognizer(list(names))

    def resolve(self, name: str) -> LawInfo | None:
        name = name.strip().strip("《》").replace("〈", "《").replace("〉", "》")
        return self.names.get(name) or self.names.get(re.sub(r"（[^）]*修正）$|\([^)]*修正\)$", "", name))


_catalogue: tuple[str, Catalogue] | None = None
# (version id, article number) → that number's rows (every suffix; none when the version has no such article), read
# under the generation kept beside them. Bounded by the library; emptied past MAX_CACHED_NUMBERS all the same.
_articles: tuple[str, dict[tuple[int, int], tuple[ArticleRow, ...]]] | None = None
MAX_CACHED_NUMBERS = 50_000


def store_changed() -> None:
    """Every process rebuilds its catalogue and forgets the articles it read on its next call (after an import)."""
    global _catalogue, _articles
    _catalogue = None
    _articles = None
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def library_written(**_signal: object) -> None:
    """A law or a version was saved or deleted (signal receiver): a new generation now, and again once the write is
    committed, so no process keeps what it read between the two."""
    from django.db import transaction

    store_changed()
    transaction.on_commit(store_changed)


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def catalogue() -> Catalogue:
    global _catalogue
    generation = _generation()
    if _catalogue is not None and _catalogue[0] == generation:
        return _catalogue[1]
    from .models import Law, LawVersion

    versions: dict[int, list[VersionInfo]] = {}
    for law_id, vid, eff in LawVersion.objects.order_by("-effective_from").values_list(
        "law_id", "id", "effective_from"
    ):
        versions.setdefault(law_id, []).append(VersionInfo(vid, eff))
    laws: list[LawInfo] = []
    names: dict[str, LawInfo] = {}
    for law in Law.objects.order_by("kind", "short_name"):
        info = LawInfo(law.pk, law.short_name, law.title, law.repealed_on, tuple(versions.get(law.pk, [])))
        laws.append(info)
        for name in (law.short_name, law.title, *law.aliases):
            names.setdefault(name, info)
    built = Catalogue(laws, names)
    _catalogue = (generation, built)
    return built


def article_url(law: str, label: str) -> str:
    return reverse("knowledge:article", args=[law, label])


def paragraphs_of(text: str) -> list[tuple[str, list[str]]]:
    """An article's paragraphs (款), each with its items (项)."""
    out: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        if ITEM_LINE.match(line) and out:
            out[-1][1].append(line)
        else:
            out.append((line, []))
    return out


def parse_article_label(text: str) -> tuple[int, int] | None:
    """第五百七十七条 / 第577条 / 577 / 第一百三十三条之一 → (number, suffix)."""
    m = re.fullmatch(
        r"\s*第?\s*([零〇一二三四五六七八九十百千两\d０-９]+)\s*条?(?:之([一二三四五六七八九十]+))?\s*", text
    )
    if not m:
        return None
    number = cn_to_int(m[1])
    if not number or number > 100_000:
        return None
    return number, (cn_to_int(m[2]) or 0) if m[2] else 0


class StatuteStore:
    """Implements `core.statutes.StatuteProvider` over the knowledge app's tables."""

    def article(self, address: str, *, on: date | None = None) -> ArticleRef | None:
        law_name, _, label = address.partition("/")
        cat = catalogue()
        law = cat.resolve(law_name)
        parsed = parse_article_label(label)
        if law is None or parsed is None:
            return None
        on = on or timezone.localdate()
        version = law.version_on(on) or (law.versions[-1] if law.versions else None)
        if version is None:
            return None
        rows = self._rows({version.id: {parsed}})
        row = rows.get((version.id, *parsed))
        if row is None:
            return None
        return self._ref(law, row, in_force=law.version_on(on) is not None and not self._repealed(law, on))

    def find_citations(self, text: str, *, on: date | None = None, default_law: str = "") -> list[CitationMatch]:
        if not text:
            return []
        cat = catalogue()
        on = on or timezone.localdate()
        raws = cat.recognizer.scan(text, default_law=default_law)
        # One query for every article named (a range reads its version's articles between its ends).
        wanted: dict[int, set[tuple[int, int]]] = {}
        ranges: set[int] = set()
        resolved: list[tuple[RawCitation, LawInfo | None, VersionInfo | None, str]] = []
        for raw in raws:
            law = cat.resolve(raw.law)
            error = ""
            version = None
            if law is None:
                error = _unknown_law_message(raw.law, on)
            else:
                version = law.version_on(on)
                if self._repealed(law, on):
                    error = f"《{law.short_name}》已于{law.repealed_on:%Y年%-m月%-d日}废止。"
                elif version is None:
                    first = law.versions[-1].effective_from if law.versions else None
                    error = (
                        f"法律法规库中《{law.short_name}》最早的版本自{first:%Y年%-m月%-d日}起施行，"
                        f"{on:%Y年%-m月%-d日}时施行的文本未收录。"
                        if first
                        else f"法律法规库中没有《{law.short_name}》的条文。"
                    )
                else:
                    wanted.setdefault(version.id, set()).add((raw.cite.number, raw.cite.suffix))
                    if raw.cite.to is not None:
                        wanted[version.id].add((raw.cite.to.number, raw.cite.to.suffix))
                        ranges.add(version.id)
            resolved.append((raw, law, version, error))
        rows = self._rows(wanted)
        by_position: dict[int, list[ArticleRow]] = {}
        if ranges:
            by_position = self._version_rows(ranges)
        out: list[CitationMatch] = []
        for raw, law, version, error in resolved:
            refs: list[ArticleRef] = []
            if not error and law is not None and version is not None:
                error, refs = self._validate(law, version, raw.cite, rows, by_position)
            out.append(
                CitationMatch(start=raw.start, end=raw.end, text=text[raw.start : raw.end], refs=refs, error=error)
            )
        return out

    # --- helpers

    @staticmethod
    def _repealed(law: LawInfo, on: date) -> bool:
        return law.repealed_on is not None and law.repealed_on <= on

    @staticmethod
    def _rows(wanted: dict[int, set[tuple[int, int]]]) -> dict[tuple[int, int, int], ArticleRow]:
        """The rows of the wanted (version, number, suffix) articles: those this process read under the current
        generation from memory, the rest in one query (then kept)."""
        global _articles
        if not wanted:
            return {}
        generation = _generation()
        if _articles is None or _articles[0] != generation or len(_articles[1]) > MAX_CACHED_NUMBERS:
            _articles = (generation, {})
        known = _articles[1]
        missing = {(v, n) for v, numbers in wanted.items() for n, _ in numbers if (v, n) not in known}
        if missing:
            read: dict[tuple[int, int], list[ArticleRow]] = {key: [] for key in missing}
            for row in StatuteStore._read_rows(missing):
                read[(row.version_id, row.number)].append(row)
            known.update({key: tuple(rows) for key, rows in read.items()})
        return {
            (r.version_id, r.number, r.suffix): r
            for v, numbers in wanted.items()
            for n in {n for n, _ in numbers}
            for r in known.get((v, n), ())
        }

    @staticmethod
    def _read_rows(numbers: set[tuple[int, int]]) -> list[ArticleRow]:
        from django.db.models import Q

        from .models import Article

        by_version: dict[int, set[int]] = {}
        for version_id, number in numbers:
            by_version.setdefault(version_id, set()).add(number)
        query = Q()
        for version_id, wanted_numbers in by_version.items():
            query |= Q(version_id=version_id, number__in=wanted_numbers)
        return [
            ArticleRow(*values)
            for values in Article.objects.filter(query).values_list(
                "version_id", "number", "suffix", "label", "position", "text"
            )
        ]

    @staticmethod
    def _version_rows(version_ids: set[int]) -> dict[int, list[ArticleRow]]:
        from .models import Article

        out: dict[int, list[ArticleRow]] = {}
        for values in (
            Article.objects.filter(version_id__in=version_ids)
            .order_by("position")
            .values_list("version_id", "number", "suffix", "label", "position", "text")
        ):
            row = ArticleRow(*values)
            out.setdefault(row.version_id, []).append(row)
        return out

    def _ref(
        self,
        law: LawInfo,
        row: ArticleRow,
        *,
        in_force: bool = True,
        paragraph: int | None = None,
        item: int | None = None,
    ) -> ArticleRef:
        return ArticleRef(
            address=f"{law.short_name}/{row.label}",
            law=law.short_name,
            law_title=law.title,
            article=row.label,
            text=row.text,
            url=article_url(law.short_name, row.label),
            in_force=in_force,
            paragraph=paragraph,
            item=item,
        )

    def _validate(
        self,
        law: LawInfo,
        version: VersionInfo,
        cite: ArticleCite,
        rows: dict[tuple[int, int, int], ArticleRow],
        by_position: dict[int, list[ArticleRow]],
    ) -> tuple[str, list[ArticleRef]]:
        row = rows.get((version.id, cite.number, cite.suffix))
        label = article_label(cite.number, cite.suffix)
        if row is None:
            return f"《{law.short_name}》没有{label}。", []
        if cite.to is not None:
            end = rows.get((version.id, cite.to.number, cite.to.suffix))
            end_label = article_label(cite.to.number, cite.to.suffix)
            if end is None:
                return f"《{law.short_name}》没有{end_label}。", []
            if end.position < row.position:
                return f"条文范围有误：{label}在{end_label}之后。", []
            span = [r for r in by_position.get(version.id, []) if row.position <= r.position <= end.position]
            if len(span) > MAX_RANGE:
                return f"条文范围过大（超过{MAX_RANGE}条）。", []
            return "", [self._ref(law, r) for r in span]
        paragraphs = paragraphs_of(row.text)
        if cite.paragraph is not None and cite.paragraph > len(paragraphs):
            return f"《{law.short_name}》{label}只有{len(paragraphs)}款，没有第{cite.paragraph}款。", []
        if cite.item is not None:
            items = paragraphs[cite.paragraph - 1][1] if cite.paragraph else [i for _, its in paragraphs for i in its]
            if cite.item > len(items):
                where = f"{label}第{cite.paragraph}款" if cite.paragraph else label
                have = f"只有{len(items)}项" if items else "没有分项"
                return f"《{law.short_name}》{where}{have}，没有第{cite.item}项。", []
        return "", [self._ref(law, row, paragraph=cite.paragraph, item=cite.item)]


def _unknown_law_message(name: str, on: date) -> str:
    from .names import PRC, REPEALED

    if not name:
        return "未指明所引法条属于哪部法律。"
    short = name.removeprefix(PRC)
    if short in REPEALED:
        repealed_on, by = REPEALED[short]
        if repealed_on <= on:
            return f"《{name}》已于{repealed_on:%Y年%-m月%-d日}废止（{by}），请引用现行法律。"
    return f"法律法规库未收录《{name}》，无法核对。"


def tidy_query_law(query: str) -> tuple[LawInfo | None, str]:
    """A query that starts with a law's name: the law and the rest ("民诉法 第122条" → 民事诉讼法, "第122条")."""
    cat = catalogue()
    text = query.strip().strip("《")
    for name in sorted(cat.names, key=len, reverse=True):
        if text.startswith(name):
            return cat.names[name], text[len(name) :].lstrip("》 \u3000")
    return None, query.strip()
