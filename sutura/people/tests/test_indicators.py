from __future__ import annotations

import datetime

import pytest

from sutura.accounts.roles import Role
from sutura.people.selectors import registrations_by_sex_and_age
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def test_counts_by_sex_and_age_group_for_my_organisation_only(users_a, org_a, org_b):
    PersonFactory.create(
        organisation=org_a, sex="female", birth_date=datetime.date(2010, 1, 1)
    )  # 16
    PersonFactory.create(organisation=org_a, sex="male", birth_date=datetime.date(1990, 5, 5))  # 36
    PersonFactory.create(
        organisation=org_a, sex="male", birth_date=datetime.date(2008, 11, 25)
    )  # 18 today
    PersonFactory.create(organisation=org_a, sex="male", birth_date=None)
    PersonFactory.create(organisation=org_b, sex="male", birth_date=datetime.date(1990, 5, 5))
    table = registrations_by_sex_and_age(users_a[Role.ME_OFFICER], today=TODAY)
    rows = {row["label"]: row["counts"] for row in table["rows"]}
    # columns: female, male, not stated
    assert rows["12–17"] == [1, 0, 0]
    assert rows["18–59"] == [0, 2, 0]
    assert table["total"] == 4


def test_roles_without_indicators_count_nothing(users_a, org_a):
    PersonFactory.create(organisation=org_a)
    assert registrations_by_sex_and_age(users_a[Role.CASE_MANAGER], today=TODAY)["total"] == 0


LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_home_figures_are_counted_again_only_after_a_while_and_per_user(users_a, org_a, settings):
    settings.CACHES = LOCAL_CACHE
    from django.core.cache import cache

    cache.clear()
    officer, manager = users_a[Role.ME_OFFICER], users_a[Role.PROGRAMME_MANAGER]
    PersonFactory.create(organisation=org_a)
    assert registrations_by_sex_and_age(officer, today=TODAY)["total"] == 1
    PersonFactory.create(organisation=org_a)
    # The same user within the cache period sees the figure counted before, with its time…
    first = registrations_by_sex_and_age(officer, today=TODAY)
    assert first["total"] == 1 and first["as_of"] is not None
    # …another user gets their own count, and `fresh` counts again.
    assert registrations_by_sex_and_age(manager, today=TODAY)["total"] == 2
    assert registrations_by_sex_and_age(officer, today=TODAY, fresh=True)["total"] == 2
    cache.clear()
