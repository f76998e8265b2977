"""import_statutes: the shared laws import with the article counts their README lists; a broken file names its file
and line and nothing is written; versions by effective date; a re-import of the same text changes nothing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from smartcourt.core.statutes import article
from smartcourt.knowledge.models import Article, Law, LawVersion
from smartcourt.knowledge.numerals import article_label, cn_to_int, int_to_cn
from smartcourt.knowledge.parser import StatuteFormatError, parse_file
from smartcourt.knowledge.services import statutes_import

from .conftest import SHARED_LAWS, SHIPPED

pytestmark = pytest.mark.django_db

LAW = """# 中华人民共和国测试法

2020年1月1日 第一次会议通过

2021年1月1日 施行

<!-- INFO END -->

## 第一章 总则

第一条 为了测试，制定本法。

第二条 本法适用于测试。

前款规定的测试包括：

（一）单元测试；

（二）集成测试。

## 第二章 附则

第三条 本法自2021年1月1日起施行。
"""


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_numerals_round_trip() -> None:
    for n in (1, 10, 11, 20, 100, 101, 107, 110, 122, 577, 1000, 1001, 1010, 1260, 9000):
        assert cn_to_int(int_to_cn(n)) == n
    assert int_to_cn(577) == "五百七十七" and int_to_cn(10) == "十" and int_to_cn(107) == "一百零七"
    assert article_label(133, 1) == "第一百三十三条之一"
    assert cn_to_int("１２２") == 122 and cn_to_int("两") == 2 and cn_to_int("abc") is None


def _readme_counts() -> dict[str, int]:
    readme = (SHARED_LAWS / "README.md").read_text(encoding="utf-8")
    return {m[1]: int(m[2]) for m in re.finditer(r"^\| `([^`]+\.md)` \| [^|]+ \| (\d+) \|", readme, re.M)}


@pytest.mark.skipif(not (SHARED_LAWS / "README.md").exists(), reason="../shared/data/laws is not on this machine")
def test_every_shared_law_imports_with_the_readme_article_counts() -> None:
    counts = _readme_counts()
    assert len(counts) == 59
    for relative, expected in counts.items():
        parsed = parse_file(SHARED_LAWS / relative, relative)
        numbered = parsed.numbered  # 执行工作规定: paragraphs 1.–79. instead of 第X条 (README counts 0 articles)
        assert (0 if numbered else len(parsed.articles)) == expected, relative
        if numbered:
            assert len(parsed.articles) == 79
    report = statutes_import(SHARED_LAWS)
    assert len(report.created) == 52  # 民法典's 8 files are one law
    assert Article.objects.count() == sum(counts.values()) + 79
    assert LawVersion.objects.get(law__short_name="民法典").article_count == 1260
    assert Article.objects.filter(version__law__short_name="刑法", suffix__gt=0).count() == 53
    assert LawVersion.objects.get(law__short_name="民事诉讼法").effective_from == date(2024, 1, 1)
    # Every article has its stable address.
    assert article("民法典/第五百七十七条").text.startswith("当事人一方不履行合同义务")
    assert article("刑法/第一百三十三条之一") is not None


def test_import_command_reports_and_a_second_run_changes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path, "测试法.md", LAW)
    call_command("import_statutes", str(tmp_path))
    assert "新增 测试法（2021-01-01施行）：3条" in capsys.readouterr().out
    first = list(Article.objects.values_list("pk", flat=True))
    call_command("import_statutes", str(tmp_path))
    assert "未变 1 个" in capsys.readouterr().out
    assert list(Article.objects.values_list("pk", flat=True)) == first
    ref = article("测试法/第二条")
    assert ref is not None and ref.url.startswith("/knowledge/statutes/")


@pytest.mark.parametrize(
    ("broken", "line", "reason"),
    [
        (LAW.replace("第二条 本法", "第二 条本法"), 13, "条文开头格式有误"),
        (LAW.replace("第三条 本法自", "第五条 本法自"), 23, "条号不连续"),
        (LAW.replace("第二条 本法", "第一条 本法"), 13, "条号重复"),
        (LAW.replace("<!-- INFO END -->", ""), 23, "INFO END"),
        ("中华人民共和国测试法\n", 1, "第一行"),
    ],
)
def test_a_broken_file_names_file_and_line_and_nothing_is_written(
    tmp_path: Path, broken: str, line: int, reason: str
) -> None:
    _write(tmp_path, "a-好的法.md", LAW.replace("测试法", "好的法"))
    _write(tmp_path, "b-坏的法.md", broken)
    with pytest.raises(CommandError) as exc:
        call_command("import_statutes", str(tmp_path))
    message = str(exc.value)
    assert "b-坏的法.md" in message and f"第{line}行" in message and reason in message, message
    assert "未写入任何内容" in message
    assert not Law.objects.exists() and not Article.objects.exists()


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StatuteFormatError, match="目录不存在"):
        statutes_import(tmp_path / "none")


def test_versions_by_effective_date(tmp_path: Path) -> None:
    _write(tmp_path / "v1", "测试法(2020).md", LAW)
    newer = LAW.replace("2021年1月1日 施行", "2024年1月1日 施行").replace("本法适用于测试。", "本法适用于全部测试。")
    _write(tmp_path / "v2", "测试法(2023).md", newer)
    statutes_import(tmp_path / "v1")
    statutes_import(tmp_path / "v2")
    assert LawVersion.objects.filter(law__short_name="测试法").count() == 2
    assert article("测试法/第二条", on=date(2022, 6, 1)).text.startswith("本法适用于测试。")
    assert article("测试法/第二条", on=date(2024, 6, 1)).text.startswith("本法适用于全部测试。")
    old = article("测试法/第二条", on=date(2019, 6, 1))
    assert old is not None and not old.in_force  # before the first version: shown, marked not in force


def test_the_shipped_set_imports_and_is_what_the_rules_cite() -> None:
    report = statutes_import(SHIPPED)
    assert Article.objects.count() == report.articles == 3522
    shorts = set(Law.objects.values_list("short_name", flat=True))
    for needed in (
        "民法典",
        "民事诉讼法",
        "刑事诉讼法",
        "行政诉讼法",
        "刑法",
        "民诉法解释",
        "行政诉讼法解释",
        "人民法院在线诉讼规则",
    ):
        assert needed in shorts


def test_article_rows_are_read_once_per_process_and_again_after_the_library_changes(tmp_path: Path) -> None:
    """find_citations keeps the rows it read (a page citing seven articles asks nothing the second time); a
    re-import with a new text, or a law saved (repealed) outside an import, is seen at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from smartcourt.core.statutes import find_citations

    _write(tmp_path / "v1", "测试法.md", LAW)
    statutes_import(tmp_path / "v1")
    text = "依照《中华人民共和国测试法》第一条、第二条的规定"
    on = date(2022, 6, 1)

    def cite() -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as captured:
            found = find_citations(text, on=on)
        reads = sum("knowledge_article" in q["sql"] for q in captured.captured_queries)
        return [ref.text for match in found for ref in match.refs] or [m.error for m in found], reads

    texts, reads = cite()
    assert texts[0].startswith("为了测试") and texts[1].startswith("本法适用于测试。") and reads == 1
    assert cite() == (texts, 0)  # read once
    _write(tmp_path / "v2", "测试法.md", LAW.replace("本法适用于测试。", "本法适用于全部测试。"))
    statutes_import(tmp_path / "v2")  # the same version, a new text: its articles replaced
    texts, reads = cite()
    assert texts[1].startswith("本法适用于全部测试。") and reads == 1
    law = Law.objects.get(short_name="测试法")
    law.repealed_on = date(2022, 1, 1)
    law.save()  # outside an import: the signal says the library changed
    assert "废止" in cite()[0][0]
