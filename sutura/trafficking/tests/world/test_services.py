"""The trafficking services: their checks and clear errors, an identified victim flags and
prioritises the case as a screening does, and the person's decision about law enforcement is
never a condition of assistance (a whole case journey with "does not wish")."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from sutura.accounts.roles import Role
from sutura.cases.models import Case, CaseStatus, PlanStatus, Priority, RiskLevel
from sutura.cases.services import lifecycle, plans, records, screening
from sutura.notifications.models import Notification
from sutura.referrals.services import referring, workflow
from sutura.trafficking import services
from sutura.trafficking.models import (
    Confidentiality,
    IndicatorChecklist,
    IndicatorItem,
    VictimStatus,
)
from tests.worlds import World

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _fresh(case: Any) -> Any:
    """The case as the database has it (a test before may have changed the world's copy)."""
    return Case.objects.get(pk=case.pk)


def _manager(world: World) -> Any:
    return world.a.users[Role.CASE_MANAGER]


def _refused(call: Any, field: str) -> str:
    with pytest.raises(ValidationError) as refused, override("en"):
        call()
    return " ".join(refused.value.message_dict[field])


def test_the_checklist_is_versioned_data_of_four_groups() -> None:
    checklist = IndicatorChecklist.objects.get(is_current=True)
    items = IndicatorItem.objects.filter(checklist=checklist)
    assert checklist.version == 1 and items.count() == 16
    assert set(items.values_list("group", flat=True)) == {
        "recruitment",
        "movement",
        "exploitation",
        "control",
    }
    assert all(item.text_fr and item.text_en for item in items)


def test_the_checklist_comes_back_after_a_flush(rolled_back: None) -> None:
    from sutura.trafficking.apps import _checklist

    IndicatorItem.objects.all().delete()  # (identifications keep the version itself)
    _checklist()
    assert IndicatorItem.objects.filter(checklist__is_current=True).count() == 16


def test_an_identified_victim_flags_the_case_and_makes_it_urgent(
    world: World, rolled_back: None
) -> None:
    case = _fresh(world.b.case)
    assert "vot" not in case.flags
    services.record_identification(
        actor=world.b.users[Role.CASE_MANAGER],
        case=case,
        answers={"forced_work": "yes", "documents_confiscated": "yes"},
        status=VictimStatus.IDENTIFIED,
        authority="police",
    )
    case.refresh_from_db()
    assert "vot" in case.flags
    assert case.priority == Priority.URGENT and case.risk_level == RiskLevel.HIGH
    told = Notification.objects.filter(link__contains=str(case.pk))
    assert told.filter(recipient=world.b.users[Role.PROGRAMME_MANAGER]).exists()


def test_a_presumed_victim_does_not_change_the_case(world: World, rolled_back: None) -> None:
    case = _fresh(world.b.case)
    before = (list(case.flags), case.priority)
    services.record_identification(
        actor=world.b.users[Role.CASE_MANAGER],
        case=case,
        answers={"forced_work": "yes"},
        status=VictimStatus.PRESUMED,
    )
    case.refresh_from_db()
    assert (list(case.flags), case.priority) == before


def test_identification_checks_explain_themselves(world: World) -> None:
    manager, case = _manager(world), world.a.case

    def identify(**given: Any) -> Any:
        data = {"answers": {"forced_work": "yes"}, "status": "presumed"} | given
        return lambda: services.record_identification(actor=manager, case=case, **data)

    assert "checklist" in _refused(identify(answers={"nonsense": "yes"}), "answers")
    assert "yes, no or unknown" in _refused(identify(answers={"forced_work": "maybe"}), "answers")
    assert "at least one indicator" in _refused(identify(answers={"forced_work": "no"}), "status")
    assert "authority" in _refused(identify(status="identified"), "authority")
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert "future" in _refused(identify(identified_on=tomorrow), "identified_on")
    before = case.opened_on - datetime.timedelta(days=1)
    assert "before the case opened" in _refused(identify(identified_on=before), "identified_on")


def test_answers_are_kept_for_every_item_by_key(world: World, rolled_back: None) -> None:
    found = services.record_identification(
        actor=_manager(world),
        case=world.a.case,
        answers={"forced_work": "yes"},
        status="presumed",
    )
    assert len(found.answers) == 16 and found.answers["forced_work"] == "yes"
    assert found.answers["isolation"] == "unknown"
    assert found.confidentiality == Confidentiality.RESTRICTED  # by default


def test_a_high_risk_needs_a_safety_plan_with_a_review_date(world: World) -> None:
    manager, case = _manager(world), world.a.case
    levels = {"re_trafficking": "high", "trafficker_threats": "low", "family_risk": "low"}

    def assess(**given: Any) -> Any:
        return lambda: services.assess_risk(actor=manager, case=case, **(levels | given))

    assert "safety plan" in _refused(assess(), "measures")
    assert "low, medium or high" in _refused(assess(family_risk="extreme"), "family_risk")
    no_date = {"measures": ["change_phone"]}
    assert "review" in _refused(assess(safety_plan=no_date), "review_on")
    past = {"measures": ["change_phone"], "review_on": TODAY - datetime.timedelta(days=400)}
    assert "past" in _refused(assess(safety_plan=past), "review_on")
    other = {"measures": ["other"], "review_on": TODAY}
    assert "other measure" in _refused(assess(safety_plan=other), "measures_text")


def test_the_safety_plan_is_updated_with_its_version(world: World, rolled_back: None) -> None:
    plan = world.parts["trafficking"]["plan_a"]
    updated = services.update_safety_plan(
        actor=_manager(world),
        plan=plan,
        expected_version=plan.version,
        review_on=TODAY + datetime.timedelta(days=10),
    )
    assert updated.review_on == TODAY + datetime.timedelta(days=10)
    with pytest.raises(ValidationError):  # a stale version
        services.update_safety_plan(
            actor=_manager(world), plan=plan, expected_version=1, relocation="x"
        )


def test_a_whole_case_journey_works_when_the_person_does_not_wish_to_cooperate(
    world: World, rolled_back: None
) -> None:
    """Cooperating with law enforcement is never required: with "does not wish" recorded, the
    case goes from screening to closure, with its plan, assistance, follow-up and a referral."""
    a = world.a
    manager, case = _manager(world), _fresh(a.case)
    services.record_cooperation(actor=manager, case=case, decision="does_not_wish")
    services.record_identification(
        actor=manager,
        case=case,
        answers={"forced_work": "yes"},
        status="identified",
        authority="anti_trafficking_unit",
    )
    case.refresh_from_db()
    screening.record_screening(actor=manager, case=case, categories=["vot"])
    plan = plans.plan_for_case(actor=manager, case=case)
    plan.refresh_from_db()
    if plan.status != PlanStatus.APPROVED:
        if plan.status != PlanStatus.SUBMITTED:
            plan = plans.submit_plan(actor=manager, plan=plan, expected_version=plan.version)
        if plan.status == PlanStatus.SUBMITTED:
            plan = plans.decide_plan(
                actor=a.users[Role.PROGRAMME_MANAGER],
                plan=plan,
                approve=True,
                comments="",
                expected_version=plan.version,
            )
    item = (
        plans.add_item(
            actor=manager,
            plan=plan,
            dimension="social",
            kind="Hébergement",
            amount=Decimal("1000"),
            currency="XOF",
            planned_on=TODAY,
        )
        if plan.status != PlanStatus.APPROVED
        else a.item
    )
    case.refresh_from_db()
    for status in (CaseStatus.ASSESSMENT, CaseStatus.PLAN, CaseStatus.ASSISTANCE):
        if case.status != status:
            case = lifecycle.move_case(actor=manager, case=case, to_status=status)
    plans.record_delivery(actor=manager, item=item, delivered_on=TODAY, amount=Decimal("1"))
    records.record_follow_up(actor=manager, case=case, happened_on=TODAY, type="phone")
    referral = referring.create_referral(
        actor=manager,
        case=case,
        service=world.b.service,
        category=world.b.service.category,
        reason="Soutien psychosocial",
        shared_sections=["identity", "protection_history"],
        send=True,
    )
    workflow.accept(actor=world.b.users[Role.PROVIDER_AGENT], referral=referral)
    case = lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.MONITORING)
    case = lifecycle.move_case(
        actor=manager, case=case, to_status=CaseStatus.CLOSED, closure_reason="plan_completed"
    )
    assert case.status == CaseStatus.CLOSED


def test_no_code_outside_the_app_and_its_access_rules_reads_the_cooperation_decision() -> None:
    """No service, guard, selector or page of another app reads the decision (to give or
    refuse anything); within the app, only the modules that record and show it."""
    package = Path(__file__).resolve().parents[3]
    allowed = {
        "trafficking/models.py",
        "trafficking/services.py",
        "trafficking/selectors.py",
        "trafficking/forms.py",
        "trafficking/api.py",
        "trafficking/demo.py",
        "trafficking/apps.py",  # its rows join the subject-access export and anonymisation
        "trafficking/app_settings.py",  # the API schema's name of the choices
        "access/trafficking.py",
    }
    names = ("LawEnforcementCooperation", "CooperationDecision", "cooperations(")
    readers = []
    for path in package.rglob("*.py"):
        relative = path.relative_to(package).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative in allowed:
            continue
        text = path.read_text("utf-8")
        if any(name in text for name in names):
            readers.append(relative)
    assert readers == [], readers
