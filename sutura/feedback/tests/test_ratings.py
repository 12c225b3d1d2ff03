"""Feedback on services: the caseworker records the person's opinion of a completed referral
or an assistance delivered (the case team only, once); the person rates the service
themselves with a feedback reference nobody can guess (once, a completed referral only); the
provider and the NRM coordinator read counts per service, never who, and nothing under five
answers. On the access world (`tests/world_parts/feedback_ratings.py` has three answers)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.core.templatetags.typography import percent_text
from sutura.feedback import selectors_ratings as selectors
from sutura.feedback.models import FeedbackSource, ServiceFeedback
from sutura.feedback.services import ratings
from sutura.referrals.services import referring, workflow
from tests.worlds import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The messages are compared in English (French is the default language)."""
    with translation.override("en"):
        yield


ANSWERS: dict[str, Any] = {
    "satisfaction": "satisfied",
    "timely": True,
    "respectful": True,
    "would_recommend": None,
}


def _english(client: Any, user: Any) -> Any:
    """Signed in, reading English (the msgids: the tests do not hang on the French)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _part(world: World, name: str) -> Any:
    return world.parts["feedback_ratings"][name]


def _completed(world: World, service: Any = None) -> Any:
    """Another referral of A's case to B's service, completed by B's agent."""
    a, b = world.a, world.b
    service = service or b.service
    referral = referring.create_referral(
        actor=a.users[Role.CASE_MANAGER],
        case=a.case,
        service=service,
        category=service.category,
        reason="Suivi",
        shared_sections=["identity"],
        send=True,
    )
    agent = b.users[Role.PROVIDER_AGENT]
    referral = workflow.accept(actor=agent, referral=referral)
    return workflow.complete(actor=agent, referral=referral, outcome="provided", feedback="Fait")


# --- the feedback reference ---------------------------------------------------------------------


def test_the_reference_is_the_referral_number_and_check_letters_nobody_can_guess(world):
    reference = ratings.feedback_reference(world.completed_ab)
    number, check = ratings.split_reference(reference)
    assert number == world.completed_ab.number and len(check) == 4
    assert reference == f"{world.completed_ab.number}-{check}"
    # The letters come from the site's secret and the referral, not from its number: twenty
    # referrals numbered alike get (all but surely) twenty different letters.
    letters = {
        ratings.feedback_reference(SimpleNamespace(pk=uuid.uuid4(), number=number))[-4:]
        for _n in range(20)
    }
    assert len(letters) >= 19
    with override_settings(SECRET_KEY="another secret, another site" * 2):
        assert ratings.feedback_reference(world.completed_ab) != reference


def test_a_reference_is_understood_however_it_is_typed(world):
    reference = ratings.feedback_reference(world.completed_ab)
    typed = reference.lower().replace("-", " ")
    assert ratings.split_reference(typed) == ratings.split_reference(reference)
    assert ratings.split_reference("nonsense") == ("", "")


# --- the caseworker -------------------------------------------------------------------------------


def test_the_case_team_records_a_completed_referrals_feedback_for_the_service_and_its_provider(
    world,
):
    referral = _completed(world)
    answer = ratings.record_service_feedback(
        actor=world.a.users[Role.CASE_MANAGER], referral=referral, **ANSWERS
    )
    assert answer.service == world.b.service
    assert answer.organisation == world.b.organisation  # the provider
    assert answer.source == FeedbackSource.CASEWORKER
    assert answer.recorded_by == world.a.users[Role.CASE_MANAGER]


def test_a_second_answer_from_the_same_source_is_refused(world):
    with pytest.raises(ValidationError, match="already been recorded"):
        ratings.record_service_feedback(
            actor=world.a.users[Role.PROGRAMME_MANAGER], referral=world.completed_ab, **ANSWERS
        )


def test_a_referral_not_completed_takes_no_feedback(world):
    with pytest.raises(ValidationError, match="completed"):
        ratings.record_service_feedback(
            actor=world.a.users[Role.CASE_MANAGER], referral=world.referral_ab, **ANSWERS
        )


@pytest.mark.parametrize(
    "who",
    [
        ("b", Role.PROVIDER_AGENT),  # the provider: never records the person's opinion of itself
        ("b", Role.CASE_MANAGER),
        ("a", Role.PROTECTION_OFFICER),
        ("a", "colleague"),  # A restricts case managers to their own cases
    ],
)
def test_only_whoever_works_on_the_case_records_it(world, who):
    side, role = who
    user = (
        getattr(world, side).colleague if role == "colleague" else getattr(world, side).users[role]
    )
    referral = _completed(world)
    with pytest.raises(PermissionDenied):
        ratings.record_service_feedback(actor=user, referral=referral, **ANSWERS)


def test_an_assistance_delivered_is_rated_for_the_organisation_that_gave_it(world):
    a = world.a
    answer = ratings.record_service_feedback(
        actor=a.users[Role.CASE_MANAGER], delivery=a.delivery, **ANSWERS
    )
    assert answer.service is None and answer.organisation == a.organisation
    with pytest.raises(PermissionDenied):
        ratings.record_service_feedback(
            actor=world.b.users[Role.CASE_MANAGER], delivery=a.delivery, **ANSWERS
        )
    with pytest.raises(ValidationError, match="already"):
        ratings.record_service_feedback(
            actor=a.users[Role.PROGRAMME_MANAGER], delivery=a.delivery, **ANSWERS
        )


# --- the person, on the public page -------------------------------------------------------------


def test_the_person_rates_a_completed_referral_once_with_its_reference(world):
    referral = _completed(world)
    reference = ratings.feedback_reference(referral)
    answer = ratings.submit_public_service_feedback(reference=reference, **ANSWERS)
    assert answer.source == FeedbackSource.PUBLIC and answer.recorded_by is None
    assert answer.organisation == world.b.organisation and answer.service == world.b.service
    with pytest.raises(ValidationError, match="already rated"):
        ratings.submit_public_service_feedback(reference=reference, **ANSWERS)


def test_a_guessed_reference_or_an_unfinished_referral_is_not_known(world):
    referral = _completed(world)
    number, check = ratings.split_reference(ratings.feedback_reference(referral))
    wrong = "A" if check[0] != "A" else "B"
    for reference in (
        f"{number}-{wrong}{check[1:]}",  # the next guess
        number,  # the number alone
        ratings.feedback_reference(world.referral_ab),  # not completed
    ):
        with pytest.raises(ValidationError, match="not known"):
            ratings.submit_public_service_feedback(reference=reference, **ANSWERS)


# --- what people read -------------------------------------------------------------------------


def test_the_case_team_reads_the_caseworkers_answers_and_never_the_persons_own(world):
    a_manager = world.a.users[Role.CASE_MANAGER]
    rows = set(selectors.recorded_feedback_for(a_manager))
    assert _part(world, "rating_ab") in rows
    assert _part(world, "public_ab") not in rows
    # B's agent (the provider) reads no answer one by one
    assert not selectors.recorded_feedback_for(world.b.users[Role.PROVIDER_AGENT]).exists()
    # B's case manager reads the answer on B's delivery, not A's referral
    assert set(selectors.recorded_feedback_for(world.b.users[Role.CASE_MANAGER])) == {
        _part(world, "rating_delivery_b")
    }


def test_the_referral_section_shows_the_case_team_the_answers_and_the_reference(world, client):
    _english(client, world.a.users[Role.CASE_MANAGER])
    page = client.get(reverse("referrals:detail", kwargs={"pk": world.completed_ab.pk}))
    text = page.content.decode()
    assert "service-feedback-title" in text
    assert "Satisfied" in text  # the recorded answer
    # the person has rated it too: their answers are not shown, no reference needed any more
    assert ratings.feedback_reference(world.completed_ab) not in text
    referral = _completed(world)
    page = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk}))
    assert ratings.feedback_reference(referral) in page.content.decode()
    assert reverse("feedback_ratings:referral", kwargs={"pk": referral.pk}) in page.content.decode()


def test_the_provider_sees_no_section_on_the_referral(world, client):
    client.force_login(world.b.users[Role.PROVIDER_AGENT])
    page = client.get(reverse("referrals:detail", kwargs={"pk": world.completed_ab.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "service-feedback-title" not in text
    assert ratings.feedback_reference(world.completed_ab) not in text


def test_the_section_form_records_the_answers(world, client):
    referral = _completed(world)
    _english(client, world.a.users[Role.CASE_MANAGER])
    url = reverse("feedback_ratings:referral", kwargs={"pk": referral.pk})
    answers = {
        "rating-satisfaction": "partly",
        "rating-timely": "no",
        "rating-respectful": "yes",
        "rating-would_recommend": "not_asked",
    }
    response = client.post(url, answers)
    assert response.status_code == 302
    answer = ServiceFeedback.objects.get(referral=referral)
    assert (answer.satisfaction, answer.timely, answer.respectful, answer.would_recommend) == (
        "partly",
        False,
        True,
        None,
    )
    again = client.post(url, answers, follow=True)
    assert "already been recorded" in again.content.decode()
    assert ServiceFeedback.objects.filter(referral=referral).count() == 1


def test_the_case_page_lists_the_assistance_to_rate_and_its_page_records_it(world, client):
    a = world.a
    _english(client, a.users[Role.CASE_MANAGER])
    page = client.get(reverse("cases:detail", kwargs={"case_id": a.case.pk}))
    link = reverse("feedback_ratings:delivery", kwargs={"pk": a.delivery.pk})
    assert link in page.content.decode()
    answers = {
        "satisfaction": "satisfied",
        "timely": "yes",
        "respectful": "yes",
        "would_recommend": "yes",
    }
    assert client.post(link, answers).status_code == 302
    assert ServiceFeedback.objects.filter(delivery=a.delivery).count() == 1
    assert "already recorded" in client.get(link).content.decode()


# --- the ratings --------------------------------------------------------------------------------


def _five_answers(world: World) -> None:
    """B's service reaches five answers (and more): two of the world, four more."""
    for _n in range(2):
        referral = _completed(world)
        ratings.record_service_feedback(
            actor=world.a.users[Role.CASE_MANAGER], referral=referral, **ANSWERS
        )
        ratings.submit_public_service_feedback(
            reference=ratings.feedback_reference(referral),
            satisfaction="not_satisfied",
            timely=False,
            respectful=True,
            would_recommend=False,
        )


def test_a_rating_shows_no_figure_under_five_answers(world):
    rating = selectors.rating_of_service(world.b.users[Role.PROVIDER_AGENT], world.b.service)
    assert rating is not None and rating.answers == 2 and not rating.shown


def test_from_five_answers_the_provider_and_the_coordinator_read_the_counts(world, client):
    _five_answers(world)
    for reader in (world.b.users[Role.PROVIDER_AGENT], world.a.users[Role.NRM_COORDINATOR]):
        rating = selectors.rating_of_service(reader, world.b.service)
        assert rating is not None and rating.shown
        assert rating.answers == 6
        assert (rating.satisfied, rating.partly, rating.not_satisfied) == (3, 1, 2)
        assert (rating.timely.yes, rating.timely.asked) == (3, 6)
        assert rating.respectful.percent == percent_text(100)
        assert rating.would_recommend.asked == 3 and not rating.would_recommend.shown
    # A's staff (not the provider) read nothing of B's service
    assert selectors.rating_of_service(world.a.users[Role.CASE_MANAGER], world.b.service) is None
    client.force_login(world.b.users[Role.PROVIDER_AGENT])
    page = client.get(reverse("directory:detail", kwargs={"service_id": world.b.service.pk}))
    text = page.content.decode()
    assert "rating-title" in text
    # never who: no caseworker's name on the page's rating
    recorder = world.a.users[Role.CASE_MANAGER]
    assert recorder.get_full_name() not in text.split("rating-title", 1)[1].split("</section>")[0]


def test_the_ratings_page_lists_the_coordinator_every_service_and_a_provider_its_own(world, client):
    coordinator = world.a.users[Role.NRM_COORDINATOR]
    every = {(r.kind, r.organisation.pk) for r in selectors.ratings_for(coordinator)}
    assert ("service", world.b.organisation.pk) in every
    assert ("assistance", world.b.organisation.pk) in every
    own = selectors.ratings_for(world.b.users[Role.PROVIDER_AGENT])
    assert {r.organisation for r in own} == {world.b.organisation}
    assert selectors.ratings_for(world.a.users[Role.PROVIDER_AGENT]) == []
    _english(client, coordinator)
    page = client.get(reverse("feedback_ratings:ratings"))
    assert page.status_code == 200
    assert "Fewer than 5 answers so far" in page.content.decode()
    client.force_login(world.homeless)
    assert client.get(reverse("feedback_ratings:ratings")).status_code == 403


def test_service_feedback_rows_are_seen_by_the_case_team_only(world):
    for user in world.users():
        seen = set(visible(user, ServiceFeedback).values_list("pk", flat=True))
        if _part(world, "rating_delivery_b").pk in seen:
            assert user.organisation_id == world.b.organisation.pk
        if _part(world, "rating_ab").pk in seen:
            assert user.organisation_id == world.a.organisation.pk


# --- the API ----------------------------------------------------------------------------------


def test_the_api_records_the_caseworkers_answer_once(world, client):
    referral = _completed(world)
    url = reverse("api-feedback-service-feedback-list")
    body = {"referral": str(referral.pk), "satisfaction": "partly", "timely": None}
    client.force_login(world.b.users[Role.PROVIDER_AGENT])  # the provider: not its to say
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(world.b.users[Role.CASE_MANAGER])  # not B's referral: not found
    assert client.post(url, body, content_type="application/json").status_code == 404
    client.force_login(world.a.users[Role.CASE_MANAGER])
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["service"] == str(world.b.service.pk)
    assert created.json()["timely"] is None
    assert client.post(url, body, content_type="application/json").status_code == 400
    both = {**body, "delivery": str(world.a.delivery.pk)}
    assert client.post(url, both, content_type="application/json").status_code == 400
    by_delivery = {"delivery": str(world.a.delivery.pk), "satisfaction": "satisfied"}
    assert client.post(url, by_delivery, content_type="application/json").status_code == 201


def test_the_api_lists_exactly_the_answers_each_user_reads(world, client):
    url = reverse("api-feedback-service-feedback-list")
    for user in world.users():
        client.force_login(user)
        got = {row["id"] for row in client.get(url).json()["results"]}
        expected = {
            str(pk) for pk in selectors.recorded_feedback_for(user).values_list("pk", flat=True)
        }
        assert got == expected, user


def test_the_api_ratings_give_counts_only_from_five_answers(world, client):
    client.force_login(world.b.users[Role.PROVIDER_AGENT])
    url = reverse("api-feedback-rating-list")
    [service] = [r for r in client.get(url).json() if r["kind"] == "service"]
    assert service["answers"] == 2 and service["shown"] is False
    assert service["satisfied"] is None and service["timely"] is None
    _five_answers(world)
    [service] = [r for r in client.get(url).json() if r["kind"] == "service"]
    assert service["shown"] is True and service["satisfied"] == 3
    assert service["timely"] == {"yes": 3, "asked": 6}
    assert service["would_recommend"] is None  # asked of 3 only
