"""Partners' workplans: the officer plans, the partner's staff report on their own workplan
only, achieved against target at a glance; mentors and provider agents reach none of it; and
the workplan standing agrees with the filter."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sutura.access import visible
from sutura.access.community import workplan_standing
from sutura.accounts.roles import Role
from sutura.community.models import ActivityProgress, Community, Workplan
from sutura.community.selectors import partners as selectors
from sutura.community.services import communities, workplans

pytestmark = pytest.mark.django_db
JAN, DEC = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(actor=officer, name="Mopti", location=locations["ML"])


@pytest.fixture
def plan(officer: Any, users_b: dict[Role, Any]) -> Workplan:
    partner = users_b[Role.PROTECTION_OFFICER].organisation
    return workplans.create_workplan(
        actor=officer, partner=partner, title="AJPM 2026", starts_on=JAN, ends_on=DEC
    )


def _activity(officer: Any, plan: Workplan, community: Community) -> Any:
    return workplans.add_activity(
        actor=officer, workplan=plan, community=community, description="Dialogues", target=10,
        unit="séances",
    )  # fmt: skip


def test_the_partners_staff_report_progress_on_their_own_workplan_and_see_it_achieved(
    officer: Any, plan: Workplan, community: Community, users_b: dict[Role, Any]
) -> None:
    activity = _activity(officer, plan, community)
    partner = users_b[Role.PROTECTION_OFFICER]
    assert workplan_standing(partner, plan).records_progress
    workplans.report_progress(
        actor=partner,
        activity=activity,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 2, 28),
        achieved=4,
        participants={("female", "18_24"): 12, ("male", "18_24"): 0},
    )
    assert selectors.workplan_progress(partner, plan) == (4, 10)
    (row,) = selectors.activity_rows(officer, plan)
    assert (row.achieved, row.percent) == (4, 40)
    progress = ActivityProgress.objects.get()
    assert [(c.sex, c.count) for c in progress.participant_counts.all()] == [("female", 12)]
    # The partner's staff see the community through the workplan, and edit nothing.
    assert visible(partner, Community).filter(pk=community.pk).exists()
    with pytest.raises(PermissionDenied):
        _activity(partner, plan, community)


def test_the_partner_reports_on_no_other_organisations_workplan(
    officer: Any, community: Community, users_b: dict[Role, Any], org_b: Any
) -> None:
    from tests.factories import OrganisationFactory

    other = OrganisationFactory.create(country=org_b.country)
    plan = workplans.create_workplan(
        actor=officer, partner=other, title="Autre", starts_on=JAN, ends_on=DEC
    )
    activity = _activity(officer, plan, community)
    outsider = users_b[Role.PROTECTION_OFFICER]
    assert not visible(outsider, Workplan).filter(pk=plan.pk).exists()
    with pytest.raises(PermissionDenied):
        workplans.report_progress(
            actor=outsider, activity=activity, period_start=JAN, period_end=JAN, achieved=1
        )


def test_a_report_sent_twice_with_its_own_id_is_recorded_once(
    officer: Any, plan: Workplan, community: Community
) -> None:
    activity = _activity(officer, plan, community)
    key = uuid.uuid4()
    for _attempt in range(2):
        workplans.report_progress(
            actor=officer, activity=activity, period_start=JAN, period_end=JAN, achieved=2, id=key
        )
    assert ActivityProgress.objects.filter(pk=key).count() == 1
    assert selectors.workplan_progress(officer, plan) == (2, 10)


def test_progress_outside_the_workplans_period_and_activities_elsewhere_are_refused(
    officer: Any, plan: Workplan, community: Community, users_b: dict[Role, Any], locations: Any
) -> None:
    activity = _activity(officer, plan, community)
    with pytest.raises(ValidationError):
        workplans.report_progress(
            actor=officer,
            activity=activity,
            period_start=datetime.date(2027, 1, 1),
            period_end=datetime.date(2027, 1, 31),
            achieved=1,
        )
    theirs = communities.create_community(
        actor=users_b[Role.PROTECTION_OFFICER], name="Gao", location=locations["ML"]
    )
    with pytest.raises(ValidationError):
        _activity(officer, plan, theirs)


def test_only_an_officer_opens_a_workplan_and_never_with_their_own_organisation(
    users_a: dict[Role, Any], officer: Any
) -> None:
    for role in (Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT, Role.ME_OFFICER):
        with pytest.raises(PermissionDenied):
            workplans.create_workplan(
                actor=users_a[role], partner=officer.organisation, title="X", starts_on=JAN,
                ends_on=DEC,
            )  # fmt: skip
    with pytest.raises(ValidationError):
        workplans.create_workplan(
            actor=officer, partner=officer.organisation, title="X", starts_on=JAN, ends_on=DEC
        )


def test_mentors_and_provider_agents_get_404_on_every_partners_page(
    client: Any, users_a: dict[Role, Any], plan: Workplan, community: Community
) -> None:
    urls = [
        reverse("community:workplans"),
        reverse("community:workplan_new"),
        reverse("community:workplan", args=[plan.pk]),
        reverse("community:activity_new", args=[plan.pk]),
        reverse("community:visits"),
        reverse("community:visit_new"),
        reverse("community:reports"),
        reverse("community:report_file", args=["xlsx"]),
        reverse("community:case_trends", args=[community.pk]),
    ]
    for role in (Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT):
        client.force_login(users_a[role])
        for url in urls:
            assert client.get(url).status_code == 404, (role, url)


def test_the_officer_sees_the_workplan_page_with_achieved_against_target(
    client: Any, officer: Any, plan: Workplan, community: Community
) -> None:
    activity = _activity(officer, plan, community)
    workplans.report_progress(
        actor=officer, activity=activity, period_start=JAN, period_end=JAN, achieved=3
    )
    client.force_login(officer)
    page = client.get(reverse("community:workplan", args=[plan.pk])).content.decode()
    assert "Dialogues" in page and "3 (30\u00a0%)" in page
