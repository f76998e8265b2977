"""Reads of the cause-of-action tree: search by characters, full pinyin or initials; a node's path."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db.models import Q

from .models import CauseOfAction

_LATIN = re.compile(r"^[a-zA-Z]+$")


def cause_search(*, q: str, kind: str | None = None, limit: int = 20) -> list[CauseOfAction]:
    """Best matches first: exact name, name prefix, initials, pinyin prefix, then characters anywhere;
    selectable causes before the groups that hold them."""
    q = (q or "").strip()
    if not q:
        return []
    qs = CauseOfAction.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if _LATIN.match(q):
        low = q.lower()
        qs = qs.filter(Q(initials__startswith=low) | Q(pinyin__startswith=low) | Q(initials__contains=low))
    else:
        qs = qs.filter(name__contains=q)
    candidates = list(qs.select_related("parent")[:300])

    def rank(c: CauseOfAction) -> tuple:
        low = q.lower()
        return (
            0
            if c.name == q
            else 1
            if c.name.startswith(q)
            else 2
            if c.initials == low
            else 3
            if c.initials.startswith(low) or c.pinyin.startswith(low)
            else 4,
            0 if c.selectable else 1,
            len(c.name),
            c.sort_order,
        )

    return sorted(candidates, key=rank)[:limit]


def cause_get_by_code(*, code: str) -> CauseOfAction | None:
    return CauseOfAction.objects.filter(code=code).select_related("parent").first()


def cause_path(*, cause: CauseOfAction) -> list[str]:
    """Names from the top of the tree down to this cause (e.g. 合同纠纷 › 借款合同纠纷 › 民间借贷纠纷)."""
    names, node = [], cause
    while node is not None:
        names.append(node.name)
        node = node.parent
    return list(reversed(names))


def cause_list_by_names(*, names: Sequence[str], kind: str) -> list[CauseOfAction]:
    """The selectable causes of `kind` with these names, in the order given (a name not in the tree is skipped)."""
    found = {c.name: c for c in CauseOfAction.objects.filter(kind=kind, name__in=names, selectable=True)}
    return [found[name] for name in names if name in found]
