"""Placement writes: posting and changing an offer, proposing a returnee for it (a referral to
the offer's service), and recording the outcome (which takes the referral's own steps).

Each takes the acting user first and keyword arguments, checks who may act, and runs in one
transaction; the referral's rules (consent, what may be shared with whom, its workflow and
notifications) are the referral services' own, called here, never repeated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import can
from sutura.access.cases import works_on
from sutura.access.placements import posts_for
from sutura.access.referrals import standing
from sutura.accounts.roles import Perm
from sutura.cases.models import Case
from sutura.core.concurrency import save_versioned
from sutura.core.dates import date_format
from sutura.core.locking import locked
from sutura.directory.models import Service
from sutura.geo.models import Location
from sutura.placements import selectors
from sutura.placements.models import (
    NotRetainedReason,
    Offer,
    OfferKind,
    OfferStatus,
    Proposal,
    ProposalOutcome,
    Sector,
)
from sutura.referrals.models import (
    ClosureReason,
    DeclineReason,
    Outcome,
    ReferralStatus,
    Urgency,
)
from sutura.referrals.services import referring, workflow

S = ReferralStatus
OFFER_FIELDS = (
    "kind",
    "title",
    "sector",
    "location",
    "address",
    "places",
    "requirements",
    "opens_on",
    "closes_on",
)


# --- offers ------------------------------------------------------------------------------------


def _check_service(actor: Any, service: Service) -> None:
    """The service names the employer: one the actor may post for, suitable, in use."""
    if not posts_for(actor, service.provider_id):
        raise PermissionDenied(_("You can post offers only for your own organisation's services."))
    if (
        not service.is_active
        or not service.provider.is_active
        or service.category not in selectors.SUITABLE_CATEGORIES
    ):
        raise ValidationError(
            {
                "service": _(
                    "Proposals reach an employer through one of its active employment or "
                    "vocational training services in the directory: choose one."
                )
            }
        )


def _check_values(data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    if data["kind"] not in OfferKind.values:
        errors["kind"] = _("Choose the kind of offer.")
    if data["sector"] not in Sector.values:
        errors["sector"] = _("Choose a sector.")
    if not str(data["title"]).strip():
        errors["title"] = _("Give the offer a title.")
    if not isinstance(data["location"], Location):
        errors["location"] = _("Choose where the work or training takes place.")
    if data["places"] is None or data["places"] < 1:
        errors["places"] = _("An offer has at least one place.")
    if data["opens_on"] and data["closes_on"] and data["closes_on"] < data["opens_on"]:
        errors["closes_on"] = _("The closing date must not be before the opening date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def post_offer(
    *,
    actor: Any,
    service: Service,
    kind: str,
    title: str,
    sector: str,
    location: Location,
    opens_on: date,
    closes_on: date,
    places: int = 1,
    address: str = "",
    requirements: str = "",
) -> Offer:
    """An employer (or the NRM coordinator on its behalf) posts an offer; proposals for it
    arrive as referrals to `service`, whose provider is the employer."""
    if not (can(actor, Perm.POST_OFFERS) or can(actor, Perm.MANAGE_GOVERNANCE)):
        raise PermissionDenied
    _check_service(actor, service)
    values = {
        "kind": kind,
        "title": title.strip(),
        "sector": sector,
        "location": location,
        "address": address.strip(),
        "places": places,
        "requirements": requirements.strip(),
        "opens_on": opens_on,
        "closes_on": closes_on,
    }
    _check_values(values)
    offer = Offer(employer=service.provider, service=service, posted_by=actor, **values)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def update_offer(*, actor: Any, offer: Offer, expected_version: int, **data: Any) -> Offer:
    """Change an offer (its values, its service, its status): whoever may post for its
    employer. A change made by someone else since the form was opened is not overwritten."""
    if not posts_for(actor, offer.employer_id):
        raise PermissionDenied
    offer = locked(offer, "employer")
    service = data.pop("service", None) or offer.service
    if service.pk != offer.service_id:
        _check_service(actor, service)
        if service.provider_id != offer.employer_id:
            raise ValidationError(
                {"service": _("The service must be one of the same employer's services.")}
            )
    status = data.pop("status", offer.status)
    if status not in OfferStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    unknown = set(data) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field: %(fields)s") % {"fields": sorted(unknown)})
    values = {name: data.get(name, getattr(offer, name)) for name in OFFER_FIELDS}
    for name in ("title", "address", "requirements"):
        values[name] = str(values[name]).strip()
    _check_values(values)
    for name, value in values.items():
        setattr(offer, name, value)
    offer.service, offer.status = service, status
    offer.full_clean()
    return save_versioned(
        offer, expected_version=expected_version, fields=[*OFFER_FIELDS, "service", "status"]
    )


# --- proposals ---------------------------------------------------------------------------------


def check_economic_dimension(actor: Any, case: Case) -> None:
    """Refused, with why and what to do, unless the case's plan has an economic dimension."""
    found = selectors.economic_dimension(actor, case)
    if not found.has_plan:
        raise ValidationError(
            {
                "case": _(
                    "Case %(case)s has no reintegration plan yet. A returnee is proposed for "
                    "a placement only when their plan has an economic dimension: draw up the "
                    "plan with at least one planned assistance item in the economic dimension "
                    "(vocational training, job placement, a start-up kit…), then propose them."
                )
                % {"case": case.number}
            }
        )
    if not found.present:
        raise ValidationError(
            {
                "case": _(
                    "The reintegration plan of case %(case)s has no economic dimension: none "
                    "of its planned assistance items is in the economic dimension. A returnee "
                    "is proposed for a placement only to serve such a plan: add an economic "
                    "item to the plan first (vocational training, job placement, a start-up "
                    "kit…)."
                )
                % {"case": case.number}
            }
        )


@transaction.atomic
def propose(
    *,
    actor: Any,
    offer: Offer,
    case: Case,
    reason: str,
    shared_sections: Iterable[str] = (),
    urgency: str = Urgency.NORMAL,
) -> Proposal:
    """Propose the returnee of a case for an offer: a referral to the offer's service, sent at
    once, with the person's referral consent and only the sections ticked (personal data only
    to an NRM member, or to an employer the person consented to by name). The employer
    answers it in its inbox like any referral, and records the outcome here."""
    if not can(actor, Perm.MAKE_REFERRALS) or not works_on(actor, case):
        raise PermissionDenied
    offer = locked(offer, "employer", "service", "service__provider")
    if not offer.is_open_now:
        raise ValidationError(
            _(
                "This offer is not open: proposals are accepted from %(opens)s to %(closes)s "
                "while its status is “open”."
            )
            % {"opens": date_format(offer.opens_on), "closes": date_format(offer.closes_on)}
        )
    check_economic_dimension(actor, case)
    if selectors.already_proposed(actor, offer, case):
        raise ValidationError({"case": _("This returnee is already proposed for this offer.")})
    referral = referring.create_referral(
        actor=actor,
        case=case,
        service=offer.service,
        category=offer.service.category,
        reason=reason,
        urgency=urgency,
        shared_sections=shared_sections,
        send=True,
    )
    return Proposal.objects.create(offer=offer, referral=referral, proposed_by=actor)


# --- the outcome -------------------------------------------------------------------------------

# How "not retained" ends the referral: declined while the employer had not yet accepted it;
# closed once accepted (the candidate was met, then not kept). A candidate who declined or
# could not be reached closes it in either case, with the referral's own reasons.
DECLINE_BEFORE_ACCEPTING: dict[str, str] = {
    NotRetainedReason.PROFILE: DeclineReason.NOT_ELIGIBLE,
    NotRetainedReason.POSITION_FILLED: DeclineReason.NO_CAPACITY,
    NotRetainedReason.OTHER: DeclineReason.OTHER,
}
CLOSE_WITH: dict[str, str] = {
    NotRetainedReason.PROFILE: ClosureReason.OTHER,
    NotRetainedReason.POSITION_FILLED: ClosureReason.OTHER,
    NotRetainedReason.OTHER: ClosureReason.OTHER,
    NotRetainedReason.CANDIDATE_DECLINED: ClosureReason.PERSON_DECLINED,
    NotRetainedReason.UNREACHABLE: ClosureReason.UNREACHABLE,
}
AWAITING = frozenset({S.SENT, S.RECEIVED})
UNDER_WAY = frozenset({S.SENT, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS})


def _check_outcome(outcome: str, start_on: date | None, reason: str, note: str) -> None:
    if outcome not in ProposalOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == ProposalOutcome.PLACED and start_on is None:
        raise ValidationError({"start_on": _("Give the date the person starts.")})
    if outcome == ProposalOutcome.NOT_RETAINED and reason not in NotRetainedReason.values:
        raise ValidationError({"reason": _("Choose why the candidate was not retained.")})
    if not note.strip():
        raise ValidationError(
            {"note": _("Tell the case manager what happened: it is your answer to the referral.")}
        )


@transaction.atomic
def record_outcome(
    *,
    actor: Any,
    proposal: Proposal,
    outcome: str,
    start_on: date | None = None,
    reason: str = "",
    note: str = "",
) -> Proposal:
    """The employer records what came of a proposal, and the referral ends accordingly:
    placed completes it (outcome "service provided", the note as feedback; accepted first if
    it was not yet); not retained declines it (not yet accepted) or closes it (accepted), with
    the matching reason. Only the referral's receiver records it, once, while it is under way."""
    proposal = locked(proposal)
    referral = proposal.referral
    who = standing(actor, referral)
    if not who.receiver:
        raise PermissionDenied
    if proposal.outcome:
        raise ValidationError(_("The outcome of this proposal is already recorded."))
    if referral.status not in UNDER_WAY:
        raise ValidationError(
            _(
                "The referral of this proposal has ended (“%(status)s”): no outcome can be "
                "recorded any more."
            )
            % {"status": referral.get_status_display()}
        )
    _check_outcome(outcome, start_on, reason, note)
    note = note.strip()
    if outcome == ProposalOutcome.PLACED:
        if referral.status in AWAITING:
            referral = workflow.accept(actor=actor, referral=referral)
        workflow.complete(
            actor=actor, referral=referral, outcome=Outcome.SERVICE_PROVIDED, feedback=note
        )
    elif referral.status in AWAITING and reason in DECLINE_BEFORE_ACCEPTING:
        workflow.decline(
            actor=actor, referral=referral, reason=DECLINE_BEFORE_ACCEPTING[reason], note=note
        )
    else:
        workflow.close(actor=actor, referral=referral, reason=CLOSE_WITH[reason], note=note)
    proposal.outcome = outcome
    proposal.start_on = start_on if outcome == ProposalOutcome.PLACED else None
    proposal.not_retained_reason = reason if outcome == ProposalOutcome.NOT_RETAINED else ""
    proposal.outcome_recorded_by = actor
    proposal.outcome_recorded_at = timezone.now()
    proposal.full_clean(exclude=["referral", "offer"])
    proposal.save()
    if outcome == ProposalOutcome.PLACED:
        _mark_filled(actor, proposal.offer)
    return proposal


def _mark_filled(actor: Any, offer: Offer) -> None:
    """Once as many were placed as the offer has places, it is filled."""
    offer = locked(offer)
    if offer.status == OfferStatus.OPEN and selectors.placed_on(actor, offer) >= offer.places:
        offer.status = OfferStatus.FILLED
        save_versioned(offer, expected_version=offer.version, fields=["status"])
