"""A small world for document tests: a court with a civil division, its judge, clerk, division head and president, a
case with a plaintiff and a defendant; a fake statute store; the court's certificates in a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.statutes import ArticleRef, CitationMatch
from smartcourt.courts.models import Court, Division, User
from smartcourt.courts.roles import CourtLevel, DivisionKind, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role


@dataclass
class World:
    court: Court
    division: Division
    judge: User
    clerk: User
    head: User
    president: User
    case: Case


def make_world(code: str = "D1") -> World:
    parent = CourtFactory(level=CourtLevel.INTERMEDIATE, code=f"{code}0", name=f"{code}市中级人民法院")
    court = CourtFactory(level=CourtLevel.BASIC, code=code, name=f"{code}区人民法院", parent=parent)
    division = DivisionFactory(court=court, kind=DivisionKind.CIVIL, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="王法官")
    clerk = user_with_role(Role.CLERK, court, division, full_name="赵书记员")
    head = user_with_role(Role.DIVISION_HEAD, court, division, full_name="刘庭长")
    president = user_with_role(Role.PRESIDENT, court, full_name="陈院长")
    case = make_case(court=court, division=division, judge=judge, plaintiff="张三", defendant="甲有限公司")
    Case.objects.filter(pk=case.pk).update(clerk=clerk)
    case.refresh_from_db()
    return World(court, division, judge, clerk, head, president, case)


class FakeStatutes:
    """Two laws, a few articles: enough to insert and to refuse a citation."""

    ARTICLES = {
        "民法典/第五百七十七条": "当事人一方不履行合同义务或者履行合同义务不符合约定的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任。",
        "民事诉讼法/第六十七条": "当事人对自己提出的主张，有责任提供证据。",
    }
    TITLES = {"民法典": "中华人民共和国民法典", "民事诉讼法": "中华人民共和国民事诉讼法"}

    def article(self, address: str, *, on: date | None = None) -> ArticleRef | None:
        text = self.ARTICLES.get(address)
        if text is None:
            return None
        law, art = address.split("/")
        return ArticleRef(address, law, self.TITLES[law], art, text, f"/statutes/{address}")

    def find_citations(self, text: str, *, on: date | None = None, default_law: str = "") -> list[CitationMatch]:
        import re

        out = []
        for m in re.finditer(
            r"《(?:中华人民共和国)?(民法典|民事诉讼法|[^》]+)》(第[一二三四五六七八九十百千零]+条)", text
        ):
            law, art = m.group(1), m.group(2)
            ref = self.article(f"{law}/{art}")
            out.append(CitationMatch(m.start(), m.end(), m.group(0), [ref] if ref else [], "" if ref else "没有该条文"))
        return out
