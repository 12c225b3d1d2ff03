"""Every read of the return journey, through the access layer (`access/returns.py`).

`journey(user, assisted_return)` is what a reader may see of one return, side by side: the
departure office gets the departure parts and, of the other side, the arrival date and status;
the receiving office gets the handover (identity copied at the handover, departure facts,
documents, movements) and its own arrival parts. Pages, the API and the case sections all draw
from it, so none can show more than the others.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.cases import works_on
from sutura.access.returns import (
    ReturnStanding,
    departure_filter,
    receiving_filter,
    return_standing,
)
from sutura.audit.services import record_read
from sutura.cases.models import Case, CaseType
from sutura.returns.models import (
    Arrival,
    Counselling,
    Movement,
    Return,
    ReturnStatus,
    Side,
    TravelDocument,
)


def waiting_days() -> int:
    return int(getattr(settings, "SUTURA_RETURN_TO_CASE_DAYS", 30))


def flagged_condition(today: datetime.date | None = None) -> Q:
    """Arrived more than N days ago and still without a reintegration case."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=waiting_days())
    return Q(status=ReturnStatus.ARRIVED, arrived_on__lte=limit)


def _returns(user: Any) -> models.QuerySet[Return]:
    return visible(user, Return).select_related(
        "departure_case", "organisation", "receiving_organisation"
    )


def return_for(user: Any, pk: Any, *, audit: str = "") -> Return:
    """One return the user stands on (404 otherwise); the read goes to the audit log."""
    found = get_visible_or_404(user, _returns(user), pk=pk)
    if audit:
        record_read(user, found, detail=audit)
    return found


def returns_for(user: Any) -> models.QuerySet[Return]:
    """Every return the user stands on (either side), newest first."""
    return _returns(user).order_by("-created_at")


def incoming(user: Any, *, flagged_only: bool = False) -> models.QuerySet[Return]:
    """The returns handed over to the user's organisation, flagged ones marked (`flagged`)."""
    condition = receiving_filter(user)
    if condition is None:
        return Return.objects.none()
    found = _returns(user).filter(condition)
    if flagged_only:
        found = found.filter(flagged_condition())
    flag = models.ExpressionWrapper(flagged_condition(), output_field=models.BooleanField())
    return found.annotate(flagged=flag).order_by("-flagged", "arrived_on", "-handed_over_at")


def outgoing(user: Any) -> models.QuerySet[Return]:
    """The returns of the departure cases the user works on."""
    condition = departure_filter(user)
    if condition is None:
        return Return.objects.none()
    return _returns(user).filter(condition).order_by("-created_at")


@dataclass
class Journey:
    """What one reader may see of one return."""

    assisted_return: Return
    standing: ReturnStanding
    person: Any = None  # the departure case's person: the departure office only
    departure_sessions: list[Counselling] = field(default_factory=list)
    arrival_sessions: list[Counselling] = field(default_factory=list)
    papers: list[TravelDocument] = field(default_factory=list)
    legs: list[Movement] = field(default_factory=list)
    arrival: Arrival | None = None
    missing: list[str] = field(default_factory=list)  # what the handover still needs
    flagged: bool = False

    @property
    def days_to_case(self) -> int | None:
        found = self.assisted_return
        if found.arrived_on is None or found.reintegration_opened_on is None:
            return None
        return (found.reintegration_opened_on - found.arrived_on).days


def journey(user: Any, assisted_return: Return) -> Journey:
    standing = return_standing(user, assisted_return)
    view = Journey(assisted_return=assisted_return, standing=standing)
    if not standing.sees:
        return view
    sessions = list(visible(user, Counselling).filter(assisted_return=assisted_return))
    view.departure_sessions = [s for s in sessions if s.side == Side.DEPARTURE]
    view.arrival_sessions = [s for s in sessions if s.side == Side.ARRIVAL]
    view.papers = list(visible(user, TravelDocument).filter(assisted_return=assisted_return))
    view.legs = list(visible(user, Movement).filter(assisted_return=assisted_return))
    view.arrival = visible(user, Arrival).filter(assisted_return=assisted_return).first()
    if standing.departure:
        view.person = assisted_return.departure_case.person
        if assisted_return.status in (ReturnStatus.COUNSELLING, ReturnStatus.READY):
            from sutura.returns.services import handover_missing

            view.missing = [str(m) for m in handover_missing(user, assisted_return)]
    view.flagged = standing.receiving and is_flagged(assisted_return)
    return view


def is_flagged(assisted_return: Return, today: datetime.date | None = None) -> bool:
    """The same rule as `flagged_condition`, on one return."""
    today = today or timezone.localdate()
    return (
        assisted_return.status == ReturnStatus.ARRIVED
        and assisted_return.arrived_on is not None
        and assisted_return.arrived_on <= today - datetime.timedelta(days=waiting_days())
    )


def document_for(user: Any, pk: Any) -> TravelDocument:
    return get_visible_or_404(
        user,
        visible(user, TravelDocument).select_related("assisted_return__departure_case"),
        pk=pk,
    )


# --- the case page's sections --------------------------------------------------------------------


def _case_journey(user: Any, case: Case) -> Journey | None:
    """The return a case belongs to, as its reader sees it: the departure office on the
    departure case, the receiving office on the reintegration case (never the other's)."""
    found = _returns(user).filter(Q(departure_case=case) | Q(reintegration_case=case)).first()
    if found is None:
        return None
    view = journey(user, found)
    if found.departure_case_id == case.pk and view.standing.departure:
        return view
    if found.reintegration_case_id == case.pk and view.standing.receiving:
        return view
    return None


def case_section(user: Any, case: Case) -> dict[str, Any] | None:
    """The departure case's "Return" section, or the reintegration case's "Return journey"
    section: what the reader may see of the return it belongs to (None: no section)."""
    view = _case_journey(user, case)
    if view is None:
        if case.case_type == CaseType.ASSISTED_RETURN and works_on(user, case):
            return {"journey": None, "case": case, "may_open": True}
        return None
    record_read(user, view.assisted_return, detail=gettext_noop("case page: return journey"))
    return {"journey": view, "case": case, "may_open": False}


# --- the home card and the figures ------------------------------------------------------------


def flagged_count(user: Any) -> int:
    return incoming(user, flagged_only=True).count()


# --- the export for the central case database -------------------------------------------------


EXPORT_KEYS = (
    "returns.from_country",
    "returns.departure_date",
    "returns.arrival_date",
    "returns.reception_assistance",
    "returns.days_arrival_to_case",
)


def export_values(user: Any, case: Case) -> dict[str, Any]:
    """The "returns" group of a case's export: what the user may read of the case's return."""
    view = _case_journey(user, case)
    if view is None:
        # The case team of a case without a return: nothing to withhold, nothing to say.
        return dict.fromkeys(EXPORT_KEYS) if works_on(user, case) else {}
    found = view.assisted_return
    values: dict[str, Any] = {
        "returns.from_country": found.from_country,
        "returns.departure_date": (view.legs[0].departs_on.isoformat() if view.legs else None),
        "returns.arrival_date": found.arrived_on.isoformat() if found.arrived_on else None,
    }
    if view.standing.receiving:
        values["returns.reception_assistance"] = (
            list(view.arrival.assistance) if view.arrival else []
        )
        values["returns.days_arrival_to_case"] = view.days_to_case
    return values
