"""The demo's complaints and feedback: the check scenario (a volunteer's complaint of sexual
exploitation and abuse that implicates a colleague: she, her manager and the protection officer
find nothing of it; the designated PSEA focal point sees it and who read it), items of every
category, channel and status, intake points, service ratings that show; a second run adds
nothing."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import transaction
from django.utils import timezone

from sutura.access import visible
from sutura.access.feedback import is_psea_focal_point, item_standing
from sutura.accounts.models import User
from sutura.audit.models import Action, AuditEntry
from sutura.core.registry import DemoContext
from sutura.feedback import demo
from sutura.feedback.figures import figures_for
from sutura.feedback.models import (
    Category,
    Channel,
    Closure,
    FeedbackItem,
    IntakeKind,
    IntakePoint,
    ItemStatus,
    ServiceFeedback,
)
from sutura.feedback.selectors_ratings import ratings_for
from sutura.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _the_complaint() -> FeedbackItem:
    return FeedbackItem.objects.get(
        category__code="sea",
        recorded_by__username="outreach",
        implicated__user__username="casemanager.psf",
    )


def test_the_volunteers_complaint_is_kept_from_the_colleague_her_manager_and_protection():
    item = _the_complaint()
    assert item.organisation.acronym == "PSF"
    assert _user("casemanager.psf").reports_to == _user("manager.psf")
    for username in ("casemanager.psf", "manager.psf", "protection", "outreach"):
        user = _user(username)
        assert not visible(user, FeedbackItem).filter(pk=item.pk).exists(), username
        assert not item_standing(user, item).sees, username
        assert not Notification.objects.filter(recipient=user, link__contains=str(item.pk)).exists()
        assert figures_for(user).detail == [], username  # no detail of sensitive complaints


def test_the_psea_focal_point_sees_it_and_who_read_it():
    focal = _user("psea.psf")
    assert is_psea_focal_point(focal) and focal.roles == ["protection_officer"]
    item = _the_complaint()
    standing = item_standing(focal, item)
    assert standing.sees and standing.reads_identity and standing.sees_reads
    assert item.handler == focal and item.status == ItemStatus.IN_REVIEW
    reads = AuditEntry.objects.filter(action=Action.READ, object_id=str(item.pk))
    assert set(reads.values_list("actor__username", flat=True)) == {"psea.psf"}
    assert figures_for(focal).detail  # her organisation's sensitive complaints in detail


def test_aim_sn_has_its_focal_point_and_its_line():
    assert is_psea_focal_point(_user("manager.2fa"))
    assert not is_psea_focal_point(_user("manager"))
    assert _user("casemanager").reports_to == _user("manager")
    assert _user("mentor").reports_to == _user("focalpoint")


def test_items_of_every_category_channel_and_status():
    items = FeedbackItem.objects.all()
    assert set(items.values_list("category__code", flat=True)) == set(
        Category.objects.values_list("code", flat=True)
    )
    assert set(items.values_list("channel", flat=True)) == set(Channel.values)
    assert set(items.values_list("status", flat=True)) == set(ItemStatus.values)
    closures = set(items.filter(status=ItemStatus.CLOSED).values_list("closure", flat=True))
    assert {Closure.INFORMED, Closure.UNREACHABLE} <= closures
    assert items.exclude(referred_to=None).exists() and items.exclude(referred_channel="").exists()
    # some received weeks ago and never acknowledged
    overdue = [i for i in items.filter(status=ItemStatus.RECEIVED) if i.overdue()]
    assert len(overdue) >= 3
    weeks_ago = timezone.now() - datetime.timedelta(days=14)
    assert any(i.received_at < weeks_ago for i in overdue)


def test_an_intake_point_per_organisation_with_a_programme_and_per_psf_community():
    points = IntakePoint.objects.select_related("organisation")
    assert {"AIM-SN", "AIM-ML", "PSF"} <= set(
        points.values_list("organisation__acronym", flat=True)
    )
    assert points.filter(kind=IntakeKind.COMMUNITY, organisation__acronym="PSF").count() == 3
    public = FeedbackItem.objects.filter(channel=Channel.PUBLIC_FORM)
    assert public.exclude(intake_point__community=None).exists()


def test_two_services_rated_enough_to_show_and_assistance_rated_too():
    coordinator = _user("coordinator")
    shown = [r for r in ratings_for(coordinator) if r.shown]
    services = [r for r in shown if r.kind == "service"]
    assert len(services) >= 2
    assert any(r.kind == "assistance" for r in shown)
    assert ServiceFeedback.objects.filter(source="public").exists()
    # the provider reads its own
    provider = _user("provider")
    assert {r.organisation.acronym for r in ratings_for(provider)} == {"JSM"}


def test_a_second_run_adds_nothing_and_is_quick():
    counts = (
        FeedbackItem.objects.count(),
        ServiceFeedback.objects.count(),
        IntakePoint.objects.count(),
        User.objects.count(),
    )
    with transaction.atomic():
        start = time.monotonic()
        demo.seed_step(DemoContext(persons=0))
        assert time.monotonic() - start < 10
        assert (
            FeedbackItem.objects.count(),
            ServiceFeedback.objects.count(),
            IntakePoint.objects.count(),
            User.objects.count(),
        ) == counts
        transaction.set_rollback(True)
