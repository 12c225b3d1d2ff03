"""Assisted voluntary returns: who reads and records which part of the journey.

Two offices, each an organisation, each seeing only its part:
- the **departure office**: the team of the departure case (`access.cases.works_on`) reads the
  return and records its departure parts (counselling before departure, eligibility and
  vulnerability, travel documents, medical fitness, movements); of the other side it reads the
  arrival date and the status only (never the `Arrival` row, the post-arrival counselling, nor
  the reintegration case, which belongs to the other organisation: `access.cases`);
- the **receiving office**: the case managers and programme managers (`manage_cases`) of the
  receiving organisation, once the return is handed over (`handed_over_at`; before that they
  see nothing). They read the handover (the identity copied at the handover, vulnerabilities,
  medical fitness, the counselling decision, travel documents, movements) and record the
  arrival, post-arrival counselling and the opening of the reintegration case. They never read
  the departure case, nor the departure counselling sessions. If the person withdraws their
  consent to share with the receiving organisation before the reintegration case opens, the
  receiving office reads nothing more of the return (at once, like a referral's receiver).

Both forms: the filters (`departure_filter`, `receiving_filter`, for `visible()`) and the
standing on one return already loaded with its departure case (`return_standing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.lookups import Exact

from sutura.access.cases import team_cases, works_on
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.people.models import Consent, ConsentPurpose, ConsentStatus
from sutura.returns.models import (
    Arrival,
    Counselling,
    Movement,
    Return,
    ReturnStatus,
    Side,
    TravelDocument,
)


def _receiving_staff(user: Any) -> bool:
    return signed_in(user) and user.organisation_id is not None and can(user, Perm.MANAGE_CASES)


def departure_filter(user: Any) -> Q | None:
    """The returns whose departure case the user works on; None: none at all."""
    if not _receiving_staff(user):
        return None
    return Q(departure_case__in=team_cases(user))


def _sharing_decisions(person_id: Any, organisation_id: Any) -> Any:
    """The person's decisions about sharing their file with the receiving organisation,
    latest first (as `people.selectors.current_consent`)."""
    return Consent.objects.filter(
        person_id=person_id, purpose=ConsentPurpose.SHARING, shared_with_id=organisation_id
    ).order_by("-decided_on", "-created_at")


def _sharing_in_force() -> Q:
    """The handover's consent still holds, or the reintegration case is open (the person has
    registered with the receiving organisation: the case is theirs). A withdrawal before that
    ends the receiving office's reading at once, as it ends a referral."""
    latest = _sharing_decisions(
        OuterRef("departure_case__person_id"), OuterRef("receiving_organisation_id")
    ).values("status")[:1]
    return Q(reintegration_case__isnull=False) | Q(Exact(Subquery(latest), ConsentStatus.GIVEN))


def _sharing_holds(assisted_return: Return) -> bool:
    if assisted_return.reintegration_case_id is not None:
        return True
    latest = _sharing_decisions(
        assisted_return.departure_case.person_id, assisted_return.receiving_organisation_id
    ).first()
    return latest is not None and latest.status == ConsentStatus.GIVEN


def receiving_filter(user: Any) -> Q | None:
    """The returns handed over to the user's organisation, while the person's consent to that
    sharing holds (`_sharing_in_force`); None: none at all."""
    if not _receiving_staff(user):
        return None
    return (
        Q(receiving_organisation_id=user.organisation_id, handed_over_at__isnull=False)
        & _sharing_in_force()
    )


@dataclass(frozen=True)
class ReturnStanding:
    departure: bool  # the departure case's team: the departure parts
    receiving: bool  # the receiving organisation's case staff, after the handover

    @property
    def sees(self) -> bool:
        return self.departure or self.receiving

    @property
    def records_departure(self) -> bool:
        """Departure parts are recorded until the handover (and never once cancelled)."""
        return self.departure

    @property
    def records_arrival(self) -> bool:
        return self.receiving


NOWHERE = ReturnStanding(departure=False, receiving=False)


def return_standing(user: Any, assisted_return: Return) -> ReturnStanding:
    """The same rule as the filters, on one return (its departure case loaded)."""
    if not _receiving_staff(user):
        return NOWHERE
    return ReturnStanding(
        departure=works_on(user, assisted_return.departure_case),
        receiving=(
            assisted_return.receiving_organisation_id == user.organisation_id
            and assisted_return.handed_over_at is not None
            and _sharing_holds(assisted_return)
        ),
    )


def _either(user: Any) -> Q | None:
    conditions = [c for c in (departure_filter(user), receiving_filter(user)) if c is not None]
    if not conditions:
        return None
    return conditions[0] | conditions[1] if len(conditions) == 2 else conditions[0]


@register_scope(Return)
def _returns(user: Any, queryset: models.QuerySet[Return]) -> models.QuerySet[Return]:
    condition = _either(user)
    return queryset.none() if condition is None else queryset.filter(condition)


def _of_returns(condition: Q | None) -> Q | None:
    if condition is None:
        return None
    return Q(assisted_return__in=Return.objects.filter(condition))


@register_scope(TravelDocument)
@register_scope(Movement)
def _handover_records(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Documents and movements: the departure team, and the receiving side (handed over)."""
    condition = _of_returns(_either(user))
    return queryset.none() if condition is None else queryset.filter(condition)


def sees_handover_record(user: Any, record: TravelDocument | Movement) -> bool:
    return return_standing(user, record.assisted_return).sees


@register_scope(Counselling)
def _sessions(user: Any, queryset: models.QuerySet[Counselling]) -> models.QuerySet[Any]:
    """Each side's counselling sessions, for that side only."""
    departure = _of_returns(departure_filter(user))
    receiving = _of_returns(receiving_filter(user))
    if departure is None or receiving is None:
        return queryset.none()
    return queryset.filter(
        (Q(side=Side.DEPARTURE) & departure) | (Q(side=Side.ARRIVAL) & receiving)
    )


def sees_session(user: Any, session: Counselling) -> bool:
    standing = return_standing(user, session.assisted_return)
    return standing.departure if session.side == Side.DEPARTURE else standing.receiving


@register_scope(Arrival)
def _arrivals(user: Any, queryset: models.QuerySet[Arrival]) -> models.QuerySet[Arrival]:
    """The reception at home: the receiving side only (the departure office reads the date on
    the return)."""
    condition = _of_returns(receiving_filter(user))
    return queryset.none() if condition is None else queryset.filter(condition)


def sees_arrival(user: Any, arrival: Arrival) -> bool:
    return return_standing(user, arrival.assisted_return).receiving


def returns_counted_for(user: Any) -> models.QuerySet[Return]:
    """The returns whose figures feed this user's indicators (aggregates only): those departed
    from or arriving at their organisation."""
    if not signed_in(user) or user.organisation_id is None or not can(user, Perm.VIEW_INDICATORS):
        return Return.objects.none()
    own = user.organisation_id
    return Return.objects.filter(Q(organisation_id=own) | Q(receiving_organisation_id=own))


def is_open(assisted_return: Return) -> bool:
    return assisted_return.status not in (ReturnStatus.CANCELLED, ReturnStatus.REINTEGRATION)


def returns_of_person(person: Any) -> models.QuerySet[Return]:
    """Every return that holds a copy of this person's identity (their departure case's, or
    their reintegration case's), for the anonymisation only (no user: privacy's job)."""
    return Return.objects.filter(
        Q(departure_case__person=person) | Q(reintegration_case__person=person)
    )
