"""The feedback rules: both forms agree (the filter `visible()` applies and the standing on one
record) for every user of the access world, on every item; and each rule of
`sutura.access.feedback` holds, the worst case first (a complaint of sexual exploitation and
abuse kept from the person it implicates, their manager and the rest of the team)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from sutura.access import visible
from sutura.access.feedback import (
    item_standing,
    items_counted_for,
    recipients_for,
    recorded_by_user,
)
from sutura.accounts.roles import Role
from sutura.feedback.models import FeedbackItem, Implicated, ItemStep
from sutura.feedback.services import designations, intake, workflow
from sutura.notifications.models import Notification
from tests.factories import UserFactory
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _part(world: World, name: str) -> Any:
    return world.parts["feedback"][name]


def _seen(user: Any) -> set[Any]:
    return set(visible(user, FeedbackItem).values_list("pk", flat=True))


def test_the_item_standing_and_the_filter_agree(world: World) -> None:
    items = list(FeedbackItem.objects.all())
    assert len(items) == 5
    for user in world.users():
        seen = _seen(user)
        for item in items:
            assert item_standing(user, item).sees == (item.pk in seen), (user, item)
        assert set(visible(user, Implicated).values_list("item_id", flat=True)) <= seen
        assert set(visible(user, ItemStep).values_list("item_id", flat=True)) <= seen


def test_an_sea_complaint_is_seen_by_the_designated_focal_point_only(world: World) -> None:
    a = world.a
    sea = _part(world, "sea_a")
    seers = {u for u in world.users() if sea.pk in _seen(u)}
    assert seers == {a.users[Role.MHPSS_FOCAL_POINT]}
    # the implicated case manager, their manager, the protection officer, the mentor who
    # recorded it: nothing
    for role in (
        Role.CASE_MANAGER,
        Role.PROGRAMME_MANAGER,
        Role.PROTECTION_OFFICER,
        Role.COMMUNITY_MENTOR,
    ):
        assert not item_standing(a.users[role], sea).sees


def test_the_implicated_and_their_line_never_see_it_even_designated(world: World) -> None:
    a = world.a
    sea = _part(world, "sea_a")
    manager = a.users[Role.PROGRAMME_MANAGER]
    with transaction.atomic():
        # the manager of the implicated case manager becomes a focal point: still nothing
        designations.designate(actor=manager, user=manager)
        assert not item_standing(manager, sea).sees
        assert sea.pk not in _seen(manager)
        # a manager's manager too (three levels)
        director = UserFactory.create(organisation=a.organisation, roles=[Role.PROGRAMME_MANAGER])
        manager.reports_to = director
        manager.save(update_fields=["reports_to"])
        designations.designate(actor=manager, user=director)
        assert not item_standing(director, sea).sees
        assert sea.pk not in _seen(director)
        transaction.set_rollback(True)


def test_a_volunteers_focal_point_does_not_see_a_complaint_about_the_volunteer(
    world: World,
) -> None:
    a = world.a
    focal = a.users[Role.MHPSS_FOCAL_POINT]
    mentor = a.users[Role.COMMUNITY_MENTOR]
    volunteer = getattr(mentor, "volunteer", None)
    if volunteer is None:
        pytest.fail("the world's mentor has a volunteer profile")
    with transaction.atomic():
        volunteer.focal_point = focal
        volunteer.save(update_fields=["focal_point"])
        item = intake.record_item(
            actor=a.users[Role.CASE_MANAGER],
            category=_part(world, "sea_a").category,
            channel="in_person",
            description="…",
            implicated=[{"kind": "volunteer", "user": mentor}],
        )
        assert not item_standing(focal, item).sees
        assert item.pk not in _seen(focal)
        assert recipients_for(item) == []  # nobody left to tell: the figures still count it
        transaction.set_rollback(True)


def test_only_the_handler_reads_the_complainants_identity(world: World) -> None:
    sea = _part(world, "sea_a")
    focal = world.a.users[Role.MHPSS_FOCAL_POINT]
    assert item_standing(focal, sea).reads_identity
    item_a = _part(world, "item_a")
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    assert item_standing(manager, item_a).sees
    assert not item_standing(manager, item_a).reads_identity


def test_the_recorder_reads_status_only(world: World) -> None:
    mentor = world.a.users[Role.COMMUNITY_MENTOR]
    rows = list(recorded_by_user(mentor))
    assert [r.number for r in rows] == [_part(world, "sea_a").number]
    assert not item_standing(mentor, rows[0]).sees


def test_a_referred_item_is_read_by_the_receiving_side(world: World) -> None:
    item = _part(world, "referred_ab")
    officer_b = world.b.users[Role.PROTECTION_OFFICER]
    who = item_standing(officer_b, item)
    assert who.sees and who.receiver and not who.handles
    assert item.pk in _seen(officer_b)


def test_moving_an_item_into_a_sensitive_category_hides_it_and_its_notifications(
    world: World,
) -> None:
    a = world.a
    item = _part(world, "item_a")
    manager, officer = a.users[Role.PROGRAMME_MANAGER], a.users[Role.PROTECTION_OFFICER]
    focal = a.users[Role.MHPSS_FOCAL_POINT]
    link = intake.item_link(item)
    with transaction.atomic():
        assert Notification.objects.filter(link=link, recipient=officer).exists()
        assert item.pk in _seen(officer)
        workflow.reclassify(
            actor=manager, item=item, category=_part(world, "sea_a").category, note="EAS"
        )
        assert item.pk not in _seen(officer)
        assert item.pk not in _seen(manager)
        assert item.pk in _seen(focal)
        assert not Notification.objects.filter(link=link, recipient=officer).exists()
        assert not Notification.objects.filter(link=link).exclude(recipient=focal).exists()
        step = ItemStep.objects.get(item=item, kind="reclassified")
        assert step.category == _part(world, "sea_a").category
        transaction.set_rollback(True)


def test_figures_count_what_the_lists_do_not_show(world: World) -> None:
    officer_a = world.a.users[Role.PROTECTION_OFFICER]
    counted = set(items_counted_for(officer_a).values_list("pk", flat=True))
    assert _part(world, "sea_a").pk in counted  # counted, never listed
    assert _part(world, "sea_a").pk not in _seen(officer_a)
    assert _part(world, "item_b").pk not in counted  # another organisation's
    # who follows the whole mechanism counts every organisation (small counts protected)
    manager_a = world.a.users[Role.PROGRAMME_MANAGER]
    every = set(items_counted_for(manager_a).values_list("pk", flat=True))
    assert _part(world, "item_b").pk in every
    assert not items_counted_for(world.a.users[Role.CASE_MANAGER]).exists()


def test_notifications_carry_the_reference_and_link_only(world: World) -> None:
    sea = _part(world, "sea_a")
    for note in Notification.objects.filter(link=intake.item_link(sea)):
        said = str(note.title_text) + str(note.body_text)
        assert sea.description[:20] not in said
        assert "sea" not in str(note.title_text.get("params", {})).lower()


def test_the_audit_log_keeps_no_value_that_tells_what_an_item_is_about() -> None:
    """Every field of an item but its reference, status and organisation is logged as
    "(changed)": a new field is sensitive unless someone decides otherwise here."""
    shown = {f.name for f in FeedbackItem._meta.concrete_fields} - set(
        FeedbackItem.audit_sensitive_fields
    )
    assert shown <= {
        "id",
        "created_at",
        "updated_at",
        "version",
        "organisation",
        "number",
        "status",
    }
    assert {f.name for f in Implicated._meta.concrete_fields} - set(
        Implicated.audit_sensitive_fields
    ) <= {"id", "created_at", "updated_at", "item"}


def test_naming_someone_after_intake_keeps_them_and_their_manager_away_at_once(
    world: World,
) -> None:
    from sutura.feedback.services.implicated import add_implicated

    a = world.a
    item = _part(world, "item_a")
    officer, manager = a.users[Role.PROTECTION_OFFICER], a.users[Role.PROGRAMME_MANAGER]
    with transaction.atomic():
        item = workflow.assign(actor=manager, item=item, handler=officer)
        assert ItemStep.objects.get(item=item, kind="assigned").handler == officer
        # assigning an item not yet acknowledged acknowledges it, as a step of its own
        acknowledged = ItemStep.objects.get(item=item, kind="acknowledged")
        assert (acknowledged.from_status, acknowledged.to_status) == ("received", "acknowledged")
        assert Notification.objects.filter(link=intake.item_link(item), recipient=officer).exists()
        staff = UserFactory.create(organisation=a.organisation, roles=[Role.CASE_MANAGER])
        staff.reports_to = officer
        staff.save(update_fields=["reports_to"])
        add_implicated(actor=manager, item=item, kind="staff", user=staff)
        item.refresh_from_db()
        assert not item_standing(officer, item).sees  # the named staff member's manager
        assert item.handler_id is None
        assert not Notification.objects.filter(
            link=intake.item_link(item), recipient=officer
        ).exists()
        assert item_standing(manager, item).sees
        transaction.set_rollback(True)
