"""The case's team (审判团队): who may sit on a panel (合议庭) and who presides over it (审判长).

Pure: plain values in (the case's kind and procedure, user ids), a refusal out — every refusal names its article.

- A case is tried by a panel or by one judge alone (人民法院组织法 Art. 29). A panel has three or more members, an odd
  number (Art. 30 para. 1; 民事诉讼法 Art. 40–41, 行政诉讼法 Art. 68, 刑事诉讼法 Art. 183). Only judges sit on it here:
  people's assessors (人民陪审员) are not platform users yet.
- A civil case under the simple procedure (small claims included) is heard by one judge alone (民事诉讼法 Art. 40
  para. 2, Art. 163), as is an administrative one (行政诉讼法 Art. 83); a panel needs the change to the ordinary
  procedure first. A criminal case under the simple procedure may have either (刑事诉讼法 Art. 216).
- One judge of the panel presides (Art. 30 para. 2); when the president or a division head sits on it, they preside
  (same paragraph; 民事诉讼法 Art. 44). A judge sitting alone has no presiding judge.
"""

from __future__ import annotations

from collections.abc import Collection

from smartcourt.core.citations import Citation

ORG_LAW_PANEL = Citation("人民法院组织法", "第三十条第一款")
ORG_LAW_PRESIDING = Citation("人民法院组织法", "第三十条第二款")
CIVIL_PRESIDING = Citation("民事诉讼法", "第四十四条")
CIVIL_SOLE_JUDGE = Citation("民事诉讼法", "第四十条第二款、第一百六十三条")
ADMIN_SOLE_JUDGE = Citation("行政诉讼法", "第八十三条")
ORG_LAW_ASSISTANT = Citation("人民法院组织法", "第四十八条")
ORG_LAW_CLERK = Citation("人民法院组织法", "第四十九条")

SOLE_JUDGE_PROCEDURES = {
    # (case kind, procedure) heard by one judge alone, and the article that says so
    ("civil", "simple"): CIVIL_SOLE_JUDGE,
    ("civil", "small_claims"): CIVIL_SOLE_JUDGE,
    ("administrative", "simple"): ADMIN_SOLE_JUDGE,
}


def panel_problem(*, kind: str, procedure: str, others: int) -> str | None:
    """Why a panel of the judge in charge and `others` more judges cannot try this case (None if it can).
    `others == 0` is the judge sitting alone (独任审理), which is never refused here."""
    if others == 0:
        return None
    sole = SOLE_JUDGE_PROCEDURES.get((kind, procedure))
    if sole is not None:
        return f"本案适用{'小额诉讼程序' if procedure == 'small_claims' else '简易程序'}，由审判员一人独任审理（{sole}）；需组成合议庭的，请先转为普通程序。"
    size = others + 1
    if size < 3 or size % 2 == 0:
        return f"合议庭成员（含承办法官）须为三人以上的单数，现为{size}人（{ORG_LAW_PANEL}）。"
    return None


def presiding_problem(*, members: Collection[int], presiding: int | None, leaders: Collection[int]) -> str | None:
    """Why `presiding` cannot preside over the panel `members` (None if it can). `members` is every judge of the panel,
    the judge in charge included, or just the judge in charge when sitting alone; `leaders` are those of them who are
    the court's president or a division head (院长、庭长)."""
    if len(members) <= 1:
        return "独任审理不设审判长。" if presiding is not None else None
    if presiding is None:
        return f"合议庭须由一名法官担任审判长（{ORG_LAW_PRESIDING}）。"
    if presiding not in members:
        return "审判长须为合议庭成员。"
    sitting_leaders = [m for m in members if m in leaders]
    if sitting_leaders and presiding not in sitting_leaders:
        return f"院长或者庭长参加审判的，由院长或者庭长担任审判长（{ORG_LAW_PRESIDING}；{CIVIL_PRESIDING}）。"
    return None
