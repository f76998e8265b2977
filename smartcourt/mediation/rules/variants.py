"""The specialised platforms as configuration of the one flow (劳动争议、婚姻家庭): what each asks at entry and what
it adds to the agreement, never a copy of the flow.

- Labour (劳动争议): a labour dispute reaches a court only after arbitration (劳动争议调解仲裁法 Art. 5, 50); the
  arbitration commission's award is an input — its reference is required when the dispute comes from a filing or a
  court, and is carried into the agreement.
- Family (婚姻家庭): a cooling-off period (冷静期, up to three months with the parties' consent, 最高人民法院关于进一步
  深化家事审判方式和工作机制改革的意见（试行）Art. 40) during which no agreement is drawn; where minor children are
  involved the agreement must state the arrangement made in their best interests (民法典 Art. 1084).
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcourt.core.citations import Citation

LABOUR_AWARD = Citation("劳动争议调解仲裁法", "第五十条")
FAMILY_COOLING_OFF = Citation("最高人民法院关于进一步深化家事审判方式和工作机制改革的意见（试行）", "第四十条")
CHILDREN = Citation("民法典", "第一千零八十四条")


@dataclass(frozen=True)
class VariantConfig:
    code: str
    needs_award: bool = False
    cooling_off_days: int = 0
    children_clause: bool = False


VARIANTS = {
    "general": VariantConfig("general"),
    "labour": VariantConfig("labour", needs_award=True),
    "family": VariantConfig("family", cooling_off_days=30, children_clause=True),
}


def variant_for(speciality: str) -> VariantConfig:
    return VARIANTS.get(speciality, VARIANTS["general"])
