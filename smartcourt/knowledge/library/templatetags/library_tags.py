"""`{% assistant_case_panel case %}`: the case page's assistant tab (智能辅助): the statutes the parties cite, similar
cases with reasons, the trial-period status and the element checklist (provided by the knowledge app's
`element_checklist(case)` when it is installed; the template block `element_checklist` is its slot).
`{% assistant_may case as flag %}`: whether to show the tab at all."""

from __future__ import annotations

import logging
from typing import Any

from django import template

from smartcourt.cases.selectors import case_trial_period
from smartcourt.core import statutes
from smartcourt.courts.permissions import Action, Resource, permits

from .. import selectors

register = template.Library()
log = logging.getLogger(__name__)

SIMILAR_ON_PANEL = 3


@register.simple_tag(takes_context=True)
def assistant_may(context: dict[str, Any], case: Any) -> bool:
    return permits(user=context["request"].user, resource=Resource.CASE_LIBRARY, action=Action.VIEW)


def _element_checklist(case: Any) -> Any:
    """The element guide's checklist for the case's cause: which elements the dossier's OCR'd text already covers."""
    from smartcourt.knowledge.selectors import element_checklist

    def cited(address: str) -> str:  # "民法典/第五百七十七条" → "《民法典》第五百七十七条", which link_citations links
        law, _sep, article = address.partition("/")
        return f"《{law}》{article}" if article else address

    return [
        {
            "element": e.element,
            "evidence": e.evidence,
            "covered": e.covered,
            "citations": [cited(c) for c in e.citations],
        }
        for e in element_checklist(case)
    ]


@register.inclusion_tag("knowledge_library/assistant_panel.html", takes_context=True)
def assistant_case_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    if not assistant_may(context, case):
        return {"allowed": False}
    facts, similar = selectors.similar_cases_for(case=case, user=user, k=SIMILAR_ON_PANEL)
    citations, statutes_error = [], ""
    if facts:
        try:
            citations = statutes.find_citations(facts, on=case.filed_on)
        except statutes.StatutesUnavailable as exc:
            statutes_error = str(exc)
    return {
        "allowed": True,
        "case": case,
        "facts": facts,
        "similar": similar,
        "citations": citations,
        "statutes_error": statutes_error,
        # the case page worked it out already (its overview shows it); counted here only on another page
        "period": context["period"] if "period" in context else case_trial_period(case=case),
        "element_checklist": _element_checklist(case),
    }


@register.simple_tag(takes_context=True)
def library_manage_links(context: dict[str, Any]) -> dict[str, bool]:
    """Which management pages the library's navigation offers: typical-case selection, 法答网 experts."""
    user = context["request"].user
    return {
        "typical": permits(user=user, resource=Resource.CASE_LIBRARY, action=Action.CHANGE),
        "experts": permits(user=user, resource=Resource.LEGAL_QA_EXPERT, action=Action.CHANGE),
    }
