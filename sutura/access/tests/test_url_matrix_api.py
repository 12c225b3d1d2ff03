"""Every API URL × every user, and every API list returns exactly the rows the access rules
give each user. What is asked and the rules: url_matrix.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from sutura.access import can, visible
from sutura.access.programmes import programmes_seen
from sutura.access.referrals import receiver_filter
from sutura.access.reports import reporter
from sutura.access.tests.url_matrix import ROUTES, check_url_pattern, mark_seen_now
from sutura.accounts.roles import Perm
from sutura.cases.models import Case, FollowUp, ReintegrationPlan, VulnerabilityScreening
from sutura.exports.models import Export
from sutura.people.models import Consent, Person
from sutura.referrals.models import Referral
from sutura.reports.models import ProgrammeReport
from sutura.rss.models import SurveyResponse

ENDPOINTS = sorted(name for name in ROUTES if name.startswith("api-"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_user_gets_what_the_access_rules_say(
    name: str, world: Any, clients: Any, lean_refusals: None, lean_pdfs: None
) -> None:
    check_url_pattern(name, world, clients)


# Each list endpoint, and the rows the access rules give a user (None: the role may not ask).
LISTS: dict[str, Callable[[Any], Any]] = {
    "api-person-list": lambda u: visible(u, Person) if can(u, Perm.VIEW_PERSONS) else None,
    "api-case-list": lambda u: (
        visible(u, Case)
        if can(u, Perm.MANAGE_CASES) or can(u, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL)
        else None
    ),
    "api-consent-list": lambda u: visible(u, Consent) if can(u, Perm.VIEW_PERSONS) else None,
    "api-screening-list": lambda u: (
        visible(u, VulnerabilityScreening) if can(u, Perm.MANAGE_CASES) else None
    ),
    "api-follow-up-list": lambda u: visible(u, FollowUp) if can(u, Perm.MANAGE_CASES) else None,
    "api-plan-list": lambda u: visible(u, ReintegrationPlan) if can(u, Perm.MANAGE_CASES) else None,
    "api-referral-list": lambda u: visible(u, Referral),
    "api-referral-inbox": lambda u: visible(u, Referral).filter(receiver_filter(u)),
    "api-programme-list": lambda u: (
        programmes_seen(u)
        if can(u, Perm.VIEW_INDICATORS) or can(u, Perm.MANAGE_PROGRAMMES)
        else None
    ),
    "api-programme-report-list": lambda u: visible(u, ProgrammeReport) if reporter(u) else None,
    "api-rss-survey-list": lambda u: (
        visible(u, SurveyResponse) if can(u, Perm.MANAGE_CASES) else None
    ),
    "api-export-list": lambda u: visible(u, Export),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_api_list_gives_each_user_exactly_their_rows(
    name: str, world: Any, clients: Any
) -> None:
    wrong = []
    mark_seen_now(clients)
    for username, (user, client) in clients.items():
        if not user.is_authenticated:
            continue
        response = client.get(reverse(name))
        rows = LISTS[name](user)
        if rows is None:
            assert response.status_code == 403, (name, username)
            continue
        body = response.json()
        assert body["next"] is None, "the world fits on one page"
        got = {str(row["id"]) for row in body["results"]}
        expected = {str(pk) for pk in rows.values_list("pk", flat=True)}
        if got != expected:
            wrong.append(f"{name} as {username}: {len(got)} rows, the rules give {len(expected)}")
    assert not wrong, "\n".join(wrong)
