"""Every role's permissions, as the architecture guide's table says."""

from __future__ import annotations

import pytest

from sutura.access import can
from sutura.accounts.roles import Perm, Role, permissions_for
from tests.factories import UserFactory

P = Perm
# The specification, written out independently of ROLE_PERMISSIONS.
EXPECTED = {
    Role.SYSTEM_ADMIN: {
        P.MANAGE_USERS,
        P.MANAGE_ORGANISATIONS,
        P.MANAGE_REFERENCE_DATA,
        P.VIEW_AUDIT_LOG,
    },
    Role.PROGRAMME_MANAGER: {
        P.RECORD_FEEDBACK,
        P.HANDLE_FEEDBACK,
        P.DESIGNATE_PSEA,
        P.VIEW_PERSONS,
        P.REGISTER_PERSONS,
        P.EDIT_PERSONS,
        P.MANAGE_CASES,
        P.APPROVE_PLANS,
        P.SUPERVISE_CASELOADS,
        P.REVIEW_DUPLICATES,
        P.MAKE_REFERRALS,
        P.PROPOSE_DIRECTORY_CHANGES,
        P.VIEW_NRM_DASHBOARD,
        P.VIEW_INDICATORS,
        P.EXPORT_AGGREGATES,
        P.HANDLE_DATA_REQUESTS,
        P.RECORD_MEETINGS,
        P.VIEW_GOVERNANCE,
        P.COMMENT_DOCUMENTS,
        P.MANAGE_VOLUNTEERS,
        P.MANAGE_PROGRAMMES,
    },
    Role.CASE_MANAGER: {
        P.RECORD_FEEDBACK,
        P.VIEW_PERSONS,
        P.REGISTER_PERSONS,
        P.EDIT_PERSONS,
        P.MANAGE_CASES,
        P.MAKE_REFERRALS,
        P.PROPOSE_DIRECTORY_CHANGES,
        P.RECORD_MEETINGS,
        P.VIEW_GOVERNANCE,
    },
    Role.MHPSS_FOCAL_POINT: {
        P.RECORD_FEEDBACK,
        P.SUPERVISE_MENTORS,
        P.MANAGE_VOLUNTEERS,
        P.MAKE_REFERRALS,
        P.HANDLE_INCOMING_REFERRALS,
        P.PROPOSE_DIRECTORY_CHANGES,
        P.RECORD_MEETINGS,
        P.VIEW_GOVERNANCE,
        P.COMMENT_DOCUMENTS,
    },
    Role.COMMUNITY_MENTOR: {
        P.RECORD_FEEDBACK,
        P.VIEW_ASSIGNED_PERSONS_MINIMAL,
        P.RECORD_MENTORING,
        P.MAKE_REFERRALS,
        P.PROPOSE_DIRECTORY_CHANGES,
    },
    Role.PROVIDER_AGENT: {
        P.RECORD_FEEDBACK,
        P.HANDLE_INCOMING_REFERRALS,
        P.PROPOSE_DIRECTORY_CHANGES,
        P.VIEW_GOVERNANCE,
        P.COMMENT_DOCUMENTS,
        P.POST_OFFERS,
    },
    Role.PROTECTION_OFFICER: {
        P.RECORD_FEEDBACK,
        P.HANDLE_FEEDBACK,
        P.MANAGE_COMMUNITIES,
        P.VIEW_INDICATORS,
        P.PROPOSE_DIRECTORY_CHANGES,
        P.RECORD_MEETINGS,
        P.VIEW_GOVERNANCE,
        P.COMMENT_DOCUMENTS,
    },
    Role.ME_OFFICER: {
        P.VIEW_INDICATORS,
        P.EXPORT_AGGREGATES,
        P.VIEW_NRM_DASHBOARD,
        P.RECORD_MEETINGS,
        P.VIEW_GOVERNANCE,
    },
    # Runs the directory and the mechanism's figures; never sees an individual case.
    Role.NRM_COORDINATOR: {
        P.RECORD_FEEDBACK,
        P.MANAGE_DIRECTORY,
        P.PROPOSE_DIRECTORY_CHANGES,
        P.VIEW_NRM_DASHBOARD,
        P.RECORD_MEETINGS,
        P.VIEW_GOVERNANCE,
        P.MANAGE_GOVERNANCE,
        P.COMMENT_DOCUMENTS,
    },
    # An account for the engagement only: no community record, no case, no one's data.
    Role.OUTREACH_VOLUNTEER: {P.PROPOSE_DIRECTORY_CHANGES, P.RECORD_FEEDBACK},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("perm", list(Perm))
def test_role_grants_exactly_its_permissions(db, role, perm):
    user = UserFactory.create(roles=[role])
    assert can(user, perm) is (perm in EXPECTED[role])


def test_only_administrators_see_the_audit_log_and_manage_users():
    holders = {role for role in Role if P.VIEW_AUDIT_LOG in permissions_for([role])}
    assert holders == {Role.SYSTEM_ADMIN}


def test_no_role_outside_casework_sees_identifying_data():
    allowed = {Role.PROGRAMME_MANAGER, Role.CASE_MANAGER}
    assert {r for r in Role if P.VIEW_PERSONS in permissions_for([r])} == allowed


def test_several_roles_add_up(db):
    user = UserFactory.create(roles=[Role.CASE_MANAGER, Role.ME_OFFICER])
    assert can(user, P.VIEW_PERSONS) and can(user, P.EXPORT_AGGREGATES)
    assert not can(user, P.APPROVE_PLANS)


def test_inactive_user_and_unknown_role_grant_nothing(db):
    user = UserFactory.create(roles=[Role.PROGRAMME_MANAGER], is_active=False)
    assert not can(user, P.VIEW_PERSONS)
    assert permissions_for(["root", "superhero"]) == frozenset()


def test_only_coordinators_manage_the_directory():
    holders = {role for role in Role if P.MANAGE_DIRECTORY in permissions_for([role])}
    assert holders == {Role.NRM_COORDINATOR}
