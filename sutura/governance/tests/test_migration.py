"""The data migration turns `Organisation.nrm_member_since` into signatures of a protocol in
force (one per country), before accounts removes the field: members stay members, from the
same day."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sutura.governance.selectors.protocols import membership

BEFORE = [("accounts", "0007_session_generation"), ("governance", "0002_assessment_checklists")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_member_since_becomes_a_signature_of_the_protocol_in_force():
    old = _migrate(BEFORE)
    location = old.get_model("geo", "Location")
    organisation = old.get_model("accounts", "Organisation")
    senegal = location.objects.create(
        id=uuid.uuid4(),
        level=0,
        country_code="SN",
        name_fr="Sénégal",
        name_en="Senegal",
        iso_code="SN",
    )
    member = organisation.objects.create(
        id=uuid.uuid4(),
        name="Membre",
        type="national_ngo",
        country=senegal,
        nrm_member_since=datetime.date(2022, 9, 1),
    )
    later = organisation.objects.create(
        id=uuid.uuid4(),
        name="Membre récent",
        type="cbo",
        country=senegal,
        nrm_member_since=datetime.date(2024, 5, 20),
    )
    outsider = organisation.objects.create(
        id=uuid.uuid4(), name="Non membre", type="cbo", country=senegal
    )

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    from sutura.governance.models import Protocol, Signature, VersionStatus

    protocol = Protocol.objects.get()
    assert protocol.country_id == senegal.pk
    version = protocol.versions.get()
    assert (version.status, version.effective_from) == (
        VersionStatus.SIGNED,
        datetime.date(2022, 9, 1),
    )
    assert Signature.objects.get(organisation_id=later.pk).signed_on == datetime.date(2024, 5, 20)
    assert membership(member.pk, on=datetime.date(2022, 9, 1)).is_member
    assert not membership(member.pk, on=datetime.date(2022, 8, 31)).is_member
    assert membership(later.pk, on=datetime.date(2024, 5, 20)).since == datetime.date(2024, 5, 20)
    assert membership(outsider.pk).reason == "never_signed"
