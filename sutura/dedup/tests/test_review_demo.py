"""The demo step plants people registered twice at AIM-SN, once."""

from __future__ import annotations

import pytest

from sutura.accounts.roles import Role
from sutura.core.registry import DemoContext
from sutura.dedup.demo import TWINS, seed_step
from sutura.people.models import Person
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_the_demo_registers_each_twin_once(locations: object) -> None:
    organisation = OrganisationFactory.create(acronym="AIM-SN")
    UserFactory.create(organisation=organisation, username="casemanager", roles=[Role.CASE_MANAGER])
    UserFactory.create(
        organisation=organisation, username="manager", roles=[Role.PROGRAMME_MANAGER]
    )

    assert seed_step(DemoContext(persons=0))
    assert Person.objects.filter(organisation=organisation).count() == 2 * len(TWINS)
    kulibali, koulibaly = (
        Person.objects.get(organisation=organisation, family_name=name)
        for name in ("Kulibali", "Koulibaly")
    )
    assert kulibali.phone == koulibaly.phone
    assert seed_step(DemoContext(persons=0)) == ""
    assert Person.objects.filter(organisation=organisation).count() == 2 * len(TWINS)
