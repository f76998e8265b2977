"""`{{ text|link_citations }}`: statute citations in a text become links to their article pages (any app may use it).

`{{ text|link_citations:"民法典" }}` names the law a bare 第X条 refers to (a statute's own text). A citation that does
not hold (no such law or article, not in force) is marked with the reason instead of a link. Without the statute
store the text is shown as it is.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from smartcourt.core.statutes import StatutesUnavailable, find_citations

register = template.Library()


def linked_citations(text: object, *, on: date | None = None, default_law: str = "") -> SafeString:
    """`text` escaped, its citations linked (valid) or marked with their reason (invalid)."""
    value = "" if text is None else str(text)
    try:
        matches = find_citations(value, on=on, default_law=default_law)
    except StatutesUnavailable:
        return mark_safe(escape(value))
    parts: list[str] = []
    cursor = 0
    for m in matches:
        parts.append(escape(value[cursor : m.start]))
        if m.valid:
            ref = m.refs[0]
            title = ref.address if len(m.refs) == 1 else f"{ref.address} 等{len(m.refs)}条"
            parts.append(
                format_html(
                    '<a class="sc-cite" href="{}" title="{}" data-address="{}">{}</a>',
                    ref.url,
                    title,
                    ref.address,
                    m.text,
                )
            )
        else:
            parts.append(
                format_html(
                    '<span class="sc-cite-invalid text-danger text-decoration-underline" title="{}" data-reason="{}">{}'
                    '<small class="ms-1">（{}）</small></span>',
                    m.error,
                    m.error,
                    m.text,
                    m.error,
                )
            )
        cursor = m.end
    parts.append(escape(value[cursor:]))
    return mark_safe("".join(parts))


@register.filter(name="link_citations")
def link_citations(text: object, default_law: str = "") -> SafeString:
    return linked_citations(text, default_law=default_law or "")


@register.simple_tag
def link_citations_on(text: object, on: date | None = None, default_law: str = "") -> SafeString:
    """`{% link_citations_on text case.filed_on %}`: validated against the law in force on that date."""
    return linked_citations(text, on=on, default_law=default_law)
