"""A merged file's old address (browser walk): it says the file was merged and links to the
file kept, for whoever may open that file; anyone else gets the ordinary 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.dedup.services.merges import merge_persons
from sutura.people import services as people
from sutura.people.models import Person
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _reviewer(world: World) -> Any:
    return world.a.users[Role.PROGRAMME_MANAGER]


def _merged(world: World) -> tuple[Person, Person]:
    """A's person registered a second time, and merged into it: (merged, kept)."""
    kept = people.register_person(
        actor=_reviewer(world), given_names="Aminata", family_name="Ndiay", sex="female"
    )
    merge_persons(actor=_reviewer(world), kept=kept, merged=world.a.person, reason="doublon")
    return world.a.person, kept


def test_the_old_address_of_a_merged_file_links_to_the_file_kept(world: World, client: Any) -> None:
    merged, kept = _merged(world)
    client.force_login(world.a.users[Role.CASE_MANAGER])
    page = client.get(reverse("people:detail", args=[merged.pk]))
    assert page.status_code == 410
    body = page.content.decode()
    assert "Dossier fusionné" in body
    assert f'href="{reverse("people:detail", args=[kept.pk])}"' in body
    # The log keeps that this user followed the old address to the file kept.
    followed = AuditEntry.objects.filter(
        action=Action.READ, object_id=str(kept.pk), detail_params__merged=str(merged.pk)
    )
    assert followed.filter(actor_username=world.a.users[Role.CASE_MANAGER].username).exists()
    assert client.get(reverse("people:detail", args=[kept.pk])).status_code == 200


# Every page under a person's id: the same 410 page at each.
PAGES_UNDER_A_PERSON = [
    "people:edit",
    "people:consent",
    "people:document",
    "people:household",
    "people:photo",
    "people:photo_file",
    "cases:open",
]
# (The data-protection pages still open a merged file: its person may ask what is held.)


@pytest.mark.parametrize("route", PAGES_UNDER_A_PERSON)
def test_every_page_under_a_merged_files_old_address_links_to_the_file_kept(
    world: World, client: Any, route: str
) -> None:
    merged, kept = _merged(world)
    user = world.a.users[Role.CASE_MANAGER]
    client.force_login(user)
    page = client.get(reverse(route, args=[merged.pk]))
    assert page.status_code == 410
    assert f'href="{reverse("people:detail", args=[kept.pk])}"' in page.content.decode()
    followed = AuditEntry.objects.filter(
        action=Action.READ, object_id=str(kept.pk), detail_params__merged=str(merged.pk)
    )
    assert followed.filter(actor_username=user.username).exists()
    client.force_login(world.b.users[Role.CASE_MANAGER])  # another organisation: a plain 404
    page = client.get(reverse(route, args=[merged.pk]))
    assert page.status_code == 404 and str(kept.pk) not in page.content.decode()


def test_a_chain_of_merges_is_followed_to_the_file_kept_last(world: World, client: Any) -> None:
    merged, middle = _merged(world)
    last = people.register_person(
        actor=_reviewer(world), given_names="Aminata", family_name="Ndiaye", sex="female"
    )
    merge_persons(actor=_reviewer(world), kept=last, merged=middle, reason="doublon")
    client.force_login(_reviewer(world))
    body = client.get(reverse("people:detail", args=[merged.pk])).content.decode()
    assert reverse("people:detail", args=[last.pk]) in body
    assert reverse("people:detail", args=[middle.pk]) not in body


@pytest.mark.parametrize(("side", "role"), [("b", Role.PROGRAMME_MANAGER), ("a", Role.ME_OFFICER)])
def test_who_may_not_open_the_file_kept_gets_the_ordinary_404(
    world: World, client: Any, side: str, role: Role
) -> None:
    merged, kept = _merged(world)
    client.force_login(getattr(world, side).users[role])
    page = client.get(reverse("people:detail", args=[merged.pk]))
    assert page.status_code == 404
    assert str(kept.pk) not in page.content.decode()


def test_the_api_answers_merged_with_the_kept_id_only_to_who_may_open_it(world: World) -> None:
    merged, kept = _merged(world)
    api = APIClient()
    api.force_authenticate(world.a.users[Role.CASE_MANAGER])
    answer = api.get(reverse("api-person-detail", args=[merged.pk]))
    assert answer.status_code == 410
    assert answer.json()["error"]["code"] == "merged"
    assert answer.json()["error"]["kept_id"] == str(kept.pk)
    api.force_authenticate(world.b.users[Role.PROGRAMME_MANAGER])
    answer = api.get(reverse("api-person-detail", args=[merged.pk]))
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
    assert str(kept.pk) not in answer.content.decode()
