"""Referral rules: consent, data-sharing protocol, sections, workflow, counter-referrals."""

from __future__ import annotations

import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sutura.access.referrals import standing
from sutura.accounts.roles import Role
from sutura.cases.services import records
from sutura.governance.models import Protocol, ProtocolVersion, Signature, VersionStatus
from sutura.people.consent import ConsentMissing, record_consent, withdraw_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.referrals.models import Referral, ReferralStatus, ReferralTransition
from sutura.referrals.services import referring, sweeps, workflow
from sutura.referrals.sharing import shared_case_for
from sutura.referrals.tests.helpers import provider, provider_agent, referable_case, service_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DAKAR = ZoneInfo("Africa/Dakar")
S = ReferralStatus


@pytest.fixture
def clinic():
    organisation = provider(member=True)
    return {
        "organisation": organisation,
        "agent": provider_agent(organisation),
        "service": service_of(organisation),
    }


def _refer(actor, case, service, sections=("identity",), **kwargs):
    return referring.create_referral(
        actor=actor,
        case=case,
        category="mhpss",
        reason="Troubles du sommeil depuis le retour",
        shared_sections=list(sections),
        service=service,
        **kwargs,
    )


def test_the_whole_loop_is_recorded_with_who_and_why(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    case = referable_case(manager)
    referral = _refer(manager, case, clinic["service"])
    assert referral.status == S.DRAFT
    referral = referring.send_referral(actor=manager, referral=referral)
    referral = workflow.acknowledge(actor=agent, referral=referral)
    referral = workflow.accept(actor=agent, referral=referral, note="Rendez-vous lundi")
    referral = workflow.start(actor=agent, referral=referral)
    referral = workflow.add_update(actor=agent, referral=referral, note="Première séance faite")
    referral = workflow.complete(
        actor=agent, referral=referral, outcome="provided", feedback="Suivi terminé, va mieux"
    )
    steps = list(
        ReferralTransition.objects.filter(referral=referral).values_list(
            "from_status", "to_status", "actor__username", "reason"
        )
    )
    assert [(f, t) for f, t, _u, _r in steps] == [
        ("", S.DRAFT),
        (S.DRAFT, S.SENT),
        (S.SENT, S.RECEIVED),
        (S.RECEIVED, S.ACCEPTED),
        (S.ACCEPTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.COMPLETED),
    ]
    assert steps[1][2] == manager.username and steps[3][2] == agent.username
    assert steps[3][3] == "Rendez-vous lundi"
    referral.refresh_from_db()
    assert referral.referral_consent is not None
    moments = [referral.sent_at, referral.received_at, referral.answered_at, referral.ended_at]
    assert None not in moments and moments == sorted(moments)  # type: ignore[type-var]
    assert referral.feedback == "Suivi terminé, va mieux"


def test_an_illegal_move_is_refused_with_a_message(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    referral = _refer(manager, referable_case(manager), clinic["service"], send=True)
    referral = workflow.decline(actor=agent, referral=referral, reason="no_capacity")
    with pytest.raises(workflow.IllegalTransition, match=r"Refusé.+Accepté"):
        workflow.accept(actor=agent, referral=referral)
    with pytest.raises(workflow.IllegalTransition):
        workflow.start(actor=agent, referral=referral)


def test_only_the_receiving_side_answers_and_only_the_referrer_withdraws(users_a, users_b, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    referral = _refer(manager, referable_case(manager), clinic["service"], send=True)
    for outsider in (manager, users_b[Role.PROVIDER_AGENT], users_a[Role.PROVIDER_AGENT]):
        with pytest.raises(PermissionDenied):
            workflow.accept(actor=outsider, referral=referral)
    with pytest.raises(ValidationError):
        workflow.close(actor=agent, referral=referral, reason="withdrawn")
    closed = workflow.close(actor=manager, referral=referral, reason="withdrawn")
    assert closed.status == S.CLOSED and closed.closure_reason == "withdrawn"


def test_declining_needs_a_reason_and_other_needs_an_explanation(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    referral = _refer(manager, referable_case(manager), clinic["service"], send=True)
    with pytest.raises(ValidationError) as error:
        workflow.decline(actor=agent, referral=referral, reason="")
    assert "decline_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        workflow.decline(actor=agent, referral=referral, reason="other")
    assert "note" in error.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == S.SENT  # nothing half-done


def test_completion_needs_an_outcome_and_feedback_to_the_referrer(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    referral = _refer(manager, referable_case(manager), clinic["service"], send=True)
    referral = workflow.accept(actor=agent, referral=referral)
    with pytest.raises(ValidationError) as error:
        workflow.complete(actor=agent, referral=referral, outcome="provided", feedback=" ")
    assert "feedback" in error.value.message_dict


def test_sending_needs_the_referral_consent_and_a_withdrawal_blocks_it(users_a, clinic):
    manager = users_a[Role.CASE_MANAGER]
    case = referable_case(manager)
    referral = _refer(manager, case, clinic["service"])
    consent = case.person.consents.get(purpose=ConsentPurpose.REFERRAL)
    withdraw_consent(actor=manager, consent=consent)
    with pytest.raises(ConsentMissing):
        referring.send_referral(actor=manager, referral=referral)
    assert Referral.objects.get(pk=referral.pk).status == S.DRAFT


def test_a_non_member_gets_no_personal_data_without_consent_to_it_by_name(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = referable_case(manager)
    outsider = provider(member=False, name="Atelier privé")
    service = service_of(outsider)
    with pytest.raises(ValidationError) as error:
        _refer(manager, case, service, sections=["identity"], send=True)
    assert "shared_sections" in error.value.message_dict
    assert "Atelier privé" in error.value.message_dict["shared_sections"][0]
    anonymous = _refer(manager, case, service, sections=[], send=True)
    assert anonymous.status == S.SENT and anonymous.shared_sections == []
    record_consent(
        actor=manager,
        person=case.person,
        purpose=ConsentPurpose.SHARING,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.WRITTEN,
        shared_with=outsider,
    )
    named = _refer(manager, case, service, sections=["identity", "contact"], send=True)
    assert named.sharing_consent is not None
    assert named.sharing_consent.shared_with_id == outsider.pk


def test_a_protocol_signed_in_the_future_does_not_count_yet(users_a):
    manager = users_a[Role.CASE_MANAGER]
    signing_later = provider(member=False, name="Futur membre")
    future = ProtocolVersion.objects.create(
        protocol=Protocol.objects.create(title="Protocole à venir"),
        number=1,
        status=VersionStatus.SIGNED,
        effective_from=timezone.localdate() + timedelta(days=30),  # in force next month
        created_by=manager,
    )
    Signature.objects.create(
        protocol_version=future, organisation=signing_later, signed_on=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        _refer(manager, referable_case(manager), service_of(signing_later), send=True)


def test_a_mentor_refers_to_a_colleague_and_passes_on_only_what_they_see(users_a):
    manager = users_a[Role.CASE_MANAGER]
    mentor, focal_point = users_a[Role.COMMUNITY_MENTOR], users_a[Role.MHPSS_FOCAL_POINT]
    case = referable_case(manager)
    case.mentor = mentor
    case.save()
    with pytest.raises(ValidationError) as error:
        referring.create_referral(
            actor=mentor,
            case=case,
            category="mhpss",
            reason="Isolement",
            shared_sections=["identity", "health"],
            to_user=focal_point,
        )
    assert "shared_sections" in error.value.message_dict
    with pytest.raises(ValidationError):
        referring.create_referral(
            actor=mentor,
            case=case,
            category="mhpss",
            reason="Isolement",
            service=service_of(provider()),
        )
    referral = referring.create_referral(
        actor=mentor,
        case=case,
        category="mhpss",
        reason="Isolement",
        urgency="high",
        shared_sections=["identity", "contact"],
        to_user=focal_point,
        send=True,
    )
    assert referral.is_internal and referral.status == S.SENT
    shared = shared_case_for(focal_point, referral)
    assert shared.identity is not None and shared.contact is not None


def test_a_mentor_cannot_refer_someone_else_s_returnee(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = referable_case(manager)
    with pytest.raises(PermissionDenied):
        referring.create_referral(
            actor=users_a[Role.COMMUNITY_MENTOR],
            case=case,
            category="mhpss",
            reason="x",
            to_user=users_a[Role.MHPSS_FOCAL_POINT],
        )


def test_nobody_refers_another_organisation_s_case(users_a, users_b, clinic):
    case = referable_case(users_a[Role.CASE_MANAGER])
    with pytest.raises(PermissionDenied):
        _refer(users_b[Role.CASE_MANAGER], case, clinic["service"])


def test_an_internal_referral_to_a_colleague_must_name_an_active_colleague(users_a, users_b):
    manager = users_a[Role.CASE_MANAGER]
    case = referable_case(manager)
    for wrong in (users_b[Role.CASE_MANAGER], manager):
        with pytest.raises(ValidationError) as error:
            referring.create_referral(
                actor=manager, case=case, category="other", reason="x", to_user=wrong
            )
        assert "to_user" in error.value.message_dict


def test_a_counter_referral_shares_at_most_what_it_received_and_keeps_the_chain(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    case = referable_case(manager)
    first = _refer(manager, case, clinic["service"], sections=["identity", "health"], send=True)
    with pytest.raises(PermissionDenied):  # not accepted yet
        referring.refer_onward(
            actor=agent, parent=first, category="health", reason="x", service=clinic["service"]
        )
    first = workflow.accept(actor=agent, referral=first)
    hospital = provider(member=True, name="Hôpital régional")
    hospital_service = service_of(hospital, category="health")
    with pytest.raises(ValidationError) as error:
        referring.refer_onward(
            actor=agent,
            parent=first,
            category="health",
            reason="Bilan",
            shared_sections=["identity", "contact"],
            service=hospital_service,
        )
    assert "shared_sections" in error.value.message_dict
    onward = referring.refer_onward(
        actor=agent,
        parent=first,
        category="health",
        reason="Bilan médical",
        shared_sections=["identity"],
        service=hospital_service,
    )
    assert onward.parent_id == first.pk and onward.status == S.SENT
    assert onward.from_organisation_id == clinic["organisation"].pk
    from sutura.referrals.selectors import chain_of, referrals_for_case

    assert [r.pk for r in referrals_for_case(manager, case)] == [first.pk, onward.pk]
    assert [r.pk for r in chain_of(agent, onward)] == [first.pk, onward.pk]


def test_restricted_notes_never_leave_through_a_referral(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    case = referable_case(manager)
    records.add_note(actor=manager, case=case, text="Note partagée", confidentiality="normal")
    records.add_note(actor=manager, case=case, text="Note secrète", confidentiality="restricted")
    referral = _refer(manager, case, clinic["service"], sections=["notes"], send=True)
    shared = shared_case_for(agent, referral)
    assert [note.text for note in shared.notes or []] == ["Note partagée"]
    assert shared.identity is None and shared.contact is None and shared.health is None


def test_sending_tells_the_receivers_in_their_language_and_by_email(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    agent.preferred_language, agent.email = "en", "agent@example.org"
    agent.save()
    colleague = UserFactory.create(
        organisation=clinic["organisation"], roles=[Role.CASE_MANAGER], username="not-an-agent"
    )
    with pytest.MonkeyPatch.context():
        referral = _refer(manager, referable_case(manager), clinic["service"])
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            referring.send_referral(actor=manager, referral=referral)
    note = agent.notifications.get()
    assert note.title_text["msgid"].startswith("New referral")
    assert note.title_text["params"]["number"] == referral.number
    assert not colleague.notifications.exists()  # only those who handle referrals
    assert mail.outbox and mail.outbox[0].to == ["agent@example.org"]
    assert "Sommeil" not in mail.outbox[0].body and "sommeil" not in mail.outbox[0].body


def test_overdue_referrals_are_flagged_to_both_sides_once(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    case = referable_case(manager)
    case.case_manager = manager
    case.save()
    referral = _refer(manager, case, clinic["service"], send=True)
    assert not referral.is_overdue
    later = referral.respond_by + timedelta(minutes=1)
    assert sweeps.notify_overdue(now=later) == 1
    assert sweeps.notify_overdue(now=later) == 0
    # The agent was told of the new referral, then of its delay; the case manager of the delay.
    assert agent.notifications.filter(title_text__params__number=referral.number).count() == 2
    assert manager.notifications.filter(title_text__params__number=referral.number).count() == 1


def test_a_draft_can_be_edited_only_by_the_referring_side(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    referral = _refer(manager, referable_case(manager), clinic["service"])
    edited = referring.update_draft(
        actor=manager,
        referral=referral,
        expected_version=referral.version,
        service=clinic["service"],
        reason="Motif précisé",
        urgency="emergency",
        shared_sections=["identity", "health"],
    )
    assert edited.reason == "Motif précisé" and edited.shared_sections == ["identity", "health"]
    with pytest.raises(PermissionDenied):
        referring.update_draft(
            actor=agent, referral=edited, expected_version=edited.version, reason="x"
        )
    from sutura.core.concurrency import StaleVersionError

    with pytest.raises(StaleVersionError):  # opened before the edit above
        referring.update_draft(
            actor=manager,
            referral=Referral.objects.get(pk=referral.pk),
            expected_version=1,
            service=clinic["service"],
            reason="Écrasement",
        )


def test_deadlines_follow_urgency_in_working_days(users_a, clinic, settings):
    from sutura.referrals.deadlines import respond_by

    friday = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=DAKAR)
    assert respond_by("emergency", friday) == friday + timedelta(hours=24)
    assert respond_by("high", friday).date() == datetime.date(2026, 12, 1)  # Tuesday
    assert respond_by("normal", friday).date() == datetime.date(2026, 12, 4)
    saturday = friday + timedelta(days=1)
    # Sent on a weekend: the clock starts on Monday morning, due at the end of Tuesday (not
    # "Wednesday 00:00", which reads as a day late).
    assert respond_by("high", saturday) == datetime.datetime(2026, 12, 1, 23, 59, 59, tzinfo=DAKAR)
    settings.SUTURA_REFERRAL_DEADLINES = {**settings.SUTURA_REFERRAL_DEADLINES, "high": "3d"}
    assert respond_by("high", friday).date() == datetime.date(2026, 11, 30)
    settings.SUTURA_WEEKEND_DAYS = [4, 5]  # Friday and Saturday
    thursday = friday - timedelta(days=1)
    assert respond_by("normal", thursday).date() == datetime.date(2026, 12, 3)


def test_the_actions_offered_follow_the_side_and_the_status(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    referral = _refer(manager, referable_case(manager), clinic["service"])
    assert workflow.available_actions(standing(manager, referral)) == ["edit", "send", "close"]
    assert workflow.available_actions(standing(agent, referral)) == []
    referral = referring.send_referral(actor=manager, referral=referral)
    assert workflow.available_actions(standing(manager, referral)) == ["update", "close"]
    assert workflow.available_actions(standing(agent, referral)) == [
        "acknowledge",
        "accept",
        "decline",
        "update",
        "close",
    ]
    referral = workflow.accept(actor=agent, referral=referral)
    assert workflow.available_actions(standing(agent, referral)) == [
        "start",
        "complete",
        "onward",
        "update",
        "close",
    ]
    referral = workflow.close(actor=agent, referral=referral, reason="no_show")
    assert workflow.available_actions(standing(agent, referral)) == []
    assert workflow.available_actions(standing(manager, referral)) == []


def test_the_referrer_records_the_answer_of_a_provider_not_on_the_platform(users_a):
    manager = users_a[Role.CASE_MANAGER]
    offline = provider(member=True, name="Hôpital sans compte")
    referral = _refer(manager, referable_case(manager), service_of(offline), send=True)
    assert "accept" in workflow.available_actions(standing(manager, referral))
    referral = workflow.accept(actor=manager, referral=referral, note="Confirmé par téléphone")
    referral = workflow.complete(
        actor=manager, referral=referral, outcome="provided", feedback="Soins reçus"
    )
    assert referral.status == S.COMPLETED
    clinic = provider(member=True, name="Clinique en ligne")
    provider_agent(clinic)
    online = _refer(manager, referable_case(manager), service_of(clinic), send=True)
    with pytest.raises(PermissionDenied):  # its own agents answer
        workflow.accept(actor=manager, referral=online)


def test_a_closed_case_is_not_referred(users_a, clinic):
    from sutura.cases.services import lifecycle

    manager = users_a[Role.CASE_MANAGER]
    case = referable_case(manager)
    case = lifecycle.move_case(
        actor=manager,
        case=case,
        to_status="closed",
        closure_reason="other",
        closed_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError, match=r"reopen|rouvr"):
        _refer(manager, case, clinic["service"])


def test_withdrawing_the_referral_consent_closes_what_relied_on_it(users_a, clinic):
    manager, agent = users_a[Role.CASE_MANAGER], clinic["agent"]
    case = referable_case(manager)
    referral = _refer(manager, case, clinic["service"], sections=["identity"], send=True)
    referral = workflow.accept(actor=agent, referral=referral)
    withdraw_consent(actor=manager, consent=case.person.consents.get(purpose="referral"))
    referral.refresh_from_db()
    assert referral.status == S.CLOSED and referral.closure_reason == "consent_withdrawn"
    assert shared_case_for(agent, referral).identity is None
    assert agent.notifications.filter(title_text__params__number=referral.number).count() == 2


def test_nobody_closes_a_referral_as_consent_withdrawn_by_hand(users_a, clinic):
    manager = users_a[Role.CASE_MANAGER]
    referral = _refer(manager, referable_case(manager), clinic["service"], send=True)
    with pytest.raises(ValidationError):
        workflow.close(actor=manager, referral=referral, reason="consent_withdrawn")


def test_a_referrer_who_lost_the_case_no_longer_acts_on_its_referrals(users_a, clinic):
    manager = users_a[Role.CASE_MANAGER]
    case = referable_case(manager)
    referral = _refer(manager, case, clinic["service"])
    manager.organisation.case_managers_see_all_cases = False
    manager.organisation.save()
    case.case_manager = users_a[Role.PROGRAMME_MANAGER]
    case.save()
    assert not standing(manager, referral).sender
    with pytest.raises(PermissionDenied):
        referring.send_referral(actor=manager, referral=referral)
