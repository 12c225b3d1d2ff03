"""Assignments: a returnee given to a mentor for a purpose and a period, from the case page or
the focal point's page; the mentor's returnees with the stage of each file in plain words; the
daily sweep; and who may do and see what (page and API)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from sutura.access import visible
from sutura.access.mentoring import ReferralFacts, StageFacts, case_stage_facts
from sutura.accounts.roles import Role
from sutura.cases.models import Case, CaseStatus
from sutura.cases.services import lifecycle, plans, screening
from sutura.cases.tests.helpers import open_test_case
from sutura.mentoring.models import Assignment, AssignmentEnd
from sutura.mentoring.selectors.volunteers import returnees_of
from sutura.mentoring.services import assignments, volunteers
from sutura.mentoring.stages import stage_of
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.referrals.models import Referral
from sutura.referrals.services import referring

pytestmark = pytest.mark.django_db


def _engage(users: dict[Role, Any], **extra: Any) -> Any:
    focal = users[Role.MHPSS_FOCAL_POINT]
    return volunteers.create_volunteer(
        actor=focal,
        user=users[Role.COMMUNITY_MENTOR],
        focal_point=focal,
        languages=["fr", "wo"],
        starts_on=datetime.date(2025, 10, 1),
        **extra,
    )


def _case(users: dict[Role, Any], **person: Any) -> Case:
    person.setdefault("given_names", "Awa")
    person.setdefault("family_name", "Diouf")
    person.setdefault("phone", "+221771234567")
    return open_test_case(users[Role.CASE_MANAGER], **person)


def _assign(users: dict[Role, Any], case: Case, **extra: Any) -> Assignment:
    extra.setdefault("purpose", "psychosocial")
    extra.setdefault("ends_on", timezone.localdate() + datetime.timedelta(days=60))
    return assignments.assign_mentor(
        actor=users[Role.CASE_MANAGER], case=case, mentor=users[Role.COMMUNITY_MENTOR], **extra
    )


def _to_assistance(manager: Any, case: Case, delivered: int) -> Case:
    """Screening, assessment, a plan of three items approved (under the threshold), and
    `delivered` of them delivered."""
    screening.record_screening(actor=manager, case=case, categories=[])
    case = lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.ASSESSMENT)
    screening.record_assessment(actor=manager, case=case, economic="Petit commerce")
    case = lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.PLAN)
    plan = plans.plan_for_case(actor=manager, case=case)
    items = [
        plans.add_item(
            actor=manager,
            plan=plan,
            dimension="economic",
            kind=f"Kit {n}",
            amount=Decimal(10000),
            currency="XOF",
        )
        for n in range(3)
    ]
    plan.refresh_from_db()
    plans.submit_plan(actor=manager, plan=plan, expected_version=plan.version)
    case = lifecycle.move_case(
        actor=manager, case=Case.objects.get(pk=case.pk), to_status="assistance"
    )
    for item in items[:delivered]:
        plans.record_delivery(
            actor=manager, item=item, delivered_on=timezone.localdate(), amount=Decimal(10000)
        )
    return Case.objects.get(pk=case.pk)


def _refer_to_focal_point(users: dict[Role, Any], case: Case, days_ago: int) -> Referral:
    record_consent(
        actor=users[Role.CASE_MANAGER],
        person=case.person,
        purpose=ConsentPurpose.REFERRAL,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    referral = referring.create_referral(
        actor=users[Role.COMMUNITY_MENTOR],
        case=Case.objects.get(pk=case.pk),
        to_user=users[Role.MHPSS_FOCAL_POINT],
        category="mhpss",
        reason="Dort mal depuis le retour",
        shared_sections=["identity", "contact"],
        send=True,
    )
    sent = timezone.now() - datetime.timedelta(days=days_ago)
    Referral.objects.filter(pk=referral.pk).update(sent_at=sent)
    return referral


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the stage in plain words -------------------------------------------------------------------


def test_the_stage_says_the_plan_was_approved_and_first_assistance_is_expected():
    facts = StageFacts(
        case_status="plan", plan_status="approved", plan_decided_on=datetime.date(2026, 3, 3)
    )
    with translation.override("en"):
        stage = stage_of(facts)
        assert stage.now == "Plan approved on 3 March 2026."
        assert stage.next == "Next: first assistance expected."
    with translation.override("fr"):
        assert "3 mars 2026" in stage_of(facts).now


def test_the_stage_counts_the_days_a_referral_waits_for_an_answer():
    waiting = ReferralFacts(
        "sent", "mhpss", timezone.localdate() - datetime.timedelta(days=4), None
    )
    facts = StageFacts(case_status="assistance", open_referrals=(waiting,))
    with translation.override("en"):
        line = stage_of(facts).referral_lines[0]
    assert "waiting for an answer for 4 days" in line
    one_day = ReferralFacts(
        "received", "mhpss", timezone.localdate() - datetime.timedelta(days=1), None
    )
    with translation.override("en"):
        assert (
            "for 1 day."
            in stage_of(StageFacts("plan", open_referrals=(one_day,))).referral_lines[0]
        )


def test_the_stage_counts_items_delivered_and_names_the_next_follow_up():
    under_way = StageFacts(
        "assistance", "approved", timezone.localdate(), items_planned=3, items_delivered=2
    )
    monitoring = StageFacts("monitoring", "approved", next_follow_up_on=datetime.date(2026, 5, 12))
    with translation.override("en"):
        assert stage_of(under_way).now == "Assistance under way: 2 of 3 items delivered."
        assert (
            stage_of(monitoring, today=datetime.date(2026, 5, 1)).next
            == "Next follow-up due 12 May 2026."
        )
        assert stage_of(monitoring, today=datetime.date(2026, 5, 13)).next.startswith(
            "A follow-up was due on 12 May 2026 and has not been recorded yet"
        )


def test_stage_facts_are_for_the_mentor_and_the_case_team_only(users_a, users_b):
    _engage(users_a)
    case = _case(users_a)
    _assign(users_a, case)
    case.refresh_from_db()
    assert case_stage_facts(users_a[Role.COMMUNITY_MENTOR], case).case_status == "registered"
    assert case_stage_facts(users_a[Role.CASE_MANAGER], case).case_status == "registered"
    for stranger in (
        users_a[Role.MHPSS_FOCAL_POINT],
        users_a[Role.ME_OFFICER],
        users_b[Role.CASE_MANAGER],
    ):
        with pytest.raises(Http404):
            case_stage_facts(stranger, case)


# --- the mentor's returnees: "where is my file?" -------------------------------------------------


def test_the_returnees_page_answers_where_is_my_file_and_shows_nothing_else(users_a):
    _engage(users_a)
    case = _to_assistance(users_a[Role.CASE_MANAGER], _case(users_a), delivered=2)
    _assign(users_a, case, purpose="reintegration")
    waiting = _case(users_a, given_names="Moussa", family_name="Sarr", phone="+221770000001")
    _assign(users_a, waiting)
    _refer_to_focal_point(users_a, waiting, days_ago=4)

    with translation.override("en"):
        page = _client(users_a[Role.COMMUNITY_MENTOR]).get(
            reverse("mentoring:returnees"), HTTP_ACCEPT_LANGUAGE="en"
        )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Awa" in body and "Moussa" in body
    assert "Diouf" not in body and "Sarr" not in body  # no family name
    assert 'href="tel:+221771234567"' in body
    assert "2 of 3" in body or "2 éléments remis sur 3" in body
    assert "4 jours" in body or "4 days" in body


def test_a_mentor_sees_only_their_open_assignments_as_returnees(users_a):
    _engage(users_a)
    mine = _assign(users_a, _case(users_a))
    other = _case(users_a, given_names="Ibou")
    mentor = users_a[Role.COMMUNITY_MENTOR]
    assert [r.case.pk for r in returnees_of(mentor)] == [mine.case_id]
    assignments.end_assignment(
        actor=users_a[Role.CASE_MANAGER], assignment=mine, reason=AssignmentEnd.NO_LONGER_NEEDED
    )
    assert returnees_of(mentor) == []
    assert _client(mentor).get(reverse("cases:detail", args=[other.pk])).status_code == 404


def test_a_mentor_cannot_open_a_returnee_not_assigned_to_them(users_a):
    _engage(users_a)
    case = _case(users_a)
    mentor = users_a[Role.COMMUNITY_MENTOR]
    assert _client(mentor).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert _api(mentor).get(f"/api/mentoring/returnees/{case.pk}/").status_code == 404
    assert _api(mentor).get(f"/api/cases/{case.pk}/").status_code == 404


def test_the_minimal_profile_shows_first_name_age_area_phone_and_the_stage(users_a, locations):
    _engage(users_a)
    case = _case(users_a, current_location=locations["Mbour"], birth_date=datetime.date(1996, 1, 2))
    _assign(users_a, case)
    body = _client(users_a[Role.COMMUNITY_MENTOR]).get(reverse("cases:detail", args=[case.pk]))
    text = body.content.decode()
    assert "Awa" in text and "Mbour" in text and "+221771234567" in text
    assert "Diouf" not in text and "Languages" not in text and "Langues" not in text
    assert 'id="stage-title"' in text  # where is the file?


def test_the_api_gives_the_mentor_each_returnee_with_the_stage_as_codes_and_words(users_a):
    _engage(users_a)
    case = _to_assistance(users_a[Role.CASE_MANAGER], _case(users_a), delivered=1)
    _assign(users_a, case)
    answer = _api(users_a[Role.COMMUNITY_MENTOR]).get(
        "/api/mentoring/returnees/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 200
    (row,) = answer.json()["results"]
    assert set(row) == {
        "id",
        "first_name",
        "age",
        "area",
        "phone",
        "purpose",
        "starts_on",
        "ends_on",
        "facts",
        "stage",
    }
    assert row["facts"]["case_status"] == "assistance" and row["facts"]["items_delivered"] == 1
    assert row["stage"]["code"] == "assistance"
    assert row["stage"]["now"] == "Assistance under way: 1 of 3 items delivered."
    minimal = _api(users_a[Role.COMMUNITY_MENTOR]).get(f"/api/cases/{case.pk}/").json()
    assert "family_name" not in minimal["person"] and minimal["person"]["given_names"] == "Awa"


# --- giving returnees to mentors ------------------------------------------------------------------


def test_the_case_page_shows_the_mentor_and_offers_the_case_manager_to_change_it(users_a):
    _engage(users_a)
    case = _case(users_a)
    page = _client(users_a[Role.CASE_MANAGER]).get(reverse("cases:detail", args=[case.pk]))
    assert reverse("mentoring:assign", args=[case.pk]) in page.content.decode()
    assignment = _assign(users_a, case)
    page = _client(users_a[Role.CASE_MANAGER]).get(reverse("cases:detail", args=[case.pk]))
    text = page.content.decode()
    assert users_a[Role.COMMUNITY_MENTOR].get_full_name() in text
    assert reverse("mentoring:assignment_end", args=[assignment.pk]) in text


def test_the_assign_page_gives_a_returnee_to_a_mentor_once_even_when_sent_twice(users_a):
    _engage(users_a)
    case = _case(users_a)
    client = _client(users_a[Role.CASE_MANAGER])
    url = reverse("mentoring:assign", args=[case.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "mentor": users_a[Role.COMMUNITY_MENTOR].pk,
        "purpose": "information",
        "ends_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "note": "Parle wolof",
        "form_token": str(uuid.uuid4()),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302 and second.status_code == 302
    assert Assignment.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).mentor_id == users_a[Role.COMMUNITY_MENTOR].pk


def test_the_assign_form_proposes_three_months_and_only_engaged_mentors(users_a, org_a):
    from tests.factories import UserFactory

    _engage(users_a)
    UserFactory.create(organisation=org_a, roles=[Role.COMMUNITY_MENTOR], username="no-profile")
    page = _client(users_a[Role.CASE_MANAGER]).get(
        reverse("mentoring:assign", args=[_case(users_a).pk])
    )
    mentors = list(page.context["form"].fields["mentor"].queryset)
    assert mentors == [users_a[Role.COMMUNITY_MENTOR]]
    initial = page.context["form"].fields["ends_on"].initial
    assert 89 <= (initial - timezone.localdate()).days <= 92


def test_the_focal_point_sees_cases_referred_to_them_and_their_mentors_cases_only(users_a):
    _engage(users_a)
    mentored = _case(users_a, given_names="Awa")
    _assign(users_a, mentored)
    referred = _case(users_a, given_names="Binta")
    record_consent(
        actor=users_a[Role.CASE_MANAGER],
        person=referred.person,
        purpose=ConsentPurpose.REFERRAL,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    referring.create_referral(
        actor=users_a[Role.CASE_MANAGER],
        case=referred,
        to_user=users_a[Role.MHPSS_FOCAL_POINT],
        category="mhpss",
        reason="Soutien",
        shared_sections=["identity"],
        send=True,
    )
    _case(users_a, given_names="Coumba")  # neither referred to them nor mentored
    page = _client(users_a[Role.MHPSS_FOCAL_POINT]).get(reverse("mentoring:assignments_to_give"))
    shown = {row.case.pk for row in page.context["rows"]}
    assert shown == {mentored.pk, referred.pk}
    # …and gives the referred one to a mentor from there.
    assignments.assign_mentor(
        actor=users_a[Role.MHPSS_FOCAL_POINT],
        case=referred,
        mentor=users_a[Role.COMMUNITY_MENTOR],
        purpose="psychosocial",
        ends_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    assert Case.objects.get(pk=referred.pk).mentor_id == users_a[Role.COMMUNITY_MENTOR].pk


def test_a_focal_point_cannot_assign_a_case_of_another_organisation(users_a, users_b):
    _engage(users_a)
    _engage(users_b)
    case_b = _case(users_b)
    focal_a = users_a[Role.MHPSS_FOCAL_POINT]
    with pytest.raises(PermissionDenied):
        assignments.assign_mentor(
            actor=focal_a,
            case=case_b,
            mentor=users_b[Role.COMMUNITY_MENTOR],
            purpose="psychosocial",
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    assert _client(focal_a).get(reverse("mentoring:assign", args=[case_b.pk])).status_code == 404
    answer = _api(focal_a).post(
        "/api/mentoring/assignments/",
        {
            "case": str(case_b.pk),
            "mentor": users_b[Role.COMMUNITY_MENTOR].pk,
            "purpose": "psychosocial",
            "ends_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"


def test_a_mentor_may_not_assign_returnees(users_a):
    _engage(users_a)
    case = _case(users_a)
    _assign(users_a, case)
    mentor = users_a[Role.COMMUNITY_MENTOR]
    assert _client(mentor).get(reverse("mentoring:assign", args=[case.pk])).status_code == 403
    assert _api(mentor).post("/api/mentoring/assignments/", {}, format="json").status_code == 403


def test_the_api_assigns_once_per_idempotency_key_extends_and_ends(users_a):
    _engage(users_a)
    case = _case(users_a)
    client = _api(users_a[Role.CASE_MANAGER])
    body = {
        "case": str(case.pk),
        "mentor": users_a[Role.COMMUNITY_MENTOR].pk,
        "purpose": "accompaniment",
        "ends_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
    }
    first = client.post(
        "/api/mentoring/assignments/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = client.post(
        "/api/mentoring/assignments/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Assignment.objects.filter(case=case).count() == 1
    pk = first.json()["id"]
    longer = (timezone.localdate() + datetime.timedelta(days=80)).isoformat()
    stale = client.patch(
        f"/api/mentoring/assignments/{pk}/", {"version": 9, "ends_on": longer}, format="json"
    )
    assert stale.status_code in (400, 409)
    done = client.patch(
        f"/api/mentoring/assignments/{pk}/", {"version": 1, "ends_on": longer}, format="json"
    )
    assert done.status_code == 200 and done.json()["ends_on"] == longer
    ended = client.post(
        f"/api/mentoring/assignments/{pk}/end/", {"reason": "no_longer_needed"}, format="json"
    )
    assert ended.status_code == 200 and ended.json()["ended_on"] == timezone.localdate().isoformat()
    assert Case.objects.get(pk=case.pk).mentor_id is None


# --- the daily sweep --------------------------------------------------------------------------


def test_the_daily_sweep_ends_the_assignments_whose_period_is_over(users_a):
    _engage(users_a)
    case = _case(users_a)
    assignment = _assign(users_a, case, ends_on=timezone.localdate())
    Assignment.objects.filter(pk=assignment.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=40),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    kept = _assign(users_a, _case(users_a, given_names="Ibou"))
    out = StringIO()
    call_command("end_mentor_assignments", stdout=out)
    assert "1 mentor assignment(s) ended." in out.getvalue()
    assignment.refresh_from_db()
    assert assignment.ended_on == timezone.localdate() - datetime.timedelta(days=1)
    assert assignment.end_reason == AssignmentEnd.PERIOD_OVER
    assert Case.objects.get(pk=case.pk).mentor_id is None
    kept.refresh_from_db()
    assert kept.ended_on is None
    mentor = users_a[Role.COMMUNITY_MENTOR]
    assert not visible(mentor, Case).filter(pk=case.pk).exists()


# --- home cards -------------------------------------------------------------------------------


def test_the_mentors_home_lists_their_returnees_stage_and_services_near_them(users_a, locations):
    from tests.factories import ServiceFactory

    _engage(users_a, areas=[locations["SN-TH"]])
    _assign(users_a, _case(users_a))
    near = ServiceFactory.create(
        provider=users_a[Role.CASE_MANAGER].organisation, name_fr="Écoute Thiès"
    )
    near.areas.set([locations["SN-TH"]])
    far = ServiceFactory.create(name_fr="Écoute Kayes")
    far.areas.set([locations["ML-1"]])
    home = _client(users_a[Role.COMMUNITY_MENTOR]).get(reverse("core:home")).content.decode()
    assert reverse("mentoring:returnees") in home
    assert "Écoute Thiès" in home and "Écoute Kayes" not in home
    assert reverse("directory:propose_new") in home
    assert reverse("directory:propose_change", args=[near.pk]) in home
