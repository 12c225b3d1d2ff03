"""The desk on the home page and in the menu: recorders get a card to record and to read back
what they recorded; handlers and focal points the counts of new, overdue and their own items
(among those they see); every member of an organisation with focal points, who they are."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.core.registry import home_cards, menu_for
from sutura.feedback.models import Category, FeedbackItem
from sutura.feedback.services import designations, intake, workflow

pytestmark = pytest.mark.django_db


def _titles(user: Any) -> dict[str, Any]:
    return {str(card.title): card for card in home_cards(user)}


def _menu(user: Any) -> set[str]:
    return {item.url_name for item in menu_for(user)}


def _record(actor: Any, code: str, **extra: Any) -> FeedbackItem:
    return intake.record_item(
        actor=actor,
        category=Category.objects.get(code=code),
        channel="in_person",
        description="…",
        **extra,
    )


def test_a_volunteer_records_and_reads_back(settings: Any, users_a: dict[Role, Any]) -> None:
    settings.LANGUAGE_CODE = "en"
    volunteer = users_a[Role.OUTREACH_VOLUNTEER]
    cards = _titles(volunteer)
    assert "Record a complaint or feedback" in cards
    assert "Complaints and feedback" not in cards
    assert {url for _label, url in cards["Record a complaint or feedback"].links} == {
        "/feedback/new/",
        "/feedback/recorded/",
    }
    assert "PSEA focal points" not in cards  # none designated yet
    assert {"feedback:new", "feedback:focal_points"} <= _menu(volunteer)
    assert "feedback:desk" not in _menu(volunteer)


def test_handlers_and_focal_points_count_what_they_see(
    settings: Any, users_a: dict[Role, Any]
) -> None:
    settings.LANGUAGE_CODE = "en"
    manager, officer = users_a[Role.PROGRAMME_MANAGER], users_a[Role.PROTECTION_OFFICER]
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    designations.designate(actor=manager, user=focal)
    _record(officer, "service_quality")
    late = _record(officer, "information_request")
    FeedbackItem.objects.filter(pk=late.pk).update(
        acknowledge_due=timezone.now() - timedelta(hours=1)
    )
    mine = workflow.assign(actor=manager, item=_record(officer, "other"), handler=officer)
    _record(users_a[Role.OUTREACH_VOLUNTEER], "sea")
    assert mine.status == "in_review"
    officer_card = _titles(officer)["Complaints and feedback"]
    assert str(officer_card.text) == "New: 2 · overdue: 1 · assigned to you: 1."
    focal_card = _titles(focal)["Complaints and feedback"]  # the SEA item too
    assert str(focal_card.text) == "New: 3 · overdue: 1 · assigned to you: 0."
    assert "feedback:desk" not in _menu(focal)  # the menu asks roles: the card leads there
    assert "feedback:desk" in _menu(officer)
    assert "Complaints and feedback" not in _titles(users_a[Role.CASE_MANAGER])


def test_everyone_in_the_organisation_is_told_who_the_focal_points_are(
    settings: Any, users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    settings.LANGUAGE_CODE = "en"
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    designations.designate(actor=users_a[Role.PROGRAMME_MANAGER], user=focal)
    for role in (Role.ME_OFFICER, Role.OUTREACH_VOLUNTEER, Role.SYSTEM_ADMIN):
        card = _titles(users_a[role])["PSEA focal points"]
        assert [d.user for d in card.data] == [focal]
    assert "PSEA focal points" not in _titles(users_b[Role.CASE_MANAGER])
