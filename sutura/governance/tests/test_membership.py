"""An organisation is an NRM member from its signature of the protocol in force until the
signature ends, the version expires, or a newer version comes into force and it has not
signed it within the grace period."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sutura.accounts.models import Organisation
from sutura.accounts.roles import Role
from sutura.governance.models import SignatureEnd, VersionStatus, VersionTransition
from sutura.governance.selectors.protocols import (
    is_member_expression,
    member_ids,
    membership,
    memberships,
)
from sutura.governance.services import protocols as services
from sutura.governance.tests.helpers import next_version, version_in_force
from tests.factories import OrganisationFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(users_a):
    return users_a[Role.NRM_COORDINATOR]


def test_membership_runs_from_the_signature_to_its_withdrawal(coordinator, org_b):
    version = version_in_force(coordinator)
    signature = services.add_signature(
        coordinator, version, organisation=org_b, signed_on=D(2024, 3, 12)
    )
    assert not membership(org_b, on=D(2024, 3, 11)).is_member  # before signing
    during = membership(org_b, on=D(2025, 1, 1))
    assert during.is_member and during.since == D(2024, 3, 12) and during.until is None
    services.end_signature(
        coordinator,
        signature,
        expected_version=signature.version,
        ended_on=D(2026, 3, 12),
        reason=SignatureEnd.WITHDRAWN,
    )
    assert membership(org_b, on=D(2026, 3, 11)).is_member
    after = membership(org_b, on=D(2026, 3, 12))
    assert not after.is_member
    assert after.lapsed_on == D(2026, 3, 12)
    assert after.reason == "withdrawn"
    with translation.override("en"):
        assert after.reason_label == "signature withdrawn"


def test_a_signature_counts_from_the_version_s_effective_date(coordinator, org_b):
    version = version_in_force(coordinator, effective_from=D(2024, 6, 1))
    services.add_signature(coordinator, version, organisation=org_b, signed_on=D(2024, 1, 1))
    assert not membership(org_b, on=D(2024, 5, 31)).is_member
    assert membership(org_b, on=D(2024, 6, 1)).since == D(2024, 6, 1)


def test_a_signature_of_a_version_under_review_counts_once_it_comes_into_force(coordinator, org_b):
    protocol = services.create_protocol(coordinator, title="Protocole")
    version = services.create_version(coordinator, protocol, effective_from=D(2024, 1, 1))
    services.move_version(coordinator, version, to_status=VersionStatus.UNDER_REVIEW)
    services.add_signature(coordinator, version, organisation=org_b, signed_on=D(2023, 12, 1))
    assert not membership(org_b, on=D(2024, 2, 1)).is_member
    services.move_version(coordinator, version, to_status=VersionStatus.SIGNED)
    assert membership(org_b, on=D(2024, 2, 1)).is_member


def test_an_expired_version_ends_membership(coordinator, org_b):
    version = version_in_force(coordinator, effective_from=D(2024, 1, 1))
    services.add_signature(coordinator, version, organisation=org_b, signed_on=D(2024, 1, 1))
    services.move_version(coordinator, version, to_status=VersionStatus.EXPIRED)
    version.refresh_from_db()
    lapsed = membership(org_b, on=version.expires_on)
    assert not lapsed.is_member and lapsed.reason == "expired"
    assert lapsed.lapsed_on == version.expires_on


def test_a_new_version_supersedes_the_old_and_members_must_sign_it_within_the_grace(
    coordinator, org_a, org_b, settings
):
    settings.SUTURA_PROTOCOL_RESIGN_GRACE_DAYS = 30
    old = version_in_force(coordinator, effective_from=D(2024, 1, 1))
    for organisation in (org_a, org_b):
        services.add_signature(coordinator, old, organisation=organisation, signed_on=D(2024, 1, 1))
    new = next_version(coordinator, old, effective_from=D(2025, 1, 1))
    services.add_signature(coordinator, new, organisation=org_a, signed_on=D(2025, 1, 10))
    services.move_version(coordinator, new, to_status=VersionStatus.SIGNED)
    old.refresh_from_db()
    assert old.status == VersionStatus.SUPERSEDED
    assert old.superseded_on == D(2025, 1, 1)
    assert old.signatures_valid_until == D(2025, 1, 31)
    # A re-signed: one run of membership, from the first signature.
    assert membership(org_a, on=D(2025, 6, 1)).since == D(2024, 1, 1)
    # B did not: a member during the grace period, not after it.
    assert membership(org_b, on=D(2025, 1, 30)).is_member
    lapsed = membership(org_b, on=D(2025, 1, 31))
    assert not lapsed.is_member and lapsed.reason == "not_resigned"
    assert lapsed.lapsed_on == D(2025, 1, 31)
    # Each step is stored with who and why.
    steps = VersionTransition.objects.filter(protocol_version=old).order_by("at")
    assert [s.to_status for s in steps][-1] == VersionStatus.SUPERSEDED
    assert all(s.by == coordinator for s in steps)


def test_one_version_in_force_at_a_time(coordinator):
    old = version_in_force(coordinator, effective_from=D(2024, 1, 1))
    early = next_version(coordinator, old, effective_from=D(2023, 1, 1))
    with pytest.raises(ValidationError):
        services.move_version(coordinator, early, to_status=VersionStatus.SIGNED)
    assert old.protocol.versions.filter(status=VersionStatus.SIGNED).count() == 1


def test_the_state_machine_refuses_a_jump(coordinator):
    protocol = services.create_protocol(coordinator, title="Protocole")
    version = services.create_version(coordinator, protocol, effective_from=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.move_version(coordinator, version, to_status=VersionStatus.SIGNED)
    with pytest.raises(ValidationError):
        services.move_version(coordinator, version, to_status=VersionStatus.SUPERSEDED)


def test_a_signed_text_is_not_edited(coordinator):
    version = version_in_force(coordinator)
    with pytest.raises(ValidationError):
        services.update_version(
            coordinator, version, expected_version=version.version, purpose_fr="Autre"
        )


def test_only_the_coordinator_writes(users_a, org_b):
    manager = users_a[Role.PROGRAMME_MANAGER]
    with pytest.raises(PermissionDenied):
        services.create_protocol(manager, title="Protocole")
    version = version_in_force(users_a[Role.NRM_COORDINATOR])
    with pytest.raises(PermissionDenied):
        services.add_signature(manager, version, organisation=org_b, signed_on=D(2024, 1, 1))


def test_the_bulk_forms_agree_with_the_one_organisation_form(coordinator, org_a, org_b):
    version = version_in_force(coordinator)
    services.add_signature(coordinator, version, organisation=org_a, signed_on=D(2024, 2, 1))
    signature = services.add_signature(
        coordinator, version, organisation=org_b, signed_on=D(2024, 2, 1)
    )
    services.end_signature(
        coordinator,
        signature,
        expected_version=signature.version,
        ended_on=D(2024, 9, 1),
        reason=SignatureEnd.EXCLUDED,
    )
    outsider = OrganisationFactory.create(name="Jamais signataire")
    today = datetime.date.today()  # noqa: DTZ011 - a calendar date
    found = memberships([org_a.pk, org_b.pk, outsider.pk])
    for organisation in (org_a, org_b, outsider):
        one = membership(organisation)
        assert (found.get(organisation.pk) or one) == one
    assert member_ids(today) == {org_a.pk}
    annotated = Organisation.objects.annotate(member=is_member_expression("pk"))
    assert {o.pk for o in annotated if o.member} == {org_a.pk}
    assert membership(outsider).reason == "never_signed"


def test_a_signature_dated_in_the_future_or_twice_is_refused(coordinator, org_b):
    version = version_in_force(coordinator)
    with pytest.raises(ValidationError):
        services.add_signature(coordinator, version, organisation=org_b, signed_on=D(2999, 1, 1))
    services.add_signature(coordinator, version, organisation=org_b, signed_on=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.add_signature(coordinator, version, organisation=org_b, signed_on=D(2024, 1, 2))
