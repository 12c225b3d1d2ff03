"""A retried create creates once: the API's Idempotency-Key, the pages' form token."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.cases.models import CaseNote, FollowUp
from sutura.cases.tests.test_concurrency import api, at_once, open_case
from sutura.core.models import IdempotencyKey

pytestmark = pytest.mark.django_db(transaction=True)


def follow_up_body(case, notes="Called"):
    today = timezone.localdate().isoformat()
    return {"case": str(case.pk), "happened_on": today, "type": "phone", "notes": notes}


def test_the_same_post_sent_twice_at_once_with_one_key_creates_once(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)

    def post(_index):
        answer = api(manager).post(
            "/api/follow-ups/", follow_up_body(case), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
        )
        return answer.status_code, answer.json()

    first, second = at_once(2, post)
    assert first == second
    assert first[0] == 201
    assert FollowUp.objects.filter(case=case).count() == 1


def test_a_retry_later_answers_the_first_answer_and_another_key_creates_again(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    client = api(manager)
    first = client.post("/api/follow-ups/", follow_up_body(case), HTTP_IDEMPOTENCY_KEY="a")
    retry = client.post("/api/follow-ups/", follow_up_body(case), HTTP_IDEMPOTENCY_KEY="a")
    assert (retry.status_code, retry.json()) == (201, first.json())
    assert retry["Idempotent-Replayed"] == "true"
    client.post("/api/follow-ups/", follow_up_body(case), HTTP_IDEMPOTENCY_KEY="b")
    client.post("/api/follow-ups/", follow_up_body(case))  # no key: an ordinary create
    assert FollowUp.objects.filter(case=case).count() == 3


def test_the_same_key_with_another_body_is_refused_clearly(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    client = api(manager)
    client.post("/api/follow-ups/", follow_up_body(case), format="json", HTTP_IDEMPOTENCY_KEY="x")
    other = client.post(
        "/api/follow-ups/", follow_up_body(case, "Other"), format="json", HTTP_IDEMPOTENCY_KEY="x"
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert FollowUp.objects.filter(case=case).count() == 1


def test_a_refused_create_leaves_the_key_free_and_keys_are_per_user(users_a):
    manager, supervisor = users_a[Role.CASE_MANAGER], users_a[Role.PROGRAMME_MANAGER]
    case = open_case(manager)
    refused = api(manager).post(
        "/api/follow-ups/", {"case": str(case.pk)}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    for user in (manager, supervisor):
        answer = api(user).post(
            "/api/follow-ups/", follow_up_body(case), format="json", HTTP_IDEMPOTENCY_KEY="k"
        )
        assert answer.status_code == 201
    assert FollowUp.objects.filter(case=case).count() == 2


def test_a_key_too_long_is_a_validation_error(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    answer = api(manager).post(
        "/api/follow-ups/", follow_up_body(case), format="json", HTTP_IDEMPOTENCY_KEY="k" * 201
    )
    assert answer.status_code == 400
    assert "Idempotency-Key" in answer.json()["error"]["fields"]


def test_a_form_submitted_twice_at_once_creates_one_note_and_both_land_on_the_case(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    url = f"/cases/{case.pk}/notes/"
    browser = Client()
    browser.force_login(manager)
    token = re.search(r'name="form_token" value="(\w+)"', browser.get(url).content.decode())
    assert token is not None  # the create form carries its token
    body = {"text": "Seen at home", "confidentiality": "normal", "form_token": token[1]}

    def submit(_index):
        answer = browser.post(url, body)
        return answer.status_code, answer["Location"]

    first, second = at_once(2, submit)
    assert first == second
    assert first[0] == 302
    assert CaseNote.objects.filter(case=case).count() == 1
    # A later resubmission (the back button) lands there too, and says so.
    again = browser.post(url, body, follow=True)
    assert "déjà été envoyé" in again.content.decode()
    assert CaseNote.objects.filter(case=case).count() == 1


# --- privacy: a key keeps no personal data, and a retry sees only what the user may see now ---


def test_a_key_keeps_no_answer_and_a_retry_after_anonymisation_shows_no_name(users_a):
    from sutura.privacy.services import anonymise_person

    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    client = api(manager)
    body = follow_up_body(case, notes="Called Fatou Sow on +221770000000")
    first = client.post("/api/follow-ups/", body, format="json", HTTP_IDEMPOTENCY_KEY="p")
    assert first.status_code == 201
    row = IdempotencyKey.objects.get(user=manager, key="api:p")
    kept = " ".join(str(value) for value in vars(row).values())
    assert "Fatou" not in kept and "+22177" not in kept
    assert (row.record, row.record_pk) == ("cases.FollowUp", first.json()["id"])

    anonymise_person(case.person, cause="retention")
    retry = client.post("/api/follow-ups/", body, format="json", HTTP_IDEMPOTENCY_KEY="p")
    assert retry.status_code == 201 and retry["Idempotent-Replayed"] == "true"
    assert retry.json()["id"] == first.json()["id"]
    assert "Fatou" not in retry.content.decode() and retry.json()["notes"] == ""
    assert FollowUp.objects.filter(case=case).count() == 1


def test_a_retry_of_a_record_the_user_no_longer_sees_is_a_404(users_a, users_b):
    from sutura.cases.models import Case

    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    client = api(manager)
    body = follow_up_body(case)
    assert client.post("/api/follow-ups/", body, HTTP_IDEMPOTENCY_KEY="q").status_code == 201
    elsewhere = users_b[Role.CASE_MANAGER].organisation_id
    Case.objects.filter(pk=case.pk).update(organisation_id=elsewhere)
    retry = client.post("/api/follow-ups/", body, HTTP_IDEMPOTENCY_KEY="q")
    assert retry.status_code == 404
    assert retry.json()["error"]["code"] == "not_found"
    assert FollowUp.objects.filter(case=case).count() == 1


def test_the_retention_job_purges_every_expired_key_of_every_user(users_a, settings):
    from datetime import timedelta

    from django.core.management import call_command

    settings.SUTURA_IDEMPOTENCY_HOURS = 24
    old = timezone.now() - timedelta(hours=25)
    for role in (Role.CASE_MANAGER, Role.PROGRAMME_MANAGER):
        IdempotencyKey.objects.create(user=users_a[role], key="api:old", fingerprint="x")
        IdempotencyKey.objects.create(user=users_a[role], key="api:new", fingerprint="x")
    IdempotencyKey.objects.filter(key="api:old").update(created_at=old)
    call_command("apply_retention")
    assert set(IdempotencyKey.objects.values_list("key", flat=True)) == {"api:new"}
