"""Causes of action (案由) and criminal charges (罪名) as data: parse the shipped files into a flat list of nodes.

Sources: 民事案件案由规定 (法〔2020〕346号), 最高人民法院关于行政案件案由的暂行规定 (法发〔2020〕44号), and the
charges under the chapter structure of 刑法 第二编 (built by scripts/build_criminal_charges.py). Pure: no database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin

DATA = Path(__file__).resolve().parent.parent / "data" / "causes"
CIVIL_SOURCE = "民事案件案由规定（法〔2020〕346号）"
ADMIN_SOURCE = "最高人民法院关于行政案件案由的暂行规定（法发〔2020〕44号）"
_NUMBERED = re.compile(r"^(\d+) (.+)$")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class CauseNode:
    kind: str
    code: str
    name: str
    level: int
    parent_code: str | None
    selectable: bool
    sort_order: int
    source: str
    articles: str = ""


def pinyin_of(name: str) -> tuple[str, str]:
    """Tone-less pinyin and initials of the Chinese characters in `name` (民间借贷纠纷 → minjianjiedaijiufen, mjjdjf)."""
    han = "".join(_HAN.findall(name))
    full = lazy_pinyin(han, style=Style.NORMAL)
    return "".join(full), "".join(p[0] for p in lazy_pinyin(han, style=Style.FIRST_LETTER) if p)


def _indented(path: Path) -> list[tuple[int, str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if indent % 2:
            raise ValueError(f"{path.name}: odd indentation in {raw!r}")
        rows.append((indent // 2 + 1, raw.strip()))
    return rows


def civil_nodes(path: Path = DATA / "civil.txt") -> list[CauseNode]:
    nodes: list[CauseNode] = []
    stack: dict[int, str] = {}
    part = group = 0
    children: dict[str, int] = {}
    for order, (level, text) in enumerate(_indented(path)):
        if level == 1:
            part += 1
            code, name = f"civil.p{part}", text.split(" ", 1)[1]
        elif level == 2:
            group += 1
            code, name = f"civil.g{group}", text.split("、", 1)[1]
        elif level == 3:
            match = _NUMBERED.match(text)
            if match is None:
                raise ValueError(f"civil.txt: a level-3 cause needs its serial number: {text!r}")
            code, name = f"civil.{match[1]}", match[2]
        else:
            parent = stack[level - 1]
            children[parent] = children.get(parent, 0) + 1
            code, name = f"{parent}.{children[parent]}", text
        stack[level] = code
        nodes.append(
            CauseNode(
                "civil",
                code,
                name,
                level,
                stack.get(level - 1) if level > 1 else None,
                selectable=level >= 3,
                sort_order=order,
                source=CIVIL_SOURCE,
            )
        )
    return nodes


def administrative_nodes(path: Path = DATA / "administrative.txt") -> list[CauseNode]:
    nodes: list[CauseNode] = []
    top = 0
    counts: dict[str, int] = {}
    parent = ""
    for order, (level, name) in enumerate(_indented(path)):
        if level == 1:
            top += 1
            parent = code = f"admin.{top}"
            nodes.append(CauseNode("administrative", code, name, 1, None, True, order, ADMIN_SOURCE))
        else:
            counts[parent] = counts.get(parent, 0) + 1
            nodes.append(
                CauseNode("administrative", f"{parent}.{counts[parent]}", name, 2, parent, True, order, ADMIN_SOURCE)
            )
    return nodes


def criminal_nodes(path: Path = DATA / "criminal.json") -> list[CauseNode]:
    data = json.loads(path.read_text(encoding="utf-8"))
    source = data["source"]
    nodes: list[CauseNode] = []
    order = 0
    per_article: dict[str, int] = {}

    def charges(items: list[dict], parent: str, level: int) -> None:
        nonlocal order
        for item in items:
            article = item["article"]
            per_article[article] = per_article.get(article, 0) + 1
            order += 1
            nodes.append(
                CauseNode(
                    "criminal",
                    f"criminal.{item['no']}.{per_article[article]}",
                    item["name"],
                    level,
                    parent,
                    True,
                    order,
                    source,
                    articles=article,
                )
            )

    for chapter in data["chapters"]:
        order += 1
        code = f"criminal.c{chapter['no']}"
        nodes.append(CauseNode("criminal", code, chapter["name"], 1, None, False, order, source))
        charges(chapter["charges"], code, 2)
        for section in chapter["sections"]:
            order += 1
            section_code = f"{code}.s{section['no']}"
            nodes.append(CauseNode("criminal", section_code, section["name"], 2, code, False, order, source))
            charges(section["charges"], section_code, 3)
    return nodes


def all_nodes(kind: str | None = None) -> list[CauseNode]:
    loaders = {"civil": civil_nodes, "criminal": criminal_nodes, "administrative": administrative_nodes}
    return [n for k, load in loaders.items() if kind in (None, k) for n in load()]
