"""The trafficking services: their checks and clear errors, an identified victim flags and
prioritises the case as a screening does, and the person's decision about law enforcement is
never a condition of assistance (a whole case journey with "does not wish").

The trafficking pages and API as a case manager uses them: the section on the case page,
the identification checklist by group, the risk assessment with its safety plan, the
cooperation decision; one record's page and who may read it; the export fields and the
indicator.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from sutura.accounts.roles import Role
from sutura.cases.models import Case, CaseStatus, PlanStatus, Priority, RiskLevel
from sutura.cases.services import lifecycle, plans, records, screening
from sutura.core import case_export, indicators
from sutura.core.indicators import Period
from sutura.notifications.models import Notification
from sutura.referrals.services import referring, workflow
from sutura.trafficking import services
from sutura.trafficking.models import (
    Confidentiality,
    Identification,
    IndicatorChecklist,
    IndicatorItem,
    LawEnforcementCooperation,
    RiskAssessment,
    VictimStatus,
)
from tests.worlds import World

pytestmark = pytest.mark.django_db


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
        confidentiality=Confidentiality.CASE_TEAM,
    )
    case.refresh_from_db()
    assert "vot" in case.flags
    assert case.priority == Priority.URGENT and case.risk_level == RiskLevel.HIGH
    told = Notification.objects.filter(link__contains=str(case.pk))
    assert told.filter(recipient=world.b.users[Role.PROGRAMME_MANAGER]).exists()


def test_a_restricted_identification_makes_the_case_urgent_without_a_trafficking_flag(
    world: World, rolled_back: None
) -> None:
    """A restricted identification is read by the case's manager and the programme managers
    only: the "victim of trafficking" flag would tell the whole case team (case page, export's
    case.flags, a referral's categories) what the record says. The case still becomes urgent
    and high risk, and the focal points are told, without the word."""
    case = _fresh(world.b.case)
    services.record_identification(
        actor=world.b.users[Role.CASE_MANAGER],
        case=case,
        answers={"forced_work": "yes", "documents_confiscated": "yes"},
        status=VictimStatus.IDENTIFIED,
        authority="police",
    )
    case.refresh_from_db()
    assert "vot" not in case.flags
    assert case.priority == Priority.URGENT and case.risk_level == RiskLevel.HIGH
    told = Notification.objects.filter(link__contains=str(case.pk))
    assert told.filter(recipient=world.b.users[Role.PROGRAMME_MANAGER]).exists()
    with override("en"):
        assert not any("traffick" in f"{n.title} {n.body}".lower() for n in told)


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
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
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
    past = {
        "measures": ["change_phone"],
        "review_on": timezone.localdate() - datetime.timedelta(days=400),
    }
    assert "past" in _refused(assess(safety_plan=past), "review_on")
    other = {"measures": ["other"], "review_on": timezone.localdate()}
    assert "other measure" in _refused(assess(safety_plan=other), "measures_text")


def test_the_safety_plan_is_updated_with_its_version(world: World, rolled_back: None) -> None:
    plan = world.parts["trafficking"]["plan_a"]
    updated = services.update_safety_plan(
        actor=_manager(world),
        plan=plan,
        expected_version=plan.version,
        review_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    assert updated.review_on == timezone.localdate() + datetime.timedelta(days=10)
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
            planned_on=timezone.localdate(),
        )
        if plan.status != PlanStatus.APPROVED
        else a.item
    )
    case.refresh_from_db()
    for status in (CaseStatus.ASSESSMENT, CaseStatus.PLAN, CaseStatus.ASSISTANCE):
        if case.status != status:
            case = lifecycle.move_case(actor=manager, case=case, to_status=status)
    plans.record_delivery(
        actor=manager, item=item, delivered_on=timezone.localdate(), amount=Decimal("1")
    )
    records.record_follow_up(
        actor=manager, case=case, happened_on=timezone.localdate(), type="phone"
    )
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


def _part(world: World, name: str) -> Any:
    return world.parts["trafficking"][name]


def test_the_case_page_shows_the_section_with_what_each_reader_reads(
    world: World, client: Any
) -> None:
    b = world.b
    url = reverse("cases:detail", args=[b.case.pk])
    client.force_login(b.users[Role.CASE_MANAGER])
    page = client.get(url).content.decode()
    assert reverse("trafficking:identify", args=[b.case.pk]) in page
    assert str(_part(world, "risk_b").pk) in page  # restricted: the case manager reads it
    client.force_login(b.colleague)
    page = client.get(url).content.decode()
    assert str(_part(world, "identification_b").pk) in page
    assert str(_part(world, "risk_b").pk) not in page
    # the mentor's minimal profile has no such section
    client.force_login(world.a.users[Role.COMMUNITY_MENTOR])
    page = client.get(reverse("cases:detail", args=[world.a.case.pk])).content.decode()
    assert "trafficking" not in page


def test_the_identification_form_lists_the_checklist_by_group_and_records(
    world: World, client: Any, rolled_back: None
) -> None:
    a = world.a
    client.force_login(a.users[Role.CASE_MANAGER])
    client.cookies["django_language"] = "en"
    url = reverse("trafficking:identify", args=[a.case.pk])
    page = client.get(url).content.decode()
    for group in ("Recruitment", "Movement", "Exploitation", "Control"):
        assert f"<h2>{group}</h2>" in page
    assert page.count('type="radio" name="answer_') == 16 * 3
    data = {f"answer_{key}": "no" for key in ("deceived_job", "forced_work")}
    data |= {
        "answer_forced_work": "yes",
        "status": "presumed",
        "identified_on": timezone.localdate().isoformat(),
        "confidentiality": "restricted",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the other answers are required (unknown by default)
    from sutura.trafficking.selectors import current_items

    data |= {f"answer_{item.key}": "unknown" for item in current_items()}
    data["answer_forced_work"] = "yes"
    response = client.post(url, data)
    assert response.status_code == 302
    found = Identification.objects.filter(case=a.case).latest("created_at")
    assert found.answers["forced_work"] == "yes" and found.recorded_by == a.users[Role.CASE_MANAGER]
    assert client.get(response["Location"]).status_code == 200


def test_the_risk_form_refuses_a_high_risk_without_a_plan_then_records_it(
    world: World, client: Any, rolled_back: None
) -> None:
    a = world.a
    client.force_login(a.users[Role.CASE_MANAGER])
    url = reverse("trafficking:assess", args=[a.case.pk])
    data = {
        "assessed_on": timezone.localdate().isoformat(),
        "re_trafficking": "high",
        "trafficker_threats": "low",
        "family_risk": "low",
        "confidentiality": "restricted",
    }
    assert client.post(url, data).status_code == 200
    review = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(url, data | {"measures": ["change_phone"], "review_on": review})
    assert response.status_code == 302
    found = RiskAssessment.objects.filter(case=a.case).latest("created_at")
    assert found.safety_plan.measures == ["change_phone"]


def test_the_cooperation_form_says_assistance_never_depends_on_it(
    world: World, client: Any, rolled_back: None
) -> None:
    b = world.b
    client.force_login(b.colleague)  # records for the case team: the only choice offered
    client.cookies["django_language"] = "en"
    url = reverse("trafficking:cooperation", args=[b.case.pk])
    page = client.get(url).content.decode()
    assert "never depends" in page and 'value="restricted"' not in page
    data = {"decision": "does_not_wish", "decided_on": timezone.localdate().isoformat()}
    response = client.post(url, data | {"confidentiality": "case_team"})
    assert response.status_code == 302
    assert LawEnforcementCooperation.objects.filter(case=b.case, decision="does_not_wish").exists()


def test_the_case_manager_opens_a_record_to_the_team_a_colleague_may_not(
    world: World, client: Any, rolled_back: None
) -> None:
    b = world.b
    record = _part(world, "identification_b")
    url = reverse("trafficking:confidentiality", args=["identification", record.pk])
    client.force_login(b.colleague)
    assert client.post(url, {"confidentiality": "restricted", "version": 1}).status_code == 403
    client.force_login(b.users[Role.CASE_MANAGER])
    response = client.post(url, {"confidentiality": "restricted", "version": record.version})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.confidentiality == Confidentiality.RESTRICTED


def test_the_api_creates_and_reads_each_record(
    world: World, client: Any, rolled_back: None
) -> None:
    a = world.a
    client.force_login(a.users[Role.CASE_MANAGER])
    items = client.get(reverse("api-trafficking-checklist-list")).json()
    assert len(items) == 16
    created = client.post(
        reverse("api-trafficking-risk-list"),
        {
            "case": str(a.case.pk),
            "re_trafficking": "high",
            "trafficker_threats": "medium",
            "family_risk": "low",
            "safety_plan": {
                "measures": ["relocation"],
                "review_on": timezone.localdate().isoformat(),
            },
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["confidentiality"] == "restricted"
    assert body["safety_plan"]["measures"] == ["relocation"]
    detail = client.get(reverse("api-trafficking-risk-detail", args=[body["id"]]))
    assert detail.json()["safety_plan"]["review_on"] == timezone.localdate().isoformat()
    created = client.post(
        reverse("api-trafficking-identification-list"),
        {"case": str(a.case.pk), "answers": {"forced_work": "yes"}, "status": "presumed"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["answers"]["forced_work"] == "yes"
    refused = client.post(
        reverse("api-trafficking-cooperation-list"),
        {"case": str(a.case.pk), "decision": "maybe"},
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_the_export_gives_only_what_the_reader_reads(world: World) -> None:
    group = {g.name: g for g in case_export.groups()}["trafficking"]
    b = world.b
    full = group.read(b.users[Role.CASE_MANAGER], b.case)
    assert full["trafficking.status"] == "presumed"
    assert full["trafficking.re_trafficking_risk"] == "high"
    assert full["trafficking.safety_plan_review_on"] == "2099-01-01"
    # B's colleague: the team identification, not the restricted assessment or its plan
    partial = group.read(b.colleague, b.case)
    assert set(partial) == {"trafficking.status", "trafficking.identified_on"}
    assert group.read(world.a.users[Role.CASE_MANAGER], b.case) == {}


def test_the_indicator_counts_victims_by_status_sex_and_age(world: World) -> None:
    indicator = indicators.get("trafficking.victims_identified")
    days = Period(timezone.localdate() - datetime.timedelta(days=1), timezone.localdate())
    me = world.a.users[Role.ME_OFFICER]
    assert indicator.value(me, days).total == 1
    assert indicator.value(me, days, by=("status",)).cells == {("presumed",): 1}
    assert indicator.value(me, days, by=("sex",)).cells == {("female",): 1}
    assert indicator.value(me, days, by=("age_group",)).cells == {("18-59",): 1}
    assert indicator.value(world.a.users[Role.CASE_MANAGER], days).total == 0
    assert indicator.value(me, Period(days.start, days.start)).total == 0
