"""Read the Markdown statute layout (one file per law or per part of one; see data/laws/README.md) into articles.

Pure: no database. A broken structure raises `StatuteFormatError` naming the file and the line, so an import can
refuse the whole directory before writing anything.

Layout: line 1 `# ` + title (民法典 files add a `# ` line naming the part); the adoption / amendment history up to
`<!-- INFO END -->`; headings `##`…`####` for 编/章/节; an article starts its own line `第X条 text` (optionally
`**第X条**`, `第X条之一`); further lines until the next article or heading are its paragraphs (款) and items (项,
lines starting `（一）`). The 执行工作若干问题的规定（试行） numbers paragraphs `1.` instead: read as article 1, 2 …
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .numerals import article_label, cn_to_int

ARTICLE_LINE = re.compile(
    r"^\s*(?:\*\*)?第(?P<num>[零〇一二三四五六七八九十百千]+)条(?:之(?P<suffix>[一二三四五六七八九十]+))?(?:\*\*)?(?=[\s\u3000]|$)"
)
# A line that looks like an article heading gone wrong: "第一百二十八 条…" (space inside), "第128条" at line start.
BROKEN_ARTICLE_LINE = re.compile(r"^\s*(?:\*\*)?第\s*[零〇一二三四五六七八九十百千\d]+\s+条|^\s*(?:\*\*)?第\d+条")
NUMBERED_LINE = re.compile(r"^(?P<num>\d{1,3})[.．](?!\d)")
HEADING = re.compile(r"^(#{2,4})\s*(.*)$")
CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
FILE_DATE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)")
PARSER_VERSION = "2"  # part of a version's digest: a re-import after the reading changed rewrites the articles
INVISIBLE = str.maketrans("", "", "\u200b\ufeff\u200c\u200d")

# Amendment decisions whose source file names no entry-into-force date: the date the decision itself sets.
KNOWN_EFFECTIVE = {
    ("中华人民共和国民事诉讼法", date(2023, 9, 1)): date(2024, 1, 1),
    ("中华人民共和国公司法", date(2023, 12, 29)): date(2024, 7, 1),
    ("中华人民共和国刑法", date(2023, 12, 29)): date(2024, 3, 1),  # 刑法修正案（十二）
    ("中华人民共和国企业破产法", date(2006, 8, 27)): date(2007, 6, 1),
    ("中华人民共和国人民调解法", date(2010, 8, 28)): date(2011, 1, 1),
    ("中华人民共和国劳动争议调解仲裁法", date(2007, 12, 29)): date(2008, 5, 1),
    ("中华人民共和国个人信息保护法", date(2021, 8, 20)): date(2021, 11, 1),
    ("中华人民共和国行政诉讼法", date(2017, 6, 27)): date(2017, 7, 1),
    ("中华人民共和国法官法", date(2019, 4, 23)): date(2019, 10, 1),
    ("中华人民共和国人民法院组织法", date(2018, 10, 26)): date(2019, 1, 1),
    ("中华人民共和国居民身份证法", date(2011, 10, 29)): date(2012, 1, 1),
    ("中华人民共和国国家赔偿法", date(2012, 10, 26)): date(2013, 1, 1),
    ("中华人民共和国仲裁法", date(2017, 9, 1)): date(2018, 1, 1),
}


class StatuteFormatError(ValueError):
    """A statute file whose structure cannot be read; the message names the file and line, in Chinese."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path} 第{line}行：{reason}")


@dataclass
class ParsedArticle:
    number: int
    suffix: int
    heading: str  # the 编/章/节 headings above it, joined by " / "
    lines: list[str]
    line: int  # where it starts in its file
    source: str

    @property
    def label(self) -> str:
        return article_label(self.number, self.suffix)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class ParsedFile:
    path: str  # relative to the imported directory
    title: str
    part: str  # 民法典's part (总则, 合同编 …); "" for a law in one file
    history: str
    effective_from: date
    articles: list[ParsedArticle] = field(default_factory=list)
    effective_explicit: bool = False  # the date comes from a 施行 line (or a known amendment decision)
    numbered: bool = False  # paragraphs numbered 1. 2. … instead of 第X条
    digest: str = ""


def _effective_date(title: str, history_lines: list[str], path: Path) -> tuple[date | None, bool]:
    """The entry-into-force date: a `… 施行` line of the history; else the date the last amendment decision sets
    (KNOWN_EFFECTIVE); else the last date of the history; else the date in the file name."""
    dates: list[date] = []
    for line in history_lines:
        m = CN_DATE.search(line)
        if not m:
            continue
        d = date(int(m[1]), int(m[2]), int(m[3]))
        if "施行" in line:
            return d, True
        dates.append(d)
    if dates:
        last = max(dates)
        return KNOWN_EFFECTIVE.get((title, last), last), (title, last) in KNOWN_EFFECTIVE
    m = FILE_DATE.search(path.name)
    return (date(int(m[1]), int(m[2]), int(m[3])) if m else None), False


def parse_file(path: Path, relative: str) -> ParsedFile:
    """One statute file → its articles, or StatuteFormatError naming `relative` and the line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise StatuteFormatError(relative, 1, "文件不是 UTF-8 编码") from exc
    lines = [line.translate(INVISIBLE).rstrip() for line in raw.splitlines()]
    if not lines or not lines[0].startswith("# ") or not lines[0][2:].strip():
        raise StatuteFormatError(relative, 1, "第一行应为“# 法律名称”")
    title = lines[0][2:].strip()
    try:
        info_end = next(i for i, line in enumerate(lines) if line.strip() == "<!-- INFO END -->")
    except StopIteration:
        raise StatuteFormatError(relative, len(lines), "缺少“<!-- INFO END -->”（沿革信息的结束标记）") from None
    part = ""
    history: list[str] = []
    for line in lines[1:info_end]:
        if line.startswith("# "):
            part = line[2:].strip()
        elif line.strip():
            history.append(line.strip())
    effective, explicit = _effective_date(title, history, path)
    if effective is None:
        raise StatuteFormatError(relative, info_end + 1, "无法确定施行日期（沿革信息和文件名中都没有日期）")
    parsed = ParsedFile(
        path=relative,
        title=title,
        part=part,
        history="\n".join(history),
        effective_from=effective,
        effective_explicit=explicit,
    )
    parsed.digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    numbered = not any(ARTICLE_LINE.match(line) for line in lines[info_end + 1 :])
    parsed.numbered = numbered and any(NUMBERED_LINE.match(line.strip()) for line in lines[info_end + 1 :])
    headings: list[tuple[int, str]] = []
    current: ParsedArticle | None = None
    for index in range(info_end + 1, len(lines)):
        lineno = index + 1
        line = lines[index]
        stripped = line.strip().replace("\u3000", " ").strip()
        if not stripped:
            continue
        heading = HEADING.match(stripped)
        if heading:
            level = len(heading[1])
            headings = [(lv, text) for lv, text in headings if lv < level]
            if heading[2].strip():
                headings.append((level, re.sub(r"\s+", " ", heading[2].strip())))
            current = None
            continue
        if stripped.startswith("#"):
            raise StatuteFormatError(relative, lineno, f"标题层级无法识别：“{stripped[:30]}”")
        m = ARTICLE_LINE.match(stripped)
        n = NUMBERED_LINE.match(stripped) if parsed.numbered else None
        if m or n:
            if m:
                number = cn_to_int(m["num"])
                suffix = cn_to_int(m["suffix"]) if m["suffix"] else 0
                body = stripped[m.end() :].strip()
            else:
                assert n is not None
                number, suffix, body = int(n["num"]), 0, stripped[n.end() :].strip()
            if not number:
                raise StatuteFormatError(relative, lineno, f"条号无法识别：“{stripped[:20]}”")
            current = ParsedArticle(
                number=number,
                suffix=suffix or 0,
                heading=" / ".join(([part] if part else []) + [text for _, text in headings]),
                lines=[body] if body else [],
                line=lineno,
                source=relative,
            )
            parsed.articles.append(current)
            continue
        if BROKEN_ARTICLE_LINE.match(stripped):
            raise StatuteFormatError(relative, lineno, f"条文开头格式有误（应为“第X条 ”加正文）：“{stripped[:20]}”")
        if current is None:
            continue  # a preamble (序言) or a section's introduction: not part of any article
        current.lines.append(stripped)
    _check_numbering(parsed.articles, relative)
    return parsed


def _check_numbering(articles: list[ParsedArticle], relative: str, start: int | None = None) -> None:
    """Articles run on without gaps or repeats: N, N之一, N之二 …, N+1."""
    previous: ParsedArticle | None = None
    for art in articles:
        if previous is None:
            if start is not None and (art.number != start or art.suffix):
                raise StatuteFormatError(relative, art.line, f"条号应从第{start}条接续，这里是{art.label}")
        elif art.suffix:
            if art.number != previous.number or art.suffix != previous.suffix + 1:
                raise StatuteFormatError(relative, art.line, f"{art.label}不应紧接在{previous.label}之后")
        elif art.number != previous.number + 1:
            what = "重复" if art.number <= previous.number else "不连续"
            raise StatuteFormatError(relative, art.line, f"条号{what}：{previous.label}之后是{art.label}")
        if not art.lines:
            raise StatuteFormatError(relative, art.line, f"{art.label}没有正文")
        previous = art


@dataclass
class ParsedLaw:
    """A law as the import writes it: its title and one version, from one file or several (民法典's parts)."""

    title: str
    effective_from: date
    history: str
    files: list[ParsedFile]

    @property
    def articles(self) -> list[ParsedArticle]:
        return [a for f in self.files for a in f.articles]

    @property
    def digest(self) -> str:
        return hashlib.sha256((PARSER_VERSION + "".join(f.digest for f in self.files)).encode()).hexdigest()

    @property
    def source(self) -> str:
        return "; ".join(f.path for f in self.files)


def parse_directory(directory: Path) -> list[ParsedLaw]:
    """Every `*.md` statute file under `directory` (README.md excepted), grouped by title: a law split into parts
    must run on from part to part. Raises StatuteFormatError on the first broken file."""
    if not directory.is_dir():
        raise StatuteFormatError(str(directory), 0, "目录不存在")
    files = [
        parse_file(path, str(path.relative_to(directory)))
        for path in sorted(directory.rglob("*.md"))
        if path.name.lower() != "readme.md"
    ]
    by_title: dict[str, list[ParsedFile]] = {}
    for parsed in files:
        by_title.setdefault(parsed.title, []).append(parsed)
    laws = []
    for title, group in by_title.items():
        starts = [f for f in group if not f.articles or f.articles[0].number == 1]
        if len(starts) > 1 or len(group) == 1:  # several versions of a law in one file each
            versions = [[f] for f in group]
        else:  # one law split into parts (民法典): one version, articles running on from part to part
            versions = [sorted(group, key=lambda f: f.articles[0].number if f.articles else 0)]
        for files_of_version in versions:
            if len(files_of_version) > 1:
                run: list[ParsedArticle] = []
                for parsed in files_of_version:
                    if run and parsed.articles:
                        _check_numbering([run[-1], *parsed.articles], parsed.path)
                    run.extend(parsed.articles)
            explicit = [f.effective_from for f in files_of_version if f.effective_explicit]
            effective = max(explicit) if explicit else max(f.effective_from for f in files_of_version)
            history = max((f.history for f in files_of_version), key=len)
            laws.append(ParsedLaw(title=title, effective_from=effective, history=history, files=files_of_version))
    seen: dict[tuple[str, date], ParsedLaw] = {}
    for law in laws:
        key = (law.title, law.effective_from)
        if key in seen:
            raise StatuteFormatError(law.files[0].path, 1, f"与{seen[key].files[0].path}是同一法律的同一施行日期版本")
        seen[key] = law
    return laws
