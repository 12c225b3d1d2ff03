"""After an edit of the variant dictionary, the stored keys follow: `refresh_name_keys` (the
`refresh_name_keys` command, and a migration recording the dictionary's digest) recomputes the
phonetic keys of the vocabulary and the blocking keys of the people whose names they changed."""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from django.core.management import call_command

from sutura.people import matching
from sutura.people import migrations as people_migrations
from sutura.people.models import NameWord, Person, PersonBlockKey
from sutura.people.names import phonetic
from tests.factories import PersonFactory


def test_a_migration_records_the_dictionary_as_shipped():
    """An edit of data/name_variants.csv needs a migration running `refresh_name_keys` (as
    people/0016 does), or a deployed registry keeps the old keys: the latest migration that
    records a `DICTIONARY_DIGEST` must record the dictionary's digest."""
    digests = []
    for module in sorted(m.name for m in pkgutil.iter_modules(people_migrations.__path__)):
        found = getattr(
            importlib.import_module(f"sutura.people.migrations.{module}"), "DICTIONARY_DIGEST", None
        )
        if found:
            digests.append((module, found))
    assert digests, "no migration records the variant dictionary's digest"
    latest, digest = digests[-1]
    assert digest == matching.dictionary_digest(), (
        f"people/data/name_variants.csv changed since {latest}: add a migration running "
        f"matching.refresh_name_keys with DICTIONARY_DIGEST = {matching.dictionary_digest()!r}"
    )


@pytest.mark.django_db
def test_stale_keys_are_brought_in_line(org_a):
    saikou = PersonFactory.create(
        organisation=org_a,
        family_name="Kamara",
        given_names="Saikou",
        birth_date=datetime.date(1990, 5, 4),
    )
    other = PersonFactory.create(organisation=org_a, family_name="Ndiaye", given_names="Awa")
    right_keys = list(saikou.block_keys)
    assert any(phonetic("Sékou") in key for key in right_keys)  # the dictionary's group
    # Keys as a registry would hold them from before the dictionary knew Saikou:
    NameWord.objects.filter(word="saiku").update(phonetic="old")
    Person.objects.filter(pk=saikou.pk).update(block_keys=["old|kamara"])
    untouched = Person.objects.get(pk=other.pk).block_keys

    call_command("refresh_name_keys", verbosity=0)

    assert NameWord.objects.get(word="saiku").phonetic == phonetic("Saikou")
    saikou.refresh_from_db()
    assert saikou.block_keys == right_keys
    held = set(PersonBlockKey.objects.filter(person_id=saikou.pk).values_list("key", flat=True))
    assert set(right_keys) <= held and "old|kamara" not in held
    assert Person.objects.get(pk=other.pk).block_keys == untouched
    assert matching.refresh_name_keys() == {"words": 0, "people": 0}  # nothing left to do
