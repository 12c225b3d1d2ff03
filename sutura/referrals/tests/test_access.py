"""Who deals with which referral (the access layer's referral scope), role by role."""

from __future__ import annotations

import pytest

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.referrals.models import Referral
from sutura.referrals.services import referring
from sutura.referrals.sharing import shared_case_for
from sutura.referrals.tests.helpers import provider, provider_agent, referable_case, service_of
from tests.audit_words import said
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _visible_numbers(user):
    return set(visible(user, Referral).values_list("number", flat=True))


def test_each_role_sees_only_the_referrals_it_deals_with(users_a, users_b):
    manager = users_a[Role.CASE_MANAGER]
    clinic = provider(member=True)
    agent = provider_agent(clinic)
    focal_point_at_clinic = UserFactory.create(
        organisation=clinic, roles=[Role.MHPSS_FOCAL_POINT], username="clinic-fp"
    )
    clinic_case_manager = UserFactory.create(
        organisation=clinic, roles=[Role.CASE_MANAGER], username="clinic-cm"
    )
    case = referable_case(manager)
    kwargs = {"actor": manager, "case": case, "category": "mhpss", "reason": "x"}
    draft = referring.create_referral(**kwargs, service=service_of(clinic))
    sent = referring.create_referral(**kwargs, service=service_of(clinic), send=True)
    both = {draft.number, sent.number}

    assert _visible_numbers(manager) == both
    assert _visible_numbers(users_a[Role.PROGRAMME_MANAGER]) == both
    assert _visible_numbers(agent) == {sent.number}  # never a draft
    assert _visible_numbers(focal_point_at_clinic) == {sent.number}
    nobody = [
        clinic_case_manager,  # the clinic's own cases only: it handles no referrals
        users_a[Role.PROVIDER_AGENT],  # the referring organisation's agents: not theirs
        users_a[Role.ME_OFFICER],
        users_a[Role.NRM_COORDINATOR],
        users_a[Role.SYSTEM_ADMIN],
        users_a[Role.COMMUNITY_MENTOR],
        *users_b.values(),
    ]
    for user in nobody:
        assert _visible_numbers(user) == set(), user.username


def test_an_internal_referral_goes_to_the_named_colleague_only(users_a):
    manager = users_a[Role.CASE_MANAGER]
    colleague = UserFactory.create(
        organisation=manager.organisation, roles=[Role.CASE_MANAGER], username="a-cm2"
    )
    manager.organisation.case_managers_see_all_cases = False
    manager.organisation.save()
    case = referable_case(manager)
    case.case_manager = manager
    case.save()
    referral = referring.create_referral(
        actor=manager,
        case=case,
        category="livelihoods",
        reason="Projet d'élevage",
        shared_sections=["identity", "contact"],
        to_user=colleague,
        send=True,
    )
    assert _visible_numbers(colleague) == {referral.number}
    assert _visible_numbers(users_a[Role.MHPSS_FOCAL_POINT]) == set()
    shared = shared_case_for(colleague, referral)
    assert shared.identity is not None and shared.vulnerabilities is None


def test_a_receiver_s_read_of_shared_sections_is_audited(users_a):
    manager = users_a[Role.CASE_MANAGER]
    clinic = provider()
    agent = provider_agent(clinic)
    referral = referring.create_referral(
        actor=manager,
        case=referable_case(manager),
        category="mhpss",
        reason="x",
        shared_sections=["identity", "health"],
        service=service_of(clinic),
        send=True,
    )
    shared_case_for(agent, referral)
    entry = AuditEntry.objects.filter(actor=agent, action="read").get()
    assert entry.object_id == str(referral.pk)
    assert said(entry) == "Shared: Identity, Health and MHPSS"
