"""Reads of offers and proposals, always through the access layer (`access/placements.py`),
and the figures per offer and per employer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from sutura.access import can, get_visible_or_404, visible
from sutura.access.cases import works_on
from sutura.access.placements import counts_for, proposals_counted_for
from sutura.access.referrals import receiver_filter
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.cases.models import Case, CaseStatus, Dimension, PlannedAssistance, ReintegrationPlan
from sutura.directory.models import Service, ServiceCategory
from sutura.geo.models import Location
from sutura.geo.queries import within
from sutura.governance.selectors.protocols import is_member_expression
from sutura.placements.models import (
    NotRetainedReason,
    Offer,
    OfferStatus,
    Proposal,
    ProposalOutcome,
)
from sutura.referrals.models import ACTIVE_STATUSES, ENDED_STATUSES, Referral

# The directory services through which an employer receives proposals: its employment and
# livelihoods services, or its education and vocational training services.
SUITABLE_CATEGORIES = (ServiceCategory.LIVELIHOODS, ServiceCategory.EDUCATION)

_OFFER_RELATED = ("employer", "service", "posted_by", "location__parent__parent")
# What a proposal row reads with it: the offer, and the referral with what its standing and
# the person's name (`referrals.sharing.names_for`) need.
_PROPOSAL_RELATED = (
    "offer",
    "offer__employer",
    "referral",
    "referral__case",
    "referral__case__person",
    "referral__parent",
    "referral__to_organisation",
    "referral__from_organisation",
    "proposed_by",
    "outcome_recorded_by",
)


# --- offers ------------------------------------------------------------------------------------


@dataclass
class OfferFilters:
    kind: str = ""
    sector: str = ""
    location: Location | None = None  # offers in this place or any unit below it
    open_now: bool = False
    status: str = ""
    employer: Organisation | None = None

    @property
    def narrowed(self) -> bool:
        return any((self.kind, self.sector, self.location, self.status, self.employer))


def open_now(queryset: models.QuerySet[Offer]) -> models.QuerySet[Offer]:
    today = timezone.localdate()
    return queryset.filter(status=OfferStatus.OPEN, opens_on__lte=today, closes_on__gte=today)


def offers_for(user: Any, filters: OfferFilters | None = None) -> models.QuerySet[Offer]:
    """The offers a user may see, filtered, those closing soonest first."""
    filters = filters or OfferFilters()
    offers = visible(user, Offer).select_related(*_OFFER_RELATED)
    if filters.kind:
        offers = offers.filter(kind=filters.kind)
    if filters.sector:
        offers = offers.filter(sector=filters.sector)
    if filters.location is not None:
        offers = offers.filter(within("location", filters.location))
    if filters.status:
        offers = offers.filter(status=filters.status)
    if filters.employer is not None:
        offers = offers.filter(employer=filters.employer)
    if filters.open_now:
        offers = open_now(offers)
    return offers.order_by("closes_on", "title", "pk")


def offer_for(user: Any, pk: Any) -> Offer:
    """One offer the user may see, or 404."""
    return get_visible_or_404(user, Offer.objects.select_related(*_OFFER_RELATED), pk=pk)


def services_for_offers(user: Any) -> models.QuerySet[Service]:
    """The services an offer of this user may name (the employer is the service's provider):
    active employment or training services of their own organisation — of every active
    organisation for the NRM coordinator, who posts on an employer's behalf."""
    services = (
        visible(user, Service)
        .filter(is_active=True, provider__is_active=True, category__in=SUITABLE_CATEGORIES)
        .select_related("provider")
        .order_by("provider__name", "name_fr")
    )
    if can(user, Perm.MANAGE_GOVERNANCE):
        return services
    return services.filter(provider_id=user.organisation_id)


def employers_for(user: Any) -> models.QuerySet[Organisation]:
    """The employers a list of offers may be narrowed to: those whose offers the user sees."""
    ids = visible(user, Offer).values("employer_id")
    return visible(user, Organisation).filter(pk__in=ids).order_by("name")


# --- proposals ---------------------------------------------------------------------------------


def proposals_for(user: Any) -> models.QuerySet[Proposal]:
    """The proposals a user sees (they stand on the referral), newest first."""
    return visible(user, Proposal).select_related(*_PROPOSAL_RELATED).order_by("-created_at")


def proposal_for(user: Any, pk: Any) -> Proposal:
    """One proposal the user sees, or 404."""
    return get_visible_or_404(user, Proposal.objects.select_related(*_PROPOSAL_RELATED), pk=pk)


def proposals_of_offer(user: Any, offer: Offer) -> models.QuerySet[Proposal]:
    """The proposals of an offer the user sees: the employer's agents those they receive, the
    proposing side its own. Each row knows whether its referral's receiver is an NRM member
    today (`with_receiver_membership`), in the same query."""
    return (
        proposals_for(user)
        .filter(offer=offer)
        .annotate(receiver_member_now=is_member_expression("referral__to_organisation_id"))
    )


def with_receiver_membership(proposals: list[Proposal]) -> list[Proposal]:
    """Hand each referral the membership its proposal row carries (the sharing rules read
    `to_member_now` instead of asking once per row)."""
    for proposal in proposals:
        member = getattr(proposal, "receiver_member_now", None)
        if member is not None:
            proposal.referral.to_member_now = member  # type: ignore[attr-defined]
    return proposals


def proposal_of_referral(user: Any, referral: Referral) -> Proposal | None:
    """The proposal a referral carries, if any (a section of the referral page)."""
    return proposals_for(user).filter(referral=referral).first()


def proposals_of_case(user: Any, case: Case) -> models.QuerySet[Proposal]:
    return proposals_for(user).filter(referral__case=case)


def waiting_for_answer(user: Any) -> models.QuerySet[Proposal]:
    """Proposals the user's organisation received and has not answered (no outcome yet, the
    referral still under way)."""
    received = visible(user, Referral).filter(receiver_filter(user))
    return proposals_for(user).filter(
        referral__in=received, outcome="", referral__status__in=ACTIVE_STATUSES
    )


def already_proposed(user: Any, offer: Offer, case: Case) -> bool:
    """The returnee of this case is already proposed for this offer (under way, or placed)."""
    return (
        visible(user, Proposal)
        .filter(offer=offer, referral__case=case)
        .filter(
            Q(outcome=ProposalOutcome.PLACED) | Q(outcome="", referral__status__in=ACTIVE_STATUSES)
        )
        .exists()
    )


# --- the rule: an economic dimension -----------------------------------------------------------


@dataclass
class EconomicDimension:
    """Whether a case's reintegration plan has an economic dimension: a plan, holding at least
    one planned assistance item in the economic dimension (vocational training, a start-up
    kit, job placement…). The plan's approval status does not matter: what the case manager
    and the returnee agreed on is what a placement serves."""

    has_plan: bool
    economic_items: int

    @property
    def present(self) -> bool:
        return self.has_plan and self.economic_items > 0


def economic_dimension(user: Any, case: Case) -> EconomicDimension:
    """The rule, read as the case team sees the plan (nothing for anyone else)."""
    has_plan = visible(user, ReintegrationPlan).filter(case=case).exists()
    items = visible(user, PlannedAssistance).filter(plan__case=case, dimension=Dimension.ECONOMIC)
    return EconomicDimension(has_plan=has_plan, economic_items=items.count() if has_plan else 0)


def cases_with_economic_plan(user: Any) -> models.QuerySet[Case]:
    """The open cases the user works on whose plan has an economic dimension (those they may
    propose), most recently opened first."""
    economic = visible(user, PlannedAssistance).filter(dimension=Dimension.ECONOMIC)
    return (
        visible(user, Case)
        .filter(pk__in=economic.values("plan__case_id"))
        .exclude(status=CaseStatus.CLOSED)
        .select_related("person")
        .order_by("-opened_on", "number")
    )


def case_by_number(user: Any, number: str) -> Case | None:
    """A case the user works on in full, by its number (the proposal form), or None."""
    case = (
        visible(user, Case)
        .filter(number__iexact=number.strip())
        .select_related("person", "organisation")
        .first()
    )
    return case if case is not None and works_on(user, case) else None


# --- figures -----------------------------------------------------------------------------------


@dataclass
class Counts:
    """Proposals by outcome: placed, not retained (by reason), pending (under way, no outcome
    yet), ended without an outcome here (declined, withdrawn or closed through the referral
    itself)."""

    proposed: int = 0
    placed: int = 0
    not_retained: int = 0
    pending: int = 0
    ended_otherwise: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)

    def reasons(self) -> list[tuple[str, int]]:
        """(label, count) for every reason, in the reasons' order."""
        return [
            (str(label), self.by_reason.get(value, 0)) for value, label in NotRetainedReason.choices
        ]


def _tallies() -> dict[str, Any]:
    not_retained = Q(outcome=ProposalOutcome.NOT_RETAINED)
    tallies: dict[str, Any] = {
        "proposed": Count("pk"),
        "placed": Count("pk", filter=Q(outcome=ProposalOutcome.PLACED)),
        "not_retained": Count("pk", filter=not_retained),
        "pending": Count("pk", filter=Q(outcome="", referral__status__in=ACTIVE_STATUSES)),
        "ended_otherwise": Count("pk", filter=Q(outcome="", referral__status__in=ENDED_STATUSES)),
    }
    for value in NotRetainedReason.values:
        tallies[f"reason_{value}"] = Count("pk", filter=not_retained & Q(not_retained_reason=value))
    return tallies


def _counts(row: dict[str, Any]) -> Counts:
    return Counts(
        proposed=row["proposed"],
        placed=row["placed"],
        not_retained=row["not_retained"],
        pending=row["pending"],
        ended_otherwise=row["ended_otherwise"],
        by_reason={value: row[f"reason_{value}"] for value in NotRetainedReason.values},
    )


def offer_counts(user: Any, offer: Offer) -> Counts | None:
    """An offer's figures, for the coordinator and the employer's staff (None for others)."""
    if not counts_for(user, offer.employer_id):
        return None
    return _counts(proposals_counted_for(user).filter(offer=offer).aggregate(**_tallies()))


def placed_on(user: Any, offer: Offer) -> int:
    """How many were placed on an offer (its employer's staff: is it filled?)."""
    return proposals_counted_for(user).filter(offer=offer, outcome=ProposalOutcome.PLACED).count()


@dataclass
class EmployerRow:
    employer: Organisation
    offers: int
    open_offers: int
    places: int
    counts: Counts


def employers_summary(user: Any) -> list[EmployerRow]:
    """Per employer: offers, open offers, places, and the proposals' figures — every employer
    with an offer for the NRM coordinator, one's own organisation for an employer's staff."""
    offers = visible(user, Offer)
    if not can(user, Perm.MANAGE_GOVERNANCE):
        offers = offers.filter(employer_id=user.organisation_id)
    today = timezone.localdate()
    open_q = Q(status=OfferStatus.OPEN, opens_on__lte=today, closes_on__gte=today)
    per_employer = {
        row["employer_id"]: row
        for row in offers.values("employer_id").annotate(
            offers=Count("pk"), open_offers=Count("pk", filter=open_q), places=models.Sum("places")
        )
    }
    figures = {
        row["offer__employer_id"]: _counts(row)
        for row in proposals_counted_for(user)
        .filter(offer__employer_id__in=list(per_employer))
        .values("offer__employer_id")
        .annotate(**_tallies())
    }
    employers = visible(user, Organisation).filter(pk__in=list(per_employer)).order_by("name")
    return [
        EmployerRow(
            employer=employer,
            offers=per_employer[employer.pk]["offers"],
            open_offers=per_employer[employer.pk]["open_offers"],
            places=per_employer[employer.pk]["places"] or 0,
            counts=figures.get(employer.pk, Counts()),
        )
        for employer in employers
    ]


def open_offers_count(user: Any) -> int:
    return open_now(visible(user, Offer)).count()


# --- a section of the case page -----------------------------------------------------------------


def placements_for_case(user: Any, case: Case) -> dict[str, Any] | None:
    """For the case team: whether the returnee may be proposed (the economic dimension), the
    offers open now, and the proposals already made. None for anyone else."""
    if not works_on(user, case) or not can(user, Perm.MAKE_REFERRALS):
        return None
    return {
        "economic": economic_dimension(user, case),
        "offers": list(offers_for(user, OfferFilters(open_now=True))[:5]),
        "proposals": list(proposals_of_case(user, case)),
    }
