"""Reads of referrals, always through the access layer (and, for the sweeps that run without
a user, the two system reads at the end)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access.cases import works_on
from sutura.access.referrals import outgoing_filter, receiver_filter
from sutura.cases.models import Case
from sutura.directory.models import Service
from sutura.governance.selectors.protocols import is_member_expression, membership
from sutura.people.models import Consent, ConsentPurpose, ConsentStatus
from sutura.people.selectors import current_consent
from sutura.referrals.models import (
    ACTIVE_STATUSES,
    AWAITING_ANSWER,
    ENDED_STATUSES,
    PERSON_SECTIONS,
    Referral,
    ReferralStatus,
    ReferralTransition,
)
from sutura.referrals.sharing import may_share_personal_data

# What a referral page, a list row and the API read with each referral: the case and its
# person (names, sharing), the parent (standing), both organisations and who is named.
_RELATED = (
    "case",
    "case__person",
    "from_organisation",
    "to_organisation",
    "service",
    "to_user",
    "referred_by",
    "parent",
)

INCOMING, OUTGOING = "incoming", "outgoing"
ACTIVE, ENDED = "active", "ended"


@dataclass
class ReferralFilters:
    """What a list of referrals asks for, the same for pages and the API.

    `direction`: incoming (sent to the user or their organisation's agents), outgoing (made by
    the user's side), or both. `status`: a status, "active" (under way; on the referring side
    a draft counts too: it is work in hand), "ended", or all. `overdue`: unanswered past the
    deadline only."""

    direction: str = ""
    status: str = ""
    urgency: str = ""
    overdue: bool = False

    @property
    def narrowed(self) -> bool:
        """Narrowed beyond the direction (what the audit log calls a search)."""
        return bool(self.status or self.urgency or self.overdue)


def referrals_for(user: Any, filters: ReferralFilters | None = None) -> models.QuerySet[Referral]:
    """The referrals a user deals with, filtered, newest first."""
    filters = filters or ReferralFilters()
    referrals = with_membership(visible(user, Referral).select_related(*_RELATED))
    if filters.direction == INCOMING:
        referrals = referrals.filter(receiver_filter(user)).order_by("-sent_at")
    elif filters.direction == OUTGOING:
        referrals = (
            referrals.filter(outgoing_filter(user))
            .exclude(receiver_filter(user))
            .order_by("-created_at")
        )
    else:
        referrals = referrals.order_by("-created_at")
    if filters.status == ACTIVE:
        drafts = {ReferralStatus.DRAFT} if filters.direction == OUTGOING else set()
        referrals = referrals.filter(status__in={*ACTIVE_STATUSES, *drafts})
    elif filters.status == ENDED:
        referrals = referrals.filter(status__in=ENDED_STATUSES)
    elif filters.status in ReferralStatus.values:
        referrals = referrals.filter(status=filters.status)
    if filters.urgency:
        referrals = referrals.filter(urgency=filters.urgency)
    if filters.overdue:
        referrals = overdue(referrals)
    return referrals


def inbox_for(user: Any) -> models.QuerySet[Referral]:
    """Referrals sent to the user or to their organisation's agents (drafts never show)."""
    return referrals_for(user, ReferralFilters(direction=INCOMING))


def sent_by(user: Any) -> models.QuerySet[Referral]:
    """Referrals the user's side made (not those addressed to the user)."""
    return referrals_for(user, ReferralFilters(direction=OUTGOING))


def referral_for(user: Any, pk: Any) -> Referral:
    """One referral the user deals with, or 404, with everything its page and the API show."""
    return get_visible_or_404(
        user, with_membership(visible(user, Referral).select_related(*_RELATED)), pk=pk
    )


# What says where a user stands on a referral (`access.referrals.standing`).
_STANDING = ("case", "parent")


def referral_to_act_on(user: Any, pk: Any) -> Referral:
    """One referral the user deals with, or 404, read for a step of the workflow: with only
    what says where the user stands on it. The step's service reads it again, locked, with
    what the step needs; most requests end here (404) or there (403, 409)."""
    return get_visible_or_404(user, Referral.objects.select_related(*_STANDING), pk=pk)


def referrals_for_case(user: Any, case: Case) -> models.QuerySet[Referral]:
    """The referrals of a case, counter-referrals included, oldest first (the chain)."""
    return with_membership(
        visible(user, Referral).filter(case=case).select_related(*_RELATED).order_by("created_at")
    )


def with_membership(referrals: models.QuerySet[Referral]) -> models.QuerySet[Referral]:
    """Each referral knows whether its receiving organisation is an NRM member today
    (`to_member_now`), in the same query: the sharing rules read it row by row."""
    return referrals.annotate(to_member_now=is_member_expression("to_organisation_id"))


def history_of(user: Any, referral: Referral) -> models.QuerySet[ReferralTransition]:
    """Every change of status and every update of a referral: who, when, why."""
    return (
        visible(user, ReferralTransition)
        .filter(referral=referral)
        .select_related("actor", "actor__organisation")
        .order_by("created_at")
    )


def active(queryset: models.QuerySet[Referral]) -> models.QuerySet[Referral]:
    """Referrals still under way: those waiting for an answer first, the most overdue first,
    then those being worked on."""
    waiting_first = models.Case(
        models.When(status__in=list(AWAITING_ANSWER), then=0),
        default=1,
        output_field=models.IntegerField(),
    )
    return queryset.filter(status__in=ACTIVE_STATUSES).order_by(
        waiting_first, models.F("respond_by").asc(nulls_last=True), "-sent_at"
    )


def overdue(queryset: models.QuerySet[Referral]) -> models.QuerySet[Referral]:
    return queryset.filter(status__in=AWAITING_ANSWER, respond_by__lt=timezone.now())


def chain_of(user: Any, referral: Referral) -> list[Referral]:
    """The referral it came from and those it led to, as far as the user may see them."""
    ids = {referral.pk}
    root = referral
    while root.parent_id is not None:
        parent = visible(user, Referral).filter(pk=root.parent_id).first()
        if parent is None or parent.pk in ids:
            break
        root = parent
        ids.add(root.pk)
    chain = [root]
    frontier = [root.pk]
    while frontier:
        children = list(
            visible(user, Referral).filter(parent_id__in=frontier).order_by("created_at")
        )
        chain.extend(child for child in children if child.pk not in {c.pk for c in chain})
        frontier = [child.pk for child in children]
    return chain


# --- for the sweeps, which run without a user --------------------------------------------------


def under_way_for_person(person_id: Any) -> models.QuerySet[Referral]:
    """Every referral under way of a person, whoever made it (a consent decision of the person
    applies to all of them)."""
    return Referral.objects.filter(
        case__person_id=person_id, status__in=list(ACTIVE_STATUSES)
    ).select_related("case", "case__case_manager", "referred_by", "to_user")


def under_way_relying_on_membership(organisation_id: Any) -> models.QuerySet[Referral]:
    """The referrals under way to an organisation that carry personal data under its NRM
    membership alone (not internal, no named consent), whoever made them: when its
    signature lapses, their senders and receivers are told."""
    return (
        Referral.objects.filter(
            to_organisation_id=organisation_id,
            status__in=list(ACTIVE_STATUSES),
            to_user__isnull=True,
            sharing_consent__isnull=True,
        )
        .exclude(shared_sections=[])
        .select_related("case", "case__case_manager", "referred_by", "to_organisation")
    )


def sharing_person(person: Any) -> models.QuerySet[Referral]:
    """The referrals of a person's file (whatever their status, whoever made them) that share
    something of the person itself (identity, contact): a merge of the file holds them."""
    return Referral.objects.filter(
        case__person=person, shared_sections__overlap=sorted(PERSON_SECTIONS)
    ).select_related(*_TOLD)


def sharing_consent_organisations(person: Any) -> list[Any]:
    """The organisations a person's file holds a named sharing decision for (after a merge,
    the decision in force for each is applied again)."""
    return list(
        Consent.objects.filter(
            person=person, purpose=ConsentPurpose.SHARING, shared_with__isnull=False
        )
        .values_list("shared_with_id", flat=True)
        .distinct()
    )


def held_by_merge(merge_id: Any) -> models.QuerySet[Referral]:
    """The referrals a merge holds, whoever made them: its undo lifts the hold."""
    return Referral.objects.filter(sharing_held_by__contains=[merge_id]).select_related(*_TOLD)


# What telling both sides of a held referral reads with it.
_TOLD = ("case", "case__case_manager", "referred_by", "to_user", "to_organisation")


def overdue_unannounced(now: Any) -> models.QuerySet[Referral]:
    """Referrals past their answer deadline that nobody was told about yet."""
    return Referral.objects.filter(
        status__in=list(AWAITING_ANSWER), respond_by__lt=now, overdue_notified_at__isnull=True
    ).select_related("case__case_manager", "referred_by", "to_user", "from_organisation")


# --- what a referrer sees while filling in a referral ------------------------------------------


def referral_consent(case: Case) -> dict[str, Any]:
    """The person's current decision about being referred, for the referral form."""
    consent = current_consent(case.person, ConsentPurpose.REFERRAL)
    return {
        "consent": consent,
        "given": consent is not None and consent.status == ConsentStatus.GIVEN,
    }


def service_facts(service: Service, case: Case | None) -> dict[str, Any]:
    """What the referrer should know about a service before sharing anything with it: whether
    its provider signed the NRM protocol, whether the person's data may go to it (known only
    on the case's side), and whether the person meets its eligibility."""
    person = case.person if case is not None else None
    member = membership(service.provider).is_member
    return {
        "service": service,
        "member": member,
        "may_share": may_share_personal_data(case, service.provider)
        if case is not None
        else member,
        "eligible": service.accepts(
            age=person.age(), sex=person.sex, nationality=person.nationality
        )
        if person is not None
        else None,
    }


def case_to_refer_from(user: Any, case_id: Any) -> Case | None:
    """A case the user works on in full (the referral form's service panel), or None."""
    case = visible(user, Case).filter(pk=case_id).select_related("person").first()
    return case if case is not None and works_on(user, case) else None
