"""The placement pages as each side uses them: the list, posting, proposing from the offer,
the proposal and its outcome, the referral and case pages' sections, the figures, the home
cards."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.placements.models import Offer, OfferStatus, Proposal
from sutura.placements.tests.helpers import another_returnee, post, propose
from sutura.referrals.models import Referral, ReferralStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def get(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode() if status == 200 else ""


def test_the_list_shows_the_offers_open_now_and_filters_them(client, world):
    closed = post(world.employer.agent, world.employer.service, world.locations["ML-1"])
    closed.status = OfferStatus.CLOSED
    closed.save()
    url = reverse("placements:list")
    page = get(client, world.manager, url)
    assert world.offer.title in page and page.count("Opérateur de production") == 1
    page = get(client, world.manager, url + "?status=closed")
    assert reverse("placements:detail", args=[closed.pk]) in page
    assert reverse("placements:detail", args=[world.offer.pk]) not in page
    page = get(client, world.manager, url + f"?open_now=on&location__0={world.locations['ML'].pk}")
    assert "No offer matches." in page


def test_an_agent_posts_an_offer_once_however_often_the_form_is_sent(client, world):
    client.force_login(world.employer.agent)
    today = timezone.localdate()
    data = {
        "service": world.employer.service.pk,
        "kind": "apprenticeship",
        "title": "Apprenti boulanger",
        "sector": "agrifood",
        "location__0": world.locations["SN"].pk,
        "location__1": world.locations["SN-TH"].pk,
        "places": "1",
        "opens_on": today.isoformat(),
        "closes_on": today.isoformat(),
        "form_token": "jeton-1",
    }
    first = client.post(reverse("placements:offer_new"), data)
    second = client.post(reverse("placements:offer_new"), data)
    offer = Offer.objects.get(title="Apprenti boulanger")
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("placements:detail", args=[offer.pk])
    assert offer.location == world.locations["SN-TH"] and offer.kind == "apprenticeship"


def test_an_employer_without_a_suitable_service_is_told_what_to_do(client, world, users_b):
    page = get(client, users_b[Role.PROVIDER_AGENT], reverse("placements:offer_new"))
    assert "has an active employment or vocational training service" in page
    assert reverse("directory:propose_new") in page


def test_a_case_manager_is_refused_the_offer_form(client, world):
    get(client, world.manager, reverse("placements:offer_new"), status=403)


def test_an_edit_over_a_newer_version_keeps_the_input_and_says_why(client, world):
    url = reverse("placements:edit", args=[world.offer.pk])
    client.force_login(world.employer.agent)
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "location__0": world.locations["SN"].pk,
            "location__1": world.locations["SN-TH"].pk,
            "title": "Titre tapé",
        }
    )
    world.offer.title = "Changé ailleurs"
    world.offer.version = 2
    world.offer.save()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert "Titre tapé" in response.content.decode()
    assert Offer.objects.get(pk=world.offer.pk).title == "Changé ailleurs"


def test_a_case_manager_proposes_a_returnee_from_the_offer(client, world):
    url = reverse("placements:propose", args=[world.offer.pk])
    page = get(client, world.manager, url)
    assert world.economic.number in page  # suggested: the plan has an economic dimension
    assert world.no_plan.number not in page
    page = get(client, world.manager, f"{url}?case={world.economic.number}")
    assert "The reintegration plan has an economic dimension" in page
    response = client.post(
        url,
        {
            "case_number": world.economic.number,
            "reason": "Trois ans en atelier",
            "urgency": "normal",
            "shared_sections": ["identity", "contact"],
            "form_token": "jeton-2",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:proposal", args=[proposal.pk])
    assert proposal.referral.status == ReferralStatus.SENT
    assert proposal.referral.shared_sections == ["identity", "contact"]


def test_the_refusal_without_an_economic_dimension_is_on_the_page(client, world):
    url = reverse("placements:propose", args=[world.offer.pk])
    client.force_login(world.manager)
    response = client.post(
        url, {"case_number": world.social_only.number, "reason": "x", "urgency": "normal"}
    )
    assert response.status_code == 200
    assert "has no economic dimension" in response.content.decode()
    response = client.post(url, {"case_number": "CASE-0000", "reason": "x", "urgency": "normal"})
    assert "No case you work on has this number." in response.content.decode()
    assert not Referral.objects.exists()


def test_the_offer_page_shows_each_side_its_proposals_and_the_figures_to_the_employer(
    client, world
):
    proposal = propose(world, sections=("identity",))
    url = reverse("placements:detail", args=[world.offer.pk])
    employer_page = get(client, world.employer.agent, url)
    assert "Awa Diallo" in employer_page or "DIALLO" in employer_page.upper()
    assert "Figures" in employer_page and proposal.referral.number in employer_page
    manager_page = get(client, world.manager, url)
    assert proposal.referral.number in manager_page and "Figures" not in manager_page
    other = get(client, world.b[Role.CASE_MANAGER], url)
    assert proposal.referral.number not in other
    coordinator = get(client, world.coordinator, url)
    assert "Figures" in coordinator and proposal.referral.number not in coordinator


def test_the_employer_does_not_see_the_name_unless_the_identity_is_shared(client, world):
    propose(world, sections=("contact",))
    page = get(client, world.employer.agent, reverse("placements:detail", args=[world.offer.pk]))
    assert "Diallo" not in page


def test_a_user_of_another_organisation_gets_404_on_a_proposal(client, world):
    proposal = propose(world)
    for user in (world.b[Role.CASE_MANAGER], world.b[Role.PROVIDER_AGENT], world.coordinator):
        get(client, user, reverse("placements:proposal", args=[proposal.pk]), status=404)
        client.force_login(user)
        response = client.post(
            reverse("placements:outcome", args=[proposal.pk]), {"outcome": "placed"}
        )
        assert response.status_code == 404


def test_the_employer_records_the_outcome_and_the_case_manager_reads_it(client, world):
    proposal = propose(world)
    url = reverse("placements:proposal", args=[proposal.pk])
    page = get(client, world.employer.agent, url)
    assert "Record the outcome" in page
    assert "Record the outcome" not in get(client, world.manager, url)
    client.force_login(world.manager)
    refused = client.post(reverse("placements:outcome", args=[proposal.pk]), {"outcome": "placed"})
    assert refused.status_code == 403
    client.force_login(world.employer.agent)
    missing = client.post(reverse("placements:outcome", args=[proposal.pk]), {"outcome": "placed"})
    assert missing.status_code == 200 and "Give the date the person starts." in (
        missing.content.decode()
    )
    done = client.post(
        reverse("placements:outcome", args=[proposal.pk]),
        {"outcome": "placed", "start_on": "2026-12-01", "note": "CDD de six mois"},
    )
    assert done.status_code == 302
    page = get(client, world.manager, url)
    assert "Placed, starting" in page
    referral_page = get(
        client, world.manager, reverse("referrals:detail", args=[proposal.referral_id])
    )
    assert "CDD de six mois" in referral_page  # the feedback to the referrer


def test_the_referral_page_shows_the_offer_to_both_sides(client, world):
    proposal = propose(world)
    url = reverse("referrals:detail", args=[proposal.referral_id])
    for user in (world.manager, world.employer.agent):
        page = get(client, user, url)
        assert "Placement offer" in page and world.offer.title in page
        assert reverse("placements:proposal", args=[proposal.pk]) in page


def test_the_case_page_says_whether_the_returnee_may_be_proposed(client, world):
    page = get(client, world.manager, reverse("cases:detail", args=[world.economic.pk]))
    assert "Placement opportunities" in page
    assert f"?case={world.economic.number}" in page  # a link to propose for the open offer
    page = get(client, world.manager, reverse("cases:detail", args=[world.social_only.pk]))
    assert "only when their reintegration plan has an economic dimension" in page


def test_the_figures_per_employer_are_counts_only(client, world):
    propose(world)
    url = reverse("placements:employers")
    page = get(client, world.coordinator, url)
    assert world.employer.organisation.name in page and "Diallo" not in page
    get(client, world.manager, url, status=403)
    page = get(client, world.b[Role.PROVIDER_AGENT], url)
    assert world.employer.organisation.name not in page


def test_home_cards_for_the_employer_and_the_case_manager(client, world):
    propose(world)
    home = get(client, world.employer.agent, reverse("core:home"))
    assert "Your offers" in home and "Proposals waiting for your answer" in home
    assert "without an outcome yet" in home and "1 without" in home
    home = get(client, world.manager, reverse("core:home"))
    assert "Open offers" in home and "open now: 1." in home
    assert "Your offers" not in get(client, world.b[Role.PROVIDER_AGENT], reverse("core:home"))


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_and_the_offer_page_cost_the_same_however_many_rows(client, world):
    client.force_login(world.employer.agent)
    list_url = reverse("placements:list")
    offer_url = reverse("placements:detail", args=[world.offer.pk])
    propose(world)
    before = (_queries(client, list_url), _queries(client, offer_url))
    for index in range(3):
        post(world.employer.agent, world.employer.service, world.locations["SN"], title=f"O{index}")
        propose(world, another_returnee(world.manager, name=f"Ndeye{index}"))
    assert (_queries(client, list_url), _queries(client, offer_url)) == before
