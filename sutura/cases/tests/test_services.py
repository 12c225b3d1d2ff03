"""Case rules: consent, numbering, workflow guards, plans, concurrency, documents."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.cases.models import CaseStatus, PlanStatus
from sutura.cases.selectors import budget_summary
from sutura.cases.services import lifecycle, plans, records, screening
from sutura.cases.tests.helpers import consenting_person, open_test_case
from sutura.core.concurrency import StaleVersionError
from sutura.people.consent import ConsentMissing, record_consent, withdraw_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from tests import files

pytestmark = pytest.mark.django_db


def test_a_case_needs_consent_and_a_withdrawal_takes_effect_at_once(users_a):
    actor = users_a[Role.CASE_MANAGER]
    person = consenting_person(actor)
    consent = person.consents.get()
    lifecycle.open_case(actor=actor, person=person, case_type="other")
    withdraw_consent(actor=actor, consent=consent)
    with pytest.raises(ConsentMissing):
        lifecycle.open_case(actor=actor, person=person, case_type="other")


def test_a_childs_consent_is_given_by_a_guardian(users_a):
    from tests.factories import PersonFactory

    actor = users_a[Role.CASE_MANAGER]
    child = PersonFactory.create(
        organisation=actor.organisation, birth_date=datetime.date(2014, 5, 1)
    )
    with pytest.raises(ValidationError) as error:
        record_consent(
            actor=actor,
            person=child,
            purpose=ConsentPurpose.REGISTRATION,
            status=ConsentStatus.GIVEN,
            method=ConsentMethod.VERBAL,
        )
    assert "method" in error.value.message_dict
    consent = record_consent(
        actor=actor,
        person=child,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.GUARDIAN,
        guardian_name="Oumar Diallo (oncle)",
        childs_views="Veut rentrer",
    )
    assert consent.childs_views == "Veut rentrer"


def test_case_numbers_count_per_country_and_year(users_a, users_b):
    first = open_test_case(users_a[Role.CASE_MANAGER])
    second = open_test_case(users_a[Role.CASE_MANAGER])
    mali = open_test_case(users_b[Role.CASE_MANAGER])
    assert (first.number, second.number, mali.number) == (
        "SN-2026-000001",
        "SN-2026-000002",
        "ML-2026-000001",
    )


def test_closing_before_opening_and_illegal_moves_are_refused(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    with pytest.raises(lifecycle.IllegalTransition):
        lifecycle.move_case(actor=actor, case=case, to_status=CaseStatus.PLAN)
    with pytest.raises(ValidationError) as error:
        lifecycle.move_case(
            actor=actor,
            case=case,
            to_status=CaseStatus.CLOSED,
            closure_reason="lost_contact",
            closed_on=datetime.date(2025, 12, 1),
        )
    assert "closed_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        lifecycle.move_case(actor=actor, case=case, to_status=CaseStatus.CLOSED)  # no reason


def test_reopening_needs_a_reason_and_returns_where_it_was(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    screening.record_screening(actor=actor, case=case, categories=["medical"])
    case = lifecycle.move_case(
        actor=actor, case=case, to_status=CaseStatus.CLOSED, closure_reason="lost_contact"
    )
    with pytest.raises(ValidationError):
        lifecycle.reopen_case(actor=actor, case=case, reason=" ")
    case = lifecycle.reopen_case(actor=actor, case=case, reason="Back in Thiès, reachable again")
    assert case.status == CaseStatus.SCREENING and case.closed_on is None


def test_an_unaccompanied_child_makes_the_case_urgent_and_alerts_the_focal_point(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    screening.record_screening(actor=actor, case=case, categories=["uasc"])
    case.refresh_from_db()
    assert case.priority == 4 and case.risk_level == 3 and "uasc" in case.flags
    assert users_a[Role.MHPSS_FOCAL_POINT].notifications.count() == 1
    assert users_a[Role.ME_OFFICER].notifications.count() == 0


def test_two_people_editing_the_same_case_the_second_is_refused(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    opened = case.version
    lifecycle.update_case(actor=actor, case=case, expected_version=opened, priority=3)
    with pytest.raises(StaleVersionError):
        lifecycle.update_case(actor=actor, case=case, expected_version=opened, priority=1)
    case.refresh_from_db()
    assert case.priority == 3


def test_a_plan_under_the_threshold_is_approved_on_submission(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    plan = plans.plan_for_case(actor=actor, case=case)
    plans.add_item(
        actor=actor,
        plan=plan,
        dimension="social",
        kind="Loyer 3 mois",
        amount=Decimal(90000),
        currency="XOF",
    )
    plans.submit_plan(actor=actor, plan=plan, expected_version=plan.version)
    assert plan.status == PlanStatus.APPROVED


def test_cfa_francs_have_no_cents_and_deliveries_stay_within_the_plan(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    plan = plans.plan_for_case(actor=actor, case=case)
    with pytest.raises(ValidationError):
        plans.add_item(
            actor=actor,
            plan=plan,
            dimension="economic",
            kind="Kit",
            amount=Decimal("1000.50"),
            currency="XOF",
        )
    item = plans.add_item(
        actor=actor,
        plan=plan,
        dimension="economic",
        kind="Kit",
        amount=Decimal(100000),
        currency="XOF",
    )
    with pytest.raises(ValidationError):  # plan not approved yet
        plans.record_delivery(
            actor=actor, item=item, delivered_on=datetime.date(2026, 2, 1), amount=Decimal(1000)
        )
    plans.submit_plan(actor=actor, plan=plan, expected_version=plan.version)
    plans.record_delivery(
        actor=actor, item=item, delivered_on=datetime.date(2026, 2, 1), amount=Decimal(60000)
    )
    with pytest.raises(ValidationError):
        plans.record_delivery(
            actor=actor, item=item, delivered_on=datetime.date(2026, 2, 2), amount=Decimal(50000)
        )
    budget = budget_summary(plan.items.all())
    assert budget["XOF"] == {"planned": 100000, "committed": 100000, "disbursed": 60000}


def test_returning_a_plan_needs_comments_and_only_managers_decide(users_a, users_b, settings):
    settings.SUTURA_PLAN_APPROVAL_THRESHOLDS = {"XOF": 10, "XAF": 10, "EUR": 10}
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    plan = plans.plan_for_case(actor=actor, case=case)
    plans.add_item(
        actor=actor,
        plan=plan,
        dimension="economic",
        kind="Kit",
        amount=Decimal(500),
        currency="XOF",
    )
    plans.submit_plan(actor=actor, plan=plan, expected_version=plan.version)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        plans.decide_plan(
            actor=actor, plan=plan, approve=True, comments="", expected_version=plan.version
        )
    with pytest.raises(PermissionDenied):
        plans.decide_plan(
            actor=users_b[Role.PROGRAMME_MANAGER],
            plan=plan,
            approve=True,
            comments="",
            expected_version=plan.version,
        )
    manager = users_a[Role.PROGRAMME_MANAGER]
    with pytest.raises(ValidationError):
        plans.decide_plan(
            actor=manager, plan=plan, approve=False, comments="", expected_version=plan.version
        )
    plans.decide_plan(
        actor=manager,
        plan=plan,
        approve=False,
        comments="Devis manquant",
        expected_version=plan.version,
    )
    assert plan.status == PlanStatus.RETURNED
    assert actor.notifications.filter(body_text__params__comments="Devis manquant").exists()


def test_follow_up_dates_are_checked_and_overdue_ones_listed(client, users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    with pytest.raises(ValidationError):
        records.record_follow_up(
            actor=actor,
            case=case,
            happened_on=datetime.date(2026, 2, 1),
            type="phone",
            next_due_on=datetime.date(2026, 1, 15),
        )
    records.record_follow_up(
        actor=actor,
        case=case,
        happened_on=datetime.date(2026, 2, 1),
        type="phone",
        next_due_on=datetime.date(2026, 3, 1),
    )
    client.force_login(actor)
    assert case.number in client.get(reverse("core:home")).content.decode()


def test_uploads_are_checked_and_served_only_to_the_case_team(
    client, users_a, users_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    client.force_login(actor)
    url = reverse("cases:document_upload", args=[case.pk])
    fake = SimpleUploadedFile(
        "rapport.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(url, {"file": fake, "confidentiality": "normal"})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    script = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    assert (
        "file"
        in client.post(url, {"file": script, "confidentiality": "normal"}).context["form"].errors
    )
    settings.SUTURA_UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7 " + b"x" * 100, content_type="application/pdf")
    assert (
        "file"
        in client.post(url, {"file": big, "confidentiality": "normal"}).context["form"].errors
    )
    settings.SUTURA_UPLOAD_MAX_BYTES = 10_000
    settings.SUTURA_UPLOAD_MAX_BYTES = 100_000
    good = files.pdf_upload()
    with files.committed():
        assert client.post(url, {"file": good, "confidentiality": "normal"}).status_code == 302
    document = case.documents.get()
    assert not str(document.file.path).startswith(str(settings.STATIC_ROOT))
    download = client.get(reverse("cases:document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == files.pdf()
    client.force_login(users_b[Role.CASE_MANAGER])
    assert client.get(reverse("cases:document", args=[document.pk])).status_code == 404


def test_only_colleagues_in_the_right_role_can_be_assigned(users_a, users_b):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    for outsider in (users_b[Role.COMMUNITY_MENTOR], users_a[Role.ME_OFFICER]):
        with pytest.raises(ValidationError) as error:
            lifecycle.set_mentor(case=case, mentor=outsider)
        assert "mentor" in error.value.message_dict
    with pytest.raises(ValidationError):
        lifecycle.update_case(
            actor=actor,
            case=case,
            expected_version=case.version,
            case_manager=users_b[Role.CASE_MANAGER],
        )


def test_services_refuse_another_organisations_case(users_a, users_b):
    from django.core.exceptions import PermissionDenied

    case = open_test_case(users_a[Role.CASE_MANAGER])
    intruder = users_b[Role.CASE_MANAGER]
    with pytest.raises(PermissionDenied):
        screening.record_screening(actor=intruder, case=case, categories=["vot"])
    with pytest.raises(PermissionDenied):
        lifecycle.move_case(
            actor=intruder, case=case, to_status=CaseStatus.CLOSED, closure_reason="other"
        )
    with pytest.raises(PermissionDenied):
        records.add_note(actor=intruder, case=case, text="x", confidentiality="normal")


def test_a_back_dated_follow_up_does_not_move_the_due_date(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    records.record_follow_up(
        actor=actor,
        case=case,
        happened_on=datetime.date(2026, 3, 1),
        type="phone",
        next_due_on=datetime.date(2026, 4, 1),
    )
    records.record_follow_up(
        actor=actor,
        case=case,
        happened_on=datetime.date(2026, 2, 1),
        type="home_visit",
        notes="Written up late",
    )
    case.refresh_from_db()
    assert case.next_follow_up_on == datetime.date(2026, 4, 1)


def test_looking_at_the_plan_creates_nothing(client, users_b):
    from sutura.cases.models import ReintegrationPlan

    actor = users_b[Role.CASE_MANAGER]  # organisation B is in Mali: XOF
    case = open_test_case(actor)
    client.force_login(actor)
    page = client.get(reverse("cases:plan", args=[case.pk]))
    assert page.status_code == 200
    assert page.context["form"]["currency"].value() == "XOF"
    assert not ReintegrationPlan.objects.exists()


def test_the_programme_manager_sees_the_budget_per_programme(client, users_a):
    from sutura.cases.models import Programme

    actor = users_a[Role.CASE_MANAGER]
    programme = Programme.objects.create(
        organisation=actor.organisation, name="Réintégration UE", donor="UE"
    )
    case = open_test_case(actor)
    lifecycle.update_case(
        actor=actor, case=case, expected_version=case.version, programme=programme
    )
    plan = plans.plan_for_case(actor=actor, case=case)
    plans.add_item(
        actor=actor,
        plan=plan,
        dimension="economic",
        kind="Kit",
        amount=Decimal(123456),
        currency="XOF",
    )
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    page = client.get(reverse("core:home")).content.decode()
    assert "Réintégration UE" in page and "123" in page


def test_the_budget_per_programme_costs_the_same_queries_for_any_number_of_programmes(users_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sutura.cases.models import Programme
    from sutura.cases.selectors import budgets_by_programme

    actor = users_a[Role.CASE_MANAGER]
    manager = users_a[Role.PROGRAMME_MANAGER]

    def funded_case(name: str) -> None:
        programme = Programme.objects.create(organisation=actor.organisation, name=name)
        case = open_test_case(actor)
        case = lifecycle.update_case(
            actor=actor, case=case, expected_version=case.version, programme=programme
        )
        plan = plans.plan_for_case(actor=actor, case=case)
        plans.add_item(
            actor=actor,
            plan=plan,
            dimension="social",
            kind="Loyer",
            amount=Decimal(1000),
            currency="XOF",
        )

    funded_case("A")
    with CaptureQueriesContext(connection) as one:
        assert len(budgets_by_programme(manager)) == 1
    funded_case("B")
    funded_case("C")
    with CaptureQueriesContext(connection) as three:
        budgets = budgets_by_programme(manager)
    assert [p.name for p, _ in budgets] == ["A", "B", "C"]
    assert budgets[0][1]["XOF"]["planned"] == 1000
    assert len(three.captured_queries) == len(one.captured_queries)
