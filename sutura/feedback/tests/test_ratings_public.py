"""The public page where the person rates a service themselves: no account, French or English,
small; a completed referral's feedback reference, once; a hidden field, a signed time and a
limit per address keep robots and guessers out, and what they sent is never logged."""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.services import lifecycle
from sutura.feedback import public_guard as guard
from sutura.feedback.models import FeedbackSource, IntakePoint, ServiceFeedback
from sutura.feedback.services import ratings
from sutura.feedback.views.ratings import STAMP_FOR
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.referrals.services import referring, workflow
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory
from tests.membership import sign

pytestmark = pytest.mark.django_db
URL = "feedback_ratings:public_rate"
STATIC = Path(settings.BASE_DIR) / "sutura" / "static" / "css"


@pytest.fixture
def referral(locations: Any) -> Any:
    """A referral completed by the provider, from a case manager's case."""
    sender = OrganisationFactory.create(name="Envoyeur", country=locations["SN"])
    provider = OrganisationFactory.create(name="Prestataire", country=locations["SN"])
    sign(provider, datetime.date(2024, 1, 1))
    manager = UserFactory.create(organisation=sender, roles=[Role.CASE_MANAGER])
    agent = UserFactory.create(organisation=provider, roles=[Role.PROVIDER_AGENT])
    person = people.register_person(
        actor=manager, given_names="Awa", family_name="Diop", sex="female"
    )
    for purpose in ("registration", "referral"):
        record_consent(
            actor=manager,
            person=person,
            purpose=purpose,
            status="given",
            method="verbal",
            decided_on=datetime.date(2026, 1, 5),
        )
    case = lifecycle.open_case(
        actor=manager,
        person=person,
        case_type="return_reintegration",
        opened_on=datetime.date(2026, 1, 10),
    )
    service = ServiceFactory.create(provider=provider)
    sent = referring.create_referral(
        actor=manager,
        case=case,
        service=service,
        category=service.category,
        reason="Écoute",
        shared_sections=["identity"],
        send=True,
    )
    accepted = workflow.accept(actor=agent, referral=sent)
    return workflow.complete(actor=agent, referral=accepted, outcome="provided", feedback="Ok")


def _stamp(seconds_ago: float = 60) -> str:
    return guard.new_stamp(STAMP_FOR, shown_at=time.time() - seconds_ago)


def _answers(referral: Any, **extra: Any) -> dict[str, Any]:
    return {
        "reference": ratings.feedback_reference(referral),
        "satisfaction": "satisfied",
        "timely": "yes",
        "respectful": "yes",
        "would_recommend": "not_asked",
        "website": "",
        "stamp": _stamp(),
        **extra,
    }


def test_the_page_needs_no_account_and_is_small_for_a_cheap_phone(client):
    page = client.get(reverse(URL))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script" not in html and "style=" not in html
    css = sum((STATIC / name).stat().st_size for name in ("sutura.css", "feedback-public.css"))
    assert len(page.content) + css < 100_000
    assert re.search(r'name="stamp" value="[^"]+"', html)


def test_the_page_comes_back_to_the_intake_point_it_was_reached_from(client, locations):
    organisation = OrganisationFactory.create(
        name="Centre Awa", acronym="CA", country=locations["SN"]
    )
    point = IntakePoint.objects.create(
        organisation=organisation, kind="organisation", name="Centre Awa", code="ca"
    )
    html = client.get(reverse(URL), {"point": "ca"}).content.decode()
    assert reverse("feedback_public:landing", kwargs={"code": point.code}) in html
    assert "CA" in html  # the organisation heads the page


def test_the_page_speaks_english_when_asked(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Rate a service you received" in client.get(reverse(URL)).content.decode()


def test_the_person_rates_the_service_once(client, referral):
    response = client.post(reverse(URL), _answers(referral))
    assert response.status_code == 302 and "thanks=1" in response["Location"]
    [answer] = ServiceFeedback.objects.filter(referral=referral)
    assert answer.source == FeedbackSource.PUBLIC and answer.would_recommend is None
    again = client.post(reverse(URL), _answers(referral))
    assert again.status_code == 200
    assert ServiceFeedback.objects.filter(referral=referral).count() == 1


def test_a_wrong_reference_records_nothing_and_says_so(client, referral):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reference = ratings.feedback_reference(referral)
    wrong = reference[:-1] + ("A" if reference[-1] != "A" else "B")
    page = client.post(reverse(URL), _answers(referral, reference=wrong))
    assert page.status_code == 200
    assert "This reference is not known" in page.content.decode()
    assert not ServiceFeedback.objects.exists()


def _refusals() -> list[str]:
    return list(AuditEntry.objects.filter(action=Action.REFUSED).values_list("detail", flat=True))


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"website": "http://spam.example"}, "honeypot"),
        ({"stamp": ""}, "bad signature"),
        ({"stamp": "forged:stamp"}, "bad signature"),
        ({"stamp": guard.new_stamp("abc")}, "bad signature"),  # another page's stamp
        ({"stamp": "fast"}, "too fast"),
    ],
)
def test_a_robot_is_refused_and_logged_without_what_it_sent(client, referral, given, reason):
    if given.get("stamp") == "fast":
        given = {"stamp": _stamp(seconds_ago=0)}
    page = client.post(reverse(URL), _answers(referral, **given))
    assert page.status_code == 400
    assert not ServiceFeedback.objects.exists()
    html = page.content.decode()
    assert ratings.feedback_reference(referral) in html  # the answers are kept
    [refusal] = _refusals()
    assert reason in refusal and "rating" in refusal
    assert ratings.feedback_reference(referral) not in refusal  # nothing of what was sent


@override_settings(SUTURA_PUBLIC_FEEDBACK_PER_HOUR=2)
def test_an_address_trying_reference_after_reference_is_stopped(client, referral):
    wrong = _answers(referral, reference="REF-2026-000001-AAAA")
    assert client.post(reverse(URL), wrong).status_code == 200
    assert (
        client.post(reverse(URL), _answers(referral, reference="REF-2026-000002-AAAA")).status_code
        == 200
    )
    stopped = client.post(reverse(URL), _answers(referral))
    assert stopped.status_code == 429
    assert not ServiceFeedback.objects.exists()  # even the right reference, this hour
    # another address is not stopped
    other = client.post(reverse(URL), _answers(referral), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302
