"""Every write of the return journey: actor first, the standing asked once, one transaction.

Departure (the departure case's team): `open_return`, `record_counselling` (before departure),
`record_departure_facts` (eligibility, vulnerability, medical fitness), `add_document`,
`set_document_status`, `add_movement`, `mark_ready`, `hand_over`, `cancel`.
Receiving (the receiving organisation's case staff, once handed over): `record_arrival`,
`record_counselling` (after arrival), `open_reintegration_case`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require, visible
from sutura.access.accounts import members
from sutura.access.cases import require_works_on
from sutura.access.returns import ReturnStanding, return_standing
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import Case, CaseTransition, CaseType, ClosureReason, TransitionCause
from sutura.cases.services import lifecycle
from sutura.core.concurrency import save_versioned
from sutura.core.counters import next_value
from sutura.core.locking import locked
from sutura.notifications.messages import Text
from sutura.notifications.services import notify
from sutura.people import services as people
from sutura.people.consent import record_consent, require_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.returns.models import (
    Arrival,
    Counselling,
    Decision,
    DocumentStatus,
    Eligibility,
    Fitness,
    Movement,
    Return,
    ReturnCounter,
    ReturnStatus,
    Side,
    TravelDocument,
)

DEPARTURE_OPEN = (ReturnStatus.COUNSELLING, ReturnStatus.READY)


def decided_bid(case: Case) -> bool:
    """Has a best-interests determination about the return been decided on this case? Asked of
    the children app (above cases, below returns), imported when needed; without that app no
    child may be handed over."""
    try:
        from sutura.children.selectors import has_decided_bid
    except ImportError:
        return False
    return bool(has_decided_bid(case, question="return"))


def _number(year: int) -> str:
    return f"RT-{year}-{next_value(ReturnCounter, year=year):06d}"


def _standing(actor: Any, assisted_return: Return) -> ReturnStanding:
    require(actor, Perm.MANAGE_CASES)
    return return_standing(actor, assisted_return)


def _departure(actor: Any, assisted_return: Return) -> Return:
    """Lock the return for a departure step: the departure team, before the handover."""
    if not _standing(actor, assisted_return).departure:
        raise PermissionDenied
    found = locked(assisted_return, "departure_case")
    if found.status not in DEPARTURE_OPEN:
        raise ValidationError(
            _("The return is %(status)s: its departure parts can no longer change.")
            % {"status": found.get_status_display()}
        )
    return found


def _receiving(actor: Any, assisted_return: Return, *statuses: str) -> Return:
    if not _standing(actor, assisted_return).receiving:
        raise PermissionDenied
    found = locked(assisted_return, "departure_case")
    if found.status not in statuses:
        raise ValidationError(
            _("Not possible while the return is %(status)s.")
            % {"status": found.get_status_display()}
        )
    return found


def _save(assisted_return: Return, *fields: str) -> Return:
    return save_versioned(assisted_return, expected_version=assisted_return.version, fields=fields)


def _link(assisted_return: Return) -> str:
    return reverse("returns:detail", args=[assisted_return.pk])


def returned_closure_guard(actor: Any, case: Case, to_status: str, closure_reason: str) -> None:
    """A case closes as "returned home" only once its return was handed over (registered with
    `cases.services.lifecycle.add_transition_guard`)."""
    if closure_reason != ClosureReason.RETURNED:
        return
    handed = visible(actor, Return).filter(departure_case=case, handed_over_at__isnull=False)
    if not handed.exists():
        raise lifecycle.IllegalTransition(
            _("A case closes as returned home once its return has been handed over.")
        )


def forget_identity(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """When a person is anonymised (`privacy.Anonymisation` saved), the identity copied onto
    their returns at the handover goes too (names, phones, the day and month of birth, the
    vulnerability note); codes and dates of the journey stay counted."""
    if not created:
        return
    from django.db.models import F

    from sutura.access.returns import returns_of_person

    for found in returns_of_person(instance.person_id):
        born = found.birth_date
        returns_of_person(instance.person_id).filter(pk=found.pk).update(
            given_names="—" if found.given_names else "",
            family_name="—" if found.family_name else "",
            phone="",
            other_phones=[],
            vulnerability_note="",
            birth_date=datetime.date(born.year, 1, 1) if born else None,
            version=F("version") + 1,
        )


# --- departure ---------------------------------------------------------------------------------


@transaction.atomic
def open_return(
    *,
    actor: Any,
    case: Case,
    receiving_organisation: Any,
    to_country: str = "",
) -> Return:
    """Open the return of a departure case (type `assisted_return`)."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    if case.case_type != CaseType.ASSISTED_RETURN:
        raise ValidationError(
            _("A return is opened from a case of type assisted voluntary return.")
        )
    if receiving_organisation is None or not receiving_organisation.is_active:
        raise ValidationError({"receiving_organisation": _("Choose an active organisation.")})
    if receiving_organisation.pk == actor.organisation_id:
        raise ValidationError(
            {"receiving_organisation": _("The receiving office is another organisation.")}
        )
    if visible(actor, Return).filter(departure_case=case).exists():
        raise ValidationError(_("This case already has its return."))
    origin = actor.organisation.country.iso_code if actor.organisation.country_id else ""
    destination = to_country or (
        receiving_organisation.country.iso_code if receiving_organisation.country_id else ""
    )
    assisted_return = Return(
        number=_number(timezone.localdate().year),
        departure_case=case,
        organisation_id=case.organisation_id,
        receiving_organisation=receiving_organisation,
        from_country=origin[:2],
        to_country=destination[:2],
        created_by=actor,
    )
    assisted_return.full_clean()
    try:
        with transaction.atomic():
            assisted_return.save()
    except IntegrityError as error:
        raise ValidationError(_("This case already has its return.")) from error
    return assisted_return


def _not_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def record_counselling(
    *,
    actor: Any,
    assisted_return: Return,
    side: str,
    held_on: datetime.date,
    topics: list[str],
    decision: str = "",
    note: str = "",
) -> Counselling:
    """A counselling session: before departure (the departure team; the person's informed
    decision is required and becomes the return's), or after arrival (the receiving side)."""
    _not_future(held_on, "held_on")
    if not topics:
        raise ValidationError({"topics": _("Tick the topics discussed.")})
    if side == Side.DEPARTURE:
        found = _departure(actor, assisted_return)
        if not decision:
            raise ValidationError({"decision": _("Record the person's informed decision.")})
    else:
        found = _receiving(actor, assisted_return, ReturnStatus.ARRIVED, ReturnStatus.REINTEGRATION)
        decision = ""
    session = Counselling(
        assisted_return=found,
        side=side,
        held_on=held_on,
        topics=topics,
        decision=decision,
        note=note,
        recorded_by=actor,
    )
    session.full_clean()
    session.save()
    if side == Side.DEPARTURE and (found.decided_on is None or held_on >= found.decided_on):
        found.decision, found.decided_on = decision, held_on
        fields = ["decision", "decided_on"]
        if decision != Decision.WISHES_TO_RETURN and found.status == ReturnStatus.READY:
            found.status = ReturnStatus.COUNSELLING
            fields.append("status")
        _save(found, *fields)
    return session


@transaction.atomic
def record_departure_facts(
    *, actor: Any, assisted_return: Return, expected_version: int, **data: Any
) -> Return:
    """Eligibility and vulnerability at departure, and medical fitness to travel."""
    found = _departure(actor, assisted_return)
    allowed = (
        "eligibility",
        "vulnerabilities",
        "vulnerability_note",
        "fitness",
        "fitness_on",
        "fitness_by",
    )
    _not_future(data.get("fitness_on"), "fitness_on")
    if data.get("fitness") and not data.get("fitness_on"):
        raise ValidationError({"fitness_on": _("Give the date of the fitness check.")})
    for name in allowed:
        if name in data:
            setattr(found, name, data[name])
    found.full_clean(exclude=["departure_case", "reintegration_case", "number"])
    return save_versioned(
        found, expected_version=expected_version, fields=[n for n in allowed if n in data]
    )


@transaction.atomic
def add_document(
    *,
    actor: Any,
    assisted_return: Return,
    kind: str,
    status: str,
    issued_by: str = "",
    number: str = "",
) -> TravelDocument:
    found = _departure(actor, assisted_return)
    if status == DocumentStatus.ISSUED and not issued_by.strip():
        raise ValidationError({"issued_by": _("Say who issued the document.")})
    document = TravelDocument(
        assisted_return=found,
        kind=kind,
        status=status,
        issued_by=issued_by.strip(),
        number=number.strip(),
        recorded_by=actor,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def set_document_status(
    *, actor: Any, document: TravelDocument, status: str, issued_by: str = "", number: str = ""
) -> TravelDocument:
    _departure(actor, document.assisted_return)
    document = locked(document)
    if status == DocumentStatus.ISSUED and not (issued_by or document.issued_by).strip():
        raise ValidationError({"issued_by": _("Say who issued the document.")})
    document.status = status
    document.issued_by = (issued_by or document.issued_by).strip()
    document.number = (number or document.number).strip()
    document.full_clean()
    document.save(update_fields=["status", "issued_by", "number", "updated_at"])
    return document


@transaction.atomic
def add_movement(*, actor: Any, assisted_return: Return, **data: Any) -> Movement:
    found = _departure(actor, assisted_return)
    movement = Movement(assisted_return=found, recorded_by=actor, **data)
    movement.full_clean()
    movement.save()
    return movement


def _issued(found: Return, actor: Any) -> bool:
    documents = visible(actor, TravelDocument).filter(assisted_return=found)
    return documents.filter(status=DocumentStatus.ISSUED).exists()


@transaction.atomic
def mark_ready(*, actor: Any, assisted_return: Return) -> Return:
    """Ready to travel: eligible, a travel document issued, fit to travel."""
    found = _departure(actor, assisted_return)
    missing = []
    if found.eligibility != Eligibility.ELIGIBLE:
        missing.append(_("the person is not recorded as eligible"))
    if not _issued(found, actor):
        missing.append(_("no travel document is issued"))
    if found.fitness not in (Fitness.FIT, Fitness.FIT_WITH_ESCORT):
        missing.append(_("the person is not recorded as fit to travel"))
    if found.decision != Decision.WISHES_TO_RETURN:
        missing.append(_("the person has not decided to return"))
    if missing:
        raise ValidationError(_("Not ready yet: %(missing)s.") % {"missing": "; ".join(missing)})
    found.status = ReturnStatus.READY
    return _save(found, "status")


def handover_missing(actor: Any, found: Return) -> list[str]:
    """What the handover still needs (empty: it may go)."""
    case = found.departure_case
    person = case.person
    missing = []
    if found.status != ReturnStatus.READY:
        missing.append(_("mark the return ready to travel"))
    if found.decision != Decision.WISHES_TO_RETURN:
        missing.append(_("the person's informed decision to return"))
    try:
        require_consent(
            person, ConsentPurpose.SHARING, organisation_id=found.receiving_organisation_id
        )
    except PermissionDenied:
        missing.append(
            _("the person's consent to share their file with %(organisation)s")
            % {"organisation": found.receiving_organisation}
        )
    if not visible(actor, Movement).filter(assisted_return=found).exists():
        missing.append(_("the movement (date, route, departure and arrival points)"))
    if not _issued(found, actor):
        missing.append(_("an issued travel document"))
    age = person.age(timezone.localdate())
    if age is not None and age < 18 and not decided_bid(case):
        missing.append(_("a decided best-interests determination (DIS) about the return"))
    return missing


@transaction.atomic
def hand_over(*, actor: Any, assisted_return: Return) -> Return:
    """Hand the return over to the receiving organisation: from now on its case staff read the
    handover (the identity as it is today, the departure facts, documents and movements)."""
    found = _departure(actor, assisted_return)
    missing = handover_missing(actor, found)
    if missing:
        raise ValidationError(
            _("The return cannot be handed over yet. Missing: %(missing)s.")
            % {"missing": "; ".join(str(m) for m in missing)}
        )
    person = found.departure_case.person
    found.sharing_consent = require_consent(
        person, ConsentPurpose.SHARING, organisation_id=found.receiving_organisation_id
    )
    found.given_names, found.family_name = person.given_names, person.family_name
    found.sex, found.birth_date = person.sex, person.birth_date
    found.birth_date_estimated = person.birth_date_estimated
    found.nationality, found.phone = person.nationality, person.phone
    found.other_phones = list(person.other_phones)
    found.handed_over_at, found.handed_over_by = timezone.now(), actor
    found.status = ReturnStatus.TRAVELLING
    found = _save(
        found,
        "sharing_consent",
        "given_names",
        "family_name",
        "sex",
        "birth_date",
        "birth_date_estimated",
        "nationality",
        "phone",
        "other_phones",
        "handed_over_at",
        "handed_over_by",
        "status",
    )
    notify(
        members(found.receiving_organisation_id, Role.CASE_MANAGER, Role.PROGRAMME_MANAGER),
        Text(gettext_noop("Return %(number)s is on its way to you"), number=found.number),
        link=_link(found),
    )
    return found


@transaction.atomic
def cancel(*, actor: Any, assisted_return: Return, reason: str) -> Return:
    found = _departure(actor, assisted_return)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    found.status, found.cancel_reason = ReturnStatus.CANCELLED, reason
    found.full_clean(exclude=["departure_case", "reintegration_case", "number"])
    return _save(found, "status", "cancel_reason")


# --- receiving ---------------------------------------------------------------------------------


@transaction.atomic
def record_arrival(
    *,
    actor: Any,
    assisted_return: Return,
    arrived_on: datetime.date,
    met_by: str,
    assistance: list[str] | None = None,
    cash_amount: Decimal | None = None,
    currency: str = "",
    note: str = "",
) -> Arrival:
    """Reception at home, by the receiving organisation."""
    found = _receiving(actor, assisted_return, ReturnStatus.TRAVELLING)
    _not_future(arrived_on, "arrived_on")
    first = visible(actor, Movement).filter(assisted_return=found).order_by("departs_on").first()
    if first is not None and arrived_on < first.departs_on:
        raise ValidationError({"arrived_on": _("The arrival cannot be before the departure.")})
    if not met_by.strip():
        raise ValidationError({"met_by": _("Say who met the person.")})
    if cash_amount is not None and not currency:
        raise ValidationError({"currency": _("Give the currency of the cash.")})
    arrival = Arrival(
        assisted_return=found,
        arrived_on=arrived_on,
        met_by=met_by.strip(),
        assistance=list(assistance or []),
        cash_amount=cash_amount,
        currency=currency if cash_amount is not None else "",
        note=note,
        recorded_by=actor,
    )
    arrival.full_clean()
    arrival.save()
    found.arrived_on, found.status = arrived_on, ReturnStatus.ARRIVED
    _save(found, "arrived_on", "status")
    notify(
        [found.created_by],
        Text(gettext_noop("Return %(number)s has arrived"), number=found.number),
        link=_link(found),
    )
    return arrival


@transaction.atomic
def open_reintegration_case(
    *,
    actor: Any,
    assisted_return: Return,
    consent_method: str,
    consent_on: datetime.date | None = None,
    guardian_name: str = "",
    childs_views: str = "",
    best_interests_basis: str = "",
    opened_on: datetime.date | None = None,
) -> Case:
    """Register the person in the receiving organisation (the identity of the handover, and
    their registration consent given at arrival) and open their reintegration case from the
    return: the case's first transition says so, and the return points at it."""
    found = _receiving(actor, assisted_return, ReturnStatus.ARRIVED)
    require(actor, Perm.REGISTER_PERSONS)
    person = people.register_person(
        actor=actor,
        given_names=found.given_names,
        family_name=found.family_name,
        sex=found.sex or "not_stated",
        birth_date=found.birth_date,
        birth_date_estimated=found.birth_date_estimated,
        nationality=found.nationality,
        phone=found.phone,
        other_phones=list(found.other_phones),
    )
    record_consent(
        actor=actor,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=consent_method or ConsentMethod.VERBAL,
        decided_on=consent_on or timezone.localdate(),
        guardian_name=guardian_name,
        childs_views=childs_views,
        best_interests_basis=best_interests_basis,
    )
    case = lifecycle.open_case(
        actor=actor,
        person=person,
        case_type=CaseType.RETURN_REINTEGRATION,
        opened_on=opened_on or timezone.localdate(),
    )
    if case.opened_on < (found.arrived_on or case.opened_on):
        raise ValidationError({"opened_on": _("The case cannot open before the arrival.")})
    visible(actor, CaseTransition).filter(case=case, cause=TransitionCause.OPENED).update(
        cause=TransitionCause.FROM_RETURN
    )
    found.reintegration_case = case
    found.reintegration_opened_on = case.opened_on
    found.status = ReturnStatus.REINTEGRATION
    _save(found, "reintegration_case", "reintegration_opened_on", "status")
    return case
