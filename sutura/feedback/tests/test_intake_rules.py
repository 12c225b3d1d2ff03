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
    assert item.number not in told.get().shown_title  # nothing points at the item
    # once a focal point is designated, the focal point is told, not the designators
    focal = UserFactory.create(organisation=own, roles=[Role.CASE_MANAGER])
    designations.designate(actor=manager, user=focal)
    intake.record_item(actor=recorder, category=_sea(), channel="volunteer", description="…")
    assert Notification.objects.filter(recipient=manager).count() == 1
    assert Notification.objects.filter(recipient=focal).count() == 1


def test_the_accuseds_direct_reports_do_not_see_it_and_a_busy_focal_point_stays() -> None:
    from django.core.exceptions import ValidationError as Refused

    from sutura.access.feedback import item_standing, recipients_for
    from sutura.feedback.models import PseaDesignation
    from sutura.feedback.services import workflow

    own = OrganisationFactory.create()
    director = UserFactory.create(organisation=own, roles=[Role.PROGRAMME_MANAGER])
    deputy = UserFactory.create(organisation=own, roles=[Role.PROGRAMME_MANAGER])
    deputy.reports_to = director
    deputy.save(update_fields=["reports_to"])
    designations.designate(actor=director, user=deputy)
    other = UserFactory.create(organisation=own, roles=[Role.CASE_MANAGER])
    designation = designations.designate(actor=director, user=other)
    recorder = UserFactory.create(organisation=own, roles=[Role.COMMUNITY_MENTOR])
    item = intake.record_item(
        actor=recorder,
        category=_sea(),
        channel="volunteer",
        description="…",
        implicated=[{"kind": "staff", "user": director}],
    )
    # the accused's deputy, though a focal point, is kept away; the other focal point handles
    assert not item_standing(deputy, item).sees
    assert recipients_for(item) == [other]
    item = workflow.assign(actor=other, item=item, handler=other)
    # the accused may not end the designation of the focal point handling their case
    with pytest.raises(Refused):
        designations.end_designation(actor=director, designation=designation)
    assert PseaDesignation.objects.get(pk=designation.pk).ends_on is None


def test_an_item_whose_handler_no_longer_sees_it_goes_back_to_the_focal_points() -> None:
    from sutura.access.feedback import recipients_for
    from sutura.feedback.services import workflow
    from sutura.feedback.services.implicated import add_implicated

    own = OrganisationFactory.create()
    manager = UserFactory.create(organisation=own, roles=[Role.PROGRAMME_MANAGER])
    first = UserFactory.create(organisation=own, roles=[Role.CASE_MANAGER])
    second = UserFactory.create(organisation=own, roles=[Role.CASE_MANAGER])
    for focal in (first, second):
        designations.designate(actor=manager, user=focal)
    item = intake.record_item(actor=manager, category=_sea(), channel="hotline", description="…")
    item = workflow.assign(actor=first, item=item, handler=first)
    assert recipients_for(item) == [first]
    add_implicated(actor=second, item=item, kind="staff", user=first)
    item.refresh_from_db()
    assert recipients_for(item) == [second]


def test_a_categorys_sensitivity_is_not_changed_in_the_administration() -> None:
    from django.contrib.admin.sites import site

    from sutura.feedback.admin import CategoryAdmin

    admin = CategoryAdmin(Category, site)
    assert "sensitivity" in admin.get_readonly_fields(None, _sea())
    assert "sensitivity" not in admin.get_readonly_fields(None, None)
