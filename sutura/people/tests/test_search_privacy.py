"""A search's list and order depend only on the people the user may see: another
organisation's names (the shared vocabulary, `NameWord`) and counts, or, for a case manager
kept to their own cases, a colleague's people, change nothing."""

from __future__ import annotations

import pytest
from django.test import override_settings

from sutura.accounts.roles import Role
from sutura.people import search
from sutura.people.matching import refresh_frequencies
from sutura.people.names import skeleton
from sutura.people.selectors import persons_for
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def listed(user, query):
    return [p.pk for p in persons_for(user, query=query)]


def test_another_organisations_spellings_take_no_place_among_the_variants(users_a, org_a, org_b):
    user = users_a[Role.CASE_MANAGER]
    mine = PersonFactory.create(organisation=org_a, family_name="Tounkarabe", given_names="Awa")
    before = listed(user, "Tounkara")
    assert before == [mine.pk]
    # Organisation B registers people under 45 spellings one letter from the typed word: with
    # the whole vocabulary, they filled the variants kept for the word and pushed A's person out.
    key = skeleton("Tounkara")
    spellings = sorted(k for k in search.one_typo(key) if skeleton(k) == k and len(k) >= 5)[:45]
    for word in spellings:
        PersonFactory.create(organisation=org_b, family_name=word.capitalize(), given_names="Awa")
    assert listed(user, "Tounkara") == before
    assert not set(search.word_scores(user, key, "tounkara")) & set(spellings)


@override_settings(CACHES=LOCMEM)
@pytest.mark.parametrize("restricted", [False, True])
def test_people_the_user_may_not_see_do_not_reorder_a_search(users_a, org_a, org_b, restricted):
    user = users_a[Role.CASE_MANAGER]
    if restricted:
        org_a.case_managers_see_all_cases = False
        org_a.save()
        user.refresh_from_db()
    mine = {"organisation": org_a, "registered_by": user}
    first = PersonFactory.create(**mine, family_name="Kanoute", given_names="Zoumana")
    second = PersonFactory.create(**mine, family_name="Yattara", given_names="Salif")
    refresh_frequencies()
    before = listed(user, "Kanoute Yattara")
    assert set(before) == {first.pk, second.pk}
    word = "Kanoute" if before[0] == first.pk else "Yattara"
    # Forty more people carry the name of whoever is first: another organisation's, or, for a
    # case manager kept to their own cases, a colleague's. Counted, they made it common.
    unseen = (
        {"organisation": org_a, "registered_by": users_a[Role.PROGRAMME_MANAGER]}
        if restricted
        else {"organisation": org_b}
    )
    for _ in range(40):
        PersonFactory.create(**unseen, family_name=word, given_names="Awa")
    refresh_frequencies()  # as the nightly recount does
    assert listed(user, "Kanoute Yattara") == before


def test_carried_answers_for_every_word_past_one_batch_and_only_for_visible_people(
    users_a, org_a, org_b
):
    """`carried` asks the vocabulary in batches (an OR of ranges costs its length per row):
    the answer is the same whatever the batch, and never another organisation's word."""
    user = users_a[Role.CASE_MANAGER]
    mine = [f"Kante{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(search.CARRIED_BATCH + 5)]
    for word in mine:
        PersonFactory.create(organisation=org_a, family_name=word, given_names="Awa")
    PersonFactory.create(organisation=org_b, family_name="Kantezz", given_names="Awa")
    keys = [skeleton(w) for w in mine]
    asked = [*keys, skeleton("Kantezz"), "nosuchword", "o'brien", "50%_off"]
    assert search.carried(user, asked) == {*keys, "awa"} & set(asked)
    assert search.carried(user, []) == set()
