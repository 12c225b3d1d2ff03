"""Who sees which programme, budget and framework: the filters and the standing on one
programme agree for every user of the access world (two organisations, B's programme
implemented by A as partner), and the services refuse what the rules hide."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sutura.access import visible
from sutura.access.programmes import (
    manages_programme,
    programmes_seen,
    sees_budget,
    sees_programme,
)
from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.programmes import services
from sutura.programmes.models import (
    Envelope,
    PeriodValue,
    ProgrammeProfile,
    ProgrammeTag,
    ResultIndicator,
    ResultNode,
)
from tests.worlds import World

pytestmark = pytest.mark.django_db


def test_the_programme_standing_and_the_filters_agree(world: World) -> None:
    part = world.parts["programmes"]
    programmes = [part["programme_a"], part["programme_b"]]
    for user in world.users():
        seen = set(programmes_seen(user).values_list("pk", flat=True))
        for programme in programmes:
            sees = sees_programme(user, programme)
            assert sees == (programme.pk in seen), (user.username, programme.name)
            for model, lookup in (
                (ProgrammeProfile, "programme"),
                (ResultNode, "programme"),
                (ResultIndicator, "result__programme"),
                (PeriodValue, "indicator__result__programme"),
                (ProgrammeTag, "programme"),
            ):
                found = visible(user, model).filter(**{lookup: programme}).exists()
                assert found == sees, (user.username, model.__name__, programme.name)
            budget = visible(user, Envelope).filter(programme=programme).exists()
            assert budget == sees_budget(user, programme), (user.username, programme.name)
            if manages_programme(user, programme):
                assert sees and budget


def test_a_partners_readers_see_the_programme_and_none_keeps_it(world: World) -> None:
    programme = world.parts["programmes"]["programme_b"]
    for role in (Role.PROGRAMME_MANAGER, Role.ME_OFFICER, Role.PROTECTION_OFFICER):
        user = world.a.users[role]
        assert sees_programme(user, programme)
        assert not sees_budget(user, programme)
        assert not manages_programme(user, programme)
    for role in (Role.CASE_MANAGER, Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT):
        assert not sees_programme(world.a.users[role], programme)
    assert not sees_programme(world.homeless, programme)


def test_services_refuse_what_the_rules_hide(world: World) -> None:
    programme: Programme = world.parts["programmes"]["programme_b"]
    partner_manager = world.a.users[Role.PROGRAMME_MANAGER]
    with pytest.raises(PermissionDenied):
        services.save_envelope(
            actor=partner_manager,
            programme=programme,
            budget_line="x",
            currency="XOF",
            amount=Decimal(1),
        )
    with pytest.raises(PermissionDenied):
        services.untag(actor=partner_manager, tag=world.parts["programmes"]["tag_b"])
