"""Meetings consulting the members about a protocol version (context "protocol_consultation"):
seen by the staff of member organisations who read governance, recorded by the coordinator."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.governance.tests.helpers import version_in_force
from sutura.meetings.models import Meeting, MeetingKind
from sutura.meetings.services import create_meeting
from tests.membership import sign

pytestmark = pytest.mark.django_db


def _consult(actor, version):
    return create_meeting(
        actor,
        kind=MeetingKind.objects.get_or_create(
            code="validation_workshop", defaults={"name_fr": "Atelier", "name_en": "Workshop"}
        )[0],
        title="Consultation sur la version 2",
        starts_at=timezone.now(),
        context_kind="protocol_consultation",
        context_id=version.pk,
    )


def test_members_staff_see_a_consultation_others_do_not(users_a, users_b, org_a):
    coordinator = users_a[Role.NRM_COORDINATOR]
    version = version_in_force(coordinator)
    meeting = _consult(coordinator, version)
    assert not visible(users_a[Role.CASE_MANAGER], Meeting).filter(pk=meeting.pk).exists()
    sign(org_a, datetime.date(2024, 1, 1))
    assert visible(users_a[Role.CASE_MANAGER], Meeting).filter(pk=meeting.pk).exists()
    assert not visible(users_a[Role.COMMUNITY_MENTOR], Meeting).filter(pk=meeting.pk).exists()
    assert not visible(users_b[Role.CASE_MANAGER], Meeting).filter(pk=meeting.pk).exists()
    assert visible(users_b[Role.NRM_COORDINATOR], Meeting).filter(pk=meeting.pk).exists()
    with pytest.raises(PermissionDenied):
        _consult(users_a[Role.PROGRAMME_MANAGER], version)
