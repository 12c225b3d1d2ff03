"""The demo's returns: three departure offices with a case manager each, three returns arriving
in Senegal, Mali and Cameroon — one became a reintegration case, one waits (flagged), one is
still in counselling — and nothing added by a second run."""

from __future__ import annotations

import pytest
from django.db import transaction

from sutura.accounts.models import User
from sutura.accounts.roles import Role
from sutura.cases.models import CaseTransition, TransitionCause
from sutura.core.registry import DemoContext
from sutura.returns import demo, selectors
from sutura.returns.models import Return

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_the_demo_has_three_returns_at_three_stages() -> None:
    returns = {r.organisation.acronym: r for r in Return.objects.select_related("organisation")}
    assert set(returns) == {"AIM-LY", "AIM-NE", "AIM-DZ"}
    senegal, mali, cameroon = returns["AIM-LY"], returns["AIM-NE"], returns["AIM-DZ"]
    assert senegal.receiving_organisation.acronym == "AIM-SN" and senegal.status == "reintegration"
    assert senegal.reintegration_case is not None and senegal.from_country == "LY"
    transition = CaseTransition.objects.get(case=senegal.reintegration_case)
    assert transition.cause == TransitionCause.FROM_RETURN
    assert mali.receiving_organisation.acronym == "AIM-ML" and mali.status == "arrived"
    assert selectors.is_flagged(mali)
    receiver = User.objects.get(username="casemanager.ml")
    assert [r.pk for r in selectors.incoming(receiver, flagged_only=True)] == [mali.pk]
    assert cameroon.receiving_organisation.acronym == "CEM" and cameroon.status == "counselling"
    assert not selectors.incoming(User.objects.get(username="casemanager.cm")).exists()
    for username in ("casemanager.ly", "casemanager.ne", "casemanager.dz"):
        user = User.objects.get(username=username)
        assert user.roles == [Role.CASE_MANAGER] and user.organisation is not None
    with transaction.atomic():
        assert demo.seed_step(DemoContext(persons=0)) == "0 assisted returns"
        transaction.set_rollback(True)
