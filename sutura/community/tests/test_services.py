"""The communities' and risk analyses' services: who may write, what they keep."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.community.models import Community, CriterionScore, SelectionCriterion
from sutura.community.services import communities, risks
from sutura.core.concurrency import StaleVersionError

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(actor=officer, name="Gao Château", location=locations["ML"])


def test_only_a_community_protection_officer_opens_a_community(
    users_a: dict[Role, Any], locations: dict[str, Any]
) -> None:
    for role in (Role.PROGRAMME_MANAGER, Role.ME_OFFICER, Role.COMMUNITY_MENTOR):
        with pytest.raises(PermissionDenied):
            communities.create_community(actor=users_a[role], name="X", location=locations["ML"])


def test_a_community_is_opened_for_the_officers_organisation_with_its_programmes(
    officer: Any, users_b: dict[Role, Any], locations: dict[str, Any]
) -> None:
    echo = Programme.objects.create(
        organisation=officer.organisation, name="ECHO 2026", donor="ECHO"
    )
    made = communities.create_community(
        actor=officer, name="Kayes", location=locations["ML"], programmes=[echo]
    )
    assert made.organisation_id == officer.organisation_id
    assert made.selection_status == "proposed"
    assert list(made.programmes.all()) == [echo]
    theirs = Programme.objects.create(
        organisation=users_b[Role.PROGRAMME_MANAGER].organisation, name="AICS"
    )
    with pytest.raises(ValidationError):
        communities.create_community(
            actor=officer, name="Mopti", location=locations["ML"], programmes=[theirs]
        )


def test_an_update_is_refused_when_stale_or_by_another_organisation(
    community: Community, officer: Any, users_b: dict[Role, Any]
) -> None:
    communities.update_community(
        actor=officer, community=community, expected_version=1, population_estimate=24000
    )
    community.refresh_from_db()
    assert (community.population_estimate, community.version) == (24000, 2)
    with pytest.raises(StaleVersionError):
        communities.update_community(
            actor=officer, community=community, expected_version=1, population_estimate=1
        )
    with pytest.raises(PermissionDenied):
        communities.update_community(
            actor=users_b[Role.PROTECTION_OFFICER],
            community=community,
            expected_version=2,
            population_estimate=1,
        )


def test_selection_keeps_scores_rationale_date_and_decider(
    community: Community, officer: Any, users_a: dict[Role, Any]
) -> None:
    criterion = SelectionCriterion.objects.get(code="protection_risks")
    with pytest.raises(ValidationError):
        communities.set_selection(actor=officer, community=community, status="selected")
    with pytest.raises(PermissionDenied):
        communities.set_selection(
            actor=users_a[Role.PROGRAMME_MANAGER],
            community=community,
            status="selected",
            rationale="x",
        )
    with pytest.raises(ValidationError) as unscored:
        communities.set_selection(
            actor=officer,
            community=community,
            status="selected",
            rationale="Flux de retour importants",
            decided_on=DAY,
            scores={criterion: 4},
        )
    assert "scores" in unscored.value.message_dict
    assert community.scores.count() == 0 and community.selection_status == "proposed"
    others = SelectionCriterion.objects.filter(is_active=True).exclude(pk=criterion.pk)
    # Scored before (here as a proposal, no decision yet), they count for the decision.
    communities.set_selection(
        actor=officer, community=community, status="proposed", scores=dict.fromkeys(others, 0)
    )
    community.refresh_from_db()
    chosen = communities.set_selection(
        actor=officer,
        community=community,
        status="selected",
        rationale="Flux de retour importants",
        decided_on=DAY,
        scores={criterion: 4},
    )
    assert (chosen.selection_status, chosen.decided_on, chosen.decided_by) == (
        "selected",
        DAY,
        officer,
    )
    assert CriterionScore.objects.get(community=community, criterion=criterion).score == 4
    assert communities.weighted_score(chosen)[0] == 4 * criterion.weight
    back = communities.set_selection(actor=officer, community=chosen, status="proposed")
    assert (back.decided_on, back.decided_by) == (None, None)


def test_comparing_two_analyses_shows_new_gone_up_and_down(
    community: Community, officer: Any, users_b: dict[Role, Any]
) -> None:
    first = risks.record_analysis(
        actor=officer,
        community=community,
        held_on=DAY,
        participants={("female", "25_59"): 14, ("male", "18_24"): 9},
        groups_represented=["women", "youth"],
    )
    assert first.participant_counts.count() == 2
    second = risks.record_analysis(
        actor=officer, community=community, held_on=DAY + datetime.timedelta(days=90)
    )
    for analysis, key, likelihood, impact in (
        (first, "flood", 2, 2),
        (first, "recruitment", 4, 5),
        (first, "theft", 3, 3),
        (first, "eviction", 2, 2),
        (second, "flood", 4, 4),
        (second, "recruitment", 2, 5),
        (second, "theft", 3, 3),
        (second, "gbv", 3, 4),
    ):
        made = risks.add_risk(
            actor=officer,
            analysis=analysis,
            key=key,
            threat=key.title(),
            affected="Tous",
            likelihood=likelihood,
            impact=impact,
        )
        assert made.priority == likelihood * impact
    found = risks.compare_analyses(actor=officer, before=second, after=first)  # any order
    assert (found.before, found.after) == (first, second)
    assert [risk.key for risk in found.new] == ["gbv"]
    assert [risk.key for risk in found.gone] == ["eviction"]
    assert [(a.priority, b.priority) for a, b in found.up] == [(4, 16)]
    assert [(a.priority, b.priority) for a, b in found.down] == [(20, 10)]
    assert [a.key for a, _b in found.same] == ["theft"]
    with pytest.raises(PermissionDenied):
        risks.compare_analyses(actor=users_b[Role.PROTECTION_OFFICER], before=first, after=second)


def test_an_analysis_refuses_another_communitys_meeting_and_a_duplicate_key(
    community: Community, officer: Any, users_a: dict[Role, Any]
) -> None:
    analysis = risks.record_analysis(actor=officer, community=community, held_on=DAY)
    risks.add_risk(
        actor=officer, analysis=analysis, threat="Inondations", affected="Tous", likelihood=1,
        impact=1,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        risks.add_risk(
            actor=officer, analysis=analysis, threat="inondations", affected="x", likelihood=2,
            impact=2,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        risks.record_analysis(
            actor=users_a[Role.PROGRAMME_MANAGER], community=community, held_on=DAY
        )
