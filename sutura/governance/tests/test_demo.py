"""The demo's governance: the Senegal protocol in force with five members and one lapsed
signature (a referral sharing personal data with that organisation is refused), the steering
committee with two meetings, decisions and an overdue action item for the coordinator."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from sutura.access.meetings import open_actions_for
from sutura.accounts.models import Organisation, User
from sutura.cases.models import Case
from sutura.directory.models import Service
from sutura.governance.demo import COMMITTEE, COMMITTEE_SHEET, LAPSED
from sutura.governance.models import Committee, Protocol, Signature
from sutura.governance.selectors.protocols import membership
from sutura.meetings.models import Decision, Meeting, Participant
from sutura.referrals.sharing import check_sections

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_the_senegal_protocol_has_five_members_and_one_lapsed_signature():
    protocol = Protocol.objects.get(country__iso_code="SN")
    signatures = Signature.objects.filter(protocol_version__protocol=protocol)
    members = [s.organisation for s in signatures if membership(s.organisation).is_member]
    assert len(members) == 5
    lapsed = Organisation.objects.get(acronym=LAPSED)
    found = membership(lapsed)
    assert not found.is_member and found.reason == "withdrawn" and found.lapsed_on
    assert Service.objects.filter(provider=lapsed).exists()


def test_a_referral_sharing_personal_data_with_the_lapsed_organisation_is_refused():
    manager = User.objects.get(username="casemanager")
    case = Case.objects.filter(case_manager=manager).first()
    assert case is not None
    lapsed = Organisation.objects.get(acronym=LAPSED)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_sections(manager, case, lapsed, ["identity"], None)
    assert "signature withdrawn" in str(refused.value)


def test_the_steering_committee_has_two_meetings_and_an_overdue_action_item():
    committee = Committee.objects.get(name=COMMITTEE)
    meetings = Meeting.objects.filter(context_kind="committee", context_id=committee.pk)
    assert meetings.count() == 2
    assert Decision.objects.filter(meeting__in=meetings).count() >= 2
    coordinator = User.objects.get(username="coordinator")
    assert any(item.is_overdue for item in open_actions_for(coordinator))
    # Its terms of reference are a library document with a validated version.
    terms = committee.terms_of_reference
    assert terms is not None and terms.kind == "tor"
    assert terms.versions.filter(status="validated").exists()
    # Each meeting's attendance: the members by account, the rest imported from the sheet.
    for meeting in meetings:
        imported = Participant.objects.filter(meeting=meeting).exclude(import_key="")
        assert {p.name for p in imported} == {row["name"] for row in COMMITTEE_SHEET}
        assert {p.sex for p in imported} == {"male", "female"}
        assert Participant.objects.filter(meeting=meeting, user=coordinator).exists()


def test_a_second_seed_adds_nothing():
    counts = (Signature.objects.count(), Committee.objects.count(), Meeting.objects.count())
    call_command("seed_demo", persons=200, quiet_logins=True)
    assert (Signature.objects.count(), Committee.objects.count(), Meeting.objects.count()) == counts
