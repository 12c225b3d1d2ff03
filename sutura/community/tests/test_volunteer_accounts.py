"""Opening a volunteer's profile needs an account: the page offers only the accounts that can
be chosen, and when there is none it says who creates one instead of an empty list (the
outreach page of the community officer and the mentors' page of the focal point alike)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.community.selectors import structures as selectors
from sutura.mentoring.services import volunteers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 5)


def test_the_outreach_list_offers_only_free_outreach_accounts_of_the_officers_organisation(
    users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    officer = users_b[Role.PROTECTION_OFFICER]
    free = users_b[Role.OUTREACH_VOLUNTEER]
    taken = UserFactory(organisation=officer.organisation, roles=[Role.OUTREACH_VOLUNTEER])
    volunteers.create_volunteer(actor=officer, user=taken, kind="outreach", starts_on=START)
    offered = set(selectors.accounts_for_outreach(officer))
    assert free in offered
    assert taken not in offered  # already a volunteer
    assert users_a[Role.OUTREACH_VOLUNTEER] not in offered  # another organisation
    assert users_b[Role.CASE_MANAGER] not in offered  # another role


def test_with_no_account_to_offer_the_officer_is_told_who_creates_it(
    users_a: dict[Role, Any], users_b: dict[Role, Any], client: Any
) -> None:
    officer = users_b[Role.PROTECTION_OFFICER]
    volunteers.create_volunteer(
        actor=officer, user=users_b[Role.OUTREACH_VOLUNTEER], kind="outreach", starts_on=START
    )
    admin = users_b[Role.SYSTEM_ADMIN]
    admin.first_name, admin.last_name, admin.email = "Adja", "Bâ-Admin", "adja@b.example"
    admin.save()
    other = users_a[Role.SYSTEM_ADMIN]
    other.first_name, other.last_name, other.email = "Other", "Org-Admin", "other@a.example"
    other.save()
    client.force_login(officer)
    page = client.get(reverse("community:outreach_new"))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="no-account"' in text and 'name="user"' not in text
    assert "Adja Bâ-Admin" in text and "mailto:adja@b.example" in text
    assert "Org-Admin" not in text  # their own organisation's
    assert reverse("admin:accounts_user_add") not in text  # an officer creates no account


def test_with_an_account_to_offer_the_officer_gets_the_form(
    users_b: dict[Role, Any], client: Any
) -> None:
    client.force_login(users_b[Role.PROTECTION_OFFICER])
    page = client.get(reverse("community:outreach_new"))
    assert 'id="no-account"' not in page.content.decode()
    assert 'name="user"' in page.content.decode()


def test_the_mentor_page_says_the_same_when_no_mentor_account_is_free(
    users_b: dict[Role, Any], client: Any
) -> None:
    focal = users_b[Role.MHPSS_FOCAL_POINT]
    volunteers.create_volunteer(
        actor=focal, user=users_b[Role.COMMUNITY_MENTOR], kind="mentor", starts_on=START
    )
    client.force_login(focal)
    page = client.get(reverse("mentoring:volunteer_new"))
    text = page.content.decode()
    assert page.status_code == 200 and 'id="no-account"' in text and 'name="user"' not in text


def test_an_administrator_who_manages_volunteers_is_sent_to_create_the_account(
    users_b: dict[Role, Any], client: Any
) -> None:
    both = UserFactory(
        organisation=users_b[Role.PROTECTION_OFFICER].organisation,
        roles=[Role.PROTECTION_OFFICER, Role.SYSTEM_ADMIN],
        is_staff=True,
    )
    volunteers.create_volunteer(
        actor=both, user=users_b[Role.OUTREACH_VOLUNTEER], kind="outreach", starts_on=START
    )
    client.force_login(both)
    page = client.get(reverse("community:outreach_new"))
    assert reverse("admin:accounts_user_add") in page.content.decode()


def test_without_an_administrator_of_their_own_no_other_organisations_one_is_named(
    users_a: dict[Role, Any], users_b: dict[Role, Any], client: Any
) -> None:
    officer = users_b[Role.PROTECTION_OFFICER]
    volunteers.create_volunteer(
        actor=officer, user=users_b[Role.OUTREACH_VOLUNTEER], kind="outreach", starts_on=START
    )
    own = users_b[Role.SYSTEM_ADMIN]
    own.is_active = False  # the organisation has no administrator (left)
    own.save()
    other = users_a[Role.SYSTEM_ADMIN]
    other.first_name, other.last_name, other.email = "Other", "Org-Admin", "other@a.example"
    other.save()
    client.force_login(officer)
    text = client.get(reverse("community:outreach_new")).content.decode()
    assert 'id="no-account"' in text
    assert "Org-Admin" not in text and "other@a.example" not in text
    assert "demandez à votre responsable de programme" in text
