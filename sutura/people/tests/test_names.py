"""The name normaliser: folding, skeleton, the variant dictionary, phonetic keys (pure)."""

from __future__ import annotations

import csv

import pytest

from sutura.people import names
from sutura.people.names import (
    canonical,
    fold,
    load_variants,
    name_keys,
    phonetic,
    related,
    search_key,
    skeleton,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("N'Diaye", "ndiaye"),
        ("N’DIAYE", "ndiaye"),
        ("Keïta", "keita"),
        ("Abdoul-Aziz", "abdoul aziz"),
        ("DIOP, Awa", "diop awa"),
        ("  Sow   Fatou ", "sow fatou"),
        ("Ɓah Ñiang", "bah nyiang"),
        ("Cissé", "cisse"),
    ],
)
def test_fold_drops_case_accents_apostrophes_and_splits_on_hyphens(text, folded):
    assert fold(text) == folded


def test_skeleton_merges_doubled_letters_and_transcriptions_and_is_idempotent():
    assert skeleton("Diallo") == skeleton("Dialo") == skeleton("Djallo") == skeleton("Jallow")
    assert skeleton("Jalloh") == skeleton("Diallo")
    assert skeleton("Khadija") == skeleton("Kadija")
    assert skeleton("Cissé") == skeleton("Sissé")
    for spelling in _all_spellings():
        once = skeleton(spelling)
        assert skeleton(once) == once, spelling


def test_search_key_is_order_free_and_once_per_word():
    assert set(search_key("Diallo", "Mamadou").split()) == set(search_key("Mamadou Diallo").split())
    assert search_key("Ba", "Ba") == "ba"


@pytest.mark.parametrize(
    "group",
    [
        ["Diop", "Jobe"],
        ["Diallo", "Djallo", "Jallow", "Jalloh"],
        ["Cissé", "Sissé", "Sisay"],
        ["Coulibaly", "Kulibali", "Koulibaly"],
        ["N'Diaye", "Ndiaye", "Njie", "NDIAYE"],
        ["Fatoumata", "Fatimata", "Fatou"],
        ["Touré", "Turay", "Toure"],
        ["Camara", "Kamara"],
        ["Keïta", "Keita", "Kéita"],
        ["Traoré", "Traore", "Trawally"],
        ["Ba", "Bâ", "Bah"],
        ["Ousmane", "Usman", "Othman"],
        ["Aïssatou", "Aissata", "Isatou"],
        ["Mamadou", "Mamadu", "Momodou"],
        ["Sow", "Sowe"],
    ],
)
def test_the_common_variants_share_a_phonetic_key(group):
    keys = {phonetic(word) for word in group}
    assert len(keys) == 1, {word: phonetic(word) for word in group}
    assert "" not in keys


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Diallo", "Diouf"),
        ("Sow", "Sy"),
        ("Camara", "Kane"),
        ("Ba", "Barry"),
        ("Ba", "Baldé"),
        ("Mamadou", "Mohamed"),  # related, not the same name: see name_variants.csv
        ("Diop", "Dione"),
        ("Fatoumata", "Fatima"),
        ("Ndiaye", "Ndoye"),
        ("Sarr", "Sall"),
        ("Fall", "Faye"),
    ],
)
def test_different_names_keep_different_keys(one, other):
    assert phonetic(one) != phonetic(other)


def test_unknown_spellings_meet_by_sound():
    """Not in the dictionary: the phonetic rules alone bring them together."""
    assert "diope" not in names.variants().canonical
    assert phonetic("Diope") == phonetic("Jobbe") == phonetic("Diop")
    assert phonetic("Coulibalie") == phonetic("Kulibalie")
    assert phonetic("") == "" and phonetic("'-") == ""


def test_canonical_maps_a_spelling_to_its_group_and_leaves_unknown_words_alone():
    assert canonical("Jalloh") == canonical("Diallo") == skeleton("Diallo")
    assert canonical("Fatimata") == skeleton("Fatoumata")
    assert canonical("Zzyzx") == skeleton("Zzyzx") == "zizx"


def test_related_names_are_linked_both_ways_without_being_merged():
    assert canonical("Mohamed") in related("Mamadou")
    assert canonical("Mamadou") in related("Mohammed")
    assert canonical("Jobe") not in related("Diop")  # same group, not "related"


def test_name_keys_ignore_order_and_repeats():
    assert sorted(name_keys("Mamadou Jallow")) == sorted(name_keys("DIALLO, Mamadu"))
    assert name_keys("Ba Bah") == [phonetic("Ba")]


def test_phonetic_of_a_stored_key_is_the_phonetic_of_the_name():
    """NameWord holds skeleton keys and their phonetic: both roads give the same key."""
    for spelling in _all_spellings():
        for word in fold(spelling).split():
            assert phonetic(skeleton(word)) == phonetic(word), word


def test_the_dictionary_has_hundreds_of_groups_each_spelling_in_one(tmp_path):
    dictionary, problems = load_variants()
    assert problems == []
    assert len(set(dictionary.canonical.values())) >= 400
    bad = tmp_path / "variants.csv"
    bad.write_text(
        "kind,spellings\nfamily,Diallo|Jallow\nfamily,Diop|Jallow\nrelated,Diop|Nobody\n",
        encoding="utf-8",
    )
    _dictionary, problems = load_variants(bad)
    assert len(problems) == 2


def _all_spellings() -> list[str]:
    with names.VARIANTS_FILE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [s for row in csv.DictReader(lines) for s in row["spellings"].split("|")]


@pytest.mark.parametrize(
    ("written", "as_one"),
    [
        ("Al Amine", "alamine"),  # Lamine
        ("Abou Bakr", "aboubakr"),  # Boubacar
        ("Cheikh Abou Bakr", "cheikh aboubakr"),
        ("Fatou Mata", "fatoumata"),
        ("Mohamed Lamine", ""),  # two names, each of its own
        ("Awa Ba", ""),
        ("Lamine", ""),
        ("", ""),
    ],
)
def test_two_words_the_dictionary_lists_as_one_name_are_written_as_one(written, as_one):
    assert names.written_as_one(written) == as_one
