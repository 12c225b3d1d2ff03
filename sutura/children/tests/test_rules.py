"""The rules of a child's case: no durable decision without a decided best-interests
determination (BID), a BID decided only on an assessment and by a panel of three, a child's
consent under a documented best-interests decision and always with the child's own views."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.cases.models import CaseStatus
from sutura.cases.services import lifecycle, screening
from sutura.children.models import BestInterestsDetermination
from sutura.children.selectors import has_decided_bid
from sutura.children.services import assessments, determinations
from sutura.children.tests.conftest import Children as World
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def rollback(world: World) -> Iterator[None]:
    """Each test changes the shared world inside a transaction it rolls back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _part(world: World) -> dict[str, Any]:
    return world.parts


def _to_assessment(manager: Any, case: Any) -> Any:
    screening.record_assessment(actor=manager, case=case, assessed_on=D(2026, 2, 2), economic="x")
    case.refresh_from_db()
    if case.status == CaseStatus.SCREENING:
        case = lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.ASSESSMENT)
    return case


def test_a_childs_case_reaches_no_plan_without_a_decided_bid(world: World, rollback: None) -> None:
    manager_b = world.b.users[Role.CASE_MANAGER]
    case_b = _to_assessment(manager_b, _part(world)["child_case_b"])
    assert not has_decided_bid(case_b)
    with translation.override("en"), pytest.raises(lifecycle.IllegalTransition) as refused:
        lifecycle.move_case(actor=manager_b, case=case_b, to_status=CaseStatus.PLAN)
    assert "best-interests determination" in refused.value.messages[0]
    # A's child has a decided BID: the same move goes through.
    manager_a = world.a.users[Role.CASE_MANAGER]
    case_a = _to_assessment(manager_a, _part(world)["child_case_a"])
    assert has_decided_bid(case_a) and has_decided_bid(case_a, "reunification")
    assert not has_decided_bid(case_a, "return")
    moved = lifecycle.move_case(actor=manager_a, case=case_a, to_status=CaseStatus.PLAN)
    assert moved.status == CaseStatus.PLAN


def test_closing_a_childs_case_as_reintegrated_or_returned_needs_a_decided_bid(
    world: World, rollback: None
) -> None:
    manager = world.b.users[Role.CASE_MANAGER]
    case = _part(world)["child_case_b"]
    for reason in ("reintegrated", "returned"):
        with pytest.raises(lifecycle.IllegalTransition):
            lifecycle.move_case(
                actor=manager, case=case, to_status=CaseStatus.CLOSED, closure_reason=reason
            )
    # Closing for a reason that decides nothing for the child is not held up.
    closed = lifecycle.move_case(
        actor=manager, case=case, to_status=CaseStatus.CLOSED, closure_reason="lost_contact"
    )
    assert closed.status == CaseStatus.CLOSED


def test_an_adults_case_is_not_held_up(world: World, rollback: None) -> None:
    manager = world.b.users[Role.CASE_MANAGER]
    adult = _person(world, D(1990, 1, 1))
    _consent(world, adult, method=ConsentMethod.VERBAL)
    case = lifecycle.open_case(actor=manager, person=adult, case_type="return_reintegration")
    closed = lifecycle.move_case(
        actor=manager, case=case, to_status=CaseStatus.CLOSED, closure_reason="reintegrated"
    )
    assert closed.status == CaseStatus.CLOSED


def test_a_bid_is_decided_only_on_an_assessment_done_by_the_panels_date(
    world: World, rollback: None
) -> None:
    manager = world.b.users[Role.CASE_MANAGER]
    case = _part(world)["child_case_b"]
    panel = [manager, world.b.users[Role.PROGRAMME_MANAGER], world.b.colleague]
    late = assessments.record_assessment(
        actor=manager, case=case, childs_views="Veut rester", assessed_on=D(2026, 3, 2)
    )
    with translation.override("en"), pytest.raises(ValidationError, match="assessment done on"):
        determinations.record_determination(
            actor=manager,
            case=case,
            question="return",
            panel_on=D(2026, 3, 1),
            assessments=[late],
            panel_users=panel,
            decision="not_return",
            reasons="Risques",
        )
    with pytest.raises(ValidationError):  # no assessment reviewed at all
        determinations.record_determination(
            actor=manager,
            case=case,
            question="return",
            panel_on=D(2026, 3, 5),
            panel_users=panel,
            decision="not_return",
            reasons="Risques",
        )
    decided = determinations.record_determination(
        actor=manager,
        case=case,
        question="return",
        panel_on=D(2026, 3, 5),
        assessments=[late],
        panel_users=panel,
        decision="not_return",
        reasons="Risques",
    )
    assert decided.status == "decided" and has_decided_bid(case, "return")


def test_a_bid_is_decided_by_a_panel_of_at_least_three(world: World, rollback: None) -> None:
    manager = world.b.users[Role.CASE_MANAGER]
    # B's draft (two users and one outside member), read afresh: the world's row is shared.
    bid = BestInterestsDetermination.objects.get(pk=_part(world)["bid_b"].pk)
    small = determinations.record_determination(
        actor=manager,
        case=bid.case,
        question="alternative_care",
        panel_on=D(2026, 2, 3),
        assessments=[_part(world)["bia_b"]],
        panel_users=[manager],
        outside_members=[{"name": "Mme Sarr", "role": "Juge des enfants"}],
    )
    with translation.override("en"), pytest.raises(ValidationError, match="at least 3"):
        determinations.decide(
            actor=manager,
            determination=small,
            decision="alternative_care",
            reasons="x",
            expected_version=small.version,
        )
    with pytest.raises(ValidationError) as refused:  # no decision, no reasons
        determinations.decide(
            actor=manager, determination=bid, decision="", reasons=" ", expected_version=1
        )
    assert set(refused.value.message_dict) == {"decision", "reasons"}
    decided = determinations.decide(
        actor=manager,
        determination=bid,
        decision="reunify",
        reasons="La tante est prête",
        expected_version=bid.version,
    )
    assert decided.status == "decided" and decided.decided_by == manager


def test_a_bid_panel_names_its_outside_members_with_their_role(
    world: World, rollback: None
) -> None:
    manager = world.b.users[Role.CASE_MANAGER]
    with pytest.raises(ValidationError) as refused:
        determinations.record_determination(
            actor=manager,
            case=_part(world)["child_case_b"],
            question="other",
            panel_on=D(2026, 2, 3),
            outside_members=[{"name": "Mme Sarr", "role": ""}],
        )
    assert "outside_members" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:  # another organisation's user
        determinations.record_determination(
            actor=manager,
            case=_part(world)["child_case_b"],
            question="other",
            panel_on=D(2026, 2, 3),
            panel_users=[world.a.users[Role.CASE_MANAGER]],
        )
    assert "panel_users" in refused.value.message_dict


def test_a_bia_records_the_childs_views_and_only_the_forms_questions(
    world: World, rollback: None
) -> None:
    manager = world.b.users[Role.CASE_MANAGER]
    case = _part(world)["child_case_b"]
    with pytest.raises(ValidationError) as refused:
        assessments.record_assessment(
            actor=manager, case=case, childs_views="  ", assessed_on=D(2026, 2, 1)
        )
    assert "childs_views" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        assessments.record_assessment(
            actor=manager,
            case=case,
            childs_views="Veut rester",
            assessed_on=D(2026, 2, 1),
            answers={"no_such_question": "x"},
        )
    assert "answers" in refused.value.message_dict


# --- a child's consent ---------------------------------------------------------------------------


def _person(world: World, born: datetime.date) -> Any:
    return people.register_person(
        actor=world.b.users[Role.CASE_MANAGER],
        given_names="Awa",
        family_name="Sy",
        sex="female",
        birth_date=born,
    )


def _consent(world: World, person: Any, **given: Any) -> Any:
    return record_consent(
        actor=world.b.users[Role.CASE_MANAGER],
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        decided_on=D(2026, 1, 5),
        **given,
    )


def test_a_child_without_a_guardian_consents_under_a_documented_bid(
    world: World, rollback: None
) -> None:
    child = _person(world, D(2013, 1, 1))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _consent(world, child, method=ConsentMethod.BEST_INTERESTS, childs_views="D'accord")
    assert "who decided" in refused.value.message_dict["best_interests_basis"][0]
    with pytest.raises(ValidationError) as refused:  # verbal: neither guardian nor BID
        _consent(world, child, method=ConsentMethod.VERBAL, childs_views="D'accord")
    assert "method" in refused.value.message_dict
    consent = _consent(
        world,
        child,
        method=ConsentMethod.BEST_INTERESTS,
        childs_views="D'accord",
        best_interests_basis="DIS du 2 janvier 2026, comité, réf. 7",
    )
    assert consent.method == "best_interests"


def test_only_a_childs_consent_rests_on_a_best_interests_decision(
    world: World, rollback: None
) -> None:
    adult = _person(world, D(1990, 1, 1))
    with pytest.raises(ValidationError) as refused:
        _consent(world, adult, method=ConsentMethod.BEST_INTERESTS, best_interests_basis="DIS")
    assert "method" in refused.value.message_dict


def test_a_childs_consent_always_records_the_childs_views(world: World, rollback: None) -> None:
    child = _person(world, D(2013, 1, 1))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _consent(world, child, method=ConsentMethod.GUARDIAN, guardian_name="Sa mère")
    assert "child's own views" in refused.value.message_dict["childs_views"][0]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        _consent(world, child, method=ConsentMethod.GUARDIAN, guardian_name="Sa mère")
    given = _consent(
        world, child, method=ConsentMethod.GUARDIAN, guardian_name="Sa mère", childs_views="Oui"
    )
    assert given.childs_views == "Oui"


def test_a_child_by_age_gets_the_child_protection_section_before_any_screening(
    world: World, rollback: None
) -> None:
    """A child's return (or any case of a person under 18) needs a best-interests
    determination: the section that records it shows from the start, not after a screening."""
    from sutura.children.selectors import child_section

    manager = world.b.users[Role.CASE_MANAGER]
    child = _person(world, D(2014, 6, 1))
    _consent(
        world,
        child,
        method=ConsentMethod.BEST_INTERESTS,
        best_interests_basis="Interim decision of the child protection officer, 4 Jan 2026",
        childs_views="Wants to go home to her aunt.",
    )
    case = lifecycle.open_case(actor=manager, person=child, case_type="assisted_return")
    assert case.flags == []
    assert child_section(manager, case) is not None
    adult = _person(world, D(1990, 1, 1))
    _consent(world, adult, method=ConsentMethod.VERBAL)
    adult_case = lifecycle.open_case(actor=manager, person=adult, case_type="assisted_return")
    assert child_section(manager, adult_case) is None
