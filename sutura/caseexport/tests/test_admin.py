"""Who sees and keeps which mapping: the two forms of the rule agree; in the administration an
organisation's system administrator edits their own organisation's mappings (checked by
clean()), reads the platform's default without changing it, and copies it as a new version."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sutura.access import visible
from sutura.access.caseexport import keeps_mapping, sees_mapping
from sutura.accounts.roles import Role
from sutura.caseexport.models import ExportMapping
from tests.worlds import World

pytestmark = pytest.mark.django_db

FIELDS = [{"target": "n", "source": "case.number", "required": True}]


def _admin(world: World) -> Any:
    admin = world.a.users[Role.SYSTEM_ADMIN]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    return admin


def _mappings(world: World) -> list[ExportMapping]:
    default = ExportMapping.objects.get(organisation=None, code="sutura-central-case")
    return [
        default,
        ExportMapping.objects.create(
            organisation=world.a.organisation, name="A", code="a", fields=FIELDS
        ),
        ExportMapping.objects.create(
            organisation=world.b.organisation, name="B", code="b", fields=FIELDS
        ),
    ]


def test_the_mapping_filter_and_standing_agree(world: World) -> None:
    mappings = _mappings(world)
    for user in world.users():
        seen = set(visible(user, ExportMapping).values_list("pk", flat=True))
        for mapping in mappings:
            assert (mapping.pk in seen) == sees_mapping(user, mapping), (user, mapping)
    a_admin = world.a.users[Role.SYSTEM_ADMIN]
    assert [keeps_mapping(a_admin, m) for m in mappings] == [False, True, False]
    assert not keeps_mapping(world.a.users[Role.CASE_MANAGER], mappings[1])


def test_a_system_administrator_keeps_their_organisations_mappings(world: World) -> None:
    default, own, other = _mappings(world)
    client = Client()
    client.force_login(_admin(world))
    listing = client.get(reverse("admin:caseexport_exportmapping_changelist"))
    assert listing.status_code == 200
    assert b"sutura-central-case" in listing.content and own.name.encode() in listing.content
    assert reverse("admin:caseexport_exportmapping_change", args=[other.pk]).encode() not in (
        listing.content
    )
    # The platform's default is read-only: its page shows no save button, a post changes nothing.
    url = reverse("admin:caseexport_exportmapping_change", args=[default.pk])
    assert b'name="_save"' not in client.get(url).content
    client.post(url, {"name": "Changed", "code": "x", "version": 9, "fields": "[]"})
    default.refresh_from_db()
    assert default.name == "Sutura central case record v1"
    # A new mapping of their own, checked by clean(): unknown sources are listed.
    add = reverse("admin:caseexport_exportmapping_add")
    data = {
        "name": "Base nationale",
        "code": "national",
        "version": 1,
        "description": "",
        "active": "on",
        "fields": '[{"target": "n", "source": "case.nubmer", "required": true}]',
    }
    refused = client.post(add, data)
    assert refused.status_code == 200
    # The admin speaks the user's language (French): the error names the unknown source.
    errors = refused.content.decode().split('class="errorlist', 1)
    assert len(errors) == 2 and "case.nubmer" in errors[1].split("</ul>")[0]
    data["fields"] = '[{"target": "n", "source": "case.number", "required": true}]'
    assert client.post(add, data).status_code == 302
    made = ExportMapping.objects.get(code="national")
    assert made.organisation_id == world.a.organisation.pk
    # The default copied as a new version of their own, inactive until reviewed.
    client.post(
        reverse("admin:caseexport_exportmapping_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [default.pk]},
    )
    copy = ExportMapping.objects.get(organisation=world.a.organisation, code=default.code)
    assert (copy.version, copy.active, copy.fields) == (1, False, default.fields)


def test_other_roles_do_not_reach_the_mappings_in_the_administration(world: World) -> None:
    manager = world.a.users[Role.CASE_MANAGER]
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(manager)
    url = reverse("admin:caseexport_exportmapping_changelist")
    assert client.get(url).status_code == 403
