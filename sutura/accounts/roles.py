"""Roles and what each may do: the one table a person reads to know who can do what.

The access layer (`sutura.access`) is the only code that consults it. Scoping *which* rows a
role sees (its organisation, what was shared with it) lives in `sutura.access.scopes`.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    CASE_MANAGER = "case_manager", _("Case manager")
    MHPSS_FOCAL_POINT = "mhpss_focal_point", _("MHPSS focal point")
    COMMUNITY_MENTOR = "community_mentor", _("Community mentor")
    PROVIDER_AGENT = "provider_agent", _("Service-provider agent")
    PROTECTION_OFFICER = "protection_officer", _("Community protection officer")
    ME_OFFICER = "me_officer", _("M&E officer")
    NRM_COORDINATOR = "nrm_coordinator", _("NRM coordinator")
    OUTREACH_VOLUNTEER = "outreach_volunteer", _("Community outreach volunteer")


class Perm(StrEnum):
    # administration
    MANAGE_USERS = "manage_users"
    MANAGE_ORGANISATIONS = "manage_organisations"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    VIEW_AUDIT_LOG = "view_audit_log"
    # people and cases (rows are further scoped by organisation in sutura.access)
    VIEW_PERSONS = "view_persons"
    VIEW_ASSIGNED_PERSONS_MINIMAL = "view_assigned_persons_minimal"
    REGISTER_PERSONS = "register_persons"
    EDIT_PERSONS = "edit_persons"
    MANAGE_CASES = "manage_cases"
    APPROVE_PLANS = "approve_plans"
    # see each case manager's caseload, reassign cases, write supervision notes on cases
    SUPERVISE_CASELOADS = "supervise_caseloads"
    # run duplicate detection, review its proposals, merge and undo (sutura.dedup)
    REVIEW_DUPLICATES = "review_duplicates"
    # referrals
    MAKE_REFERRALS = "make_referrals"
    HANDLE_INCOMING_REFERRALS = "handle_incoming_referrals"
    # the service directory and the referral mechanism's figures
    PROPOSE_DIRECTORY_CHANGES = "propose_directory_changes"
    MANAGE_DIRECTORY = "manage_directory"
    VIEW_NRM_DASHBOARD = "view_nrm_dashboard"
    # mentoring and community work
    SUPERVISE_MENTORS = "supervise_mentors"
    RECORD_MENTORING = "record_mentoring"
    # volunteers' profiles and engagements, and which returnees each mentor supports
    MANAGE_VOLUNTEERS = "manage_volunteers"
    MANAGE_COMMUNITIES = "manage_communities"
    # numbers
    VIEW_INDICATORS = "view_indicators"
    # programmes: their donors, period, partners, budget envelopes and results framework
    MANAGE_PROGRAMMES = "manage_programmes"
    EXPORT_AGGREGATES = "export_aggregates"
    # data protection: subject-access exports, erasure requests and their decisions
    HANDLE_DATA_REQUESTS = "handle_data_requests"
    # meetings, workshops and trainings of one's organisation (a context's meetings follow
    # the context's own rule: sutura.access.meetings)
    RECORD_MEETINGS = "record_meetings"
    # the referral mechanism's governance: read (members' staff) and keep (the coordinator)
    VIEW_GOVERNANCE = "view_governance"
    MANAGE_GOVERNANCE = "manage_governance"
    # comment on a document under consultation (staff of the organisations consulted)
    COMMENT_DOCUMENTS = "comment_documents"
    # post placement offers (jobs, apprenticeships, training places) for one's organisation
    POST_OFFERS = "post_offers"
    # complaints and feedback: record what came by any channel (most staff and volunteers);
    # handle the organisation's items that are not sensitive; designate the PSEA focal points
    # who alone handle sensitive items (sexual exploitation and abuse, fraud)
    RECORD_FEEDBACK = "record_feedback"
    HANDLE_FEEDBACK = "handle_feedback"
    DESIGNATE_PSEA = "designate_psea"


R, P = Role, Perm

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    R.SYSTEM_ADMIN: frozenset(
        {
            P.MANAGE_USERS,
            P.MANAGE_ORGANISATIONS,
            P.MANAGE_REFERENCE_DATA,
            P.VIEW_AUDIT_LOG,
        }
    ),
    R.PROGRAMME_MANAGER: frozenset(
        {
            P.RECORD_FEEDBACK,
            P.HANDLE_FEEDBACK,
            P.DESIGNATE_PSEA,
            P.RECORD_MEETINGS,
            P.VIEW_GOVERNANCE,
            P.COMMENT_DOCUMENTS,
            P.VIEW_PERSONS,
            P.REGISTER_PERSONS,
            P.EDIT_PERSONS,
            P.MANAGE_CASES,
            P.APPROVE_PLANS,
            P.SUPERVISE_CASELOADS,
            P.REVIEW_DUPLICATES,
            P.MANAGE_VOLUNTEERS,
            P.MAKE_REFERRALS,
            P.PROPOSE_DIRECTORY_CHANGES,
            P.VIEW_NRM_DASHBOARD,
            P.VIEW_INDICATORS,
            P.EXPORT_AGGREGATES,
            P.HANDLE_DATA_REQUESTS,
            P.MANAGE_PROGRAMMES,
        }
    ),
    R.CASE_MANAGER: frozenset(
        {
            P.RECORD_FEEDBACK,
            P.RECORD_MEETINGS,
            P.VIEW_GOVERNANCE,
            P.VIEW_PERSONS,
            P.REGISTER_PERSONS,
            P.EDIT_PERSONS,
            P.MANAGE_CASES,
            P.MAKE_REFERRALS,
            P.PROPOSE_DIRECTORY_CHANGES,
        }
    ),
    R.MHPSS_FOCAL_POINT: frozenset(
        {
            P.RECORD_FEEDBACK,
            P.RECORD_MEETINGS,
            P.VIEW_GOVERNANCE,
            P.COMMENT_DOCUMENTS,
            P.SUPERVISE_MENTORS,
            P.MANAGE_VOLUNTEERS,
            P.MAKE_REFERRALS,
            P.HANDLE_INCOMING_REFERRALS,
            P.PROPOSE_DIRECTORY_CHANGES,
        }
    ),
    R.COMMUNITY_MENTOR: frozenset(
        {
            P.RECORD_FEEDBACK,
            P.VIEW_ASSIGNED_PERSONS_MINIMAL,
            P.RECORD_MENTORING,
            P.MAKE_REFERRALS,
            P.PROPOSE_DIRECTORY_CHANGES,
        }
    ),
    R.PROVIDER_AGENT: frozenset(
        {
            P.RECORD_FEEDBACK,
            P.VIEW_GOVERNANCE,
            P.COMMENT_DOCUMENTS,
            P.POST_OFFERS,
            P.HANDLE_INCOMING_REFERRALS,
            P.PROPOSE_DIRECTORY_CHANGES,
        }
    ),
    R.PROTECTION_OFFICER: frozenset(
        {
            P.RECORD_FEEDBACK,
            P.HANDLE_FEEDBACK,
            P.RECORD_MEETINGS,
            P.VIEW_GOVERNANCE,
            P.COMMENT_DOCUMENTS,
            P.MANAGE_COMMUNITIES,
            P.VIEW_INDICATORS,
            P.PROPOSE_DIRECTORY_CHANGES,
        }
    ),
    R.ME_OFFICER: frozenset(
        {
            P.RECORD_MEETINGS,
            P.VIEW_GOVERNANCE,
            P.VIEW_INDICATORS,
            P.EXPORT_AGGREGATES,
            P.VIEW_NRM_DASHBOARD,
        }
    ),
    # Keeps the directory and pathways current and follows the mechanism's figures; sees no
    # individual case (the dashboard is aggregates only).
    R.NRM_COORDINATOR: frozenset(
        {
            P.RECORD_FEEDBACK,
            P.RECORD_MEETINGS,
            P.VIEW_GOVERNANCE,
            P.MANAGE_GOVERNANCE,
            P.COMMENT_DOCUMENTS,
            P.MANAGE_DIRECTORY,
            P.PROPOSE_DIRECTORY_CHANGES,
            P.VIEW_NRM_DASHBOARD,
        }
    ),
    # A volunteer of the community-based protection programme: an account so that their
    # engagement (and its end) holds at sign-in and their trainings are theirs to read; they
    # see no community record, no case, nobody's data. Like the mentors, they may tell the
    # directory about a service they found in their area, and record a complaint or feedback
    # someone gave them (which they do not see again: sutura.access.feedback).
    R.OUTREACH_VOLUNTEER: frozenset({P.PROPOSE_DIRECTORY_CHANGES, P.RECORD_FEEDBACK}),
}


# What each role does, in a sentence: the top of their home page.
ROLE_INTRO = {
    Role.SYSTEM_ADMIN: _(
        "You manage users, organisations and reference data, and watch the audit log."
    ),
    Role.PROGRAMME_MANAGER: _(
        "You supervise your organisation's work and approve plans and budgets."
    ),
    Role.CASE_MANAGER: _(
        "You register returnees and follow their cases from screening to closure."
    ),
    Role.MHPSS_FOCAL_POINT: _(
        "You supervise community mentors and receive psychosocial referrals."
    ),
    Role.COMMUNITY_MENTOR: _("You support returnees in your community and report each month."),
    Role.PROVIDER_AGENT: _(
        "You receive referrals sent to your organisation and report their outcome."
    ),
    Role.PROTECTION_OFFICER: _(
        "You work with communities: risks, assets, action plans and committees."
    ),
    Role.ME_OFFICER: _("You follow the indicators, disaggregated by sex, age and place."),
    Role.NRM_COORDINATOR: _(
        "You keep the service directory and the referral pathways current, and follow how "
        "referrals are answered across the mechanism."
    ),
    Role.OUTREACH_VOLUNTEER: _(
        "You inform and listen to your community; the community protection officer supervises you."
    ),
}


def role_intros(roles: list[str]) -> list[str]:
    return [str(ROLE_INTRO[Role(code)]) for code in roles if code in Role.values]


# `Role.values` builds its list anew at each call; `can()` asks for a user's permissions dozens
# of times a page (the menu alone), so the known codes are kept once.
_ROLE_CODES = frozenset(Role.values)


def permissions_for(roles: list[str]) -> frozenset[Perm]:
    """Union of the permissions of `roles`; unknown role codes grant nothing."""
    granted: set[Perm] = set()
    for code in roles:
        if code in _ROLE_CODES:
            granted |= ROLE_PERMISSIONS[Role(code)]
    return frozenset(granted)


# Permissions that show people's data (files, shared referrals, the audit log, accounts):
# holders of a role granting one must use two-factor login when `SUTURA_TWO_FACTOR` says so.
PERSONAL_DATA_PERMS = frozenset(
    {
        Perm.VIEW_PERSONS,
        Perm.VIEW_ASSIGNED_PERSONS_MINIMAL,
        Perm.MAKE_REFERRALS,
        Perm.HANDLE_INCOMING_REFERRALS,
        Perm.VIEW_AUDIT_LOG,
        Perm.MANAGE_USERS,
    }
)


def sees_personal_data(roles: list[str]) -> bool:
    return bool(permissions_for(roles) & PERSONAL_DATA_PERMS)
