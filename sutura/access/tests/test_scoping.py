"""The access layer: who sees which people, by organisation and role (fail closed)."""

from __future__ import annotations

import pytest

from sutura.access import visible
from sutura.accounts.models import User
from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.people.models import Person
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

SEES_OWN_ORGANISATION = {Role.PROGRAMME_MANAGER, Role.CASE_MANAGER}


def test_anonymous_inactive_and_organisationless_users_see_nothing(org_a):
    from django.contrib.auth.models import AnonymousUser

    PersonFactory.create(organisation=org_a)
    inactive = UserFactory.create(organisation=org_a, roles=[Role.CASE_MANAGER], is_active=False)
    homeless = UserFactory.create(organisation=None, roles=[Role.CASE_MANAGER])
    for user in (AnonymousUser(), inactive, homeless, None):
        assert not visible(user, Person).exists()


def test_unregistered_model_fails_closed(users_a):
    # No scope is registered for the session table: nobody gets its rows through the layer.
    from django.contrib.sessions.models import Session

    assert visible(users_a[Role.SYSTEM_ADMIN], Session).count() == 0


def test_narrowing_a_queryset_keeps_the_scope(org_a, org_b, users_a):
    PersonFactory.create(organisation=org_b, family_name="Traoré")
    queryset = Person.objects.filter(family_name="Traoré")
    assert not visible(users_a[Role.CASE_MANAGER], queryset).exists()


def test_users_see_their_own_account_unless_they_manage_users(users_a, users_b):
    case_manager = users_a[Role.CASE_MANAGER]
    assert list(visible(case_manager, User)) == [case_manager]
    assert visible(users_a[Role.SYSTEM_ADMIN], User).count() == User.objects.count()


def test_audit_log_is_visible_to_administrators_only(users_a):
    AuditEntry.objects.create(action="login", actor_username="x")
    for role, user in users_a.items():
        assert visible(user, AuditEntry).exists() is (role == Role.SYSTEM_ADMIN)


def test_a_second_rule_for_the_same_model_is_refused():
    """The package's modules are imported in turn: a later access/<app>.py registering a model
    again would otherwise replace its rule unnoticed."""
    from django.core.exceptions import ImproperlyConfigured

    from sutura.access import register_scope
    from sutura.cases.models import Case

    with pytest.raises(ImproperlyConfigured, match="Case already has its access rule"):
        register_scope(Case)(lambda user, queryset: queryset)
    assert visible(None, Case).count() == 0  # the first rule still stands
