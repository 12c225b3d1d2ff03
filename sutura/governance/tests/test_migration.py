"""The data migration turns `Organisation.nrm_member_since` into signatures of a protocol in
force (one per country), before accounts removes the field: members stay members, from the
same day.

It runs in an empty database of its own, migrated forward only as far as it needs (accounts,
governance and what they depend on): going back in the test database would undo and redo
every app's later migrations, for nothing the test looks at."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sutura.governance.selectors.protocols import membership
from tests.demo_fixture import _recreate, _use

BEFORE = [("accounts", "0007_session_generation"), ("governance", "0002_assessment_checklists")]
AFTER_APPS = {"accounts", "governance"}  # then each to its last migration


@pytest.fixture
def empty_database() -> Iterator[None]:
    """The connection on a new, empty database for the test, dropped afterwards."""
    test_database = connection.settings_dict["NAME"]
    scratch = f"{test_database}_migration"
    _recreate(connection, scratch, template=None)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    _use(connection, scratch)
    try:
        yield
    finally:
        _use(connection, test_database)
        _recreate(connection, scratch, template=None)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_member_since_becomes_a_signature_of_the_protocol_in_force(empty_database):
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
    _migrate([key for key in executor.loader.graph.leaf_nodes() if key[0] in AFTER_APPS])

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
