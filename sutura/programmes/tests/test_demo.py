"""The demo step gives the cases demo's programmes their donors, envelopes (XOF and EUR) and
results framework, once."""

from __future__ import annotations

from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.cases.demo.stories import PROGRAMMES
from sutura.cases.models import Programme
from sutura.core.registry import DemoContext
from sutura.programmes import demo, selectors
from sutura.programmes.models import (
    Envelope,
    PeriodValue,
    ProgrammeProfile,
    ResultIndicator,
    ResultNode,
)
from sutura.programmes.tests.helpers import case_of, planned

pytestmark = pytest.mark.django_db


def test_the_demo_programme_gets_its_details_once(users_a: dict[Role, Any]) -> None:
    organisation = users_a[Role.PROGRAMME_MANAGER].organisation
    organisation.acronym = "AIM-SN"
    organisation.save()
    name, donor, code = PROGRAMMES["AIM-SN"]
    programme = Programme.objects.create(
        organisation=organisation, name=name, donor=donor, code=code
    )
    worker = users_a[Role.CASE_MANAGER]
    planned(case_of(programme, worker), worker, ("economic", 450_000, "XOF"))

    assert "AIM-SN" in demo.seed_step(DemoContext(persons=0))
    assert demo.seed_step(DemoContext(persons=0)) == ""  # idempotent
    assert ProgrammeProfile.objects.filter(programme=programme).count() == 1
    assert set(Envelope.objects.filter(programme=programme).values_list("currency", flat=True)) == {
        "XOF",
        "EUR",
    }
    assert ResultNode.objects.filter(programme=programme).count() == 5
    assert PeriodValue.objects.filter(indicator__result__programme=programme).count() == 4 * (
        ResultIndicator.objects.filter(result__programme=programme).count()
    )
    lines = {
        line.envelope.budget_line: line
        for line in selectors.envelope_lines(users_a[Role.PROGRAMME_MANAGER], programme)
    }
    economic = lines["1.1 Assistance économique"]
    # Set just above what was committed: the page and the home card warn.
    assert economic.committed == 450_000 and economic.level == "warning"
