"""Law names: the short name every address uses, and the abbreviations people write (民诉法, 刑诉法 …)."""

from __future__ import annotations

from datetime import date

from .models import LawKind

PRC = "中华人民共和国"

# title (as the file's first line) → short name; laws not listed are known by their title without 中华人民共和国.
SHORT_NAMES = {
    "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释": "民诉法解释",
    "最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释": "刑诉法解释",
    "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释": "行政诉讼法解释",
    "最高人民法院关于民事诉讼证据的若干规定": "民事证据规定",
    "最高人民法院关于适用《中华人民共和国民事诉讼法》执行程序若干问题的解释": "民诉法执行程序解释",
    "最高人民法院关于人民法院执行工作若干问题的规定（试行）": "执行工作规定",
    "最高人民法院关于人民法院办理执行异议和复议案件若干问题的规定": "执行异议复议规定",
    "最高人民法院关于人民法院登记立案若干问题的规定": "登记立案规定",
    "最高人民法院关于适用《中华人民共和国人民陪审员法》若干问题的解释": "人民陪审员法解释",
}

# short name → further names people write for it.
ALIASES = {
    "民事诉讼法": ["民诉法", "民诉"],
    "刑事诉讼法": ["刑诉法", "刑诉"],
    "行政诉讼法": ["行诉法"],
    "民诉法解释": ["民事诉讼法解释", "民诉解释", "最高人民法院关于适用《民事诉讼法》的解释"],
    "刑诉法解释": ["刑事诉讼法解释", "刑诉解释", "最高人民法院关于适用《刑事诉讼法》的解释"],
    "行政诉讼法解释": ["行诉法解释", "最高人民法院关于适用《行政诉讼法》的解释"],
    "民事证据规定": ["证据规定", "民事诉讼证据规定"],
    "企业破产法": ["破产法"],
    "劳动争议调解仲裁法": ["劳动争议仲裁法"],
    "个人信息保护法": ["个保法"],
    "诉讼费用交纳办法": ["诉讼费用办法"],
}

# Laws the 民法典 repealed (民法典第一千二百六十条), and others no longer in force, so a citation of one is
# explained rather than merely "not found".
REPEALED = {
    name: (date(2021, 1, 1), "民法典/第一千二百六十条")
    for name in (
        "婚姻法",
        "继承法",
        "民法通则",
        "收养法",
        "担保法",
        "合同法",
        "物权法",
        "侵权责任法",
        "民法总则",
    )
}


def short_name_for(title: str) -> str:
    if title in SHORT_NAMES:
        return SHORT_NAMES[title]
    return title.removeprefix(PRC) or title


def kind_for(title: str) -> LawKind:
    if title.startswith("最高人民法院") or title.startswith("人民法院"):
        return LawKind.INTERPRETATION
    if title.startswith(PRC):
        return LawKind.LAW
    return LawKind.REGULATION


def aliases_for(title: str) -> list[str]:
    short = short_name_for(title)
    names = {title, short, *ALIASES.get(short, [])}
    if not title.startswith(PRC) and kind_for(title) == LawKind.LAW:
        names.add(PRC + title)
    # 最高人民法院关于适用《中华人民共和国X》… is also written 最高人民法院关于适用《X》…
    if f"《{PRC}" in title:
        names.add(title.replace(f"《{PRC}", "《"))
    names.discard(short)
    return sorted(names)
