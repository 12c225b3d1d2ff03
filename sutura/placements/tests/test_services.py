"""The placement rules, service by service: who posts, who sees, the economic dimension, what
is shared, the outcome and the referral it ends, the figures."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.placements import selectors, services
from sutura.placements.models import Offer, OfferStatus, Proposal
from sutura.placements.tests.helpers import another_returnee, make_employer, post, propose
from sutura.referrals.models import Referral, ReferralStatus
from sutura.referrals.services import referring, workflow
from sutura.referrals.sharing import shared_case_for
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
S = ReferralStatus


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The refusals are read in English here (the words in the code)."""
    with translation.override("en"):
        yield


# --- who posts -----------------------------------------------------------------------------------


def test_an_employers_agent_posts_an_offer_for_their_own_organisation(world):
    offer = world.offer
    assert offer.employer == world.employer.organisation
    assert offer.posted_by == world.employer.agent
    assert offer.status == OfferStatus.OPEN and offer.is_open_now


def test_an_agent_cannot_post_through_another_organisations_service(world, users_b):
    with pytest.raises(PermissionDenied):
        post(users_b[Role.PROVIDER_AGENT], world.employer.service, world.locations["SN"])


def test_the_coordinator_posts_on_an_employers_behalf(world):
    offer = post(world.coordinator, world.employer.service, world.locations["SN"])
    assert offer.employer == world.employer.organisation
    assert offer.posted_by == world.coordinator


@pytest.mark.parametrize(
    "role", [Role.CASE_MANAGER, Role.PROGRAMME_MANAGER, Role.ME_OFFICER, Role.SYSTEM_ADMIN]
)
def test_other_roles_cannot_post(world, role):
    employer_staff = world.employer.colleague
    employer_staff.roles = [role]
    employer_staff.save()
    with pytest.raises(PermissionDenied):
        post(employer_staff, world.employer.service, world.locations["SN"])


def test_an_employer_without_an_employment_or_training_service_is_told_why(world):
    clinic = ServiceFactory.create(provider=world.employer.organisation, category="health")
    with pytest.raises(ValidationError) as refused:
        post(world.employer.agent, clinic, world.locations["SN"])
    assert "employment or vocational training" in str(refused.value)
    assert not selectors.services_for_offers(world.employer.agent).filter(pk=clinic.pk).exists()


def test_an_offer_cannot_close_before_it_opens(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        post(
            world.employer.agent,
            world.employer.service,
            world.locations["SN"],
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )
    assert "closes_on" in refused.value.message_dict


def test_a_stale_edit_is_refused_and_the_newer_one_kept(world):
    offer = world.offer
    services.update_offer(
        actor=world.employer.agent, offer=offer, expected_version=1, title="Chef d'équipe"
    )
    with pytest.raises(ValidationError, match="Someone else"):
        services.update_offer(
            actor=world.coordinator, offer=offer, expected_version=1, title="Autre titre"
        )
    assert Offer.objects.get(pk=offer.pk).title == "Chef d'équipe"


def test_only_who_posts_for_the_employer_edits_its_offers(world, users_b):
    with pytest.raises(PermissionDenied):
        services.update_offer(
            actor=users_b[Role.PROVIDER_AGENT], offer=world.offer, expected_version=1
        )
    done = services.update_offer(
        actor=world.coordinator, offer=world.offer, expected_version=1, status="closed"
    )
    assert done.status == OfferStatus.CLOSED


# --- who sees offers ----------------------------------------------------------------------------


def test_offers_are_seen_by_referrers_the_coordinator_and_the_employers_staff(world, users_b):
    def sees(user):
        return visible(user, Offer).filter(pk=world.offer.pk).exists()

    assert sees(world.manager)  # makes referrals
    assert sees(world.coordinator)
    assert sees(world.employer.colleague)  # the employer's M&E officer
    assert not sees(users_b[Role.ME_OFFICER])
    assert not sees(users_b[Role.PROVIDER_AGENT])  # another provider, refers nobody
    assert not sees(users_b[Role.SYSTEM_ADMIN])


def test_offers_of_an_inactive_employer_are_hidden_from_referrers(world):
    world.employer.organisation.is_active = False
    world.employer.organisation.save()
    assert not visible(world.manager, Offer).exists()
    assert visible(world.employer.agent, Offer).exists()
    assert visible(world.coordinator, Offer).exists()


def test_the_list_filters_by_kind_sector_place_and_open_now(world):
    training = post(
        world.employer.agent,
        world.employer.service,
        world.locations["ML-1"],
        kind="training",
        sector="ict",
    )
    closed = post(world.employer.agent, world.employer.service, world.locations["Mbour"])
    services.update_offer(
        actor=world.employer.agent, offer=closed, expected_version=1, status="closed"
    )

    def found(**filters):
        return set(selectors.offers_for(world.manager, selectors.OfferFilters(**filters)))

    assert found(kind="training") == {training}
    assert found(sector="ict") == {training}
    # a region's offers include its départements'
    assert found(location=world.locations["SN-TH"]) == {world.offer, closed}
    assert found(location=world.locations["SN"]) == {world.offer, closed}
    assert found(open_now=True) == {world.offer, training}


# --- proposing: the economic dimension ------------------------------------------------------------


def test_a_returnee_without_a_plan_is_refused_and_told_why(world):
    with pytest.raises(ValidationError) as refused:
        propose(world, world.no_plan)
    message = " ".join(refused.value.messages)
    assert "no reintegration plan" in message and "economic dimension" in message
    assert not Referral.objects.filter(case=world.no_plan).exists()


def test_a_plan_without_an_economic_item_is_refused_and_told_why(world):
    with pytest.raises(ValidationError) as refused:
        propose(world, world.social_only)
    assert "has no economic dimension" in " ".join(refused.value.messages)
    assert not Referral.objects.filter(case=world.social_only).exists()


def test_a_proposal_is_a_referral_sent_to_the_offers_service(world):
    proposal = propose(world, sections=("identity", "contact"))
    referral = proposal.referral
    assert referral.status == S.SENT
    assert referral.service == world.employer.service
    assert referral.to_organisation == world.employer.organisation
    assert referral.shared_sections == ["identity", "contact"]
    assert referral.referral_consent is not None  # the referral consent it relied on
    assert proposal.offer == world.offer and proposal.proposed_by == world.manager


def test_the_employer_reads_only_the_sections_shared(world):
    proposal = propose(world, sections=("identity",))
    shared = shared_case_for(world.employer.agent, proposal.referral)
    assert shared.identity is not None and shared.identity["given_names"] == "Awa"
    assert shared.contact is None and shared.health is None and shared.notes is None


def test_personal_data_goes_to_an_employer_outside_the_nrm_only_with_a_named_consent(world):
    outsider = make_employer(world.locations, member=False, name="Dakar Bois SARL")
    offer = post(outsider.agent, outsider.service, world.locations["SN"])
    with pytest.raises(ValidationError, match="has not signed the NRM data-sharing protocol"):
        propose(world, offer=offer)
    nothing = propose(world, offer=offer, sections=())  # nothing shared: allowed
    assert nothing.referral.shared_sections == []
    closed = workflow.close(
        actor=world.manager, referral=nothing.referral, reason="withdrawn", note=""
    )
    assert closed.status == S.CLOSED
    record_consent(
        actor=world.manager,
        person=world.economic.person,
        purpose=ConsentPurpose.SHARING,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.WRITTEN,
        shared_with=outsider.organisation,
    )
    shared = propose(world, offer=offer, sections=("identity",))
    assert shared.referral.sharing_consent is not None


def test_a_proposal_needs_the_persons_referral_consent(world):
    record_consent(
        actor=world.manager,
        person=world.economic.person,
        purpose=ConsentPurpose.REFERRAL,
        status=ConsentStatus.WITHDRAWN,
        method=ConsentMethod.VERBAL,
    )
    with pytest.raises(PermissionDenied, match="consent"):
        propose(world)
    assert not Proposal.objects.exists()


def test_only_the_case_team_proposes(world):
    mentor = world.a[Role.COMMUNITY_MENTOR]
    with pytest.raises(PermissionDenied):
        propose(world, actor=mentor)
    with pytest.raises(PermissionDenied):
        propose(world, actor=world.b[Role.CASE_MANAGER])
    with pytest.raises(PermissionDenied):
        propose(world, actor=world.employer.agent)


def test_a_closed_offer_takes_no_proposal_and_nobody_is_proposed_twice(world):
    propose(world)
    with pytest.raises(ValidationError, match="already proposed"):
        propose(world)
    services.update_offer(
        actor=world.employer.agent, offer=world.offer, expected_version=1, status="closed"
    )
    second = another_returnee(world.manager)
    with pytest.raises(ValidationError, match="not open"):
        propose(world, second)


# --- who sees proposals ---------------------------------------------------------------------------


def test_proposals_are_seen_by_the_proposing_side_and_the_employers_agents_only(world):
    proposal = propose(world)

    def sees(user):
        return visible(user, Proposal).filter(pk=proposal.pk).exists()

    assert sees(world.manager) and sees(world.a[Role.PROGRAMME_MANAGER])
    assert sees(world.employer.agent)
    assert not sees(world.employer.colleague)  # the employer's staff who handle no referrals
    assert not sees(world.coordinator)  # figures only
    assert not sees(world.b[Role.CASE_MANAGER])
    assert not sees(world.b[Role.PROVIDER_AGENT])


# --- the outcome ---------------------------------------------------------------------------------


def test_only_the_referrals_receiver_records_the_outcome(world):
    proposal = propose(world)
    for user in (world.manager, world.coordinator, world.employer.colleague):
        with pytest.raises(PermissionDenied):
            services.record_outcome(
                actor=user,
                proposal=proposal,
                outcome="placed",
                start_on=timezone.localdate(),
                note="Embauché",
            )
    assert Proposal.objects.get(pk=proposal.pk).outcome == ""


def test_placed_completes_the_referral_with_the_note_as_feedback(world):
    proposal = propose(world)
    start = timezone.localdate() + datetime.timedelta(days=7)
    done = services.record_outcome(
        actor=world.employer.agent,
        proposal=proposal,
        outcome="placed",
        start_on=start,
        note="Contrat de trois mois",
    )
    referral = Referral.objects.get(pk=proposal.referral_id)
    assert referral.status == S.COMPLETED and referral.outcome == "provided"
    assert referral.feedback == "Contrat de trois mois"
    steps = list(referral.transitions.values_list("to_status", flat=True))
    assert steps == [S.DRAFT, S.SENT, S.ACCEPTED, S.COMPLETED]
    assert done.start_on == start and done.outcome_recorded_by == world.employer.agent


def test_placed_needs_a_start_date_and_every_outcome_a_note(world):
    proposal = propose(world)
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(
            actor=world.employer.agent, proposal=proposal, outcome="placed", note="Oui"
        )
    assert "start_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(
            actor=world.employer.agent,
            proposal=proposal,
            outcome="not_retained",
            reason="unreachable",
        )
    assert "note" in refused.value.message_dict


@pytest.mark.parametrize(
    ("reason", "accepted_first", "status", "referral_reason"),
    [
        ("profile_mismatch", False, S.DECLINED, "not_eligible"),
        ("position_filled", False, S.DECLINED, "no_capacity"),
        ("candidate_declined", False, S.CLOSED, "person_declined"),
        ("unreachable", False, S.CLOSED, "unreachable"),
        ("profile_mismatch", True, S.CLOSED, "other"),
        ("unreachable", True, S.CLOSED, "unreachable"),
    ],
)
def test_not_retained_declines_or_closes_the_referral_with_the_matching_reason(
    world, reason, accepted_first, status, referral_reason
):
    proposal = propose(world)
    if accepted_first:
        workflow.accept(actor=world.employer.agent, referral=proposal.referral)
    services.record_outcome(
        actor=world.employer.agent,
        proposal=proposal,
        outcome="not_retained",
        reason=reason,
        note="Entretien du 3 mars",
    )
    referral = Referral.objects.get(pk=proposal.referral_id)
    assert referral.status == status
    assert referral_reason in (referral.decline_reason, referral.closure_reason)
    assert Proposal.objects.get(pk=proposal.pk).not_retained_reason == reason
    # The employer no longer reads the person.
    assert shared_case_for(world.employer.agent, referral, audit=False).identity is None


def test_the_outcome_is_recorded_once_and_not_after_the_referral_ended(world):
    proposal = propose(world)
    services.record_outcome(
        actor=world.employer.agent,
        proposal=proposal,
        outcome="not_retained",
        reason="other",
        note="Poste supprimé",
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.record_outcome(
            actor=world.employer.agent,
            proposal=Proposal.objects.get(pk=proposal.pk),
            outcome="placed",
            start_on=timezone.localdate(),
            note="Finalement oui",
        )
    second = propose(world, another_returnee(world.manager))
    workflow.close(actor=world.manager, referral=second.referral, reason="withdrawn", note="")
    with pytest.raises(ValidationError, match="has ended"):
        services.record_outcome(
            actor=world.employer.agent,
            proposal=second,
            outcome="placed",
            start_on=timezone.localdate(),
            note="Trop tard",
        )


def test_an_offer_is_filled_once_its_places_are_taken(world):
    first, second = propose(world), propose(world, another_returnee(world.manager))
    for proposal in (first, second):
        services.record_outcome(
            actor=world.employer.agent,
            proposal=proposal,
            outcome="placed",
            start_on=timezone.localdate(),
            note="Embauché",
        )
    assert Offer.objects.get(pk=world.offer.pk).status == OfferStatus.FILLED


# --- figures -------------------------------------------------------------------------------------


def test_figures_per_offer_and_per_employer_for_the_coordinator_and_the_employers_staff(world):
    cases = [world.economic, *(another_returnee(world.manager) for _ in range(4))]
    placed, unreachable, mismatch, pending, withdrawn = (propose(world, c) for c in cases)
    agent = world.employer.agent
    services.record_outcome(
        actor=agent, proposal=placed, outcome="placed", start_on=timezone.localdate(), note="Oui"
    )
    for proposal, reason in ((unreachable, "unreachable"), (mismatch, "profile_mismatch")):
        services.record_outcome(
            actor=agent, proposal=proposal, outcome="not_retained", reason=reason, note="Non"
        )
    workflow.close(actor=world.manager, referral=withdrawn.referral, reason="withdrawn", note="")
    assert pending.outcome == ""

    for reader in (world.coordinator, world.employer.colleague, agent):
        counts = selectors.offer_counts(reader, world.offer)
        assert counts is not None
        assert (counts.proposed, counts.placed, counts.not_retained) == (5, 1, 2)
        assert (counts.pending, counts.ended_otherwise) == (1, 1)
        assert counts.by_reason["unreachable"] == 1 and counts.by_reason["profile_mismatch"] == 1
        assert counts.by_reason["candidate_declined"] == 0
        [row] = [
            r for r in selectors.employers_summary(reader) if r.employer.pk == agent.organisation_id
        ]
        assert (row.offers, row.open_offers, row.places) == (1, 1, 2)
        assert (row.counts.proposed, row.counts.placed, row.counts.pending) == (5, 1, 1)

    # The proposing side and other organisations get no figures.
    assert selectors.offer_counts(world.manager, world.offer) is None
    assert selectors.offer_counts(world.b[Role.PROVIDER_AGENT], world.offer) is None
    assert selectors.employers_summary(world.b[Role.PROVIDER_AGENT]) == []


def test_referring_onward_or_other_referral_pages_do_not_make_proposals(world):
    """A referral to the employer's service made without the offer is no proposal."""
    referral = referring.create_referral(
        actor=world.manager,
        case=world.economic,
        service=world.employer.service,
        category="livelihoods",
        reason="Emploi",
        send=True,
    )
    assert selectors.proposal_of_referral(world.manager, referral) is None
    counts = selectors.offer_counts(world.coordinator, world.offer)
    assert counts is not None and counts.proposed == 0
