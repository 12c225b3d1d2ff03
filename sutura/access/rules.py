"""The scoping rules, model by model. Read this file to know who sees what."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Perm, Role
from sutura.audit.models import AuditEntry
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    CaseDocument,
    CaseNote,
    Confidentiality,
    FollowUp,
    NeedsAssessment,
    PlannedAssistance,
    Programme,
    ReintegrationPlan,
    VulnerabilityScreening,
)
from sutura.directory.models import ChangeStatus, Pathway, PathwayStep, Service, ServiceChange
from sutura.geo.models import Location
from sutura.notifications.models import Notification
from sutura.people.models import (
    Consent,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonNameWord,
)
from sutura.referrals.models import Referral, ReferralStatus, ReferralTransition


@register_scope(Location)
def _locations(user: Any, queryset: models.QuerySet[Location]) -> models.QuerySet[Location]:
    return queryset  # reference data: every signed-in user


@register_scope(Organisation)
def _organisations(
    user: Any, queryset: models.QuerySet[Organisation]
) -> models.QuerySet[Organisation]:
    return queryset  # the list of organisations is not personal data


@register_scope(User)
def _users(user: Any, queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    if can(user, Perm.MANAGE_USERS):
        return queryset
    return queryset.filter(pk=user.pk)


@register_scope(AuditEntry)
def _audit(user: Any, queryset: models.QuerySet[AuditEntry]) -> models.QuerySet[AuditEntry]:
    return queryset if can(user, Perm.VIEW_AUDIT_LOG) else queryset.none()


@register_scope(Notification)
def _notifications(
    user: Any, queryset: models.QuerySet[Notification]
) -> models.QuerySet[Notification]:
    return queryset.filter(recipient_id=user.pk)  # one's own, and nobody else's


def _sees_only_assigned_cases(user: Any) -> bool:
    """A case manager whose organisation restricts them to the cases assigned to them."""
    if Role.PROGRAMME_MANAGER in user.roles:
        return False
    return not user.organisation.case_managers_see_all_cases


def case_filter(user: Any) -> Q | None:
    """Which cases the user works on in full; None: none at all."""
    if user.organisation_id is None or not can(user, Perm.MANAGE_CASES):
        return None
    condition = Q(organisation_id=user.organisation_id)
    if _sees_only_assigned_cases(user):
        condition &= Q(case_manager_id=user.pk)
    return condition


@register_scope(Case)
def _cases(user: Any, queryset: models.QuerySet[Case]) -> models.QuerySet[Case]:
    """Case and programme staff: their organisation's cases (or only their own, per the
    organisation's setting). Mentors: the cases they are assigned to, shown as a minimal
    profile (see `sees_case_in_full`). Provider agents and focal points get cases through
    referrals; M&E officers and administrators never see individual cases."""
    condition = case_filter(user)
    if can(user, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL):
        mentor = Q(mentor_id=user.pk, organisation_id=user.organisation_id)
        condition = mentor if condition is None else condition | mentor
    return queryset.none() if condition is None else queryset.filter(condition)


def sees_case_in_full(user: Any, case: Case) -> bool:
    """False for a mentor: they see a minimal profile of their returnees, nothing else."""
    condition = case_filter(user)
    return condition is not None and Case.objects.filter(condition, pk=case.pk).exists()


def _full_cases(user: Any) -> models.QuerySet[Case]:
    condition = case_filter(user)
    return Case.objects.none() if condition is None else Case.objects.filter(condition)


@register_scope(Person)
def _persons(user: Any, queryset: models.QuerySet[Person]) -> models.QuerySet[Person]:
    """Case and programme staff see the people their organisation registered (or, when they
    see only their assigned cases, the people of those cases and those they registered)."""
    if user.organisation_id is None or not can(user, Perm.VIEW_PERSONS):
        return queryset.none()
    mine = queryset.filter(organisation_id=user.organisation_id)
    if _sees_only_assigned_cases(user):
        return mine.filter(Q(registered_by_id=user.pk) | Q(cases__in=_full_cases(user))).distinct()
    return mine


@register_scope(PersonNameWord)
def _name_words(user: Any, queryset: models.QuerySet[PersonNameWord]) -> models.QuerySet[Any]:
    """The name index follows the people it indexes; its organisation column lets the index
    answer a whole organisation's search on its own."""
    if user.organisation_id is None or not can(user, Perm.VIEW_PERSONS):
        return queryset.none()
    mine = queryset.filter(organisation_id=user.organisation_id)
    if _sees_only_assigned_cases(user):
        return mine.filter(person__in=_persons(user, Person.objects.all()))
    return mine


def _person_records(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    from sutura.access.scopes import visible

    return queryset.filter(person__in=visible(user, Person))


def _case_records(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset.filter(case__in=_full_cases(user))


PERSON_RECORDS: tuple[type[models.Model], ...] = (Consent, HouseholdMember, IdentityDocument)
CASE_RECORDS: tuple[type[models.Model], ...] = (
    VulnerabilityScreening,
    NeedsAssessment,
    ReintegrationPlan,
    FollowUp,
)
for _model in PERSON_RECORDS:
    register_scope(_model)(_person_records)
for _model in CASE_RECORDS:
    register_scope(_model)(_case_records)


@register_scope(PlannedAssistance)
def _items(user: Any, queryset: models.QuerySet[PlannedAssistance]) -> models.QuerySet[Any]:
    return queryset.filter(plan__case__in=_full_cases(user))


@register_scope(AssistanceDelivery)
def _deliveries(user: Any, queryset: models.QuerySet[AssistanceDelivery]) -> models.QuerySet[Any]:
    return queryset.filter(item__plan__case__in=_full_cases(user))


def _restricted_ok(user: Any) -> Q:
    """Restricted notes and documents: the case's manager and their supervisors."""
    if Role.PROGRAMME_MANAGER in user.roles:
        return Q()
    return Q(confidentiality=Confidentiality.NORMAL) | Q(case__case_manager_id=user.pk)


@register_scope(CaseNote)
def _notes(user: Any, queryset: models.QuerySet[CaseNote]) -> models.QuerySet[CaseNote]:
    return queryset.filter(_restricted_ok(user), case__in=_full_cases(user))


@register_scope(CaseDocument)
def _documents(user: Any, queryset: models.QuerySet[CaseDocument]) -> models.QuerySet[Any]:
    return queryset.filter(_restricted_ok(user), case__in=_full_cases(user))


@register_scope(Programme)
def _programmes(user: Any, queryset: models.QuerySet[Programme]) -> models.QuerySet[Programme]:
    if user.organisation_id is None:
        return queryset.none()
    return queryset.filter(organisation_id=user.organisation_id)


def persons_counted_for(user: Any) -> models.QuerySet[Person]:
    """The people whose records feed this user's indicators (counts only, never rows)."""
    if user.organisation_id is None or not can(user, Perm.VIEW_INDICATORS):
        return Person.objects.none()
    return Person.objects.filter(organisation_id=user.organisation_id)


def cases_counted_for(user: Any) -> models.QuerySet[Case]:
    """The cases whose figures feed this user's budgets and indicators (aggregates only)."""
    if user.organisation_id is None or not can(user, Perm.VIEW_INDICATORS):
        return Case.objects.none()
    return Case.objects.filter(organisation_id=user.organisation_id)


def colleagues(user: Any, role: Role) -> models.QuerySet[User]:
    """Active users of the user's own organisation holding a role (to assign work to)."""
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id, is_active=True, roles__contains=[role]
    ).order_by("last_name", "first_name")


# --- the service directory (not personal data) and referrals ---------------------------------


@register_scope(Service)
def _services(user: Any, queryset: models.QuerySet[Service]) -> models.QuerySet[Service]:
    """Every signed-in user reads the directory; withdrawn entries (or entries of a provider
    no longer active) only its coordinators."""
    if can(user, Perm.MANAGE_DIRECTORY):
        return queryset
    return queryset.filter(is_active=True, provider__is_active=True)


def public_services() -> models.QuerySet[Service]:
    """The directory as published to anyone (the public API, other tools' maps)."""
    return Service.objects.filter(is_active=True, provider__is_active=True)


def public_pathways() -> models.QuerySet[Pathway]:
    """Pathways in use, as published to anyone, each step naming only published services."""
    steps = PathwayStep.objects.order_by("order").prefetch_related(
        models.Prefetch("services", queryset=public_services().order_by("name_fr"))
    )
    return (
        Pathway.objects.filter(is_active=True)
        .select_related("area")
        .prefetch_related(models.Prefetch("steps", queryset=steps))
        .order_by("need", "title_fr")
    )


@register_scope(ServiceChange)
def _service_changes(user: Any, queryset: models.QuerySet[ServiceChange]) -> models.QuerySet[Any]:
    """Coordinators review every proposal; others see the ones they made and every approved
    change (an entry's history is public to its readers; pending and rejected ones are not)."""
    if can(user, Perm.MANAGE_DIRECTORY):
        return queryset
    return queryset.filter(Q(proposed_by_id=user.pk) | Q(status=ChangeStatus.APPROVED))


@register_scope(Pathway)
def _pathways(user: Any, queryset: models.QuerySet[Pathway]) -> models.QuerySet[Pathway]:
    return queryset if can(user, Perm.MANAGE_DIRECTORY) else queryset.filter(is_active=True)


@register_scope(PathwayStep)
def _pathway_steps(user: Any, queryset: models.QuerySet[PathwayStep]) -> models.QuerySet[Any]:
    return queryset.filter(pathway__in=_pathways(user, Pathway.objects.all()))


def incoming_referrals(user: Any) -> Q:
    """Referrals addressed to the user: by name, or to their organisation when they handle its
    incoming referrals. Never drafts."""
    incoming = Q(to_user_id=user.pk)
    if user.organisation_id is not None and can(user, Perm.HANDLE_INCOMING_REFERRALS):
        incoming |= Q(to_organisation_id=user.organisation_id, to_user__isnull=True)
    return incoming & ~Q(status=ReferralStatus.DRAFT)


def outgoing_referrals(user: Any) -> Q:
    """Referrals the user's side made: by them, on the cases they work on, and (for agents)
    the counter-referrals their organisation sent onward."""
    condition = Q(referred_by_id=user.pk)
    cases = case_filter(user)
    if cases is not None:
        condition |= Q(case__in=Case.objects.filter(cases))
    if user.organisation_id is not None and can(user, Perm.HANDLE_INCOMING_REFERRALS):
        condition |= Q(from_organisation_id=user.organisation_id, parent__isnull=False)
    return condition


def referral_filter(user: Any) -> Q | None:
    """Which referrals a user deals with: the referring side and the receiving side.

    Seeing a referral is not seeing the case: what a receiver reads of the person goes
    through `sutura.referrals.sharing`, section by section, while the referral is active."""
    if user.organisation_id is None:
        return None
    return outgoing_referrals(user) | incoming_referrals(user)


@register_scope(Referral)
def _referrals(user: Any, queryset: models.QuerySet[Referral]) -> models.QuerySet[Referral]:
    condition = referral_filter(user)
    return queryset.none() if condition is None else queryset.filter(condition)


@register_scope(ReferralTransition)
def _referral_history(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset.filter(referral__in=_referrals(user, Referral.objects.all()))


def referrals_counted_for(user: Any) -> models.QuerySet[Referral]:
    """The referrals whose figures feed this user's NRM dashboard (aggregates only): the whole
    mechanism for its coordinators, the referrals made or received by one's organisation
    otherwise. Drafts are nobody's figures."""
    if user.organisation_id is None or not can(user, Perm.VIEW_NRM_DASHBOARD):
        return Referral.objects.none()
    sent = Referral.objects.exclude(status=ReferralStatus.DRAFT)
    if can(user, Perm.MANAGE_DIRECTORY):
        return sent
    return sent.filter(
        Q(from_organisation_id=user.organisation_id) | Q(to_organisation_id=user.organisation_id)
    )
