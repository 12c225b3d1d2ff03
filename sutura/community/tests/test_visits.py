"""Field monitoring visits: the officer records one with the checklist kept as data, leaves
recommendations, and their follow-up is tracked (overdue flagged); the partner's staff follow
up the recommendations of their workplan and record no visit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sutura.accounts.roles import Role
from sutura.community.models import ChecklistAnswer, Community, Workplan
from sutura.community.selectors import partners as selectors
from sutura.community.services import communities, visits, workplans
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 12)


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(actor=officer, name="Mopti", location=locations["ML"])


@pytest.fixture
def plan(officer: Any, users_b: dict[Role, Any]) -> Workplan:
    return workplans.create_workplan(
        actor=officer,
        partner=users_b[Role.PROTECTION_OFFICER].organisation,
        title="AJPM",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )


def test_a_visit_keeps_the_checklist_answers_and_its_recommendations_follow_up(
    officer: Any, community: Community, plan: Workplan, users_b: dict[Role, Any]
) -> None:
    visit = visits.record_visit(
        actor=officer,
        visited_on=DAY,
        community=community,
        workplan=plan,
        visitors=[officer],
        findings="Registres incomplets",
        answers={
            "data_protected": ("no", "Listes dans un carton"),
            "visibility_donor": ("yes", ""),
        },
    )
    answers = {a.item.key: a.answer for a in ChecklistAnswer.objects.filter(visit=visit)}
    assert answers == {"data_protected": "no", "visibility_donor": "yes"}
    rows = selectors.answers_of(officer, visit)
    assert len(rows) == 8 and rows[0].item.key == "activities_as_planned"
    late = visits.add_recommendation(
        actor=officer, visit=visit, text="Ranger les listes", due_on=datetime.date(2026, 3, 20)
    )
    assert selectors.overdue(late)
    assert list(selectors.overdue_follow_ups(officer)) == [late]
    # The partner's staff follow it up, but record no visit.
    partner = users_b[Role.PROTECTION_OFFICER]
    with pytest.raises(ValidationError):
        visits.follow_up(
            actor=partner, recommendation=late, expected_version=1, follow_up_status="done"
        )
    done = visits.follow_up(
        actor=partner,
        recommendation=late,
        expected_version=1,
        follow_up_status="done",
        follow_up_note="Armoire achetée",
    )
    assert not selectors.overdue(done)
    assert not selectors.overdue_follow_ups(officer).exists()
    with pytest.raises(PermissionDenied):
        visits.record_visit(actor=partner, visited_on=DAY, workplan=plan)


def test_a_visit_needs_a_subject_and_answers_of_its_checklist(
    officer: Any, community: Community
) -> None:
    with pytest.raises(ValidationError):
        visits.record_visit(actor=officer, visited_on=DAY)
    with pytest.raises(ValidationError):
        visits.record_visit(
            actor=officer, visited_on=DAY, community=community, answers={"nope": ("yes", "")}
        )


def test_a_mentor_records_no_visit_and_another_organisation_follows_up_nothing(
    users_a: dict[Role, Any], users_b: dict[Role, Any], officer: Any, community: Community
) -> None:
    with pytest.raises(PermissionDenied):
        visits.record_visit(
            actor=users_a[Role.COMMUNITY_MENTOR], visited_on=DAY, community=community
        )
    visit = visits.record_visit(actor=officer, visited_on=DAY, community=community)
    recommendation = visits.add_recommendation(actor=officer, visit=visit, text="Faire")
    with pytest.raises(PermissionDenied):
        visits.follow_up(
            actor=users_b[Role.PROTECTION_OFFICER],
            recommendation=recommendation,
            expected_version=1,
            follow_up_status="in_progress",
        )


def test_who_went_offers_the_officers_staff_and_the_partners_by_name_not_provider_agents(
    users_a: dict[Role, Any], users_b: dict[Role, Any], officer: Any, plan: Workplan
) -> None:
    offered = set(selectors.visitors_to_choose(officer))
    assert {users_a[Role.PROTECTION_OFFICER], users_a[Role.ME_OFFICER]} <= offered
    assert users_b[Role.PROTECTION_OFFICER] in offered  # the partner's community staff
    for role in (Role.PROVIDER_AGENT, Role.COMMUNITY_MENTOR, Role.OUTREACH_VOLUNTEER):
        assert users_a[role] not in offered and users_b[role] not in offered
    assert users_b[Role.CASE_MANAGER] not in offered
    from sutura.community.forms.partners import VisitForm

    form = VisitForm(
        communities=Community.objects.none(),
        workplans=selectors.editable_workplans_queryset(officer),
        colleagues=selectors.visitors_to_choose(officer),
    )
    html = str(form["visitors"]) + str(form["workplan"])
    assert users_a[Role.ME_OFFICER].username not in html
    # Ticked by name under their organisation (a name in full, never cut on a phone).
    assert f" {users_a[Role.ME_OFFICER].get_full_name()}</label>" in html
    assert f"<label>{officer.organisation}</label>" in html
    assert f"{users_a[Role.ME_OFFICER].get_full_name()} ({officer.organisation})" not in html
    assert "---------" not in html and 'type="checkbox"' in html


def test_the_partner_visited_may_be_named_among_who_went_another_organisation_not(
    users_a: dict[Role, Any], users_b: dict[Role, Any], officer: Any, plan: Workplan
) -> None:
    partner_staff = users_b[Role.PROTECTION_OFFICER]
    visit = visits.record_visit(
        actor=officer, visited_on=DAY, workplan=plan, visitors=[officer, partner_staff]
    )
    assert set(visit.visitors.all()) == {officer, partner_staff}
    stranger = UserFactory(roles=[Role.PROTECTION_OFFICER])
    with pytest.raises(ValidationError):
        visits.record_visit(actor=officer, visited_on=DAY, workplan=plan, visitors=[stranger])


def test_the_service_names_no_provider_agent_mentor_or_volunteer_among_who_went(
    officer: Any,
    community: Community,
    plan: Workplan,
    users_a: dict[Role, Any],
    users_b: dict[Role, Any],
) -> None:
    """The form offers only programme staff; the service holds the same line (the API and any
    other caller): a partner's mentor or provider agent, or one's own outreach volunteer, is
    refused."""
    for outsider in (
        users_b[Role.COMMUNITY_MENTOR],
        users_b[Role.PROVIDER_AGENT],
        users_a[Role.OUTREACH_VOLUNTEER],
        users_a[Role.PROVIDER_AGENT],
    ):
        with pytest.raises(ValidationError) as refused:
            visits.record_visit(
                actor=officer,
                visited_on=DAY,
                community=community,
                workplan=plan,
                visitors=[officer, outsider],
                findings="",
                answers={},
            )
        assert "visitors" in refused.value.message_dict
    visit = visits.record_visit(
        actor=officer,
        visited_on=DAY,
        community=community,
        workplan=plan,
        visitors=[officer, users_b[Role.ME_OFFICER], users_a[Role.CASE_MANAGER]],
        findings="",
        answers={},
    )
    assert visit.visitors.count() == 3
