"""The invariants the database holds for the community records."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from sutura.accounts.roles import Role
from sutura.community.models import (
    Checklist,
    ChecklistAnswer,
    CommitteeMember,
    Community,
    CriterionScore,
    MonitoringVisit,
    ProtectionCommittee,
    Risk,
    RiskAnalysis,
    SafeSpace,
    SafeSpaceAttendance,
    SelectionCriterion,
)
from sutura.meetings.models import MeetingKind

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def community(users_a: dict[Role, Any], locations: dict[str, Any]) -> Community:
    return Community.objects.create(
        organisation=users_a[Role.PROTECTION_OFFICER].organisation,
        name="Kayes N'Di",
        location=locations["ML"],
    )


def test_a_risk_priority_is_likelihood_times_impact_and_scales_run_1_to_5(
    community: Community, users_a: dict[Role, Any]
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    analysis = RiskAnalysis.objects.create(community=community, held_on=DAY, recorded_by=officer)
    risk = Risk.objects.create(
        analysis=analysis, key="flood", threat="Flood", affected="All", likelihood=4, impact=3
    )
    risk.refresh_from_db()
    assert risk.priority == 12
    for likelihood, impact in ((0, 3), (6, 3), (3, 0), (3, 6)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Risk.objects.create(
                analysis=analysis,
                key=f"r{likelihood}{impact}",
                threat="x",
                affected="x",
                likelihood=likelihood,
                impact=impact,
            )
    with pytest.raises(IntegrityError), transaction.atomic():  # one key per analysis
        Risk.objects.create(
            analysis=analysis, key="flood", threat="Flood", affected="All", likelihood=1, impact=1
        )


def test_a_selection_decision_is_dated_and_a_proposal_is_not(
    community: Community, users_a: dict[Role, Any]
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.filter(pk=community.pk).update(selection_status="selected")
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.filter(pk=community.pk).update(decided_on=DAY)
    Community.objects.filter(pk=community.pk).update(selection_status="selected", decided_on=DAY)


def test_a_point_is_whole_and_on_earth(community: Community) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.filter(pk=community.pk).update(latitude=14.4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.filter(pk=community.pk).update(latitude=95, longitude=3)
    Community.objects.filter(pk=community.pk).update(latitude=14.44, longitude=-11.44)


def test_criterion_scores_run_0_to_5_once_per_criterion(community: Community) -> None:
    criterion = SelectionCriterion.objects.get(code="protection_risks")
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionScore.objects.create(community=community, criterion=criterion, score=6)
    CriterionScore.objects.create(community=community, criterion=criterion, score=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionScore.objects.create(community=community, criterion=criterion, score=1)


def test_attendance_is_counted_per_month_once_per_sex_and_age_group(
    community: Community, users_a: dict[Role, Any], locations: dict[str, Any]
) -> None:
    space = SafeSpace.objects.create(
        community=community,
        kind="wgss",
        name="Espace Femmes",
        location=locations["ML"],
        managing_partner=community.organisation,
    )
    row = {"safe_space": space, "sex": "female", "age_group": "18_24", "count": 30}
    with pytest.raises(IntegrityError), transaction.atomic():
        SafeSpaceAttendance.objects.create(month=datetime.date(2026, 3, 2), **row)
    SafeSpaceAttendance.objects.create(month=datetime.date(2026, 3, 1), **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafeSpaceAttendance.objects.create(month=datetime.date(2026, 3, 1), **row)


def test_a_visit_has_a_subject_and_an_answer_belongs_to_one_record(
    community: Community, users_a: dict[Role, Any]
) -> None:
    version = Checklist.objects.get(code="field-monitoring").versions.get(number=1)
    officer = users_a[Role.PROTECTION_OFFICER]
    with pytest.raises(IntegrityError), transaction.atomic():
        MonitoringVisit.objects.create(
            visited_on=DAY, checklist_version=version, recorded_by=officer
        )
    visit = MonitoringVisit.objects.create(
        community=community, visited_on=DAY, checklist_version=version, recorded_by=officer
    )
    item = version.items.all()[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        ChecklistAnswer.objects.create(item=item, answer="yes")
    ChecklistAnswer.objects.create(visit=visit, item=item, answer="yes")


def test_a_committee_member_is_named_or_a_user(community: Community) -> None:
    committee = ProtectionCommittee.objects.create(community=community, kind="committee", name="C")
    row = {"committee": committee, "role": "Membre", "sex": "male", "age_group": "25_59"}
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMember.objects.create(since=DAY, **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMember.objects.create(
            name="X", since=DAY, until=DAY - datetime.timedelta(days=1), **row
        )


def test_the_reference_data_is_there() -> None:
    assert SelectionCriterion.objects.count() >= 5
    assert set(Checklist.objects.values_list("kind", flat=True)) == {"safety", "monitoring"}
    assert Checklist.objects.get(code="safe-space-safety").versions.get(number=1).items.count()
    assert MeetingKind.objects.filter(code="validation_meeting", app="community").exists()
