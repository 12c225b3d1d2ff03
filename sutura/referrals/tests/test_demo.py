"""The demo tells referrals in every status, through the services, and never twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from sutura.accounts.models import User
from sutura.directory.models import Pathway, PathwayStep, Service, ServiceChange
from sutura.governance.selectors.protocols import member_ids
from sutura.notifications.models import Notification
from sutura.people.models import Consent, ConsentPurpose
from sutura.referrals.demo import plots
from sutura.referrals.models import (
    ClosureReason,
    Outcome,
    Referral,
    ReferralStatus,
    ReferralTransition,
    Urgency,
)
from sutura.referrals.selectors import chain_of, inbox_for, overdue
from tests.demo_fixture import DEMO_PERSONS

S = ReferralStatus


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_the_demo_has_referrals_in_every_status_across_three_countries():
    referrals = Referral.objects.all()
    assert 60 <= referrals.count() <= 100
    assert set(referrals.values_list("status", flat=True)) == set(S.values)
    countries = set(referrals.values_list("from_organisation__country__iso_code", flat=True))
    assert countries == {"SN", "ML", "CM"}
    assert set(referrals.values_list("urgency", flat=True)) == set(Urgency.values)
    declined = set(referrals.filter(status=S.DECLINED).values_list("decline_reason", flat=True))
    assert len(declined) >= 4
    closed = set(referrals.filter(status=S.CLOSED).values_list("closure_reason", flat=True))
    assert {ClosureReason.NO_SHOW, ClosureReason.UNREACHABLE, ClosureReason.WITHDRAWN} <= closed
    completed = referrals.filter(status=S.COMPLETED)
    assert {Outcome.SERVICE_PROVIDED, Outcome.PARTIALLY_PROVIDED} <= set(
        completed.values_list("outcome", flat=True)
    )
    assert not completed.filter(feedback="").exists()


def test_every_plot_of_the_data_file_became_a_referral():
    # (the placements' demo adds its proposal, the mentoring demo its mentors' referrals to the
    # focal point: referrals of their own, not plots)
    from sutura.mentoring.demo.volunteers import WAITING_REASON

    told = Referral.objects.filter(
        parent=None, placement_proposal__isnull=True, mentoring_activities__isnull=True
    ).exclude(reason=WAITING_REASON)
    assert told.count() == len(plots())
    assert Referral.objects.exclude(parent=None).count() == len([p for p in plots() if p.onward])


def test_every_step_is_in_the_history_in_order_and_spread_over_six_months():
    now = timezone.now()
    for referral in Referral.objects.prefetch_related("transitions"):
        history = list(referral.transitions.all())
        assert history[0].to_status == S.DRAFT
        assert history[-1].to_status == referral.status
        moments = [step.created_at for step in history]
        assert moments == sorted(moments) and moments[-1] <= now
        if referral.status != S.DRAFT:
            assert history[1].to_status == S.SENT
            assert referral.sent_at is not None and referral.respond_by is not None
            assert referral.sent_at >= referral.created_at
    sent = Referral.objects.exclude(sent_at=None)
    assert sent.filter(sent_at__lt=now - timedelta(days=120)).exists()
    assert sent.filter(sent_at__gt=now - timedelta(days=7)).exists()
    assert not sent.filter(sent_at__lt=now - timedelta(days=200)).exists()
    # Answer delays vary, so the dashboard's medians mean something.
    answered = sent.exclude(answered_at=None).values_list("sent_at", "answered_at")
    delays = {
        round((end - start).total_seconds() / 3600) for start, end in answered if start and end
    }
    assert len(delays) >= 10


def test_some_referrals_are_overdue_and_both_sides_were_told():
    late = overdue(Referral.objects.all())
    assert late.count() >= 3
    assert not late.filter(overdue_notified_at=None).exists()
    referral = late.filter(to_organisation__acronym="JSM").first()
    assert referral is not None
    told = Notification.objects.filter(link__contains=str(referral.pk))
    recipients = set(told.values_list("recipient__username", flat=True))
    assert {"provider", "casemanager"} <= recipients
    # Not every referral waiting for an answer is late.
    waiting = Referral.objects.filter(status__in=[S.SENT, S.RECEIVED])
    assert waiting.exclude(pk__in=late).exists()


def test_the_provider_login_has_a_busy_inbox_of_referrals_to_jsm_only():
    provider = User.objects.get(username="provider")
    inbox = inbox_for(provider)
    assert inbox.count() >= 20
    assert set(inbox.values_list("to_organisation__acronym", flat=True)) == {"JSM"}
    assert S.DRAFT not in set(inbox.values_list("status", flat=True))
    assert (
        len({tuple(sections) for sections in inbox.values_list("shared_sections", flat=True)}) >= 4
    )
    for username, acronym in (("provider.ml", "PSF"), ("provider.cm", "MINASF")):
        inbox = inbox_for(User.objects.get(username=username))
        assert inbox.exists()
        assert set(inbox.values_list("to_organisation__acronym", flat=True)) == {acronym}


def test_a_counter_referral_chain_and_internal_referrals_exist():
    onward = Referral.objects.filter(parent__to_organisation__acronym="JSM").first()
    assert onward is not None and onward.parent is not None
    assert onward.from_organisation.acronym == "JSM"
    assert set(onward.shared_sections) <= set(onward.parent.shared_sections)
    assert onward.parent.outcome == Outcome.REFERRED_ONWARD
    provider = User.objects.get(username="provider")
    assert [r.pk for r in chain_of(provider, onward)][:2] == [onward.parent_id, onward.pk]
    assert Referral.objects.filter(parent__to_organisation__acronym="PSF").exists()

    internal = Referral.objects.filter(
        referred_by__username="mentor", to_user__username="focalpoint"
    )
    assert internal.exists()
    assert all(referral.is_internal for referral in internal)
    assert inbox_for(User.objects.get(username="focalpoint")).filter(pk__in=internal).exists()


def test_non_members_get_nothing_personal_unless_the_person_named_them():
    outside = Referral.objects.exclude(to_organisation_id__in=member_ids()).exclude(
        to_user__isnull=False
    )
    assert outside.filter(shared_sections=[]).count() >= 3
    named = outside.exclude(shared_sections=[])
    assert named.exists()
    for referral in named:
        assert referral.sharing_consent is not None
        assert referral.sharing_consent.purpose == ConsentPurpose.SHARING
        assert referral.sharing_consent.shared_with_id == referral.to_organisation_id
    # Every sent referral relies on the person's referral consent.
    sent = Referral.objects.exclude(status=S.DRAFT)
    assert not sent.filter(referral_consent=None).exists()
    assert set(sent.values_list("referral_consent__purpose", flat=True)) == {"referral"}


def test_running_the_demo_again_adds_nothing():
    models = (
        Service,
        ServiceChange,
        Pathway,
        PathwayStep,
        Referral,
        ReferralTransition,
        Consent,
        Notification,
    )
    before = {model.__name__: model.objects.count() for model in models}
    call_command("seed_demo", persons=DEMO_PERSONS, quiet_logins=True)
    assert {model.__name__: model.objects.count() for model in models} == before
    numbers = Referral.objects.values("number").annotate(n=Count("id")).filter(n__gt=1)
    assert not numbers.exists()
