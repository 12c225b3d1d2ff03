"""Who reads which part of a return (`access/returns.py`): both forms agree, each office sees only
its part, the receiving office nothing before the handover, and the departure office never the
reintegration case (pages, API and services: 404 / refused)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.access import visible
from sutura.access.returns import (
    departure_filter,
    receiving_filter,
    return_standing,
    sees_arrival,
    sees_handover_record,
    sees_session,
)
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.services import records
from sutura.people.consent import withdraw_consent
from sutura.people.models import ConsentPurpose
from sutura.people.selectors import current_consent
from sutura.returns import selectors, services
from sutura.returns.models import Arrival, Counselling, Movement, Return, TravelDocument
from sutura.returns.tests.helpers import journey
from tests.audit_words import said
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(offices: SimpleNamespace, django_db_blocker: Any) -> SimpleNamespace:
    """Both offices with a second case manager each (the receiving one restricted to the
    cases assigned to them), a mentor and an M&E officer; a return from the departure office
    arrived with its reintegration case (`arrived`) and one the other way still in counselling
    (`counselling`). Built inside the module's `offices` transaction."""
    with django_db_blocker.unblock():
        offices.receiving.case_managers_see_all_cases = False
        offices.receiving.save()
        extra = [
            UserFactory.create(organisation=org, roles=[role], username=f"{org.acronym}-{role}")
            for org in (offices.departure, offices.receiving)
            for role in (Role.CASE_MANAGER, Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT)
        ]
        departure_manager = UserFactory.create(
            organisation=offices.departure, roles=[Role.PROGRAMME_MANAGER], username="dep-pm"
        )
        arrived = journey(
            offices.sender, offices.receiving, stage="reintegration", receiver=offices.receiver
        )
        counselling = journey(
            offices.receiver, offices.departure, given_names="Lamine", stage="counselling"
        )
    users = [offices.sender, offices.receiver, offices.manager, offices.me, departure_manager]
    return SimpleNamespace(
        **vars(offices),
        arrived=arrived,
        counselling=counselling,
        users=[*users, *extra],
        manager_of_departure=departure_manager,
    )


def _matches(condition: Q | None, pk: Any) -> bool:
    return condition is not None and Return.objects.filter(condition, pk=pk).exists()


def test_the_return_standing_and_the_filters_agree(world: SimpleNamespace) -> None:
    returns = list(Return.objects.select_related("departure_case"))
    assert len(returns) == 2
    for user in world.users:
        seen = set(visible(user, Return).values_list("pk", flat=True))
        for found in returns:
            standing = return_standing(user, found)
            assert standing.departure == _matches(departure_filter(user), found.pk), user
            assert standing.receiving == _matches(receiving_filter(user), found.pk), user
            assert standing.sees == (found.pk in seen), (user, found)
        checks: tuple[tuple[Any, Any], ...] = (
            (Counselling, sees_session),
            (TravelDocument, sees_handover_record),
            (Movement, sees_handover_record),
            (Arrival, sees_arrival),
        )
        for model, rule in checks:
            rows = model.objects.select_related("assisted_return__departure_case")
            shown = set(visible(user, model).values_list("pk", flat=True))
            for row in rows:
                assert rule(user, row) == (row.pk in shown), (user, model, row)


def test_each_office_sees_its_own_part(world: SimpleNamespace) -> None:
    arrived = world.arrived
    b_manager, a_manager = world.sender, world.receiver
    # The departure office: its counselling, documents and movements; no arrival row.
    departure = selectors.journey(b_manager, arrived)
    assert departure.standing.departure and not departure.standing.receiving
    assert departure.departure_sessions and departure.papers and departure.legs
    assert departure.arrival is None and departure.arrival_sessions == []
    assert departure.assisted_return.arrived_on is not None  # the date and status only
    # The receiving office: the handover and its arrival; never the departure sessions.
    receiving = selectors.journey(a_manager, arrived)
    assert receiving.standing.receiving and not receiving.standing.departure
    assert receiving.arrival is not None and receiving.papers and receiving.legs
    assert receiving.departure_sessions == [] and receiving.person is None
    assert receiving.assisted_return.decision == "wishes_to_return"


def test_before_the_handover_the_receiving_office_sees_nothing(world: SimpleNamespace) -> None:
    counselling = world.counselling
    for user in world.users:
        if user.organisation_id != world.departure.pk:
            continue
        assert not visible(user, Return).filter(pk=counselling.pk).exists()
        assert not visible(user, Counselling).filter(assisted_return=counselling).exists()
        client = Client()
        client.force_login(user)
        # 404 for the case staff (no such return for them), 403 for the other roles.
        expected = (
            404 if Role.CASE_MANAGER in user.roles or Role.PROGRAMME_MANAGER in user.roles else 403
        )
        assert client.get(reverse("returns:detail", args=[counselling.pk])).status_code == expected
        api = client.get(reverse("api-return-detail", args=[counselling.pk]))
        assert api.status_code == expected


def test_the_departure_office_cannot_read_the_reintegration_case(world: SimpleNamespace) -> None:
    arrived = world.arrived
    case = arrived.reintegration_case
    for user in (world.sender, world.manager_of_departure):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
        assert client.get(reverse("cases:plan", args=[case.pk])).status_code == 404
        assert client.get(f"/api/cases/{case.pk}/").status_code == 404
        with pytest.raises(PermissionDenied):
            records.record_follow_up(
                actor=user,
                case=case,
                happened_on=datetime.date(2026, 1, 1),
                type="phone_call",
            )
        # Nor the receiving side's records of the return.
        with pytest.raises(PermissionDenied):
            services.record_counselling(
                actor=user,
                assisted_return=arrived,
                side="arrival",
                held_on=datetime.date(2026, 1, 1),
                topics=["rights"],
            )
        answer = client.get(reverse("api-return-detail", args=[arrived.pk])).json()
        assert "arrival" not in answer and "reintegration_case" not in answer
        assert "identity" not in answer


def test_the_receiving_office_cannot_read_the_departure_case(world: SimpleNamespace) -> None:
    arrived = world.arrived
    a_manager = world.receiver
    client = Client()
    client.force_login(a_manager)
    departure = arrived.departure_case
    assert client.get(reverse("cases:detail", args=[departure.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.add_movement(
            actor=a_manager,
            assisted_return=arrived,
            departs_on=datetime.date(2026, 1, 1),
            route="x",
            departure_point="x",
            arrival_point="y",
        )
    answer = client.get(reverse("api-return-detail", args=[arrived.pk])).json()
    assert "departure_case" not in answer
    assert all(s["side"] == "arrival" for s in answer["sessions"])


def test_reads_are_audited(world: SimpleNamespace) -> None:
    arrived = world.arrived
    a_manager = world.receiver
    client = Client()
    client.force_login(a_manager)
    before = AuditEntry.objects.count()
    assert client.get(reverse("returns:detail", args=[arrived.pk])).status_code == 200
    read = AuditEntry.objects.filter(pk__gt=0, actor=a_manager, action=Action.READ).order_by("-pk")
    assert AuditEntry.objects.count() > before
    entry = read.first()
    assert entry is not None and entry.object_id == str(arrived.pk)


def test_the_api_list_gives_each_user_exactly_their_returns(world: SimpleNamespace) -> None:
    for user in world.users:
        client = Client()
        client.force_login(user)
        response = client.get(reverse("api-return-list"))
        if response.status_code != 200:
            assert response.status_code == 403 and not visible(user, Return).exists()
            continue
        listed = {row["id"] for row in response.json()["results"]}
        assert listed == {str(pk) for pk in visible(user, Return).values_list("pk", flat=True)}


def test_a_withdrawn_sharing_consent_ends_the_receiving_office_s_reading_at_once(
    world: SimpleNamespace,
) -> None:
    """The handover relies on the person's consent to share their file with the receiving
    organisation: withdrawn before the reintegration case opens (the person has not registered
    with them yet), the receiving office reads nothing more of the return (404), as a referral's
    receiver stops reading at a withdrawal. The departure office keeps its part."""
    on_the_way = journey(world.sender, world.receiving, given_names="Awa", stage="travelling")
    assert return_standing(world.receiver, on_the_way).receiving
    consent = current_consent(
        on_the_way.departure_case.person, ConsentPurpose.SHARING, organisation_id=world.receiving.pk
    )
    assert consent is not None
    withdraw_consent(actor=world.sender, consent=consent)
    for user in (world.receiver, world.manager):
        assert not return_standing(user, on_the_way).sees
        assert not _matches(receiving_filter(user), on_the_way.pk)
        assert not visible(user, Return).filter(pk=on_the_way.pk).exists()
        models: tuple[Any, ...] = (Counselling, TravelDocument, Movement)
        for model in models:
            assert not visible(user, model).filter(assisted_return=on_the_way).exists()
        client = Client()
        client.force_login(user)
        assert client.get(reverse("returns:detail", args=[on_the_way.pk])).status_code == 404
        assert client.get(reverse("api-return-detail", args=[on_the_way.pk])).status_code == 404
    assert return_standing(world.sender, on_the_way).departure
    # Once the reintegration case is open, the person is the receiving office's own.
    assert return_standing(world.receiver, world.arrived).receiving


def test_the_audit_log_keeps_no_free_text_of_the_journey(world: SimpleNamespace) -> None:
    """The log is read by system administrators of any organisation: who met the person at
    arrival, the notes of counselling and arrival, the escort and a document's number show
    only that they changed ("(changed)"), never their words."""
    arrival = Arrival.objects.get(assisted_return=world.arrived)
    document = TravelDocument.objects.filter(assisted_return=world.arrived).first()
    assert document is not None and document.number
    session = services.record_counselling(
        actor=world.receiver,
        assisted_return=world.counselling,
        side="departure",
        held_on=timezone.localdate(),
        topics=["return_process"],
        decision="undecided",
        note="Il craint son ancien passeur à Agadez",
    )
    checks = ((arrival, "met_by"), (document, "number"), (session, "note"))
    for record, name in checks:
        entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(record.pk))
        assert entry.changes[name] == "(changed)", (record, entry.changes)


def test_the_departure_person_s_file_holds_no_arrival(world: SimpleNamespace) -> None:
    """The subject-access export of the departure office's person is read by that office's
    data-protection staff: the reception at home is the receiving organisation's record, in the
    file of the person it registered (the reintegration case's)."""
    from sutura.privacy.selectors import person_file

    departure = dict(person_file(world.arrived.departure_case.person))
    assert departure[Arrival] == []
    assert world.arrived.reintegration_case is not None
    receiving = dict(person_file(world.arrived.reintegration_case.person))
    arrival = Arrival.objects.get(assisted_return=world.arrived)
    assert [a.pk for a in receiving[Arrival]] == [arrival.pk]


def test_the_step_form_read_is_logged_with_the_steps_title(world: SimpleNamespace) -> None:
    """The audit log names the step as the page does ("Open the reintegration case"), never
    by its code; an entry kept as a plain code before reads in words too."""
    client = Client()
    client.force_login(world.receiver)
    url = reverse("returns:step", args=[world.arrived.pk, "open_case"])
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.filter(actor=world.receiver, action=Action.READ).latest("pk")
    assert said(entry) == "Return step form: Open the reintegration case"
    older = AuditEntry(detail=entry.detail, detail_params={"step": "open_case"})
    assert said(older) == "Return step form: Open the reintegration case"
