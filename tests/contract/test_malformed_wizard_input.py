"""The filing wizard's own counters and ids (parties-count, claims-count, filer, court) come from the form as text:
a forged one is a message on the page, never a 500 (its own module: the filing helpers build their own courts)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


def test_a_forged_party_count_in_the_filing_wizard_is_a_message_not_a_500(client):
    from smartcourt.filing.tests.online.helpers import complete_draft
    from smartcourt.filing.tests.online.helpers import world as filing_world

    w = filing_world()
    filing = complete_draft(w)
    client.force_login(w.party)
    url = reverse("filing:wizard_step", args=[filing.pk, "parties"])
    for count in ("abc", HUGE, "²", "-3"):
        response = client.post(url, {"parties-count": count, "filer": "²"})
        assert response.status_code in (200, 302), count
    claims = reverse("filing:wizard_step", args=[filing.pk, "claims"])
    assert client.post(claims, {"claims-count": "abc"}).status_code in (200, 302)
    court = reverse("filing:wizard_step", args=[filing.pk, "court"])
    assert client.post(court, {"court": HUGE}).status_code in (200, 302)
