"""The name search's ranking (people/search.py): rare names weigh more than common ones, a
whole-name match lists before the same name with a word more, one letter away is still the
name, and a typed word never borrows another typed word's match."""

from __future__ import annotations

import datetime
import uuid

import pytest

from sutura.accounts.roles import Role
from sutura.people.matching import refresh_frequencies
from sutura.people.models import NameWord, Person, PersonNameWord
from sutura.people.names import phonetic, search_key
from sutura.people.search import closest_people, one_typo, typed_typos

pytestmark = pytest.mark.django_db


def _register(user, names: list[tuple[str, str]]) -> list[Person]:
    """People and their name index in bulk (as seed_demo does), then the words counted."""
    people = [
        Person(
            id=uuid.uuid4(),
            organisation=user.organisation,
            given_names=given,
            family_name=family,
            sex="female",
            nationality="SN",
            registered_by=user,
            search_key=search_key(family, given),
        )
        for given, family in names
    ]
    Person.objects.bulk_create(people)
    rows = [
        PersonNameWord(organisation=user.organisation, person=p, word=w)
        for p in people
        for w in p.search_key.split()
    ]
    PersonNameWord.objects.bulk_create(rows)
    NameWord.objects.bulk_create(
        [NameWord(word=w, phonetic=phonetic(w)) for w in {r.word for r in rows}],
        ignore_conflicts=True,
    )
    refresh_frequencies()
    return people


def test_one_typo_is_one_letter_changed_dropped_added_or_swapped():
    near = one_typo("keita")
    assert {"keia", "keitta", "kieta", "keiea", "keit"} <= near
    assert "keita" not in near and "kita" in near and "kiata" not in near
    assert one_typo("oar", short=True) >= {"omar", "oars"} and "oa" not in one_typo(
        "oar", short=True
    )
    # A typo made on the written word, then folded: "Mosusa" is Moussa with two letters swapped.
    assert "musa" in typed_typos("mosusa")


def test_a_rare_name_outweighs_a_common_one(users_a):
    user = users_a[Role.CASE_MANAGER]
    timoda = _register(user, [("Mamado", "Timoda")])[0]
    _register(user, [("Mamoudou", f"Diallo{i}") for i in range(3)])
    _register(user, [("Mamoudou", family) for family in ("Diallo", "Sow", "Bah", "Barry")])
    assert closest_people(user, "Mamoudou Timoda", limit=10)[0] == timoda.pk


def test_the_whole_name_lists_before_the_same_name_with_a_word_more(users_a):
    user = users_a[Role.CASE_MANAGER]
    longer = _register(user, [("Mamadou Yaya", "Diallo"), ("Mamadou Oury", "Diallo")])
    exact = _register(user, [("Mamadou", "Diallo")])[0]
    ranked = closest_people(user, "MAMADOU DIALLO", limit=10)
    assert ranked[0] == exact.pk and {p.pk for p in longer} <= set(ranked)
    # And two of three typed words matched, nothing else, before two matched and a third name.
    khadija = _register(user, [("Khadija", "Bah")])[0]
    _register(user, [("Aissatou Khadija", "Laso"), ("Aïssatou Kadija", "Sseka")])
    assert closest_people(user, "Kadija Aïssatou Bah", limit=10)[0] == khadija.pk


def test_one_letter_away_is_still_the_name(users_a):
    user = users_a[Role.CASE_MANAGER]
    keita = _register(user, [("Assitan", "Keïta")])[0]
    _register(user, [("Assitan", family) for family in ("Sy", "Mané", "Dicko", "Boubacar")])
    assert closest_people(user, "ASSITAN KEIEA", limit=10)[0] == keita.pk
    moussa = _register(user, [("Moussa", "Coulibaly")])[0]
    _register(user, [("Ousmane", "Coulibaly"), ("Mamadou Ousmane", "Coulibaly")])
    assert closest_people(user, "Mosusa Coulibaly", limit=10)[0] == moussa.pk


def test_two_typed_words_joined_do_not_lend_one_its_match(users_a):
    """ "Aminta Tall" joined is close to "Aminta": that must not count for "Tall" too."""
    user = users_a[Role.CASE_MANAGER]
    tall = _register(user, [("Aminata", "Tall")])[0]
    _register(user, [("Aminta", family) for family in ("Sowe", "Job", "Neka", "Kouassi")])
    assert closest_people(user, "Aminta Tall", limit=10)[0] == tall.pk


def test_an_unknown_word_lowers_the_rank_and_drops_nobody(users_a):
    user = users_a[Role.CASE_MANAGER]
    awa = _register(user, [("Awa", "Diop")])[0]
    assert closest_people(user, "Awa Diop Qwxyz Zzkq", limit=10) == [awa.pk]


def test_an_initial_stands_for_a_name_that_begins_with_it(users_a):
    """ "J.-P. Nkanga Nsimba" for Jean-Paul: the initials find nobody alone, but among the
    Nkanga Nsimba they take the names they begin with, as written ("D." for Djibril, whose key
    begins with j) or as keys; a name no initial begins does not."""
    user = users_a[Role.CASE_MANAGER]
    marie, _bare, jean_paul = _register(
        user,
        [
            ("Marie", "Nkanga Nsimba"),
            ("Pauline", "Nkanga Nsimba"),
            ("Jean-Paul", "Nkanga Nsimba"),
        ],
    )
    ranked = closest_people(user, "J.-P. Nkanga Nsimba", limit=10)
    assert ranked[0] == jean_paul.pk and marie.pk in ranked
    moussa, djibril = _register(user, [("Moussa", "Diop"), ("Djibril", "Diop")])
    assert closest_people(user, "D. Diop", limit=10)[0] == djibril.pk
    assert closest_people(user, "M. DIOP", limit=10)[0] == moussa.pk
    assert closest_people(user, "J. P.", limit=10) == []  # initials alone find nobody


def test_a_birth_year_typed_with_the_name_lists_the_people_born_then_first(users_a, client):
    user = users_a[Role.CASE_MANAGER]
    namesakes = _register(user, [("Mamadou", "Diallo")] * 12)
    for year, person in zip(range(1980, 1992), namesakes, strict=True):
        person.birth_date = datetime.date(year, 6, 15)
    estimated = namesakes[0]
    estimated.birth_date, estimated.birth_date_estimated = datetime.date(1994, 1, 1), True
    Person.objects.bulk_update(namesakes, ["birth_date", "birth_date_estimated"])
    born_1990 = namesakes[10]
    other_name = _register(user, [("Awa", "Sow")])[0]
    Person.objects.filter(pk=other_name.pk).update(birth_date=datetime.date(1990, 6, 15))

    assert closest_people(user, "Mamadou Diallo 1990", limit=10)[0] == born_1990.pk
    assert closest_people(user, "1990 DIALLO Mamadou", limit=10)[0] == born_1990.pk
    # An estimated date counts a year either side, below the exact year.
    assert closest_people(user, "Mamadou Diallo 1995", limit=10)[0] == estimated.pk
    # The year ranks, it never adds a person of another name, and alone it finds nobody.
    assert other_name.pk not in closest_people(user, "Mamadou Diallo 1990", limit=50)
    assert closest_people(user, "1990", limit=10) == []
    # The people list takes it in the same box.
    client.force_login(user)
    page = client.get("/people/", {"q": "Mamadou Diallo 1990"})
    assert page.status_code == 200 and page.context["page"].object_list[0].pk == born_1990.pk


def test_a_whole_birth_date_typed_with_the_name_lists_that_person_first(users_a, client):
    """A search for "Abdoulaye Sarr 12/01/1994" put the one born in 2004 first (browser walk):
    a whole date counts as its year, and more for the very day."""
    user = users_a[Role.CASE_MANAGER]
    same_year, that_day, other = _register(user, [("Abdoulaye", "Sarr")] * 3)
    same_year.birth_date = datetime.date(1994, 7, 3)
    that_day.birth_date = datetime.date(1994, 1, 12)
    other.birth_date = datetime.date(2004, 1, 12)
    Person.objects.bulk_update([same_year, that_day, other], ["birth_date"])
    for typed in ("12/01/1994", "12-01-1994", "12.01.1994", "1994-01-12", "12/1/1994"):
        ranked = closest_people(user, f"Abdoulaye Sarr {typed}", limit=10)
        assert ranked[:2] == [that_day.pk, same_year.pk], typed
    # Not a date: the words stay words ("31/02/1994" is no day of any year).
    assert closest_people(user, "31/02/1994", limit=10) == []
    client.force_login(user)
    page = client.get("/people/", {"q": "Sarr Abdoulaye 12/01/1994"})
    assert page.context["page"].object_list[0].pk == that_day.pk
