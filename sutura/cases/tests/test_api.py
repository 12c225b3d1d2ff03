"""The REST API for people and cases: same access rules and audit as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sutura.access import visible
from sutura.access.cases import works_on
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    CaseStatus,
    FollowUp,
    PlanStatus,
    Priority,
    ReintegrationPlan,
    VulnerabilityScreening,
)
from sutura.cases.services import lifecycle, plans, records, screening
from sutura.people.consent import record_consent
from sutura.people.models import Consent, ConsentMethod, ConsentPurpose, ConsentStatus, Person
from tests.audit_words import said
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

# Roles of organisation A that never work on its cases in full.
NO_CASEWORK = (
    Role.SYSTEM_ADMIN,
    Role.MHPSS_FOCAL_POINT,
    Role.COMMUNITY_MENTOR,  # not assigned to the case
    Role.PROVIDER_AGENT,
    Role.PROTECTION_OFFICER,
    Role.ME_OFFICER,
)
MINIMAL_CASE_KEYS = {"id", "profile", "status", "person"}
MINIMAL_PERSON_KEYS = {"given_names", "age", "phone", "current_location"}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(user):
    client = Client()
    client.force_login(user)
    return client


def consented_person(user, **fields):
    person = PersonFactory.create(organisation=user.organisation, registered_by=user, **fields)
    record_consent(
        actor=user,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    return person


def case_file(manager, **person_fields):
    """A case with one of every record on it, written through the services."""
    person = consented_person(manager, **person_fields)
    case = lifecycle.open_case(actor=manager, person=person, case_type="return_reintegration")
    screened = screening.record_screening(actor=manager, case=case, categories=["medical"])
    case = lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.ASSESSMENT)
    assessed = screening.record_assessment(actor=manager, case=case, economic="A trade")
    case = lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.PLAN)
    plan = plans.plan_for_case(actor=manager, case=case)
    item = plans.add_item(
        actor=manager,
        plan=plan,
        dimension="economic",
        kind="Kit",
        amount=Decimal(100000),
        currency="XOF",
    )
    plan = plans.submit_plan(actor=manager, plan=plan, expected_version=plan.version)
    today = timezone.localdate()
    delivery = plans.record_delivery(
        actor=manager, item=item, delivered_on=today, amount=Decimal(50000)
    )
    follow_up = records.record_follow_up(actor=manager, case=case, happened_on=today, type="phone")
    return SimpleNamespace(
        person=person,
        consent=Consent.objects.get(person=person),
        case=Case.objects.get(pk=case.pk),
        screening=screened,
        assessment=assessed,
        plan=plan,
        item=item,
        delivery=delivery,
        follow_up=follow_up,
    )


def record_urls(file):
    """Every URL that reads one record of the file."""
    return {
        "person": f"/api/persons/{file.person.pk}/",
        "case": f"/api/cases/{file.case.pk}/",
        "consent": f"/api/consents/{file.consent.pk}/",
        "screening": f"/api/screenings/{file.screening.pk}/",
        "assessment": f"/api/assessments/{file.assessment.pk}/",
        "plan": f"/api/plans/{file.plan.pk}/",
        "delivery": f"/api/assistance/{file.delivery.pk}/",
        "follow_up": f"/api/follow-ups/{file.follow_up.pk}/",
    }


SUB_RECORDS = ("consent", "screening", "assessment", "plan", "delivery", "follow_up")
LISTS = (
    "/api/persons/",
    "/api/cases/",
    "/api/consents/",
    "/api/screenings/",
    "/api/assessments/",
    "/api/plans/",
    "/api/assistance/",
    "/api/follow-ups/",
)


def actions(file):
    """Every write the API offers on the file: (method, url, body)."""
    today = timezone.localdate().isoformat()
    case, plan = file.case.pk, file.plan.pk
    return [
        ("patch", f"/api/persons/{file.person.pk}/", {"version": 1, "family_name": "X"}),
        ("patch", f"/api/cases/{case}/", {"version": file.case.version, "priority": 4}),
        ("post", f"/api/cases/{case}/move/", {"to_status": "assistance"}),
        ("post", f"/api/cases/{case}/reopen/", {"reason": "Why not"}),
        ("post", "/api/cases/", {"person": str(file.person.pk), "case_type": "other"}),
        ("post", f"/api/consents/{file.consent.pk}/withdraw/", {}),
        (
            "post",
            "/api/consents/",
            {
                "person": str(file.person.pk),
                "purpose": "photo",
                "status": "given",
                "method": "verbal",
            },
        ),
        ("post", "/api/screenings/", {"case": str(case), "categories": ["vot"]}),
        ("post", "/api/assessments/", {"case": str(case), "social": "Family"}),
        ("post", "/api/plans/", {"case": str(case)}),
        (
            "post",
            f"/api/plans/{plan}/items/",
            {"dimension": "social", "kind": "Rent", "amount": "10", "currency": "XOF"},
        ),
        ("post", f"/api/plans/{plan}/submit/", {"version": file.plan.version}),
        ("post", f"/api/plans/{plan}/approve/", {"version": file.plan.version}),
        ("post", f"/api/plans/{plan}/return/", {"version": file.plan.version, "comments": "No"}),
        (
            "post",
            "/api/assistance/",
            {"item": str(file.item.pk), "delivered_on": today, "amount": "1"},
        ),
        (
            "post",
            "/api/follow-ups/",
            {"case": str(case), "happened_on": today, "type": "phone"},
        ),
    ]


def snapshot(file):
    """What a refused write must leave unchanged."""
    case = Case.objects.get(pk=file.case.pk)
    return (
        Person.objects.get(pk=file.person.pk).version,
        case.version,
        case.status,
        Case.objects.count(),
        Consent.objects.count(),
        VulnerabilityScreening.objects.count(),
        ReintegrationPlan.objects.get(pk=file.plan.pk).version,
        AssistanceDelivery.objects.count(),
        FollowUp.objects.count(),
    )


def assert_error_shape(response, status_code, code):
    assert response.status_code == status_code, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    return body["error"]


# ---------------------------------------------------------------------------------------------
# The whole path of a case, through the API only


def test_case_manager_takes_a_returnee_from_registration_to_closure(users_a, settings):
    settings.SUTURA_PLAN_APPROVAL_THRESHOLDS = {"XOF": 500000, "XAF": 500000, "EUR": 750}
    manager, programme_manager = users_a[Role.CASE_MANAGER], users_a[Role.PROGRAMME_MANAGER]
    client = api(manager)
    today = timezone.localdate().isoformat()

    response = client.post(
        "/api/persons/",
        {
            "family_name": "Diallo",
            "given_names": "Awa",
            "nationality": "SN",
            "phone": "77 123 45 67",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    person = response.json()
    assert person["phone"] == "+221771234567" and person["version"] == 1

    # No case without the person's consent: the refusal says why.
    refused = client.post("/api/cases/", {"person": person["id"], "case_type": "uasc"})
    assert "consent" in assert_error_shape(refused, 403, "permission_denied")["message"].lower()
    consent = client.post(
        "/api/consents/",
        {"person": person["id"], "purpose": "registration", "status": "given", "method": "verbal"},
    )
    assert consent.status_code == 201 and consent.json()["status"] == "given"

    # (A presumed trafficking victim: an unaccompanied child's case would wait for its
    # best-interests determination before the plan — sutura/children.)
    opened = client.post("/api/cases/", {"person": person["id"], "case_type": "trafficking"})
    assert opened.status_code == 201, opened.content
    case = opened.json()
    assert case["profile"] == "full" and case["status"] == "registered"
    assert case["number"].startswith(f"SN-{timezone.localdate().year}-")
    assert case["case_manager"]["id"] == manager.pk
    move = f"/api/cases/{case['id']}/move/"

    screened = client.post(
        "/api/screenings/", {"case": case["id"], "categories": ["vot"]}, format="json"
    )
    assert screened.status_code == 201 and screened.json()["categories"] == ["vot"]
    case = client.get(f"/api/cases/{case['id']}/").json()
    assert case["status"] == "screening" and case["priority"] == Priority.URGENT

    assert client.post(move, {"to_status": "assessment"}).json()["status"] == "assessment"
    assessed = client.post("/api/assessments/", {"case": case["id"], "economic": "A trade"})
    assert assessed.status_code == 201
    assert client.post(move, {"to_status": "plan"}).json()["status"] == "plan"

    started = client.post("/api/plans/", {"case": case["id"]})
    assert started.status_code == 201 and started.json()["status"] == "draft"
    plan = started.json()
    again = client.post("/api/plans/", {"case": case["id"]})
    assert again.status_code == 200 and again.json()["id"] == plan["id"]
    item = client.post(
        f"/api/plans/{plan['id']}/items/",
        {"dimension": "economic", "kind": "Sewing kit", "amount": "600000", "currency": "XOF"},
    )
    assert item.status_code == 201, item.content
    submitted = client.post(f"/api/plans/{plan['id']}/submit/", {"version": plan["version"]})
    assert submitted.json()["status"] == PlanStatus.SUBMITTED
    plan = submitted.json()

    # Above the threshold, only a programme manager decides.
    assert_error_shape(
        client.post(f"/api/plans/{plan['id']}/approve/", {"version": plan["version"]}),
        403,
        "permission_denied",
    )
    approved = api(programme_manager).post(
        f"/api/plans/{plan['id']}/approve/", {"version": plan["version"], "comments": "Good"}
    )
    assert approved.status_code == 200 and approved.json()["status"] == PlanStatus.APPROVED
    assert approved.json()["decisions"][0]["actor"]["id"] == programme_manager.pk
    assert client.post(move, {"to_status": "assistance"}).json()["status"] == "assistance"

    delivered = client.post(
        "/api/assistance/",
        {"item": item.json()["id"], "delivered_on": today, "amount": "250000", "reference": "F-1"},
    )
    assert delivered.status_code == 201, delivered.content
    assert delivered.json()["case"] == case["id"] and delivered.json()["currency"] == "XOF"
    shown = client.get(f"/api/plans/{plan['id']}/").json()
    assert shown["items"][0]["delivered"] == "250000.00"

    assert client.post(move, {"to_status": "monitoring"}).json()["status"] == "monitoring"
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    followed = client.post(
        "/api/follow-ups/",
        {"case": case["id"], "happened_on": today, "type": "home_visit", "next_due_on": due},
    )
    assert followed.status_code == 201
    assert client.get(f"/api/cases/{case['id']}/").json()["next_follow_up_on"] == due

    closed = client.post(
        move, {"to_status": "closed", "closure_reason": "reintegrated", "closed_on": today}
    )
    assert closed.json()["status"] == "closed" and closed.json()["closed_on"] == today
    reopened = client.post(f"/api/cases/{case['id']}/reopen/", {"reason": "Lost her job"})
    assert reopened.json()["status"] == "monitoring" and reopened.json()["closed_on"] is None

    for url in ("/api/screenings/", "/api/assessments/", "/api/plans/", "/api/follow-ups/"):
        listed = client.get(url, {"case": case["id"]}).json()
        assert listed["count"] == 1, url
    assert client.get("/api/assistance/", {"case": case["id"]}).json()["count"] == 1
    assert client.get("/api/consents/", {"person": person["id"]}).json()["count"] == 1


def test_a_consent_is_withdrawn_at_once_and_its_history_kept(users_a):
    manager = users_a[Role.CASE_MANAGER]
    person = consented_person(manager)
    given = Consent.objects.get(person=person)
    response = api(manager).post(f"/api/consents/{given.pk}/withdraw/")
    assert response.status_code == 201 and response.json()["status"] == "withdrawn"
    assert Consent.objects.filter(person=person).count() == 2
    refused = api(manager).post("/api/cases/", {"person": str(person.pk), "case_type": "other"})
    assert refused.status_code == 403


def test_the_case_api_sends_mentor_assignments_to_the_mentoring_api(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = case_file(manager).case
    mentor = users_a[Role.COMMUNITY_MENTOR]
    refused = api(manager).patch(
        f"/api/cases/{case.pk}/", {"version": case.version, "mentor": mentor.pk}
    )
    fields = assert_error_shape(refused, 400, "invalid")["fields"]
    assert "/api/mentoring/assignments/" in fields["mentor"][0]
    case.refresh_from_db()
    assert case.mentor_id is None


# ---------------------------------------------------------------------------------------------
# Refusals in the common error shape


def test_refused_writes_answer_400_with_the_fields(users_a):
    manager = users_a[Role.CASE_MANAGER]
    client = api(manager)
    bad_phone = client.post(
        "/api/persons/", {"family_name": "Sow", "given_names": "Ali", "phone": "12"}
    )
    assert "phone" in assert_error_shape(bad_phone, 400, "invalid")["fields"]
    assert not Person.objects.exists()

    case = lifecycle.open_case(actor=manager, person=consented_person(manager), case_type="other")
    move = f"/api/cases/{case.pk}/move/"
    illegal = assert_error_shape(client.post(move, {"to_status": "plan"}), 400, "invalid")
    assert illegal["fields"]["non_field_errors"]
    no_reason = client.post(move, {"to_status": "closed"})
    assert "closure_reason" in assert_error_shape(no_reason, 400, "invalid")["fields"]
    unknown = client.post(move, {"to_status": "nowhere"})
    assert "to_status" in assert_error_shape(unknown, 400, "invalid")["fields"]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REGISTERED


def test_a_save_over_a_newer_version_answers_409_and_changes_nothing(users_a):
    manager = users_a[Role.CASE_MANAGER]
    person = PersonFactory.create(organisation=manager.organisation, registered_by=manager)
    url = f"/api/persons/{person.pk}/"
    first = api(manager).patch(url, {"version": 1, "family_name": "Sy"})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api(manager).patch(url, {"version": 1, "family_name": "Ba"})
    assert_error_shape(second, 409, "stale")
    assert Person.objects.get(pk=person.pk).family_name == "Sy"
    missing = api(manager).patch(url, {"family_name": "Ba"})
    assert "version" in assert_error_shape(missing, 400, "invalid")["fields"]


def test_malformed_ids_are_simply_not_found(users_a):
    client = api(users_a[Role.CASE_MANAGER])
    assert_error_shape(client.get("/api/cases/not-a-uuid/"), 404, "not_found")
    assert_error_shape(client.get("/api/persons/123/"), 404, "not_found")
    assert (
        "case"
        in assert_error_shape(client.get("/api/screenings/", {"case": "x"}), 400, "invalid")[
            "fields"
        ]
    )


# ---------------------------------------------------------------------------------------------
# Who gets what


def test_other_organisations_and_roles_without_casework_get_nothing(users_a, users_b):
    file = case_file(users_a[Role.CASE_MANAGER])
    ids = [str(value.pk) for value in vars(file).values()]
    outsiders = [*users_b.values(), *(users_a[role] for role in NO_CASEWORK)]
    before = snapshot(file)
    for user in outsiders:
        client = api(user)
        for url in record_urls(file).values():
            assert_error_shape(client.get(url), 404, "not_found")
        for url in LISTS:
            response = client.get(url)
            assert response.status_code in (200, 403), (user.username, url)
            assert not any(pk in response.content.decode() for pk in ids), (user.username, url)
        for method, url, body in actions(file):
            response = getattr(client, method)(url, body, format="json")
            assert response.status_code in (403, 404), (user.username, url, response.content)
            assert not any(pk in response.content.decode() for pk in ids), (user.username, url)
        assert snapshot(file) == before, user.username


def test_anonymous_requests_are_refused(users_a):
    file = case_file(users_a[Role.CASE_MANAGER])
    for url in [*record_urls(file).values(), *LISTS]:
        response = APIClient().get(url)
        assert_error_shape(response, response.status_code, "not_authenticated")
        assert response.status_code in (401, 403)


def test_an_assigned_mentor_gets_the_minimal_profile_and_no_record(users_a):
    manager, mentor = users_a[Role.CASE_MANAGER], users_a[Role.COMMUNITY_MENTOR]
    file = case_file(manager, phone="+221771234567")
    lifecycle.set_mentor(case=file.case, mentor=mentor)
    client = api(mentor)

    listed = client.get("/api/cases/").json()["results"]
    shown = client.get(f"/api/cases/{file.case.pk}/").json()
    for case in (listed[0], shown):
        assert set(case) == MINIMAL_CASE_KEYS and case["profile"] == "minimal"
        assert set(case["person"]) == MINIMAL_PERSON_KEYS
        assert case["person"]["phone"] == "+221771234567"
    assert len(listed) == 1

    for name in ("person", *SUB_RECORDS):
        assert client.get(record_urls(file)[name]).status_code == 404, name
    for method, url, body in actions(file):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code in (403, 404), url
    assert client.get("/api/screenings/", {"case": str(file.case.pk)}).status_code == 403


def test_a_user_who_is_case_manager_and_mentor_sees_each_case_as_the_access_layer_says(org_a):
    org_a.case_managers_see_all_cases = False
    org_a.save()
    both = UserFactory.create(organisation=org_a, roles=[Role.CASE_MANAGER, Role.COMMUNITY_MENTOR])
    colleague = UserFactory.create(organisation=org_a, roles=[Role.CASE_MANAGER])
    own = case_file(both).case
    mentored = case_file(colleague).case
    lifecycle.set_mentor(case=mentored, mentor=both)
    case_file(colleague)  # neither managed nor mentored: not listed

    listed = {case["id"]: case for case in api(both).get("/api/cases/").json()["results"]}
    assert set(listed) == {str(own.pk), str(mentored.pk)}
    for case in Case.objects.filter(pk__in=[own.pk, mentored.pk]):
        expected = "full" if works_on(both, case) else "minimal"
        assert listed[str(case.pk)]["profile"] == expected
        assert api(both).get(f"/api/cases/{case.pk}/").json()["profile"] == expected
    assert listed[str(own.pk)]["profile"] == "full"
    assert listed[str(mentored.pk)]["profile"] == "minimal"


def test_a_user_gets_from_the_api_nothing_the_pages_refuse(org_a, users_a, users_b):
    """Compared with the pages themselves: /cases/<id>/ and /people/<id>/."""
    org_a.case_managers_see_all_cases = False
    org_a.save()
    manager = users_a[Role.CASE_MANAGER]
    other_manager = UserFactory.create(organisation=org_a, roles=[Role.CASE_MANAGER])
    file = case_file(manager)
    mentor = users_a[Role.COMMUNITY_MENTOR]
    lifecycle.set_mentor(case=file.case, mentor=mentor)
    everyone = [*users_a.values(), *users_b.values(), other_manager]
    for user in everyone:
        client, browser = api(user), page(user)
        case_page = browser.get(reverse("cases:detail", args=[file.case.pk]))
        person_page = browser.get(reverse("people:detail", args=[file.person.pk]))
        case_api = client.get(f"/api/cases/{file.case.pk}/")
        person_api = client.get(f"/api/persons/{file.person.pk}/")
        label = user.username
        assert case_api.status_code == case_page.status_code, label
        assert person_api.status_code == person_page.status_code, label
        page_in_full = case_page.status_code == 200 and "cases/minimal.html" not in [
            t.name for t in case_page.templates
        ]
        if case_api.status_code == 200:
            assert (case_api.json()["profile"] == "full") is page_in_full, label
        for name in SUB_RECORDS:
            sub_record = client.get(record_urls(file)[name])
            if name == "consent":
                assert (sub_record.status_code == 200) is (person_page.status_code == 200), label
            else:
                assert (sub_record.status_code == 200) is page_in_full, (label, name)
        listed = client.get("/api/cases/")
        if listed.status_code == 200:
            for case in listed.json()["results"]:
                assert browser.get(reverse("cases:detail", args=[case["id"]])).status_code == 200
        # Whatever the API lists is what the access layer lets this user see.
        people = client.get("/api/persons/")
        if people.status_code == 200:
            got = {row["id"] for row in people.json()["results"]}
            assert got == {str(pk) for pk in visible(user, Person).values_list("pk", flat=True)}


# ---------------------------------------------------------------------------------------------
# Audit, lists, schema


def test_every_read_of_a_record_is_in_the_audit_log(users_a):
    manager = users_a[Role.CASE_MANAGER]
    file = case_file(manager)
    client = api(manager)
    for name, url in record_urls(file).items():
        before = AuditEntry.objects.filter(action=Action.READ, actor=manager).count()
        assert client.get(url).status_code == 200, name
        entry = AuditEntry.objects.filter(action=Action.READ, actor=manager).first()
        assert AuditEntry.objects.filter(action=Action.READ, actor=manager).count() == before + 1
        assert entry is not None and entry.object_id == str(getattr(file, name).pk), name


def test_a_list_read_is_logged_without_what_was_searched(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case_file(manager, family_name="Konaté")
    response = api(manager).get("/api/cases/", {"q": "Konaté"})
    assert response.json()["count"] == 1
    entry = AuditEntry.objects.filter(action=Action.READ, actor=manager).first()
    assert entry is not None
    assert said(entry) == "API cases list, page 1, filtered"
    assert "Konat" not in said(entry) + str(entry.detail_params)


def test_the_case_list_filters_like_the_page(users_a):
    manager = users_a[Role.CASE_MANAGER]
    urgent = case_file(manager).case
    plain_person = consented_person(manager, family_name="Sarr")
    plain = lifecycle.open_case(actor=manager, person=plain_person, case_type="other")
    screening.record_screening(actor=manager, case=urgent, categories=["vot"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Case.objects.filter(pk=plain.pk).update(next_follow_up_on=yesterday)
    client = api(manager)

    def ids(**params):
        response = client.get("/api/cases/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {str(urgent.pk), str(plain.pk)}
    assert ids(status="registered") == {str(plain.pk)}
    assert ids(type="other") == {str(plain.pk)}
    assert ids(vulnerability="vot") == {str(urgent.pk)}
    assert ids(overdue="true") == {str(plain.pk)}
    assert ids(q=plain.number) == {str(plain.pk)}
    assert ids(q="Sarr") == {str(plain.pk)}
    refused = client.get("/api/cases/", {"status": "lost"})
    assert "status" in assert_error_shape(refused, 400, "invalid")["fields"]


def test_the_case_list_costs_the_same_queries_for_two_cases_or_six(users_a):
    manager = users_a[Role.CASE_MANAGER]
    client = api(manager)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/cases/").status_code == 200
        return len(captured)

    for _ in range(2):
        case_file(manager)
    two = queries()
    for _ in range(4):
        case_file(manager)
    assert queries() == two


def test_plan_items_amounts_are_checked_by_the_service(users_a):
    manager = users_a[Role.CASE_MANAGER]
    file = case_file(manager)
    draft = consented_person(manager)
    case = lifecycle.open_case(actor=manager, person=draft, case_type="other")
    plan = plans.plan_for_case(actor=manager, case=case)
    cents = api(manager).post(
        f"/api/plans/{plan.pk}/items/",
        {"dimension": "social", "kind": "Rent", "amount": "10.50", "currency": "XOF"},
    )
    assert "amount" in assert_error_shape(cents, 400, "invalid")["fields"]
    too_much = api(manager).post(
        "/api/assistance/",
        {
            "item": str(file.item.pk),
            "delivered_on": timezone.localdate().isoformat(),
            "amount": str(Decimal("100000")),
        },
    )
    assert "amount" in assert_error_shape(too_much, 400, "invalid")["fields"]


def test_the_schema_describes_every_endpoint_without_warnings(client, tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    for url in (
        "/api/persons/{id}/",
        "/api/cases/{id}/move/",
        "/api/cases/{id}/reopen/",
        "/api/consents/{id}/withdraw/",
        "/api/screenings/",
        "/api/assessments/",
        "/api/plans/{id}/approve/",
        "/api/plans/{id}/return/",
        "/api/assistance/",
        "/api/follow-ups/",
    ):
        assert url in paths, url
