"""The referrals API: the provider sees the shared sections only, while the referral is active;
every step is recorded; other organisations get 404; the errors keep the common shape."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import CaseStatus
from sutura.cases.services import lifecycle, records, screening
from sutura.referrals.models import Referral, ReferralStatus, ReferralTransition
from sutura.referrals.services import referring
from sutura.referrals.tests.helpers import provider, provider_agent, referable_case, service_of
from tests.audit_words import said

pytestmark = pytest.mark.django_db

PHONE = "+221771234567"
ALL_SECTIONS = {
    "identity",
    "contact",
    "vulnerabilities",
    "protection_history",
    "health",
    "notes",
    "documents",
}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_error(response, status_code, code):
    assert response.status_code == status_code, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    return body["error"]


def detail_url(referral, step=""):
    return f"/api/referrals/{referral.pk}/" + (f"{step}/" if step else "")


@pytest.fixture
def clinic():
    return provider(name="Clinique Espoir")


@pytest.fixture
def agent(clinic):
    return provider_agent(clinic)


@pytest.fixture
def service(clinic):
    return service_of(clinic)


@pytest.fixture
def manager(users_a):
    return users_a[Role.CASE_MANAGER]


@pytest.fixture
def case(manager):
    """A case with something in every section: a phone, a screening, an assessment, a note."""
    case = referable_case(manager, phone=PHONE)
    screening.record_screening(actor=manager, case=case, categories=["medical"])
    case = lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.ASSESSMENT)
    screening.record_assessment(actor=manager, case=case, psychosocial="Sleeps badly since return")
    records.add_note(
        actor=manager, case=case, text="Brother in Thiès wants money", confidentiality="normal"
    )
    return case


def refer(manager, case, service, sections=("identity", "health"), send=True):
    return referring.create_referral(
        actor=manager,
        case=case,
        service=service,
        category="mhpss",
        reason="Needs psychosocial support",
        shared_sections=list(sections),
        send=send,
    )


# --- what the provider sees --------------------------------------------------------------------


def test_provider_never_sees_an_unshared_section(manager, case, service, agent):
    referral = refer(manager, case, service, sections=("identity", "health"))
    response = api(agent).get(detail_url(referral))
    assert response.status_code == 200
    body = response.json()
    assert set(body["shared"]) == {"identity", "health"}
    assert not ({"contact", "notes", "vulnerabilities", "documents"} & set(body["shared"]))
    assert body["shared"]["identity"]["family_name"] == "N'Diaye"
    assert body["shared"]["health"]["psychosocial"] == "Sleeps badly since return"
    text = response.content.decode()
    assert PHONE not in text and "771234567" not in text
    assert "Brother in Thiès" not in text
    # Nothing of the case itself: neither its id nor its number.
    assert body["case"] is None
    assert str(case.pk) not in text and case.number not in text
    assert body["direction"] == "incoming" and body["sharing_ended"] is False
    read = AuditEntry.objects.filter(
        action=Action.READ, actor=agent, object_id=str(referral.pk)
    ).latest("at")
    assert said(read) == "Shared: Identity, Health and MHPSS"
    assert read.detail_params == {
        "sections": {
            "choices": "sutura.referrals.models.Section",
            "values": ["identity", "health"],
        }
    }


def test_the_referring_side_sees_the_case_id_and_what_it_shares(manager, case, service):
    referral = refer(manager, case, service, sections=("identity", "contact"))
    body = api(manager).get(detail_url(referral)).json()
    assert body["case"] == str(case.pk)
    assert body["direction"] == "outgoing"
    assert set(body["shared"]) == {"identity", "contact"}
    assert body["shared"]["contact"]["phones"] == [PHONE]
    assert AuditEntry.objects.filter(
        action=Action.READ, actor=manager, object_id=str(referral.pk)
    ).exists()


def test_lists_carry_no_personal_data(manager, case, service, agent):
    referral = refer(manager, case, service, sections=ALL_SECTIONS)
    for user, url in ((agent, "/api/referrals/"), (agent, "/api/referrals/inbox/")):
        response = api(user).get(url)
        assert response.status_code == 200
        [row] = response.json()["results"]
        assert row["id"] == str(referral.pk)
        assert "shared" not in row and "sharing_ended" not in row and "actions" not in row
        assert row["case"] is None
        text = response.content.decode()
        assert "N'Diaye" not in text and PHONE not in text and case.number not in text


@pytest.mark.parametrize("end", ["decline", "close", "complete"])
def test_a_declined_closed_or_completed_referral_ends_the_providers_access(
    end, manager, case, service, agent
):
    referral = refer(manager, case, service, sections=("identity", "contact", "health"))
    if end == "decline":
        response = api(agent).post(detail_url(referral, "decline"), {"reason": "no_capacity"})
    elif end == "close":
        response = api(manager).post(detail_url(referral, "close"), {"reason": "withdrawn"})
    else:
        api(agent).post(detail_url(referral, "accept"), {})
        response = api(agent).post(
            detail_url(referral, "complete"), {"outcome": "provided", "feedback": "Seen twice"}
        )
    assert response.status_code == 200, response.content
    body = api(agent).get(detail_url(referral)).json()
    assert body["shared"] == {}
    assert body["sharing_ended"] is True
    last_read = AuditEntry.objects.filter(action=Action.READ, actor=agent).latest("at")
    assert said(last_read) == "Referral, no section shared"  # the read is logged, nothing shared
    assert "N'Diaye" not in json.dumps(body) and PHONE not in json.dumps(body)
    # The referring side keeps its own case.
    assert set(api(manager).get(detail_url(referral)).json()["shared"]) == {
        "identity",
        "contact",
        "health",
    }


def test_a_draft_is_invisible_to_the_provider(manager, case, service, agent):
    draft = refer(manager, case, service, send=False)
    assert_error(api(agent).get(detail_url(draft)), 404, "not_found")
    assert api(agent).get("/api/referrals/inbox/").json()["results"] == []


# --- other organisations -------------------------------------------------------------------------

STEPS: list[tuple[str, dict[str, Any]]] = [
    ("send", {}),
    ("acknowledge", {}),
    ("accept", {}),
    ("decline", {"reason": "no_capacity"}),
    ("start", {}),
    ("update", {"note": "Called"}),
    ("complete", {"outcome": "provided", "feedback": "Done"}),
    ("close", {"reason": "unreachable"}),
    ("onward", {"service": None, "reason": "More help"}),
]


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROGRAMME_MANAGER, Role.PROVIDER_AGENT])
def test_another_organisations_user_gets_404_on_detail_and_actions(
    role, manager, case, service, users_b
):
    referral = refer(manager, case, service)
    outsider = api(users_b[role])
    assert_error(outsider.get(detail_url(referral)), 404, "not_found")
    assert_error(outsider.get(detail_url(referral, "history")), 404, "not_found")
    for step, given in STEPS:
        body = {**given, "service": str(service.pk)} if step == "onward" else given
        assert_error(outsider.post(detail_url(referral, step), body), 404, "not_found")
    assert outsider.get("/api/referrals/").json()["results"] == []
    assert ReferralTransition.objects.filter(referral=referral).count() == 2  # draft, sent


def test_another_provider_gets_404(manager, case, service):
    stranger = provider_agent(provider(name="Autre ONG"))
    referral = refer(manager, case, service)
    assert_error(api(stranger).get(detail_url(referral)), 404, "not_found")
    assert_error(api(stranger).post(detail_url(referral, "accept")), 404, "not_found")


def test_a_case_of_another_organisation_cannot_be_referred(case, service, users_b):
    response = api(users_b[Role.CASE_MANAGER]).post(
        "/api/referrals/",
        {"case": str(case.pk), "service": str(service.pk), "reason": "x"},
        format="json",
    )
    assert_error(response, 404, "not_found")
    assert not Referral.objects.exists()


def test_the_referring_side_cannot_take_the_receivers_steps(manager, case, service, agent):
    referral = refer(manager, case, service)
    assert "accept" not in api(manager).get(detail_url(referral)).json()["actions"]
    assert_error(api(manager).post(detail_url(referral, "accept")), 403, "permission_denied")
    assert "accept" in api(agent).get(detail_url(referral)).json()["actions"]


def test_the_referrer_records_the_answer_of_a_provider_not_on_the_platform(manager, case):
    offline = service_of(provider(name="Dispensaire sans compte"))
    referral = refer(manager, case, offline, sections=())
    assert "accept" in api(manager).get(detail_url(referral)).json()["actions"]
    response = api(manager).post(detail_url(referral, "accept"), {"note": "Said yes by phone"})
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert "complete" in response.json()["actions"]


def test_unauthenticated_requests_are_refused(manager, case, service):
    referral = refer(manager, case, service)
    anonymous = APIClient()
    for response in (
        anonymous.get("/api/referrals/"),
        anonymous.get("/api/referrals/inbox/"),
        anonymous.get(detail_url(referral)),
        anonymous.post(detail_url(referral, "accept")),
        anonymous.post("/api/referrals/", {"case": str(case.pk)}),
    ):
        assert response.status_code in (401, 403)
        assert response.json()["error"]["code"] == "not_authenticated"


# --- the workflow through the API ---------------------------------------------------------------


def test_every_step_is_recorded_and_shown_in_the_history(manager, case, service, agent):
    created = api(manager).post(
        "/api/referrals/",
        {
            "case": str(case.pk),
            "service": str(service.pk),
            "reason": "Needs psychosocial support",
            "urgency": "high",
            "shared_sections": ["identity", "health"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert created.json()["category"] == "mhpss"  # the service's, by default
    referral = Referral.objects.get(pk=referral_id)
    steps = [
        (manager, "send", {}, "sent"),
        (agent, "acknowledge", {}, "received"),
        (agent, "accept", {"note": "We can see her Monday"}, "accepted"),
        (agent, "start", {}, "in_progress"),
        (manager, "update", {"note": "She confirmed"}, "in_progress"),
        (agent, "complete", {"outcome": "provided", "feedback": "Three sessions"}, "completed"),
    ]
    for user, step, body, expected in steps:
        response = api(user).post(detail_url(referral, step), body, format="json")
        assert response.status_code == 200, (step, response.content)
        assert response.json()["status"] == expected
    history = api(manager).get(detail_url(referral, "history"))
    assert history.status_code == 200
    moves = [(t["from_status"], t["to_status"]) for t in history.json()]
    assert moves == [
        ("", "draft"),
        ("draft", "sent"),
        ("sent", "received"),
        ("received", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "in_progress"),
        ("in_progress", "completed"),
    ]
    assert history.json()[2]["actor"]["id"] == agent.pk
    assert history.json()[3]["reason"] == "We can see her Monday"
    assert ReferralTransition.objects.filter(referral=referral).count() == 7
    # The provider reads the same history.
    assert len(api(agent).get(detail_url(referral, "history")).json()) == 7


def test_decline_and_close_are_recorded_with_their_reason(manager, case, service, agent):
    declined = refer(manager, case, service)
    api(agent).post(
        detail_url(declined, "decline"), {"reason": "other", "note": "Closed in August"}
    )
    declined.refresh_from_db()
    assert declined.status == ReferralStatus.DECLINED and declined.decline_reason == "other"
    last = ReferralTransition.objects.filter(referral=declined).latest("created_at")
    assert (last.to_status, last.actor, last.reason) == ("declined", agent, "Closed in August")

    closed = refer(manager, case, service)
    api(agent).post(detail_url(closed, "close"), {"reason": "unreachable"})
    closed.refresh_from_db()
    assert closed.status == ReferralStatus.CLOSED and closed.closure_reason == "unreachable"
    assert ReferralTransition.objects.filter(referral=closed, to_status="closed").exists()


def test_a_counter_referral_keeps_the_chain(manager, case, service, agent):
    referral = refer(manager, case, service, sections=("identity", "health"))
    api(agent).post(detail_url(referral, "accept"))
    shelter = service_of(provider(name="Maison d'accueil"), category="shelter")
    response = api(agent).post(
        detail_url(referral, "onward"),
        {"service": str(shelter.pk), "reason": "Needs a bed", "shared_sections": ["identity"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    onward = response.json()
    assert onward["status"] == "sent" and onward["category"] == "shelter"
    assert onward["parent"] == str(referral.pk)
    assert onward["case"] is None  # the provider referring onward still never sees the case
    assert (
        ReferralTransition.objects.filter(referral_id=onward["id"]).values_list(
            "to_status", flat=True
        )
    ).count() == 2
    # It cannot pass on more than it received.
    more = api(agent).post(
        detail_url(referral, "onward"),
        {"service": str(shelter.pk), "reason": "x", "shared_sections": ["contact"]},
        format="json",
    )
    assert "shared_sections" in assert_error(more, 400, "invalid")["fields"]


def test_an_illegal_step_answers_409(manager, case, service, agent):
    referral = refer(manager, case, service)
    assert api(agent).post(detail_url(referral, "accept")).status_code == 200
    for user, step in ((agent, "acknowledge"), (manager, "send"), (agent, "accept")):
        error = assert_error(api(user).post(detail_url(referral, step)), 409, "illegal_transition")
        assert error["message"]
    ended = refer(manager, case, service)
    api(agent).post(detail_url(ended, "decline"), {"reason": "no_capacity"})
    assert_error(
        api(manager).post(detail_url(ended, "update"), {"note": "Hello?"}),
        409,
        "illegal_transition",
    )
    assert ReferralTransition.objects.filter(referral=referral).count() == 3


def test_refused_inputs_answer_400_with_the_fields(manager, case, service, agent):
    referral = refer(manager, case, service)
    other = api(agent).post(detail_url(referral, "decline"), {"reason": "other"})
    assert "note" in assert_error(other, 400, "invalid")["fields"]
    unknown = api(agent).post(detail_url(referral, "decline"), {"reason": "bored"})
    assert "reason" in assert_error(unknown, 400, "invalid")["fields"]
    api(agent).post(detail_url(referral, "accept"))
    no_feedback = api(agent).post(detail_url(referral, "complete"), {"outcome": "provided"})
    assert "feedback" in assert_error(no_feedback, 400, "invalid")["fields"]
    nothing = api(manager).post(
        "/api/referrals/", {"case": str(case.pk), "reason": "x"}, format="json"
    )
    assert "category" in assert_error(nothing, 400, "invalid")["fields"]


def test_a_non_member_without_consent_gets_no_personal_data(manager, case):
    outsider_service = service_of(provider(member=False, name="Entreprise privée"))
    body = {
        "case": str(case.pk),
        "service": str(outsider_service.pk),
        "reason": "Job placement",
        "category": "livelihoods",
        "shared_sections": ["identity"],
        "send": True,
    }
    refused = api(manager).post("/api/referrals/", body, format="json")
    assert "shared_sections" in assert_error(refused, 400, "invalid")["fields"]
    assert not Referral.objects.exists()
    sharing_nothing = api(manager).post(
        "/api/referrals/", {**body, "shared_sections": []}, format="json"
    )
    assert sharing_nothing.status_code == 201, sharing_nothing.content
    assert sharing_nothing.json()["shared_sections"] == []


def test_an_internal_referral_to_a_colleague(manager, case, users_a):
    focal_point = users_a[Role.MHPSS_FOCAL_POINT]
    response = api(manager).post(
        "/api/referrals/",
        {
            "case": str(case.pk),
            "to_user": focal_point.pk,
            "category": "mhpss",
            "reason": "Nightmares",
            "shared_sections": ["identity", "health"],
            "send": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["is_internal"] is True
    [row] = api(focal_point).get("/api/referrals/inbox/").json()["results"]
    assert row["direction"] == "incoming"
    stranger = api(manager).post(
        "/api/referrals/",
        {"case": str(case.pk), "to_user": 999999, "category": "mhpss", "reason": "x"},
        format="json",
    )
    assert "to_user" in assert_error(stranger, 400, "invalid")["fields"]


# --- lists --------------------------------------------------------------------------------------


def test_filters_and_the_inbox(manager, case, service, agent):
    late = refer(manager, case, service)
    fresh = refer(manager, case, service)
    draft = refer(manager, case, service, send=False)
    Referral.objects.filter(pk=late.pk).update(
        respond_by=timezone.now() - datetime.timedelta(hours=1)
    )

    def ids(user, url, **params):
        response = api(user).get(url, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    everything = {str(late.pk), str(fresh.pk), str(draft.pk)}
    assert ids(manager, "/api/referrals/") == everything
    assert ids(manager, "/api/referrals/", direction="outgoing") == everything
    assert ids(manager, "/api/referrals/", direction="incoming") == set()
    assert ids(manager, "/api/referrals/", status="draft") == {str(draft.pk)}
    assert ids(manager, "/api/referrals/", overdue="true") == {str(late.pk)}
    assert ids(agent, "/api/referrals/inbox/") == {str(late.pk), str(fresh.pk)}
    assert ids(agent, "/api/referrals/inbox/", overdue="true") == {str(late.pk)}
    assert ids(agent, "/api/referrals/", direction="incoming") == {str(late.pk), str(fresh.pk)}
    assert ids(manager, "/api/referrals/inbox/") == set()
    bad = api(manager).get("/api/referrals/", {"status": "lost"})
    assert "status" in assert_error(bad, 400, "invalid")["fields"]


def test_list_reads_are_audited(manager, case, service, agent):
    refer(manager, case, service)
    api(agent).get("/api/referrals/inbox/")
    api(manager).get("/api/referrals/", {"status": "sent"})
    reads = AuditEntry.objects.filter(action=Action.READ)
    assert "API referral inbox list, page 1" in [said(e) for e in reads.filter(actor=agent)]
    assert "API referrals list, page 1, search" in [said(e) for e in reads.filter(actor=manager)]


def test_the_list_costs_the_same_queries_for_more_referrals(
    manager, case, service, agent, django_assert_max_num_queries
):
    refer(manager, case, service)
    with django_assert_max_num_queries(20) as few:
        api(agent).get("/api/referrals/inbox/")
        api(manager).get("/api/referrals/")
    for _ in range(5):
        refer(manager, case, service)
    with django_assert_max_num_queries(len(few.captured_queries)):
        api(agent).get("/api/referrals/inbox/")
        api(manager).get("/api/referrals/")


def test_the_schema_documents_the_referral_endpoints(client, tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    for url in (
        "/api/referrals/",
        "/api/referrals/inbox/",
        "/api/referrals/{id}/",
        "/api/referrals/{id}/history/",
        "/api/referrals/{id}/decline/",
        "/api/referrals/{id}/onward/",
        "/api/referrals/{id}/update/",
    ):
        assert url in paths, url
    assert "409" in paths["/api/referrals/{id}/accept/"]["post"]["responses"]
    referral = schema["components"]["schemas"]["Referral"]
    assert "shared" not in referral.get("required", [])
