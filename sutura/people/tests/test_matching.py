"""The duplicate model: what counts as evidence, and the same answer from Python and Splink."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

from sutura.people import matching
from sutura.people.match_training import household_phone, make_monotone

# Shares of people carrying a name key, as a registry of West African returnees has them.
# Keyed by the model's own word keys, so that a change of the name rules keeps them right.
COMMON = {
    matching.word_key(name): share
    for name, share in (("Mamadou", 0.08), ("Diallo", 0.06), ("Traoré", 0.04), ("Fatoumata", 0.05))
}


def row(**fields: Any) -> dict[str, Any]:
    person = {"id": fields.pop("id", "x"), "family_name": "", "given_names": "", **fields}
    return matching.person_rows([person], frequencies=COMMON)[0]


def probability(a: dict[str, Any], b: dict[str, Any], **options: Any) -> float:
    return matching.score(a, b, **options).probability


MAMADOU_1995: dict[str, Any] = {
    "family_name": "Diallo",
    "given_names": "Mamadou",
    "sex": "male",
    "birth_date": date(1995, 1, 1),
    "birth_date_estimated": True,
}


def test_a_common_name_and_1_january_1995_is_weak_evidence_a_rare_one_strong():
    common = matching.score(row(**MAMADOU_1995), row(**MAMADOU_1995))
    rare_person = {**MAMADOU_1995, "family_name": "Goudiaby", "given_names": "Zeinabou"}
    rare = matching.score(row(**rare_person), row(**rare_person))
    assert common.probability < matching.threshold("batch")
    assert rare.weight > common.weight + 5  # 32 times the odds
    assert "rare_name" in matching.score(row(**rare_person), row(**rare_person)).reasons
    assert "rare_name" not in matching.score(row(**MAMADOU_1995), row(**MAMADOU_1995)).reasons


def test_a_small_registry_run_in_batch_is_read_with_the_regions_people_it_lacks():
    """A batch over an office of three counted Mamadou once in three (or, read at the trained
    size, once in 20,000); with the model's parameters it adds the people it lacks to the
    trained size from the training records, as a registration does. A registry the trained
    size or larger is counted alone."""
    params = matching.load_params()
    trained = int(params["records"])
    reference = matching.reference_frequencies(params)
    mamadou = matching.word_key("Mamadou")
    people = [
        {"id": str(i), "family_name": family, "given_names": "Mamadou"}
        for i, family in enumerate(["Tchakounte", "Nkanga", "Mbappe"])
    ]
    (plain, *_) = matching.person_rows(people)
    (filled, *_) = matching.person_rows(people, filled_from=params)
    size, shares = matching.registry_shares({mamadou: 3}, 3, params)
    assert size == trained
    assert shares[mamadou] == max(3 / trained + (1 - 3 / trained) * reference[mamadou], 2 / 3)
    # Each name's frequency is the product of its words': Tchakounte is one of three, or one
    # in 20,000 filled (not a name of the training records, and carried once here).
    assert plain["tf_name_key"] == pytest.approx(1 / 3)
    assert filled["tf_name_key"] == pytest.approx(shares[mamadou] / trained)
    large = {**params, "records": 3}  # as if trained on three records: nothing lacks
    (alone, *_) = matching.person_rows(people, filled_from=large)
    assert alone["tf_name_key"] == pytest.approx(1 / 3)


def test_the_prior_never_rises_with_the_registry_and_is_the_trained_one_when_unknown():
    """λ is the trained one from where ON_FILE_SHARE / N falls below it to the trained size,
    falls as 1/N above it, and is ON_FILE_SHARE / N in an office smaller than that: never higher
    for a larger registry. Unknown size (a user who may not count): the trained λ."""
    params = matching.load_params()
    trained = float(params["probability_two_random_records_match"])
    records = int(params["records"])
    turn = matching.ON_FILE_SHARE / trained  # about 1,300 files
    assert matching.prior(params) == matching.prior(params, 0) == trained
    assert matching.prior(params, 140) == pytest.approx(matching.ON_FILE_SHARE / 140)
    assert matching.prior(params, int(turn) + 1) == trained == matching.prior(params, records)
    assert matching.prior(params, 2 * records) == pytest.approx(trained / 2)
    sizes = [1, 4, 140, 1_000, int(turn), 5_000, records, records + 1, 10**6]
    lambdas = [matching.prior(params, n) for n in sizes]
    assert lambdas == sorted(lambdas, reverse=True)
    small = [n for n in sizes if matching.small_office(params, n)]
    assert small == [1, 4, 140, 1_000, int(turn)] and not matching.small_office(params, None)


def test_a_name_whose_words_go_together_is_as_common_as_its_namesakes_on_file():
    """Mohamed and Kamara, each carried by one person in five, make a name one in 25 by their
    product; when four candidates of one registration in a registry of twenty carry the whole
    name, three namesakes beside the one who may be the person make it one in seven, and a
    namesake is weaker evidence. A name one candidate carries keeps its words' product."""
    people = [
        {"id": str(i), "family_name": family, "given_names": given}
        for i, (given, family) in enumerate([("Mohamed", "Kamara")] * 4 + [("Aminata", "Sesay")])
    ]
    words = {matching.word_key(w): 0.2 for w in ("Mohamed", "Kamara", "Aminata", "Sesay")}
    rows = matching.person_rows(people, frequencies=words)
    kamara, sesay = rows[0], rows[-1]
    shares = matching.namesake_shares(rows, 20)
    assert shares == {kamara["name_key"]: pytest.approx(3 / 20)}
    before = probability(kamara, rows[1])
    assert kamara["tf_name_key"] == pytest.approx(0.2 * 0.2)
    matching.with_frequencies(rows, words, shares)
    assert kamara["tf_name_key"] == pytest.approx(3 / 20)
    assert sesay["tf_name_key"] == pytest.approx(0.2 * 0.2)
    assert probability(kamara, rows[1]) < before / 2
    # A share never lowers the product of the words'.
    matching.with_frequencies([sesay], words, {sesay["name_key"]: 0.001})
    assert sesay["tf_name_key"] == pytest.approx(0.04)


def test_a_shared_phone_or_document_is_strong_evidence():
    alone = matching.score(row(**MAMADOU_1995), row(**MAMADOU_1995)).weight
    phone = {**MAMADOU_1995, "phone": "+221771234567"}
    # The same number written without its country code is the same phone.
    local = {**MAMADOU_1995, "phone": "77 123 45 67"}
    with_phone = matching.score(row(**phone), row(**local))
    assert with_phone.probability > 0.9
    assert with_phone.weight > alone + 8
    assert with_phone.reasons[0] == "same_phone"
    passport = {**MAMADOU_1995, "documents": [("passport", "A1234567")]}
    typed = {**MAMADOU_1995, "documents": [("passport", "a-123 4567")]}
    assert matching.score(row(**passport), row(**typed)).reasons[0] == "same_document"
    assert matching.score(row(**passport), row(**typed)).weight > alone + 8


def test_a_different_document_of_the_same_type_argues_against():
    passport = {**MAMADOU_1995, "documents": [("passport", "A1234567")]}
    other = {**MAMADOU_1995, "documents": [("passport", "B7654321")]}
    found = matching.score(row(**passport), row(**other))
    assert found.probability < probability(row(**MAMADOU_1995), row(**MAMADOU_1995))
    assert "different_document" in found.reasons


def test_an_exact_date_counts_more_than_an_estimated_one_and_far_apart_against():
    person: dict[str, Any] = {"family_name": "Traoré", "given_names": "Fatoumata", "sex": "female"}

    def born(when: date, estimated: bool = False) -> dict[str, Any]:
        return row(**person, birth_date=when, birth_date_estimated=estimated)

    exact = probability(born(date(1990, 6, 14)), born(date(1990, 6, 14)))
    estimated = probability(born(date(1990, 1, 1), True), born(date(1990, 6, 14)))
    year_only = probability(born(date(1990, 1, 1)), born(date(1991, 3, 2)))  # 1 January
    unknown = probability(row(**person), born(date(1990, 6, 14)))
    far = probability(born(date(1960, 6, 14)), born(date(1990, 6, 14)))
    assert exact > estimated > unknown > far
    assert exact > year_only > unknown
    assert matching.score(born(date(1990, 1, 1), True), born(date(1991, 6, 1))).levels["birth"] == (
        "estimated_close"
    )
    assert (
        "different_birth_year"
        in matching.score(born(date(1960, 6, 1)), born(date(1990, 6, 1))).reasons
    )
    # An estimated date in the same year says so: "same birth year", not "close" (the walk).
    same_year = matching.score(born(date(1983, 1, 1), True), born(date(1983, 7, 9)))
    assert same_year.levels["birth"] == "estimated_same_year"
    assert "same_birth_year_estimated" in same_year.reasons


def test_swapped_names_still_match_and_are_named():
    a = row(family_name="Diallo", given_names="Mamadou")
    b = row(family_name="Mamadou", given_names="DIALLO")
    found = matching.score(a, b)
    assert found.levels["name"] == "same"
    assert "names_reordered" in found.reasons
    assert "same_name" not in found.reasons  # said once (browser walk: read as contradictory)
    assert found.probability == pytest.approx(matching.score(a, a).probability)


def test_a_middle_name_more_or_less_still_matches():
    a = row(family_name="Diallo", given_names="Mamadou Alpha", birth_date=date(1990, 6, 14))
    b = row(family_name="Diallo", given_names="Mamadou", birth_date=date(1990, 6, 14))
    stranger = row(family_name="Sow", given_names="Mamadou", birth_date=date(1990, 6, 14))
    found = matching.score(a, b)
    assert found.levels["name"] == "contained"
    assert "middle_name_missing" in found.reasons
    assert found.weight > matching.score(a, stranger).weight + 3


def test_spelling_variants_and_typos_meet():
    assert matching.score(row(family_name="Coulibaly"), row(family_name="Kulibali")).levels[
        "name"
    ] == ("same")
    typo = matching.score(
        row(family_name="Camara", given_names="Seydou"),
        row(family_name="Camana", given_names="Seydou"),
    )
    assert typo.levels["name"] == "all_similar"
    assert "similar_name" in typo.reasons
    assert matching.score(row(family_name="Sow"), row(family_name="Keita")).levels["name"] == "else"


def test_two_letters_exchanged_are_one_edit():
    """A transposition ("Soussneou" for "Soussenou") is one slip of the pen, not two."""
    assert matching._edit_distance("soussenou", "soussneou") == 1
    assert matching._edit_distance("ca", "abc") == 2  # as DuckDB's damerau_levenshtein
    pair = matching.score(
        row(family_name="Soussenou", given_names="Yaya"),
        row(family_name="Soussneou", given_names="Yaya"),
    )
    assert pair.levels["name"] == "all_similar"
    # Exchanged letters that a spelling rule hides in the skeleton (di + vowel ~ j: "jalo" and
    # "dailo" are two apart) are looked for as written too.
    crossed = matching.score(
        row(family_name="Daillo", given_names="Cheikh"),
        row(family_name="Diallo", given_names="Cheikh"),
    )
    assert crossed.levels["name"] == "all_similar"
    assert "similar_name" in crossed.reasons


def test_a_short_name_whose_first_letter_changed_is_another_name():
    """Faye and Gaye, Fall and Ball are different family names, not a slip of the pen (the
    spellings walk saw "Musa Gaye" propose Moussa Faye at 98 %); a slip inside a short name, or
    anywhere in a long one, still counts. Spellings of one name that begin otherwise meet by
    the dictionary or the phonetic key (Coulibaly / Kulibali, Cissé / Sissé)."""
    for left, right in (("Faye", "Gaye"), ("Fall", "Ball"), ("Kane", "Bane")):
        pair = matching.score(
            row(family_name=left, given_names="Moussa"), row(family_name=right, given_names="Musa")
        )
        assert pair.levels["name"] not in ("all_similar", "two_similar"), (left, right)
    inside = matching.score(
        row(family_name="Faye", given_names="Moussa"), row(family_name="Fays", given_names="Moussa")
    )
    assert inside.levels["name"] == "all_similar"
    long = matching.score(
        row(family_name="Ouedraogo", given_names="Salif"),
        row(family_name="Wuedraogo", given_names="Salif"),
    )
    assert long.levels["name"] in ("same", "all_similar")
    assert matching.score(row(family_name="Cissé"), row(family_name="Sissé")).levels["name"] == (
        "same"
    )


def test_the_same_nationality_counts_a_different_one_argues_against():
    base = {**MAMADOU_1995, "family_name": "Goudiaby", "given_names": "Zeinabou"}
    senegalese = row(**base, nationality="SN")
    unknown = probability(senegalese, row(**base))
    same = matching.score(senegalese, row(**base, nationality="sn"))
    other = matching.score(senegalese, row(**base, nationality="GN"))
    assert same.probability > unknown > other.probability
    assert "same_nationality" in same.reasons
    assert "different_nationality" in other.reasons
    assert matching.score(senegalese, row(**base)).levels["nationality"] == "null"


def test_block_keys_survive_swapped_names_a_dropped_middle_name_and_an_estimated_year():
    keys = set(matching.block_keys(MAMADOU_1995))
    swapped: dict[str, Any] = {"family_name": "Mamadou", "given_names": "Djallo Alpha"}
    assert keys & set(matching.block_keys(swapped))
    precise: dict[str, Any] = {
        "family_name": "Diallo",
        "given_names": "Mamadu",
        "birth_date": date(1996, 3, 1),
    }
    assert keys & set(matching.block_keys({**precise, "given_names": "Ousmane"}))  # year ±1


def test_closer_levels_are_never_weaker_evidence_after_training():
    params = {
        "comparisons": {
            "name": {
                "same": {"m": 0.5, "u": 0.01},
                "all_similar": {"m": 0.1, "u": 0.01},
                "contained": {"m": 0.1, "u": 0.01},
                "two_similar": {"m": 0.1, "u": 0.001},
                "family_only": {"m": 0.1, "u": 0.01},
                "one_similar": {"m": 0.1, "u": 0.1},
                "else": {"m": 0.1, "u": 0.9},
            },
            "birth": {
                "exact": {"m": 0.5, "u": 0.001},
                "same_year": {"m": 0.1, "u": 0.01},
                "year_1": {"m": 0.0001, "u": 0.02},  # never seen in training
                "estimated_same_year": {"m": 0.1, "u": 0.01},
                "estimated_close": {"m": 0.2, "u": 0.04},
                "estimated_apart": {"m": 0.01, "u": 0.05},
                "else": {"m": 0.05, "u": 0.5},
                "far": {"m": 0.0, "u": 0.4},  # a birth year fifteen years off, never generated
            },
        }
    }
    levels = make_monotone(params)["comparisons"]
    assert levels["birth"]["year_1"]["m"] / levels["birth"]["year_1"]["u"] >= 5
    assert levels["name"]["all_similar"]["m"] / levels["name"]["all_similar"]["u"] >= 100
    # Birth years three to five apart (one date a guess) are no weaker than farther apart.
    apart = levels["birth"]["estimated_apart"]
    assert apart["m"] / apart["u"] >= 0.1
    # Fifteen years apart all but vetoes, yet is not impossible.
    far = levels["birth"]["far"]
    assert 0 < far["m"] / far["u"] < levels["birth"]["else"]["m"] / levels["birth"]["else"]["u"]


def test_relatives_and_far_birth_years_weigh_against():
    """Twins, siblings, a son named after his father: a shared phone and family name with
    given names that disagree outright, or birth years fifteen apart, count against."""
    base = {"family_name": "Diallo", "sex": "male", "phone": "+221 77 123 45 67"}
    head = row(**base, given_names="Alpha", birth_date=date(1990, 3, 4))
    brother = row(**base, given_names="Saliou", birth_date=date(1993, 8, 1))
    same = row(**base, given_names="Alfa", birth_date=date(1990, 3, 4))
    father = row(**base, given_names="Mamadou", birth_date=date(1970, 3, 4))
    son = row(**base, given_names="Mamadou", birth_date=date(1996, 3, 4))
    levels = matching.levels_of(head, brother)
    assert levels["name"] == "family_only" and levels["phone"] == "shared_given_differ"
    assert matching.levels_of(father, son)["birth"] == "far"
    assert probability(head, brother) < 0.5 < probability(head, same)
    assert probability(father, son) < 0.1
    # Sharing the phone too, they read as relatives, which says the given names differ.
    assert "perhaps_relative" in matching.score(head, brother).reasons
    assert "different_given_names" not in matching.score(head, brother).reasons
    apart = row(**{**base, "phone": ""}, given_names="Saliou", birth_date=date(1993, 8, 1))
    assert "different_given_names" in matching.score(head, apart).reasons


def test_brothers_who_share_a_given_name_and_the_phone_read_as_a_household():
    """Fula brothers all called Mamadou something Diallo, Chadian brothers all Mahamat: two
    words of three meet and the phone is shared, yet each name has a given name the other
    lacks. The phone is then a household's, as for given names that differ outright; a middle
    name more or less is one person, and the phone counts in full."""
    base = {"family_name": "Diallo", "sex": "male", "phone": "+224 62 123 45 67"}
    saliou = row(**base, given_names="Mamadou Saliou", birth_date=date(1994, 1, 1))
    aliou = row(**base, given_names="Mamadou Aliou", birth_date=date(1996, 1, 1))
    short = row(**base, given_names="Mamadou", birth_date=date(1994, 1, 1))
    misspelt = row(**base, given_names="Mamadu Salliou", birth_date=date(1994, 1, 1))
    modou = row(**base, given_names="Modou Saliou", birth_date=date(1994, 1, 1))
    levels = matching.levels_of(saliou, aliou)
    assert (levels["name"], levels["phone"]) == ("two_similar", "shared_given_differ")
    for same in (short, misspelt, modou):
        assert matching.levels_of(saliou, same)["phone"] == "shared", same["name_tokens"]
        assert matching.levels_of(same, saliou)["phone"] == "shared", same["name_tokens"]
    assert probability(saliou, aliou) < probability(saliou, short)
    assert "perhaps_relative" in matching.score(saliou, aliou).reasons
    assert "perhaps_relative" not in matching.score(saliou, short).reasons
    # Only given names conflict: not a second family name, not another alias (review).
    phone = {"sex": "female", "phone": "+224 62 123 45 67"}
    sow = row(**phone, given_names="Aminata", family_name="Diallo Sow")
    barry = row(**phone, given_names="Aminata", family_name="Diallo Barry")
    assert matching.levels_of(sow, barry)["phone"] == "shared"
    bobo = row(**base, given_names="Mamadou Saliou", aliases=["Bobo"])
    papis = row(**base, given_names="Mamadou Saliou", aliases=["Papis"])
    assert matching.levels_of(bobo, papis)["phone"] == "shared"
    assert "perhaps_relative" not in matching.score(bobo, papis).reasons


def test_level_conditions_use_functions_other_engines_have():
    """Spark and the other engines Splink transpiles to measure an array with `array_length`
    (sqlglot makes DuckDB's `len` Spark's string LENGTH); the two macros are registered there
    as functions (docs)."""
    for comparison in matching.COMPARISONS:
        for level in comparison.levels:
            assert "len(" not in level.sql.replace("array_length(", ""), level.code


def test_the_household_phone_is_weighed_given_the_conflict_not_twice():
    """Splink's m and u of the phone's household level are over all pairs; they become
    conditional on the given names' conflict, which the name's level already weighs."""
    params = {
        "comparisons": {
            "name": {
                "family_only": {"m": 0.05, "u": 0.012},
                "two_similar": {"m": 0.03, "u": 0.0008},
                "same": {"m": 0.5, "u": 0.0006},
            },
            "phone": {
                "shared_given_differ": {"m": 0.04, "u": 2e-5},
                "shared": {"m": 0.5, "u": 7e-5},
            },
        }
    }
    household = household_phone(params)["comparisons"]["phone"]["shared_given_differ"]
    assert household["m"] == pytest.approx(0.04 / 0.08)
    assert household["u"] == pytest.approx(2e-5 / 0.0128)
    assert params["comparisons"]["phone"]["shared"] == {"m": 0.5, "u": 7e-5}
    # A model without those levels is left as it is.
    assert household_phone({"comparisons": {"phone": {}}}) == {"comparisons": {"phone": {}}}


def test_given_names_that_may_be_one_name_are_weighed_as_one_name_not_as_relatives():
    """Modou and Mamadou, Hawa and Awa: one name in two forms (or relatives named after one
    ancestor), a level of their own (`related_given`), not the relatives' pattern of given
    names that differ outright, whose shared phone is a household's (unseen spellings walk:
    "Hawa Sow" with Awa Sow's phone read "different given names")."""
    base = {"family_name": "Sow", "sex": "female", "phone": "+221 77 123 45 67"}
    other = row(**base, given_names="Coumba")
    for left, right in (("Hawa", "Awa"), ("Modou", "Mamadou"), ("Abdou", "Abdoulaye")):
        a, b = row(**base, given_names=left), row(**base, given_names=right)
        assert matching.levels_of(a, b)["name"] == "related_given", (left, right)
        assert matching.levels_of(b, a)["phone"] == "shared", (left, right)
        reasons = matching.score(a, b)
        assert "related_given_names" in reasons.reasons, (left, right)
        assert "different_given_names" not in reasons.reasons
        assert reasons.weight > matching.score(a, other).weight, (left, right)
    # A given name shared outright is not a related form (review: "Diallo / Diallo" against
    # "Diallo / Awa Diallo" read "given names that may be one name").
    twice = row(family_name="Diallo", given_names="Diallo")
    assert matching.levels_of(twice, row(family_name="Diallo", given_names="Awa Diallo"))[
        "name"
    ] not in ("related_given", "family_only")
    unrelated = matching.score(row(**base, given_names="Awa"), other)
    assert matching.levels_of(row(**base, given_names="Awa"), other)["name"] == "family_only"
    assert "perhaps_relative" in unrelated.reasons  # the phone is shared: a relative
    assert "related_given_names" not in unrelated.reasons


def test_clusters_are_connected_components():
    pairs = [
        matching.Pair("b", "c", 0.99, 7.0),
        matching.Pair("a", "b", 0.95, 5.0),
        matching.Pair("d", "e", 0.97, 6.0),
        matching.Pair("e", "f", 0.2, -2.0),
    ]
    groups = matching.cluster(pairs, threshold=0.9)
    assert groups == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "d"}


# --- Python and Splink agree ---------------------------------------------------------------

FAMILY = ["Diallo", "Jallow", "Traoré", "Coulibaly", "Ndiaye", "Sow", "Camara", "Keïta", "Goudiaby"]
GIVEN = ["Mamadou", "Fatoumata", "Awa", "Ousmane", "Aminata", "Seydou", "Ibrahima", "Khady"]


def small_registry(seed: int, people: int = 120) -> list[dict[str, Any]]:
    """People registered once to three times, written differently each time."""
    rng = random.Random(seed)
    records = []
    for n in range(people):
        family, given = rng.choice(FAMILY), rng.choice(GIVEN)
        middle = rng.choice(GIVEN) if rng.random() < 0.3 else ""
        born = date(1970, 1, 1) + timedelta(days=rng.randrange(12_000))
        phone = f"+22177{rng.randrange(10**7):07d}" if rng.random() < 0.6 else ""
        passport = f"A{rng.randrange(10**7):07d}" if rng.random() < 0.3 else ""
        nationality = rng.choice(["SN", "GN", "ML"])
        for copy in range(rng.choice([1, 1, 2, 3])):
            swapped = rng.random() < 0.2
            estimated = rng.random() < 0.3
            written = family
            if len(family) > 4 and rng.random() < 0.2:  # two letters exchanged
                i = rng.randrange(1, len(family) - 2)
                written = family[:i] + family[i + 1] + family[i] + family[i + 2 :]
            records.append(
                {
                    "id": f"{n}-{copy}",
                    "nationality": rng.choice([nationality, nationality, "", "MR"]),
                    "family_name": given if swapped else written,
                    "given_names": written if swapped else f"{given} {middle}".strip(),
                    "sex": "female"
                    if given in ("Fatoumata", "Awa", "Aminata", "Khady")
                    else "male",
                    "birth_date": date(born.year + rng.choice([0, 0, 1]), 1, 1)
                    if estimated
                    else born,
                    "birth_date_estimated": estimated,
                    "phone": phone if rng.random() < 0.7 else "",
                    "documents": [("passport", passport)]
                    if passport and rng.random() < 0.5
                    else [],
                    "place_of_origin": rng.choice(["dakar", "kolda", None]),
                }
            )
    return records


def test_python_and_splink_give_the_same_probabilities():
    # One man written Modou and Mamadou, one woman Hawa and Awa: the related level.
    related = [
        {
            "id": f"related-{given}",
            "family_name": "Diallo",
            "given_names": given,
            "birth_date": date(1990, 5, 1),
            "phone": "+221770000001",
        }
        for given in ("Modou", "Mamadou", "Hawa Binta", "Awa")
    ]
    # Two brothers who share the household's phone and their first given name.
    brothers = [
        {
            "id": f"brother-{given}",
            "family_name": "Baldé",
            "given_names": f"Mamadou {given}",
            "birth_date": date(1994, 1, 1),
            "phone": "+221770000002",
        }
        for given in ("Saliou", "Aliou")
    ]
    rows = matching.person_rows(small_registry(seed=5) + related + brothers)
    pairs = matching.predict_pairs(rows, threshold=0.0, within_organisation=False)
    assert len(pairs) > 200
    by_id = {r["unique_id"]: r for r in rows}
    levels: Counter[str] = Counter()
    for pair in pairs:
        mine = matching.score(by_id[pair.id_l], by_id[pair.id_r], records=len(rows))
        assert mine.probability == pytest.approx(pair.probability, abs=1e-9)
        assert mine.reasons == pair.reasons
        levels[mine.levels["name"]] += 1
        levels[f"phone {mine.levels['phone']} {mine.levels['name']}"] += 1
    # Every name level was met, the related given names' and the relatives' among them.
    assert {"same", "contained", "related_given", "family_only", "two_similar"} <= set(levels)
    assert {"phone shared_given_differ two_similar", "phone shared same"} <= set(levels)
    assert {"phone shared_given_differ family_only"} <= set(levels)
    # Every pair sharing a phone was blocked (whatever the names).
    shared_phone = {
        tuple(sorted((a["unique_id"], b["unique_id"])))
        for a in rows
        for b in rows
        if a["unique_id"] < b["unique_id"] and set(a["phones"]) & set(b["phones"])
    }
    assert shared_phone <= {tuple(sorted((p.id_l, p.id_r))) for p in pairs}


def test_predict_pairs_reports_progress_and_keeps_organisations_apart():
    people = small_registry(seed=6, people=40)
    twin = {**people[0], "id": "elsewhere", "organisation": "other"}
    rows = matching.person_rows([*({**p, "organisation": "mine"} for p in people), twin])
    seen: list[tuple[int, int]] = []
    pairs = matching.predict_pairs(rows, threshold=0.0, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert all("elsewhere" not in (p.id_l, p.id_r) for p in pairs)
