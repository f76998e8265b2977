"""Publication of judgments on the internet (最高人民法院关于人民法院在互联网公布裁判文书的规定, 法释〔2016〕19号).

- Art. 7: a judgment or ruling that has taken legal effect is published within seven working days of the day it
  took effect (counted from the next day; rest days and holidays of the loaded calendar skipped);
- Art. 4: not published — (一) state secrets, (二) juvenile crimes, (三) mediated settlements and confirmations of
  mediation agreements, (四) divorce and the custody or guardianship of minor children, (五) what the court decides
  not to publish for other reasons, which are recorded;
- Art. 8–10: who is anonymised (surname + 某) and what is deleted: the anonymiser (`smartcourt.portal.anonymise`).

Rules never query: the caller passes the calendar and the case's facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcourt.core.citations import Citation

if TYPE_CHECKING:
    from smartcourt.legaltime.rules.calendar import Calendar

LAW = "最高人民法院关于人民法院在互联网公布裁判文书的规定"
DEADLINE = Citation(LAW, "第七条")
EXCLUSIONS = Citation(LAW, "第四条")
ANONYMISE_NAMES = Citation(LAW, "第八条")
ANONYMISE_HOW = Citation(LAW, "第九条")
DELETE_DATA = Citation(LAW, "第十条")
PUBLISH_WORKING_DAYS = 7


class ExclusionReason(models.TextChoices):
    """Art. 4: why a judgment is not published (the reason itself is recorded)."""

    STATE_SECRET = "state_secret", _("涉及国家秘密")
    JUVENILE_CRIME = "juvenile_crime", _("未成年人犯罪")
    MEDIATION = "mediation", _("以调解方式结案或者确认人民调解协议效力")
    DIVORCE_CUSTODY = "divorce_custody", _("离婚诉讼或者涉及未成年子女抚养、监护")
    OTHER = "other", _("人民法院认为不宜在互联网公布的其他情形")


EXCLUSION_ITEMS = {
    ExclusionReason.STATE_SECRET: "第四条第（一）项",
    ExclusionReason.JUVENILE_CRIME: "第四条第（二）项",
    ExclusionReason.MEDIATION: "第四条第（三）项",
    ExclusionReason.DIVORCE_CUSTODY: "第四条第（四）项",
    ExclusionReason.OTHER: "第四条第（五）项",
}


def exclusion_citation(reason: str) -> Citation:
    return Citation(LAW, EXCLUSION_ITEMS.get(ExclusionReason(reason), "第四条"))


@dataclass(frozen=True)
class Deadline:
    due_on: date
    citation: Citation
    explanation: str


def publication_due(*, effective_on: date, calendar: Calendar) -> Deadline:
    """Art. 7: the seventh working day after the day the judgment took effect."""
    d = effective_on
    counted = 0
    while counted < PUBLISH_WORKING_DAYS:
        d += timedelta(days=1)
        if calendar.is_working_day(d):
            counted += 1
    return Deadline(
        due_on=d,
        citation=DEADLINE,
        explanation=(
            f"裁判文书自{effective_on.isoformat()}生效，应当在生效之日起{PUBLISH_WORKING_DAYS}个工作日内在互联网公布"
            f"（{DEADLINE}），最迟{d.isoformat()}。"
        ),
    )


# Words of a cause of action (案由) that put a case under Art. 4 (四): divorce and custody / guardianship of minors.
DIVORCE_CUSTODY_WORDS = ("离婚", "抚养", "监护", "探望权")
# Words that make a civil case a marriage, family or inheritance case: every natural person is anonymised (Art. 8 (一)).
FAMILY_WORDS = ("婚姻", "离婚", "抚养", "扶养", "赡养", "监护", "继承", "收养", "同居", "探望", "遗嘱", "遗赠", "家庭")


def is_family_case(*, cause: str) -> bool:
    return any(w in (cause or "") for w in FAMILY_WORDS)


@dataclass(frozen=True)
class Suggestion:
    reason: ExclusionReason
    citation: Citation
    why: str


def exclusion_suggested(
    *, case_kind: str, cause: str, closing_method: str, title: str, minor_defendant: bool
) -> Suggestion | None:
    """What the case's own data says about Art. 4 — a suggestion the reviewer decides on, never a silent decision
    (state secrets and "other reasons" only a person can know)."""
    reason: ExclusionReason | None = None
    why = ""
    if case_kind == "criminal" and minor_defendant:
        reason, why = ExclusionReason.JUVENILE_CRIME, "被告人系未成年人"
    elif closing_method in ("mediation", "settlement") or "调解书" in (title or ""):
        reason, why = ExclusionReason.MEDIATION, "本案以调解方式结案"
    elif any(w in (cause or "") for w in DIVORCE_CUSTODY_WORDS):
        reason, why = ExclusionReason.DIVORCE_CUSTODY, f"案由为{cause}"
    if reason is None:
        return None
    return Suggestion(reason=reason, citation=exclusion_citation(reason), why=why)
