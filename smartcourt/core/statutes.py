"""The statute interface every app cites through: find the citations in a text, look an article up by its address.

The knowledge app owns the statute store and registers the provider (`register_statute_provider`) when it is
ready; the documents app's drafting page, the assistant panel and any page that links citations call the functions
below and never import knowledge. Without a provider (an app set without knowledge) they raise
`StatutesUnavailable`, whose message a page can show as it is.

An article's address is the law's short name and the article number in Chinese numerals, joined by a slash:
`民法典/第五百七十七条`, `民事诉讼法/第一百二十二条`, `刑法/第一百三十三条之一`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


class StatutesUnavailable(RuntimeError):
    def __init__(self) -> None:
        super().__init__("法律法规库未安装，无法核对引用的法条。")


@dataclass(frozen=True)
class ArticleRef:
    """One article (or a 款/项 of it) as the statute store knows it."""

    address: str  # "民法典/第五百七十七条"
    law: str  # the law's short name: "民法典"
    law_title: str  # its full title: "中华人民共和国民法典"
    article: str  # "第五百七十七条"
    text: str  # the article's text in force on the date asked for
    url: str  # the article's own page
    in_force: bool = True  # in force on the date asked for
    paragraph: int | None = None  # 款, 1-based, when the citation names one
    item: int | None = None  # 项, 1-based, when the citation names one


@dataclass(frozen=True)
class CitationMatch:
    """A citation found in a text: where it is, what it names, and whether it holds."""

    start: int  # offsets into the text given
    end: int
    text: str  # the citation as written
    refs: list[ArticleRef] = field(default_factory=list)  # a range (第X条至第Y条) names several
    error: str = ""  # a Chinese reason when it does not hold: no such law or article, not in force on the date

    @property
    def valid(self) -> bool:
        return not self.error and bool(self.refs)


class StatuteProvider(Protocol):
    def find_citations(self, text: str, *, on: date | None = None, default_law: str = "") -> list[CitationMatch]: ...

    def article(self, address: str, *, on: date | None = None) -> ArticleRef | None: ...


_provider: StatuteProvider | None = None


def register_statute_provider(provider: StatuteProvider) -> None:
    global _provider
    _provider = provider


def statute_provider() -> StatuteProvider:
    if _provider is None:
        raise StatutesUnavailable()
    return _provider


def find_citations(text: str, *, on: date | None = None, default_law: str = "") -> list[CitationMatch]:
    """Every citation in `text`, in order; `default_law` is the law a bare 第X条 refers to (the document's own)."""
    return statute_provider().find_citations(text, on=on, default_law=default_law)


def article(address: str, *, on: date | None = None) -> ArticleRef | None:
    """The article at `address` as in force on `on` (today when omitted); None when there is no such article."""
    return statute_provider().article(address, on=on)
