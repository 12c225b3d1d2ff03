"""A closed item past its retention period loses what was said and who said it; the figures
keep counting it; an item still open or closed recently keeps everything."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.feedback.models import Category, FeedbackItem, Implicated
from sutura.feedback.services import designations, intake, workflow
from sutura.privacy.services import apply_retention
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _closed_item(manager, days_ago: int) -> FeedbackItem:
    item = intake.record_item(
        actor=manager,
        category=Category.objects.get(code="service_quality"),
        channel="hotline",
        description="Le centre ferme trop tôt.",
        contact_method="phone",
        contact_name="Awa",
        contact_phone="+221770000001",
        implicated=[{"kind": "other", "description": "le gardien"}],
    )
    workflow.respond(
        actor=manager,
        item=workflow.acknowledge(actor=manager, item=item),
        response="Horaires étendus.",
    )
    item = workflow.close(
        actor=manager, item=FeedbackItem.objects.get(pk=item.pk), closure="informed"
    )
    FeedbackItem.objects.filter(pk=item.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return item


def test_retention_clears_old_closed_items_and_keeps_the_rest() -> None:
    organisation = OrganisationFactory.create()
    manager = UserFactory.create(organisation=organisation, roles=[Role.PROGRAMME_MANAGER])
    designations.designate(actor=manager, user=manager)
    days = settings.SUTURA_RETENTION_DAYS["closed_feedback_days"]
    old = _closed_item(manager, days + 1)
    recent = _closed_item(manager, days - 1)
    summary = apply_retention(
        today=timezone.localdate(), periods=settings.SUTURA_RETENTION_DAYS, dry_run=True
    )
    assert summary["closed_feedback_items"] == 1
    apply_retention(today=timezone.localdate(), periods=settings.SUTURA_RETENTION_DAYS)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.description, old.contact_name, old.contact_phone, old.response) == ("", "", "", "")
    assert old.contact_method == "none" and old.category.code == "service_quality"
    assert Implicated.objects.get(item=old).description == ""
    assert recent.description and recent.contact_phone
    assert Implicated.objects.get(item=recent).description == "le gardien"
    again = apply_retention(
        today=timezone.localdate(), periods=settings.SUTURA_RETENTION_DAYS, dry_run=True
    )
    assert again["closed_feedback_items"] == 0
