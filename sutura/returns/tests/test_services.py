"""The journey's rules, through the services: what a handover needs, what the receiving side
may do and when, the reintegration case opened with the history, the flag, the figures and the
export."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import override

from sutura.access import visible
from sutura.cases.models import CaseTransition, TransitionCause
from sutura.core import case_export, indicators
from sutura.people.consent import withdraw_consent
from sutura.people.models import Consent, Person
from sutura.returns import selectors, services
from sutura.returns.models import Return
from sutura.returns.tests.helpers import departure_case, journey, refresh, share_with

pytestmark = pytest.mark.django_db


def _handover_refused(found: Return, actor: Any, words: str) -> None:
    with override("en"), pytest.raises(ValidationError) as refused:
        services.hand_over(actor=actor, assisted_return=refresh(found))
    assert words in str(refused.value), refused.value


def test_a_return_opens_only_from_an_assisted_return_case(offices: SimpleNamespace) -> None:
    case = departure_case(offices.sender)
    found = services.open_return(
        actor=offices.sender, case=case, receiving_organisation=offices.receiving
    )
    assert (
        found.number.startswith(f"RT-{timezone.localdate().year}-")
        and found.status == "counselling"
    )
    assert (found.from_country, found.to_country) == ("ML", "SN")
    with pytest.raises(ValidationError):  # one return per case
        services.open_return(
            actor=offices.sender, case=case, receiving_organisation=offices.receiving
        )
    with pytest.raises(PermissionDenied):  # not the receiving side's to open
        services.open_return(
            actor=offices.receiver, case=case, receiving_organisation=offices.receiving
        )


def test_ready_needs_eligibility_documents_fitness_and_decision(offices: SimpleNamespace) -> None:
    found = journey(offices.sender, offices.receiving, stage="counselling")
    with override("en"), pytest.raises(ValidationError) as refused:
        services.mark_ready(actor=offices.sender, assisted_return=found)
    text = str(refused.value)
    assert "eligible" in text and "travel document" in text and "fit to travel" in text


def test_the_handover_needs_decision_consent_movement_and_documents(
    offices: SimpleNamespace,
) -> None:
    found = journey(offices.sender, offices.receiving, stage="ready")
    # No consent to share with the receiving organisation by name.
    _handover_refused(found, offices.sender, "consent to share")
    share_with(offices.sender, found.departure_case, offices.receiving)
    # A later decision not to return takes the return back to counselling.
    services.record_counselling(
        actor=offices.sender,
        assisted_return=refresh(found),
        side="departure",
        held_on=timezone.localdate(),
        topics=["rights"],
        decision="undecided",
    )
    assert refresh(found).status == "counselling"
    _handover_refused(found, offices.sender, "informed decision to return")
    services.record_counselling(
        actor=offices.sender,
        assisted_return=refresh(found),
        side="departure",
        held_on=timezone.localdate(),
        topics=["rights"],
        decision="wishes_to_return",
    )
    services.mark_ready(actor=offices.sender, assisted_return=refresh(found))
    # A consent withdrawn is no consent.
    consent = visible(offices.sender, Consent).filter(purpose="sharing").latest("created_at")
    withdraw_consent(actor=offices.sender, consent=consent)
    _handover_refused(found, offices.sender, "consent to share")
    share_with(offices.sender, found.departure_case, offices.receiving)
    handed = services.hand_over(actor=offices.sender, assisted_return=refresh(found))
    assert handed.status == "travelling" and handed.handed_over_at is not None
    assert handed.given_names == "Moussa" and handed.phone == "+221770001122"
    shared = handed.sharing_consent
    assert shared is not None and shared.shared_with_id == offices.receiving.pk
    # Departure parts are frozen once handed over.
    with pytest.raises(ValidationError):
        services.add_document(
            actor=offices.sender, assisted_return=handed, kind="passport", status="requested"
        )


def test_the_handover_needs_a_movement_and_an_issued_document(offices: SimpleNamespace) -> None:
    found = journey(offices.sender, offices.receiving, stage="counselling")
    share_with(offices.sender, found.departure_case, offices.receiving)
    services.add_document(
        actor=offices.sender, assisted_return=found, kind="passport", status="requested"
    )
    with override("en"):
        missing = services.handover_missing(offices.sender, refresh(found))
        text = "; ".join(str(m) for m in missing)
    assert "the movement" in text and "issued travel document" in text


def test_a_child_is_handed_over_only_under_a_decided_bid(
    offices: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The BID comes from the children app (built beside this one): stood in for here."""
    decided: dict[str, bool] = {"value": False}
    monkeypatch.setattr(services, "decided_bid", lambda case: decided["value"])
    found = journey(offices.sender, offices.receiving, stage="ready", child=True)
    share_with(offices.sender, found.departure_case, offices.receiving)
    _handover_refused(found, offices.sender, "best-interests determination")
    decided["value"] = True
    assert services.hand_over(actor=offices.sender, assisted_return=refresh(found)).is_handed_over


def test_without_the_children_app_a_child_is_not_handed_over(offices: SimpleNamespace) -> None:
    case = departure_case(offices.sender, child=True)
    try:
        from sutura.children.selectors import has_decided_bid  # noqa: F401
    except ImportError:
        assert services.decided_bid(case) is False


def test_the_receiving_side_acts_only_after_the_handover(offices: SimpleNamespace) -> None:
    found = journey(offices.sender, offices.receiving, stage="ready")
    arrival: dict[str, Any] = {
        "arrived_on": timezone.localdate(),
        "met_by": "Agent",
        "assistance": ["food"],
    }
    with pytest.raises(PermissionDenied):  # handed over to nobody yet: not theirs
        services.record_arrival(actor=offices.receiver, assisted_return=found, **arrival)
    share_with(offices.sender, found.departure_case, offices.receiving)
    found = services.hand_over(actor=offices.sender, assisted_return=refresh(found))
    with pytest.raises(PermissionDenied):  # the departure office does not record the arrival
        services.record_arrival(actor=offices.sender, assisted_return=refresh(found), **arrival)
    with pytest.raises(ValidationError):  # no case before the arrival
        services.open_reintegration_case(
            actor=offices.receiver, assisted_return=refresh(found), consent_method="verbal"
        )
    with pytest.raises(ValidationError):  # not before the departure
        services.record_arrival(
            actor=offices.receiver,
            assisted_return=refresh(found),
            **{**arrival, "arrived_on": timezone.localdate() - datetime.timedelta(days=30)},
        )
    services.record_arrival(actor=offices.receiver, assisted_return=refresh(found), **arrival)
    assert refresh(found).status == "arrived" and refresh(found).arrived_on == timezone.localdate()


def test_the_reintegration_case_opens_from_the_return_with_its_history(
    offices: SimpleNamespace,
) -> None:
    found = journey(offices.sender, offices.receiving, stage="arrived", receiver=offices.receiver)
    case = services.open_reintegration_case(
        actor=offices.receiver,
        assisted_return=refresh(found),
        consent_method="written",
        consent_on=timezone.localdate(),
        opened_on=timezone.localdate(),
    )
    found = refresh(found)
    assert found.reintegration_case == case and found.status == "reintegration"
    assert case.organisation_id == offices.receiving.pk and case.case_type == "return_reintegration"
    person = visible(offices.receiver, Person).get(pk=case.person_id)
    assert (person.given_names, person.family_name, person.phone) == (
        "Moussa",
        "Konaté",
        "+221770001122",
    )
    assert person.birth_date == found.birth_date and person.nationality == "SN"
    consent = case.registration_consent
    assert consent is not None and consent.recorded_by == offices.receiver
    transition = visible(offices.receiver, CaseTransition).get(case=case)
    assert transition.cause == TransitionCause.FROM_RETURN
    # The case page's section shows what was learned at departure.
    section = selectors.case_section(offices.receiver, case)
    assert section is not None
    view = section["journey"]
    assert view.standing.receiving and view.papers and view.legs
    assert found.vulnerabilities == ["medical"] and found.fitness == "fit"
    assert found.decision == "wishes_to_return"
    # The departure office gets no section on a case it cannot read, and no second case.
    assert selectors.case_section(offices.sender, case) is None
    with pytest.raises(ValidationError):
        services.open_reintegration_case(
            actor=offices.receiver, assisted_return=found, consent_method="verbal"
        )


def test_post_arrival_counselling_is_the_receiving_sides(offices: SimpleNamespace) -> None:
    found = journey(offices.sender, offices.receiving, stage="arrived", receiver=offices.receiver)
    session = services.record_counselling(
        actor=offices.receiver,
        assisted_return=found,
        side="arrival",
        held_on=timezone.localdate(),
        topics=["reintegration"],
        decision="wishes_to_return",
    )
    assert session.decision == ""  # a decision belongs to the departure
    assert not visible(offices.sender, type(session)).filter(pk=session.pk).exists()


@override_settings(SUTURA_RETURN_TO_CASE_DAYS=30)
def test_an_arrival_without_a_case_after_n_days_is_flagged(offices: SimpleNamespace) -> None:
    old = journey(
        offices.sender,
        offices.receiving,
        stage="arrived",
        receiver=offices.receiver,
        arrived_days_ago=31,
    )
    recent = journey(
        offices.sender,
        offices.receiving,
        stage="arrived",
        receiver=offices.receiver,
        arrived_days_ago=29,
    )
    flagged = list(selectors.incoming(offices.receiver, flagged_only=True))
    assert [r.pk for r in flagged] == [old.pk]
    assert selectors.is_flagged(old) and not selectors.is_flagged(recent)
    listed = {r.pk: getattr(r, "flagged") for r in selectors.incoming(offices.receiver)}  # noqa: B009
    assert listed[old.pk] and not listed[recent.pk]
    from sutura.returns.home import cards

    assert [c for c in cards(offices.receiver) if c.data == flagged]
    assert not list(cards(offices.sender))
    with override_settings(SUTURA_RETURN_TO_CASE_DAYS=20):
        assert selectors.is_flagged(recent)


def test_indicators_and_export(offices: SimpleNamespace) -> None:
    found = journey(
        offices.sender,
        offices.receiving,
        stage="reintegration",
        receiver=offices.receiver,
        arrived_days_ago=4,
    )
    days = indicators.Period(
        timezone.localdate() - datetime.timedelta(days=40), timezone.localdate()
    )
    assert (indicators.get("returns.arrivals").value(offices.me, days).total or 0) >= 1
    assert indicators.get("returns.days_to_case").value(offices.me, days).total == 4.0
    assert indicators.get("returns.departed").value(offices.receiver, days).total == 0
    group = next(g for g in case_export.groups() if g.name == "returns")
    receiving = group.read(offices.receiver, found.reintegration_case)
    assert receiving["returns.from_country"] == "ML"
    assert receiving["returns.days_arrival_to_case"] == 4
    assert receiving["returns.reception_assistance"] == ["transport", "cash"]
    departure = group.read(offices.sender, found.departure_case)
    assert found.arrived_on is not None
    assert departure["returns.arrival_date"] == found.arrived_on.isoformat()
    assert "returns.reception_assistance" not in departure  # not theirs to read


def test_a_case_closes_as_returned_home_only_once_handed_over(offices: SimpleNamespace) -> None:
    from sutura.cases.services import lifecycle

    found = journey(offices.sender, offices.receiving, stage="ready")
    close: dict[str, Any] = {
        "to_status": "closed",
        "closure_reason": "returned",
        "closed_on": timezone.localdate(),
    }
    with pytest.raises(ValidationError):
        lifecycle.move_case(actor=offices.sender, case=found.departure_case, **close)
    share_with(offices.sender, found.departure_case, offices.receiving)
    services.hand_over(actor=offices.sender, assisted_return=refresh(found))
    case = lifecycle.move_case(actor=offices.sender, case=refresh(found).departure_case, **close)
    assert case.status == "closed"


def test_an_anonymised_person_leaves_no_identity_on_their_returns(offices: SimpleNamespace) -> None:
    from sutura.privacy.services import anonymise_person

    found = journey(
        offices.sender, offices.receiving, stage="reintegration", receiver=offices.receiver
    )
    assert found.given_names == "Moussa" and found.reintegration_case is not None
    anonymise_person(found.reintegration_case.person, cause="retention")
    found = refresh(found)
    assert (found.given_names, found.phone, found.vulnerability_note) == ("—", "", "")
    assert found.birth_date is not None and (found.birth_date.month, found.birth_date.day) == (1, 1)
    assert found.status == "reintegration" and found.arrived_on is not None
