"""Leak review (issue 20): a referral another organisation made to one's own brings its
person's and case's facts into one's figures (the case's vulnerability flags, its programme,
the person's age and place) — facts the referral did not share. Those rows are the referring
organisation's: the small-number rule applies to them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.core.indicators import SUPPRESSED
from tests.worlds import World

pytestmark = pytest.mark.django_db
WIDE = "2000-01-01..2099-12-31"


def values(user: Any, code: str, **query: str) -> Any:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("api-indicator-values", kwargs={"code": code}), query)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.PROGRAMME_MANAGER])
def test_a_received_referral_does_not_tell_the_referred_persons_flags(
    world: World, role: Role
) -> None:
    Case.objects.filter(pk=world.a.case.pk).update(flags=["vot"])
    reader = world.b.users[role]
    body = values(
        reader,
        "referrals.made",
        period=WIDE,
        by="vulnerability",
        organisation=str(world.a.organisation.pk),
    )
    cells = {cell["key"]["vulnerability"]: cell["value"] for cell in body["cells"]}
    assert "vot" in cells  # the figure counts it…
    assert cells["vot"] == SUPPRESSED  # …but a 1 of A's is never read at B
    assert body["suppressed"] is True
