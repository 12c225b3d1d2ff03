"""Leaks and access holes found by review (helper `leak`): each test is an attack that
succeeded before its fix. The worst case first: a complaint of sexual exploitation and abuse
reaching the person it implicates, or their line."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from sutura.access import visible
from sutura.access.feedback import item_standing, recorded_by_user
from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.feedback.models import Category, FeedbackItem, Implicated
from sutura.feedback.services import designations, intake, workflow
from sutura.feedback.services.implicated import add_implicated
from sutura.mentoring.services import volunteers
from tests.factories import UserFactory
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _part(world: World, name: str) -> Any:
    return world.parts["feedback"][name]


def _sees(user: Any, item: FeedbackItem) -> bool:
    """Either form of the rule: the filter (lists, API, export, counts) or the standing."""
    listed = visible(user, FeedbackItem).filter(pk=item.pk).exists()
    return listed or item_standing(user, item).sees


def _sea(actor: Any, **named: Any) -> FeedbackItem:
    return intake.record_item(
        actor=actor,
        category=Category.objects.get(code="sea"),
        channel="volunteer",
        description="Une faveur demandée contre l'aide.",
        implicated=[named],
    )


# --- 1. the exclusion follows the line as it stood when the person was named -------------------


def test_a_volunteers_focal_point_handing_the_volunteer_over_still_sees_nothing(
    world: World,
) -> None:
    """The volunteer's focal point is kept away from an SEA complaint about their volunteer.
    They may hand the volunteer over to another focal point (an ordinary page): the item
    must not come into their sight then (they are also a PSEA focal point here)."""
    a = world.a
    focal = a.users[Role.MHPSS_FOCAL_POINT]  # the mentor's focal point, designated PSEA
    mentor = a.users[Role.COMMUNITY_MENTOR]
    with transaction.atomic():
        sea = _sea(a.users[Role.CASE_MANAGER], kind="volunteer", user=mentor)
        assert not _sees(focal, sea)
        other = UserFactory.create(organisation=a.organisation, roles=[Role.MHPSS_FOCAL_POINT])
        volunteer = mentor.volunteer
        volunteers.update_volunteer(
            actor=focal, volunteer=volunteer, expected_version=volunteer.version, focal_point=other
        )
        mentor.refresh_from_db()
        sea = FeedbackItem.objects.get(pk=sea.pk)
        assert not _sees(focal, sea)
        assert not _sees(other, sea)  # the new focal point: kept away as well (live rule)
        transaction.set_rollback(True)


def test_a_manager_taken_off_the_line_afterwards_still_sees_nothing(world: World) -> None:
    """A's case manager is implicated in `sea_a`; their programme manager (reports_to) is
    kept away. Taking the case manager off that line afterwards, then designating oneself PSEA
    focal point, must not open the complaint to the manager of the time."""
    a = world.a
    manager = a.users[Role.PROGRAMME_MANAGER]
    case_manager = a.users[Role.CASE_MANAGER]
    with transaction.atomic():
        sea = _sea(a.users[Role.COMMUNITY_MENTOR], kind="staff", user=case_manager)
        case_manager.reports_to = None
        case_manager.save(update_fields=["reports_to"])
        designations.designate(actor=manager, user=manager)
        sea = FeedbackItem.objects.get(pk=sea.pk)
        assert not _sees(manager, sea)
        transaction.set_rollback(True)


def test_someone_named_after_intake_keeps_their_line_of_that_day(world: World) -> None:
    a = world.a
    focal = a.users[Role.MHPSS_FOCAL_POINT]
    officer = a.users[Role.PROTECTION_OFFICER]
    with transaction.atomic():
        designations.designate(actor=a.users[Role.PROGRAMME_MANAGER], user=officer)
        staff = UserFactory.create(organisation=a.organisation, roles=[Role.CASE_MANAGER])
        staff.reports_to = officer
        staff.save(update_fields=["reports_to"])
        sea = intake.record_item(
            actor=a.users[Role.COMMUNITY_MENTOR],
            category=Category.objects.get(code="sea"),
            channel="volunteer",
            description="Une faveur demandée contre l'aide.",
        )
        add_implicated(actor=focal, item=sea, kind="staff", user=staff)
        staff.reports_to = None
        staff.save(update_fields=["reports_to"])
        sea = FeedbackItem.objects.get(pk=sea.pk)
        assert not _sees(officer, sea)
        assert _sees(focal, sea)
        transaction.set_rollback(True)


def test_the_line_kept_never_enters_the_audit_log(world: World) -> None:
    assert "kept_away" in Implicated.audit_sensitive_fields


# --- 2. the audit log does not say what kind of person an item implicates ---------------------


def test_the_audit_log_names_an_implicated_row_without_its_kind(world: World) -> None:
    """`kind` is withheld from the log's changes; the object's label must not give it away
    (a system administrator reads "Staff member" against an item's id otherwise)."""
    a = world.a
    focal = a.users[Role.MHPSS_FOCAL_POINT]
    with transaction.atomic():
        sea = intake.record_item(
            actor=a.users[Role.COMMUNITY_MENTOR],
            category=Category.objects.get(code="sea"),
            channel="volunteer",
            description="Une faveur demandée contre l'aide.",
        )
        row = add_implicated(actor=focal, item=sea, kind="staff", user=a.users[Role.PROVIDER_AGENT])
        entry = AuditEntry.objects.get(
            content_type=ContentType.objects.get_for_model(Implicated), object_id=str(row.pk)
        )
        kinds = Implicated._meta.get_field("kind").choices or []
        labels = {str(label).lower() for _value, label in kinds}
        assert entry.object_label.lower() not in labels
        assert "staff" not in entry.object_label.lower()
        transaction.set_rollback(True)


# --- 3. the recorder named afterwards stops following the item ---------------------------------


def test_a_recorder_named_as_implicated_no_longer_follows_the_item(world: World) -> None:
    """Whoever an item implicates never sees it: the recorder's list (reference, date and
    status, "confidential") included — the status of an investigation is what they would
    watch."""
    a = world.a
    officer = a.users[Role.PROTECTION_OFFICER]
    with transaction.atomic():
        staff = UserFactory.create(organisation=a.organisation, roles=[Role.CASE_MANAGER])
        recorded = intake.record_item(
            actor=staff,
            category=Category.objects.get(code="misconduct"),
            channel="in_person",
            description="Une plainte reçue à l'accueil.",
        )
        assert recorded_by_user(staff).filter(pk=recorded.pk).exists()
        add_implicated(actor=officer, item=recorded, kind="staff", user=staff)
        assert not recorded_by_user(staff).filter(pk=recorded.pk).exists()
        transaction.set_rollback(True)


# --- 4. a referral never goes to the organisation the item implicates --------------------------


def test_an_item_is_not_referred_to_the_organisation_it_implicates(world: World) -> None:
    """Referred there, none of its staff may see it (the rule keeps them away): the item
    would sit "referred" with nobody, while its handler believes it passed on."""
    a, b = world.a, world.b
    focal = a.users[Role.MHPSS_FOCAL_POINT]
    with transaction.atomic():
        sea = _sea(a.users[Role.CASE_MANAGER], kind="partner", organisation=b.organisation)
        with pytest.raises(ValidationError) as refused:
            workflow.refer(actor=focal, item=sea, organisation=b.organisation, note="Pour enquête.")
        assert "organisation" in refused.value.message_dict
        transaction.set_rollback(True)


# --- 5. the figures do not count an item for whoever it implicates -----------------------------


def test_the_figures_of_the_implicated_line_do_not_count_the_item(world: World) -> None:
    """A's programme manager manages the case manager `sea_a` implicates: their figures
    (one's organisation's SEA complaints, a count of 1 this month) would tell them it exists."""
    from sutura.access.feedback import items_counted_for

    a = world.a
    sea = _part(world, "sea_a")
    manager = a.users[Role.PROGRAMME_MANAGER]
    assert not items_counted_for(manager).filter(pk=sea.pk).exists()
    officer = a.users[Role.PROTECTION_OFFICER]  # not in the line: counted, never listed
    assert items_counted_for(officer).filter(pk=sea.pk).exists()
