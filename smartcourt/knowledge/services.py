"""Writes to the statute store: importing a directory of statute files (one transaction for the whole import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Article, Law, LawVersion
from .names import aliases_for, kind_for, short_name_for
from .parser import ParsedLaw, StatuteFormatError, parse_directory
from .store import store_changed

__all__ = ["ImportReport", "StatuteFormatError", "statutes_import"]


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)  # "民法典（2021-01-01施行）：1260条"
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return sum(int(line.rsplit("：", 1)[1].rstrip("条")) for line in self.created + self.replaced)


def statutes_import(directory: Path) -> ImportReport:
    """Import every statute file under `directory`: all of it or, on a broken file, nothing (StatuteFormatError).

    A law is found by its title; each distinct effective date is a version. Re-importing a version whose text
    changed replaces its articles; the same text again changes nothing."""
    laws = parse_directory(directory)  # parse everything first: a broken file stops the import before any write
    report = ImportReport()
    with transaction.atomic():
        for parsed in laws:
            _import_law(parsed, report)
        transaction.on_commit(store_changed)
    store_changed()
    return report


def _import_law(parsed: ParsedLaw, report: ImportReport) -> None:
    short = short_name_for(parsed.title)
    law, _ = Law.objects.update_or_create(
        title=parsed.title,
        defaults={"short_name": short, "kind": kind_for(parsed.title), "aliases": aliases_for(parsed.title)},
    )
    line = f"{short}（{parsed.effective_from:%Y-%m-%d}施行）：{len(parsed.articles)}条"
    version = LawVersion.objects.filter(law=law, effective_from=parsed.effective_from).first()
    if version is not None and version.digest == parsed.digest:
        report.unchanged.append(line)
        return
    if version is None:
        version = LawVersion(law=law, effective_from=parsed.effective_from)
        report.created.append(line)
    else:
        version.articles.all().delete()
        report.replaced.append(line)
    version.history = parsed.history
    version.source = parsed.source[:2000]
    version.digest = parsed.digest
    version.article_count = len(parsed.articles)
    version.save()
    Article.objects.bulk_create(
        [
            Article(
                version=version,
                position=position,
                number=art.number,
                suffix=art.suffix,
                label=art.label,
                heading=art.heading[:500],
                text=art.text,
            )
            for position, art in enumerate(parsed.articles, start=1)
        ],
        batch_size=500,
    )
