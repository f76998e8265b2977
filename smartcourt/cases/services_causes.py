"""Load the cause-of-action tree (案由 / 罪名) from the shipped data files — idempotent, one transaction."""

from __future__ import annotations

from django.db import transaction

from smartcourt.core.actors import SYSTEM
from smartcourt.core.services import AuditAction, audit_record

from .models import CauseOfAction
from .rules.causes import all_nodes, pinyin_of


@transaction.atomic
def cause_tree_load(*, kind: str | None = None) -> int:
    """Create or update every node by its code (never duplicates); returns the number of nodes loaded."""
    nodes = sorted(all_nodes(kind), key=lambda n: n.level)
    existing = {c.code: c for c in CauseOfAction.objects.filter(code__in=[n.code for n in nodes])}
    ids: dict[str, int] = {code: c.pk for code, c in existing.items()}
    fields = [
        "kind",
        "name",
        "parent_id",
        "level",
        "pinyin",
        "initials",
        "source",
        "articles",
        "selectable",
        "sort_order",
    ]
    for level in sorted({n.level for n in nodes}):
        created, changed = [], []
        for node in (n for n in nodes if n.level == level):
            full, initials = pinyin_of(node.name)
            values = {
                "kind": node.kind,
                "name": node.name,
                "parent_id": ids.get(node.parent_code or ""),
                "level": node.level,
                "pinyin": full,
                "initials": initials,
                "source": node.source,
                "articles": node.articles,
                "selectable": node.selectable,
                "sort_order": node.sort_order,
            }
            row = existing.get(node.code)
            if row is None:
                created.append(CauseOfAction(code=node.code, **values))
            elif any(getattr(row, f) != values[f] for f in fields):
                for f in fields:
                    setattr(row, f, values[f])
                changed.append(row)
        CauseOfAction.objects.bulk_create(created, batch_size=500)
        CauseOfAction.objects.bulk_update(changed, fields, batch_size=500)
        ids.update(
            dict(
                CauseOfAction.objects.filter(
                    level=level, code__in=[n.code for n in nodes if n.level == level]
                ).values_list("code", "pk")
            )
        )
    audit_record(actor=SYSTEM, action=AuditAction.CAUSES_LOADED, extra={"kind": kind or "all", "count": len(nodes)})
    return len(nodes)
