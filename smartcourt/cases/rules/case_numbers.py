"""Case numbers (案号): `（2025）苏0508民初123号`.

Format set by 最高人民法院《关于人民法院案件案号的若干规定》(法〔2015〕137号) Art. 2–4: year in full-width
parentheses, court code (province abbreviation + numeric level code), type code, sequence, and 号. The sequence
restarts each year, per court and per type code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smartcourt.core.citations import Citation

CITATION = Citation("最高人民法院关于人民法院案件案号的若干规定", "第二条至第四条")

# Type codes (类型代字) → (Chinese label, case kind, procedure). Enough for the platform's case types.
TYPE_CODES: dict[str, tuple[str, str, str]] = {
    "民初": ("民事一审", "civil", "ordinary"),
    "民终": ("民事二审", "civil", "second_instance"),
    "民申": ("民事申请再审审查", "civil", "retrial_review"),
    "民再": ("民事再审", "civil", "retrial"),
    "民特": ("民事特别程序", "civil", "special"),
    "民督": ("申请支付令审查", "civil", "payment_order"),
    "刑初": ("刑事一审", "criminal", "ordinary"),
    "刑终": ("刑事二审", "criminal", "second_instance"),
    "刑申": ("刑事申诉审查", "criminal", "retrial_review"),
    "刑再": ("刑事再审", "criminal", "retrial"),
    "行初": ("行政一审", "administrative", "ordinary"),
    "行终": ("行政二审", "administrative", "second_instance"),
    "行申": ("行政申请再审审查", "administrative", "retrial_review"),
    "行再": ("行政再审", "administrative", "retrial"),
    "执": ("首次执行", "enforcement", "enforcement"),
    "执恢": ("恢复执行", "enforcement", "enforcement"),
    "执保": ("财产保全执行", "enforcement", "preservation"),
    "执异": ("执行异议", "enforcement", "enforcement"),
    "执复": ("执行复议", "enforcement", "enforcement"),
    "执监": ("执行监督", "enforcement", "enforcement"),
    "破申": ("破产申请审查", "bankruptcy", "bankruptcy"),
    "破": ("破产", "bankruptcy", "bankruptcy"),
    "诉前调": ("诉前调解", "civil", "pre_filing_mediation"),
    "财保": ("诉前财产保全", "civil", "preservation"),
    "赔": ("国家赔偿", "state_compensation", "ordinary"),
}

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵"
_COURT_CODE = rf"(?:最高法|[{_PROVINCES}](?:\d{{2}}|\d{{4}}|\d{{2}}[A-Za-z]\d{{1,2}})?)"
_TYPES = "|".join(sorted(TYPE_CODES, key=len, reverse=True))
CASE_NUMBER_RE = re.compile(
    rf"^（(?P<year>\d{{4}})）(?P<court>{_COURT_CODE})(?P<type>{_TYPES})(?P<seq>[1-9]\d{{0,6}})号$"
)


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court_code: str
    type_code: str
    seq: int

    def __str__(self) -> str:
        return format_case_number(year=self.year, court_code=self.court_code, type_code=self.type_code, seq=self.seq)


class InvalidCaseNumber(ValueError):
    """The string is not a case number; the message says what is wrong, in Chinese."""


def format_case_number(*, year: int, court_code: str, type_code: str, seq: int) -> str:
    return f"（{year}）{court_code}{type_code}{seq}号"


def parse_case_number(text: str) -> CaseNumber:
    """Parse and validate a case number; half-width parentheses are accepted and normalised."""
    value = (text or "").strip().replace("(", "（").replace(")", "）").replace(" ", "")
    if not value:
        raise InvalidCaseNumber("案号不能为空。")
    match = CASE_NUMBER_RE.match(value)
    if match is None:
        if not value.startswith("（") or "）" not in value:
            raise InvalidCaseNumber("案号应以全角括号括起的年度开头，例如（2025）苏0508民初123号。")
        if not value.endswith("号"):
            raise InvalidCaseNumber("案号应以“号”结尾，例如（2025）苏0508民初123号。")
        raise InvalidCaseNumber(f"“{text}”不是有效的案号：法院代字、类型代字或序号不正确（{CITATION}）。")
    year = int(match["year"])
    if not 1949 <= year <= 2100:
        raise InvalidCaseNumber(f"案号年度 {year} 不在有效范围内。")
    return CaseNumber(year=year, court_code=match["court"], type_code=match["type"], seq=int(match["seq"]))
