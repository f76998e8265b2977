"""Who sees which paper files (the one permission table), the where-is filters, and label codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from smartcourt.core.errors import NotFound
from smartcourt.courts.permissions import Action
from smartcourt.dossier.custody import selectors, services
from smartcourt.dossier.custody.models import Borrowing, BundleStatus
from smartcourt.dossier.custody.rules.labels import (
    label_code_display,
    label_code_new,
    label_code_normalise,
    luhn_digit,
)
from smartcourt.dossier.custody.selectors import LabelCodeInvalid, PaperFileFilters


def test_luhn_known_answer() -> None:
    assert luhn_digit("7992739871") == "3"  # the textbook example (ISO/IEC 7812-1)


@given(st.integers(0, 10**10 - 1), st.integers(0, 9), st.integers(1, 9))
def test_a_single_mistyped_digit_is_caught(body: int, place: int, delta: int) -> None:
    digits = f"{body:010d}"
    code = f"PF{digits}{luhn_digit(digits)}"
    assert label_code_normalise(code) == code
    wrong = list(code)
    wrong[2 + place] = str((int(wrong[2 + place]) + delta) % 10)
    assert label_code_normalise("".join(wrong)) is None


def test_label_codes_tolerate_spaces_dashes_and_case() -> None:
    code = label_code_new()
    assert label_code_normalise(label_code_display(code)) == code
    assert label_code_normalise(code.lower()) == code
    assert label_code_normalise("PF123") is None and label_code_normalise("") is None


pytestmark = pytest.mark.django_db


def test_a_clerk_of_another_court_gets_404(world, bundle) -> None:
    with pytest.raises(NotFound):
        selectors.paper_file_get_for_user(bundle_id=bundle.pk, user=world.foreign_clerk)
    with pytest.raises(NotFound):
        selectors.paper_file_get_by_label(label_code=bundle.label_code, user=world.foreign_clerk)
    assert not selectors.paper_file_list(user=world.foreign_clerk).exists()
    # hidden and missing answer alike
    with pytest.raises(NotFound) as hidden:
        selectors.paper_file_get_for_user(bundle_id=bundle.pk, user=world.foreign_clerk)
    with pytest.raises(NotFound) as missing:
        selectors.paper_file_get_for_user(bundle_id=bundle.pk + 999, user=world.foreign_clerk)
    assert hidden.value.code == missing.value.code and hidden.value.status == missing.value.status == 404


def test_visibility_follows_the_table(world, bundle) -> None:
    for user in (world.judge, world.other_judge, world.assistant, world.clerk, world.keeper, world.head):
        assert selectors.paper_file_list(user=user).filter(pk=bundle.pk).exists(), user
    assert not selectors.paper_file_list(user=world.other_head).exists()  # another division
    assert not selectors.paper_file_list(user=world.lawyer).exists()  # not on the case
    assert selectors.paper_file_may(user=world.clerk, bundle=bundle, action=Action.CHANGE)
    assert not selectors.paper_file_may(user=world.judge, bundle=bundle, action=Action.CHANGE)
    assert selectors.paper_file_may(user=world.head, bundle=bundle, action=Action.SUPERVISE)
    assert selectors.paper_file_may(user=world.keeper, bundle=bundle, action=Action.SUPERVISE)
    assert not selectors.paper_file_may(user=world.other_head, bundle=bundle, action=Action.SUPERVISE)


def test_a_representative_sees_their_cases_bundles_only(world, bundle) -> None:
    from smartcourt.cases.models import CaseParty, Representation

    Representation.objects.create(
        party=CaseParty.objects.filter(case=world.case).first(), user=world.lawyer, kind="lawyer"
    )
    assert list(selectors.paper_file_list(user=world.lawyer)) == [bundle]


def test_bad_and_unknown_label_codes(world, bundle) -> None:
    with pytest.raises(LabelCodeInvalid):
        selectors.paper_file_get_by_label(label_code="PF0000000000", user=world.clerk)
    other = label_code_new()
    while other == bundle.label_code:
        other = label_code_new()
    with pytest.raises(NotFound):
        selectors.paper_file_get_by_label(label_code=other, user=world.clerk)
    assert (
        selectors.paper_file_get_by_label(label_code=label_code_display(bundle.label_code), user=world.clerk) == bundle
    )


def test_where_is_filters(world, bundle) -> None:
    today = timezone.localdate()
    shelf_bundle = services.paper_file_register(case=world.case, kind="main_volume", title="正卷", actor=world.keeper)
    services.paper_file_check_in(bundle=shelf_bundle, location=world.shelf, actor=world.keeper)
    lent = services.paper_file_register(case=world.case, kind="evidence", title="证据原件", actor=world.clerk)
    services.paper_file_check_in(bundle=lent, location=world.cells[1], actor=world.clerk)
    borrowing = services.paper_file_check_out(
        bundle=lent, actor=world.clerk, handed_to=world.judge, due_on=today + timedelta(days=2)
    )
    late = services.paper_file_register(case=world.case, kind="evidence", title="被告证据", actor=world.clerk)
    services.paper_file_check_in(bundle=late, location=world.cells[2], actor=world.clerk)
    late_b = services.paper_file_check_out(bundle=late, actor=world.clerk, handed_to=world.judge, due_on=today)
    Borrowing.objects.filter(pk=late_b.pk).update(due_on=today - timedelta(days=4))

    def ids(**kw):  # type: ignore[no-untyped-def]
        return set(
            selectors.paper_file_list(user=world.keeper, filters=PaperFileFilters(**kw)).values_list("pk", flat=True)
        )

    assert ids(status=BundleStatus.IN_LOCKER) == {bundle.pk}
    assert ids(status=BundleStatus.IN_FILE_ROOM) == {shelf_bundle.pk}
    assert ids(status=BundleStatus.BORROWED) == {lent.pk, late.pk}
    assert ids(status="overdue") == {late.pk}
    assert ids(location=world.shelf.pk) == {shelf_bundle.pk}
    assert ids(location_kind="locker_cell") == {bundle.pk}
    assert ids(case_number=world.case.number[-6:]) == {bundle.pk, shelf_bundle.pk, lent.pk, late.pk}
    assert ids(case_number="（1999）不存在") == set()
    assert ids(case_number=bundle.label_code) == {bundle.pk}
    counts = selectors.paper_file_counts(user=world.keeper)
    assert (counts["in_locker"], counts["in_file_room"], counts["borrowed"], counts["overdue"]) == (1, 1, 2, 1)
    # the workbench lists: the borrower's own, the keeper's overdue
    assert [b.pk for b in selectors.borrowing_list_for_borrower(user=world.judge)] == [late_b.pk, borrowing.pk]
    assert [b.pk for b in selectors.borrowing_overdue_for_keeper(user=world.keeper)] == [late_b.pk]
    assert not selectors.borrowing_overdue_for_keeper(user=world.foreign_clerk).exists()


def test_locker_map_shows_occupants(world, bundle) -> None:
    [cabinet] = selectors.location_lockers(court=world.court)
    assert cabinet["unit"] == "A01" and cabinet["free"] == 2
    assert cabinet["cells"][0]["occupant"] == bundle and cabinet["cells"][1]["occupant"] is None
    assert [c.pk for c in selectors.location_free_cells(court=world.court)] == [world.cells[1].pk, world.cells[2].pk]
    [shelf] = selectors.location_shelves(court=world.court)
    assert shelf.held == 0
