"""core.links.id_path: the path `reverse` gives, for many ids at the cost of one reversal."""

from __future__ import annotations

from django.urls import reverse

from smartcourt.core.links import id_path


def test_id_path_is_what_reverse_gives() -> None:
    detail = id_path("cases:detail")
    for pk in (1, 7, 77, 1234567, 2**63 - 1):
        assert detail(pk) == reverse("cases:detail", args=[pk])


def test_id_path_keeps_the_leading_ids() -> None:
    page_file = id_path("dossier:page_file", 42)
    assert page_file(7) == reverse("dossier:page_file", args=[42, 7])
    assert page_file(77) == reverse("dossier:page_file", args=[42, 77])
