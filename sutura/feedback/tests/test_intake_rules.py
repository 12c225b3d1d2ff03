"""What the intake service refuses whatever the form or the API sent, and who is asked when
nobody may handle an item."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sutura.accounts.roles import Role
from sutura.feedback.models import Category
from sutura.feedback.services import designations, intake
from sutura.notifications.models import Notification
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sea() -> Category:
    return Category.objects.get(code="sea")


def test_staff_are_named_among_the_organisations_and_partners_among_the_others() -> None:
    own, other = OrganisationFactory.create(), OrganisationFactory.create()
    recorder = UserFactory.create(organisation=own, roles=[Role.CASE_MANAGER])
    outsider = UserFactory.create(organisation=other, roles=[Role.PROVIDER_AGENT])
    colleague = UserFactory.create(organisation=own, roles=[Role.CASE_MANAGER])
    for spec in (
        {"kind": "staff", "user": outsider},
        {"kind": "volunteer", "organisation": other},
        {"kind": "partner", "user": colleague},
        {"kind": "partner", "organisation": own},
    ):
        with pytest.raises(ValidationError):
            intake.record_item(
                actor=recorder,
                category=_sea(),
                channel="hotline",
                description="…",
                implicated=[spec],
            )
    item = intake.record_item(
        actor=recorder,
        category=_sea(),
        channel="hotline",
        description="…",
        implicated=[{"kind": "partner", "user": outsider}, {"kind": "staff", "user": colleague}],
    )
    assert item.implicated.count() == 2


def test_a_community_the_recorder_does_not_work_with_is_refused() -> None:
    from sutura.community.models import Community

    own = OrganisationFactory.create()
    recorder = UserFactory.create(organisation=own, roles=[Role.COMMUNITY_MENTOR])
    other = OrganisationFactory.create()
    community = Community.objects.create(
        organisation=other, name="Ailleurs", location=other.country
    )
    with pytest.raises(ValidationError) as refused:
        intake.record_item(
            actor=recorder,
            category=_sea(),
            channel="volunteer",
            description="…",
            community=community,
        )
    assert "community" in refused.value.message_dict


def test_an_item_nobody_may_handle_asks_the_designators_to_designate() -> None:
    own = OrganisationFactory.create()
    manager = UserFactory.create(organisation=own, roles=[Role.PROGRAMME_MANAGER])
    recorder = UserFactory.create(organisation=own, roles=[Role.COMMUNITY_MENTOR])
    item = intake.record_item(actor=recorder, category=_sea(), channel="volunteer", description="…")
    told = Notification.objects.filter(recipient=manager)
    assert told.count() == 1 and told.get().link.endswith("/feedback/focal-points/")
    assert item.number in told.get().shown_title
    # once a focal point is designated, the focal point is told, not the designators
    focal = UserFactory.create(organisation=own, roles=[Role.CASE_MANAGER])
    designations.designate(actor=manager, user=focal)
    intake.record_item(actor=recorder, category=_sea(), channel="volunteer", description="…")
    assert Notification.objects.filter(recipient=manager).count() == 1
    assert Notification.objects.filter(recipient=focal).count() == 1
