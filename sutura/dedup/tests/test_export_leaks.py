"""Privacy review of issue 19: a person's subject-access export lists the comparisons and
merges of their file, but never another person's data: the file they were compared with and
found to be someone else, or the file of a merge since undone."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from sutura.accounts.roles import Role
from sutura.dedup.services.decisions import mark_not_duplicate
from sutura.dedup.services.merges import merge_persons, undo_merge
from sutura.people import services as people
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _exports(reviewer: Any, person: Any) -> tuple[str, str]:
    client = Client()
    client.force_login(reviewer)
    data = client.get(reverse("privacy:export", args=[person.pk, "json"]))
    assert data.status_code == 200
    pdf = client.get(reverse("privacy:export", args=[person.pk, "pdf"]))
    assert pdf.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    return json.dumps(json.loads(data.content), ensure_ascii=False).lower(), text.lower()


def test_the_export_never_names_the_other_file_of_a_pair_found_to_be_someone_else(
    world: World,
) -> None:
    reviewer = world.a.users[Role.PROGRAMME_MANAGER]
    stranger = people.register_person(
        actor=reviewer, given_names="Khadijatou", family_name="Zongobila", sex="female"
    )
    mark_not_duplicate(actor=reviewer, first=world.a.person, second=stranger, reason="Soeurs")
    data, text = _exports(reviewer, world.a.person)
    assert "soeurs" in text  # the decision about her file is hers to read…
    for theirs in ("zongobila", "khadijatou"):  # …the other person is not
        assert theirs not in text and theirs not in data


def test_the_export_holds_nothing_of_the_other_file_of_an_undone_merge(world: World) -> None:
    reviewer = world.a.users[Role.PROGRAMME_MANAGER]
    kept = people.register_person(
        actor=reviewer, given_names="Ramatoulaye", family_name="Kabore", sex="female"
    )
    merged = people.register_person(
        actor=reviewer,
        given_names="Ramata",
        family_name="Sawadogo",
        sex="female",
        phone="+221770004321",
    )
    merge = merge_persons(actor=reviewer, kept=kept, merged=merged, reason="Même personne")
    undo_merge(actor=reviewer, merge=merge, reason="Deux personnes")
    data, text = _exports(reviewer, kept)
    for theirs in ("sawadogo", "ramata ", "770004321"):
        assert theirs not in text and theirs not in data, theirs
    data, text = _exports(reviewer, merged)
    for theirs in ("kabore", "ramatoulaye"):
        assert theirs not in text and theirs not in data, theirs


def test_the_export_of_a_kept_file_holds_the_file_merged_into_it(world: World) -> None:
    """The merged file is the same person's data, hidden but held: it is exported with the
    file it was merged into (and no longer once the merge is undone)."""
    reviewer = world.a.users[Role.PROGRAMME_MANAGER]
    kept = people.register_person(
        actor=reviewer, given_names="Ramatoulaye", family_name="Kabore", sex="female"
    )
    merged = people.register_person(
        actor=reviewer, given_names="Ramata", family_name="Kaboré", sex="female"
    )
    merge = merge_persons(actor=reviewer, kept=kept, merged=merged, reason="Même personne")
    data, _text = _exports(reviewer, kept)
    assert json.loads(data)["records"]["people.person"][0]["id"] == str(merged.pk)
    undo_merge(actor=reviewer, merge=merge, reason="Deux personnes")
    data, _text = _exports(reviewer, kept)
    assert json.loads(data)["records"]["people.person"] == []
