"""Assessments: checklists kept as data, who reads which assessment, the comparison of two,
and the technical-assistance log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from sutura.access import visible
from sutura.access.library import sees_assessment, sees_assistance
from sutura.accounts.roles import Role
from sutura.governance.models.assessments import (
    Answer,
    Assessment,
    ChecklistItem,
    TechnicalAssistance,
)
from sutura.governance.selectors import assessments as selectors
from sutura.governance.services import assessments as services

pytestmark = pytest.mark.django_db
EARLIER, LATER = datetime.date(2025, 3, 1), datetime.date(2026, 3, 1)


@pytest.fixture
def coordinator(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.NRM_COORDINATOR]


def _score(coordinator: Any, assessment: Assessment, scores: dict[str, tuple[int, str]]) -> None:
    answers = {
        str(a.item_id): {"score": scores[a.item.key][0], "gaps": scores[a.item.key][1]}
        for a in Answer.objects.filter(assessment=assessment).select_related("item")
        if a.item.key in scores
    }
    services.record_answers(coordinator, assessment, answers=answers)


def test_checklists_are_seeded_as_data() -> None:
    sections = set(
        ChecklistItem.objects.filter(checklist_version__checklist__kind="nrm_status").values_list(
            "section_en", flat=True
        )
    )
    assert sections == {
        "Scope",
        "Target groups",
        "Services",
        "Institutionalisation",
        "Coordination",
        "Data protection",
        "Gaps and opportunities",
    }
    assert ChecklistItem.objects.filter(checklist_version__checklist__kind="capacity").exists()


def test_who_reads_which_assessment(
    coordinator: Any, org_b: Any, users_a: dict, users_b: dict
) -> None:
    capacity_b = services.start_assessment(
        coordinator, kind="capacity", organisation=org_b, assessed_on=LATER
    )
    status = services.start_assessment(coordinator, kind="nrm_status", assessed_on=LATER)
    assert status.organisation is None
    for user, sees_b in (
        (coordinator, True),
        (users_b[Role.PROVIDER_AGENT], True),
        (users_a[Role.PROGRAMME_MANAGER], False),
    ):
        assert visible(user, Assessment).filter(pk=capacity_b.pk).exists() is sees_b
        assert sees_assessment(user, capacity_b) is sees_b
        assert visible(user, Assessment).filter(pk=status.pk).exists()
    mentor = users_b[Role.COMMUNITY_MENTOR]
    assert not visible(mentor, Assessment).exists()
    client = Client()
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    assert client.get(reverse("roadmap:assessment", args=[capacity_b.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.start_assessment(
            users_b[Role.PROGRAMME_MANAGER], kind="nrm_status", assessed_on=LATER
        )


def test_scores_stay_on_the_item_scale(coordinator: Any, org_b: Any) -> None:
    assessment = services.start_assessment(
        coordinator, kind="capacity", organisation=org_b, assessed_on=LATER
    )
    with pytest.raises(ValidationError):
        _score(coordinator, assessment, {"psea_policy": (3, "")})  # a yes/partly/no item


def test_comparison_shows_what_changed(coordinator: Any, org_b: Any) -> None:
    before = services.start_assessment(
        coordinator, kind="capacity", organisation=org_b, assessed_on=EARLIER
    )
    after = services.start_assessment(
        coordinator, kind="capacity", organisation=org_b, assessed_on=LATER
    )
    _score(
        coordinator, before, {"cm_standards": (1, ""), "cm_staffing": (2, ""), "reporting": (2, "")}
    )
    _score(
        coordinator,
        after,
        {"cm_standards": (3, ""), "cm_staffing": (1, "Deux départs"), "reporting": (2, "")},
    )
    first, second, rows = selectors.compare(coordinator, after.pk, before.pk)
    assert (first, second) == (before, after)
    changes = {row.question: row for row in rows}
    by_key = {
        item.question: item.key
        for item in ChecklistItem.objects.filter(checklist_version=after.checklist_version)
    }
    found = {by_key[q]: (row.change, row.new_gap) for q, row in changes.items()}
    assert found["cm_standards"] == ("up", False)
    assert found["cm_staffing"] == ("down", True)
    assert found["reporting"] == ("same", False)
    client = Client()
    client.force_login(coordinator)
    url = reverse("roadmap:compare") + f"?a={before.pk}&b={after.pk}"
    assert client.get(url).status_code == 200


def test_no_comparison_across_subjects(coordinator: Any, org_a: Any, org_b: Any) -> None:
    one = services.start_assessment(
        coordinator, kind="capacity", organisation=org_a, assessed_on=EARLIER
    )
    two = services.start_assessment(
        coordinator, kind="capacity", organisation=org_b, assessed_on=LATER
    )
    with pytest.raises(Http404):
        selectors.compare(coordinator, one.pk, two.pk)


def test_technical_assistance_log(
    coordinator: Any, org_a: Any, org_b: Any, users_a: dict, users_b: dict
) -> None:
    entry = services.record_assistance(
        coordinator,
        provided_by=org_a,
        organisation=org_b,
        subject="Gestion de cas",
        kind="coaching",
        given_on=LATER,
        follow_up_on=LATER + datetime.timedelta(days=30),
    )
    assert sees_assistance(users_b[Role.CASE_MANAGER], entry)
    assert sees_assistance(users_a[Role.CASE_MANAGER], entry)  # A gave it
    outsider = users_b[Role.COMMUNITY_MENTOR]
    assert not visible(outsider, TechnicalAssistance).exists()
    services.record_follow_up(
        coordinator, entry, expected_version=1, follow_up_on=None, follow_up_note="Suivi fait"
    )
    with pytest.raises(ValidationError):  # stale version
        services.record_follow_up(
            coordinator, entry, expected_version=1, follow_up_on=None, follow_up_note="Encore"
        )
    with pytest.raises(ValidationError):
        services.record_assistance(
            coordinator, organisation=org_b, subject="x", kind="advice", given_on=LATER
        )
