"""What each role's home page offers. One card per thing the user can do next; a card only
links to pages that exist and that the user may open."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm, Role
from sutura.core.navigation import StrOrPromise


@dataclass
class Card:
    title: StrOrPromise
    text: StrOrPromise
    links: list[tuple[str, str]] = field(default_factory=list)
    template: str = ""
    data: Any = None


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
}


def home_cards(user: Any) -> list[Card]:
    cards: list[Card] = []
    if can(user, Perm.VIEW_PERSONS):
        cards.append(
            Card(
                _("People"),
                _("Find a returnee by name or phone, or register a new person."),
                [(str(_("Find a person")), reverse("people:list"))]
                + (
                    [(str(_("Register a person")), reverse("people:register"))]
                    if can(user, Perm.REGISTER_PERSONS)
                    else []
                ),
            )
        )
    if can(user, Perm.MANAGE_CASES):
        from sutura.cases.selectors import overdue_follow_ups_for

        cards.append(
            Card(
                _("Overdue follow-ups"),
                _("Your open cases whose next follow-up date has passed."),
                [(str(_("All my cases")), reverse("cases:list"))],
                template="core/cards/overdue.html",
                data=list(overdue_follow_ups_for(user)),
            )
        )
    if can(user, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL):
        from sutura.cases.selectors import assigned_returnees_for

        cards.append(
            Card(
                _("Your returnees"),
                _("The returnees assigned to you: how to reach them."),
                template="core/cards/returnees.html",
                data=list(assigned_returnees_for(user)),
            )
        )
    cards += _referral_cards(user)
    if can(user, Perm.APPROVE_PLANS):
        from sutura.cases.selectors import plans_awaiting_approval_for

        cards.append(
            Card(
                _("Plans awaiting your approval"),
                _("Reintegration plans above the approval threshold."),
                template="core/cards/plans.html",
                data=list(plans_awaiting_approval_for(user)),
            )
        )
    if can(user, Perm.VIEW_INDICATORS) and can(user, Perm.APPROVE_PLANS):
        from sutura.cases.selectors import budget_for_organisation, budgets_by_programme

        cards.append(
            Card(
                _("Reintegration budget"),
                _("Planned, committed (approved plans) and disbursed, for your organisation."),
                template="core/cards/budgets.html",
                data={
                    "total": budget_for_organisation(user),
                    "programmes": budgets_by_programme(user),
                },
            )
        )
    if can(user, Perm.VIEW_INDICATORS):
        from sutura.people.selectors import registrations_by_sex_and_age

        cards.append(
            Card(
                _("People registered, by sex and age"),
                _("Your organisation's registrations to date."),
                template="core/cards/registrations.html",
                data=registrations_by_sex_and_age(user),
            )
        )
    if can(user, Perm.VIEW_AUDIT_LOG):
        cards.append(
            Card(
                _("Audit log"),
                _("Logins, failed logins, changes, reads of personal data and exports."),
                [(str(_("Open the audit log")), reverse("audit:list"))],
            )
        )
    if can(user, Perm.MANAGE_USERS) and user.is_staff:
        cards.append(
            Card(
                _("Users and organisations"),
                _("Create accounts, give roles and areas, reset a password."),
                [
                    (str(_("Users")), reverse("admin:accounts_user_changelist")),
                    (str(_("Organisations")), reverse("admin:accounts_organisation_changelist")),
                    (str(_("Locations")), reverse("admin:geo_location_changelist")),
                ],
            )
        )
    cards.append(
        Card(
            _("My account"),
            _("Your organisation, roles and areas; change your password or language."),
            [
                (str(_("My account")), reverse("accounts:profile")),
                (str(_("Change my password")), reverse("accounts:password_change")),
            ],
        )
    )
    return cards


def _referral_cards(user: Any) -> list[Card]:
    """Referrals waiting for the user, those they sent, the directory and the mechanism."""
    from sutura.directory.models import ChangeStatus
    from sutura.directory.selectors.proposals import changes_for
    from sutura.referrals.selectors import active, inbox_for, sent_by

    cards: list[Card] = []
    if can(user, Perm.HANDLE_INCOMING_REFERRALS) or can(user, Perm.MANAGE_CASES):
        waiting = list(active(inbox_for(user))[:8])
        if waiting or can(user, Perm.HANDLE_INCOMING_REFERRALS):
            cards.append(
                Card(
                    _("Referrals waiting for you"),
                    _("Acknowledge, accept or decline, then record the outcome."),
                    [(str(_("All referrals received")), reverse("referrals:inbox"))],
                    template="core/cards/referrals.html",
                    data=waiting,
                )
            )
    if can(user, Perm.MAKE_REFERRALS):
        cards.append(
            Card(
                _("Referrals you sent"),
                _("Where they stand; overdue ones first. Refer from a case page."),
                [(str(_("All referrals sent")), reverse("referrals:list"))],
                template="core/cards/referrals.html",
                data=list(active(sent_by(user))[:8]),
            )
        )
    directory_links = [
        (str(_("Find a service")), reverse("directory:list")),
        (str(_("Map")), reverse("directory:map")),
        (str(_("Referral pathways")), reverse("directory:pathways")),
    ]
    if can(user, Perm.MANAGE_DIRECTORY):
        directory_links.insert(0, (str(_("Review proposals")), reverse("directory:changes")))
        cards.append(
            Card(
                _("Service directory"),
                _("Proposals from mentors and staff, and entries to verify."),
                directory_links,
                template="core/cards/proposals.html",
                data=changes_for(user, ChangeStatus.PENDING).count(),
            )
        )
    else:
        cards.append(
            Card(
                _("Service directory"),
                _("Who offers what, where: health, MHPSS, legal aid, shelter, training, jobs…"),
                directory_links,
            )
        )
    if can(user, Perm.VIEW_NRM_DASHBOARD):
        cards.append(
            Card(
                _("Referral mechanism dashboard"),
                _("Referrals by need, provider, status and place; answer times; declines."),
                [(str(_("Open the dashboard")), reverse("nrm:dashboard"))],
            )
        )
    return cards


def role_intros(user: Any) -> list[str]:
    return [str(ROLE_INTRO[Role(code)]) for code in user.roles if code in Role.values]
