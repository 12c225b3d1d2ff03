"""Both forms of the community rules agree (the filter `visible()` applies and the standing on
one record), for every user of the access world, on every community record of it; and the
roles stand where the rules say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sutura.access import visible
from sutura.access.community import (
    community_standing,
    sees_record,
    sees_visit,
    workplan_standing,
)
from sutura.access.meetings import context_rules
from sutura.accounts.roles import Role
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    AnalysisParticipantCount,
    CommitteeMember,
    Community,
    CommunityPartner,
    KeyInformantInterview,
    MonitoringVisit,
    PlannedActivity,
    ProtectionCommittee,
    Risk,
    RiskAnalysis,
    VisitRecommendation,
    Workplan,
)
from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world

pytestmark = pytest.mark.django_db

COMMUNITY_RECORDS = (
    RiskAnalysis,
    Risk,
    AnalysisParticipantCount,
    CommunityPartner,
    ProtectionCommittee,
    KeyInformantInterview,
    CommitteeMember,
)


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)


def test_the_community_standing_and_the_filter_agree(world: World) -> None:
    found = list(Community.objects.all())
    assert len(found) == 2
    for user in world.users():
        seen = set(visible(user, Community).values_list("pk", flat=True))
        for community in found:
            assert community_standing(user, community).sees == (community.pk in seen), (
                user,
                community,
            )


def test_the_standing_and_the_filter_agree_on_every_record_of_a_community(world: World) -> None:
    for model in COMMUNITY_RECORDS:
        rows = list(model.objects.all())
        assert rows, model
        for user in world.users():
            seen = set(visible(user, model).values_list("pk", flat=True))
            for row in rows:
                assert sees_record(user, row) == (row.pk in seen), (user, model, row)


def test_the_workplan_and_visit_standings_and_filters_agree(world: World) -> None:
    workplans = list(Workplan.objects.all())
    visits = list(MonitoringVisit.objects.select_related("community", "workplan"))
    assert workplans and visits
    for user in world.users():
        seen = set(visible(user, Workplan).values_list("pk", flat=True))
        for workplan in workplans:
            assert workplan_standing(user, workplan).sees == (workplan.pk in seen), user
        seen = set(visible(user, MonitoringVisit).values_list("pk", flat=True))
        for visit in visits:
            assert sees_visit(user, visit) == (visit.pk in seen), user
        seen = set(visible(user, VisitRecommendation).values_list("visit_id", flat=True))
        assert seen == {visit.pk for visit in visits if sees_visit(user, visit)}, user
        seen = set(visible(user, PlannedActivity).values_list("workplan_id", flat=True))
        assert seen == {w.pk for w in workplans if workplan_standing(user, w).sees}, user


def test_who_stands_where(world: World) -> None:
    a, b = world.a, world.b
    mine = world.parts["community"]["a"]["community"]
    theirs = world.parts["community"]["b"]["community"]
    workplan = world.parts["community"]["workplan_b"]

    def standing(side: Any, role: Role, community: Community) -> Any:
        return community_standing(side.users[role], community)

    assert standing(a, Role.PROTECTION_OFFICER, mine).edits
    assert standing(a, Role.PROTECTION_OFFICER, mine).reads_personal
    manager = standing(a, Role.PROGRAMME_MANAGER, mine)
    assert manager.sees and manager.reads_personal and not manager.edits
    me = standing(a, Role.ME_OFFICER, mine)
    assert me.sees and not me.reads_personal and not me.edits
    # B is a partner CBO of A's community: reads it, edits nothing, no names.
    partner = standing(b, Role.PROTECTION_OFFICER, mine)
    assert partner.sees and not partner.edits and not partner.reads_personal
    # A is the partner on B's workplan, which has an activity in B's community.
    assert standing(a, Role.PROTECTION_OFFICER, theirs).partner
    assert workplan_standing(a.users[Role.PROTECTION_OFFICER], workplan).records_progress
    assert not workplan_standing(a.users[Role.PROTECTION_OFFICER], workplan).edits
    assert workplan_standing(b.users[Role.PROTECTION_OFFICER], workplan).edits
    assert not workplan_standing(b.users[Role.ME_OFFICER], workplan).records_progress
    for role in (
        Role.COMMUNITY_MENTOR,
        Role.PROVIDER_AGENT,
        Role.CASE_MANAGER,
        Role.MHPSS_FOCAL_POINT,
        Role.NRM_COORDINATOR,
    ):
        for side in (a, b):
            assert not visible(side.users[role], Community).exists(), (side, role)
            assert not visible(side.users[role], Workplan).exists(), (side, role)
    assert not visible(world.outside_agent, Community).exists()
    assert not visible(world.homeless, Community).exists()


def test_a_communitys_meetings_are_seen_by_who_sees_it_and_recorded_by_who_edits_it(
    world: World,
) -> None:
    rule = context_rules()[COMMUNITY_CONTEXT]
    mine = world.parts["community"]["a"]["community"]
    for user in world.users():
        standing = community_standing(user, mine)
        seen, recorded = rule.sees(user), rule.records(user)
        # A community's meetings name their participants: only readers of personal rows.
        expected = standing.reads_personal
        assert expected == (seen is not None and seen.filter(pk=mine.pk).exists()), user
        assert standing.edits == (recorded is not None and recorded.filter(pk=mine.pk).exists()), (
            user
        )
