"""Training and measuring the duplicate model with Splink, on generated people with ground truth.

Training is unsupervised, as Splink does it: λ from a deterministic rule, u by random
sampling, m by expectation maximisation in two sessions (blocked on the whole name, then on
the birth date, so each comparison is estimated in one of them). The ground truth is used only
to choose the thresholds, on *another* seed than the one trained on, and to measure on a third.

    python manage.py train_match_model --records 20000 --train-seed 11 --tune-seed 12
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from typing import Any

from sutura.people import matching
from sutura.people.match_splink import linker_for, splink_settings

MODEL_VERSION = 1
# The name keys kept as reference frequencies: those carried by at least one record in 2,000.
REFERENCE_SHARE = 0.0005


def generated_people(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bench generator's records (bench/dedup/generator.py) as Person-like dicts."""
    people = []
    for record in records:
        number = record.get("document_number") or ""
        people.append(
            {
                "id": str(record["record_id"]),
                "organisation": "generated",
                "family_name": record["family_name"],
                "given_names": record["given_names"],
                "aliases": [],
                "sex": record.get("sex"),
                "birth_date": record.get("birth_date"),
                "birth_date_estimated": record.get("birth_date_estimated", False),
                "phone": record.get("phone") or "",
                "other_phones": record.get("other_phones") or [],
                "documents": [(record.get("document_type") or "other", number)] if number else [],
                "place_of_origin": record.get("place") or None,
                "nationality": record.get("nationality") or "",
            }
        )
    return people


# Levels ordered from the closest to the farthest: a closer level is never weaker evidence than
# a farther one. A generator (or a registry) that never writes a birth year one off would
# otherwise teach the model that "one year apart" argues against more than "forty years apart".
MONOTONE = {
    "name": [
        ["same", "all_similar", "two_similar", "one_similar", "else"],
        ["contained", "two_similar"],
        ["two_similar", "family_only"],
        ["related_given", "family_only"],
    ],
    "birth": [
        ["exact", "same_year", "year_1", "estimated_close", "estimated_apart", "else", "far"],
        ["estimated_same_year", "estimated_close", "estimated_apart", "else"],
    ],
}


# What a generator never produces still happens: a sex recorded wrongly, a birth year far off
# (a guess), names written beyond recognition. No level is taken as impossible for a true match.
M_FLOOR = 0.01
# Levels that all but veto a match have a lower floor: birth years fifteen or more apart happen
# to one person written twice (a guess far off, a typed year) but very rarely, and a father and
# the son named after him share the name, the family and often the phone.
M_FLOORS = {("birth", "far"): 1e-5}
# Levels that say nothing either way: two documents of different types (a passport in one
# file, an identity card in the other) are no evidence against.
NEUTRAL = [("document", "else")]


def make_monotone(params: dict[str, Any]) -> dict[str, Any]:
    """Floor every m at M_FLOOR, make the neutral levels neutral, then raise the m of a closer
    level so that its Bayes factor is at least the next one's."""
    for comparison, levels in params["comparisons"].items():
        for level, entry in levels.items():
            entry["m"] = max(entry["m"], M_FLOORS.get((comparison, level), M_FLOOR))
    for comparison, level in NEUTRAL:
        if level in params["comparisons"].get(comparison, {}):
            entry = params["comparisons"][comparison][level]
            entry["m"] = entry["u"]
    for comparison, chains in MONOTONE.items():
        levels = params["comparisons"][comparison]
        for chain in chains:
            for closer, farther in reversed(list(itertools.pairwise(chain))):
                if closer not in levels or farther not in levels:  # a model of fewer levels
                    continue
                floor = levels[farther]["m"] / levels[farther]["u"]
                if levels[closer]["m"] / levels[closer]["u"] < floor:
                    levels[closer]["m"] = floor * levels[closer]["u"]
    return params


def _params_from_splink(model: dict[str, Any], records: int) -> dict[str, Any]:
    comparisons: dict[str, dict[str, dict[str, float]]] = {}
    for comparison in model["comparisons"]:
        levels = {}
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            # An EM that never saw a level leaves it unset: neutral evidence, not an error.
            m = level.get("m_probability", 1e-4)
            u = level.get("u_probability", m)
            levels[level["label_for_charts"]] = {"m": max(m, 1e-6), "u": max(u, 1e-8)}
        comparisons[comparison["output_column_name"]] = levels
    return {
        "version": MODEL_VERSION,
        "records": records,
        "probability_two_random_records_match": model["probability_two_random_records_match"],
        "tf_adjustment_weight": 1.0,
        "tf_minimum_u_value": 1e-6,
        "comparisons": comparisons,
        "thresholds": {"batch": 0.9, "registration": 0.5},
    }


def train(
    rows: list[dict[str, Any]],
    *,
    seed: int = 1,
    max_pairs: float = 3e6,
    label_column: str | None = None,
) -> dict[str, Any]:
    """Estimate the model's parameters with Splink on DuckDB: u by random sampling, m by
    expectation maximisation (unsupervised) or, given a column of true identities, from the
    labels (Splink's `estimate_m_from_label_column`)."""
    from splink import block_on

    linker = linker_for(rows, splink_settings(trained=False))
    if label_column:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("name_key", "birth_date"), block_on("doc_numbers", "name_key")], recall=0.4
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
        linker.training.estimate_m_from_label_column(label_column)
        params = household_phone(_params_from_splink(linker.misc.save_model_to_json(), len(rows)))
        sizes = Counter(row[label_column] for row in rows)
        true = sum(n * (n - 1) // 2 for n in sizes.values())
        params["probability_two_random_records_match"] = true / (len(rows) * (len(rows) - 1) / 2)
        return make_monotone(params)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name_key", "birth_date"), block_on("doc_numbers", "name_key")], recall=0.4
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_key"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    return make_monotone(
        household_phone(_params_from_splink(linker.misc.save_model_to_json(), len(rows)))
    )


# The name levels where the given names of a pair may conflict (`matching._GIVEN_CONFLICT`).
CONFLICT_LEVELS = ("family_only", "two_similar")


def household_phone(params: dict[str, Any]) -> dict[str, Any]:
    """The phone's household level (`shared_given_differ`) is met only by pairs whose given
    names conflict; Splink estimates its m and u over all pairs, so the conflict itself,
    already weighed by the name's level, would count a second time (and a household's phone
    read as strong as one person's). Its m and u become conditional on the conflict: divided
    by the m and u of the name levels where a conflict can occur."""
    name = params["comparisons"].get("name", {})
    household = params["comparisons"].get("phone", {}).get("shared_given_differ")
    if household is None or not all(level in name for level in CONFLICT_LEVELS):
        return params  # a model of other levels
    household["m"] = min(1.0, household["m"] / sum(name[lv]["m"] for lv in CONFLICT_LEVELS))
    household["u"] = min(1.0, household["u"] / sum(name[lv]["u"] for lv in CONFLICT_LEVELS))
    return params


def reference_frequencies(rows: list[dict[str, Any]]) -> dict[str, float]:
    """The share of the training records carrying each common name key (at least
    `REFERENCE_SHARE`), counted as `matching.person_rows` counts a registry: how common the
    generator's names of the region are. A registry smaller than the trained one has too few
    people to say that Diallo is common; these shares say it for it (`matching.reference`)."""
    counts = Counter(key for row in rows for key in row["name_keys"])
    total = max(len(rows), 1)
    return {
        key: round(n / total, 6)
        for key, n in sorted(counts.items())
        if n / total >= REFERENCE_SHARE
    }


# --- measuring -----------------------------------------------------------------------------


def true_pairs(people: list[dict[str, Any]], entity: dict[str, Any]) -> set[tuple[str, str]]:
    groups: dict[Any, list[str]] = defaultdict(list)
    for person in people:
        groups[entity[person["id"]]].append(person["id"])
    return {tuple(sorted(p)) for ids in groups.values() for p in combinations(ids, 2)}  # type: ignore[misc]


def pairwise(found: Iterable[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    found = {tuple(sorted(p)) for p in found}  # type: ignore[misc]
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": len(found)}


def best_threshold(
    scored: list[tuple[float, tuple[str, str]]],
    truth: set[tuple[str, str]],
    *,
    min_precision: float = 0.9,
) -> tuple[float, dict[str, float]]:
    """The threshold with the best F1 among those of precision ≥ min_precision."""
    scored = sorted(scored, key=lambda s: -s[0])
    best: tuple[float, dict[str, float]] = (1.0, {"precision": 1, "recall": 0, "f1": 0})
    hits = 0
    for i, (probability, pair) in enumerate(scored, 1):
        hits += tuple(sorted(pair)) in truth
        if i < len(scored) and scored[i][0] == probability:
            continue
        precision, recall = hits / i, hits / max(len(truth), 1)
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        if precision >= min_precision and f1 > best[1]["f1"]:
            best = (probability, {"precision": precision, "recall": recall, "f1": f1, "pairs": i})
    return best


def registration_candidates(
    rows: list[dict[str, Any]],
) -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    """In memory, what the registration check fetches from PostgreSQL: people sharing a block
    key, a phone or a document number (the database query, without the database)."""
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        for key in {
            *(f"k:{k}" for k in row["block_keys"]),
            *(f"p:{p}" for p in row["phones"]),
            *(f"d:{d}" for d in row["doc_numbers"]),
        }:
            index[key].append(row)

    def candidates(row: dict[str, Any]) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for key in (
            *(f"k:{k}" for k in row["block_keys"]),
            *(f"p:{p}" for p in row["phones"]),
            *(f"d:{d}" for d in row["doc_numbers"]),
        ):
            for other in index.get(key, ()):
                if other["unique_id"] != row["unique_id"]:
                    seen[other["unique_id"]] = other
        return list(seen.values())

    return candidates


def with_share(row: dict[str, Any], shares: dict[str, float]) -> dict[str, Any]:
    """A copy of `row` whose name frequency is at least its name's share in `shares`."""
    share = shares.get(row["name_key"], 0.0)
    return row if share <= row["tf_name_key"] else {**row, "tf_name_key": share}


def registration_check(
    rows: list[dict[str, Any]],
    entity: dict[str, Any],
    params: dict[str, Any],
    *,
    threshold: float,
    sample: int = 2000,
    top: int = 5,
) -> dict[str, float]:
    """Each sampled record registered again against all the others: how often the true match
    is among the first `top` candidates shown (above the threshold), and how often a list is
    shown at all when there is no true match on file."""
    candidates_of = registration_candidates(rows)
    sizes: dict[Any, int] = defaultdict(int)
    for row in rows:
        sizes[entity[row["unique_id"]]] += 1
    in_top = matched = shown_without = unmatched = candidates = 0
    for row in rows[:: max(1, len(rows) // sample)]:
        found = candidates_of(row)
        candidates += len(found)
        # As `find_possible_duplicates` does: the candidates' namesakes raise a name's share.
        shares = matching.namesake_shares(found, len(rows))
        if shares:
            found = [with_share(c, shares) for c in found]
            row = with_share(row, shares)
        ranked = sorted(
            (
                (matching.score(row, c, params=params, records=len(rows), explain=False), c)
                for c in found
            ),
            key=lambda s: matching.rank_key(s[0], row, s[1]),
        )
        shown = [c for m, c in ranked if m.probability >= threshold][:top]
        if sizes[entity[row["unique_id"]]] > 1:
            matched += 1
            in_top += any(entity[c["unique_id"]] == entity[row["unique_id"]] for c in shown)
        else:
            unmatched += 1
            shown_without += bool(shown)
    return {
        "top_share": in_top / max(matched, 1),
        "shown_without_match": shown_without / max(unmatched, 1),
        "registrations": matched + unmatched,
        "mean_candidates": candidates / max(matched + unmatched, 1),
    }


def log2_odds(probability: float) -> float:
    return math.log2(probability / (1 - probability))


# --- the whole run -------------------------------------------------------------------------


def generated(
    n_records: int, seed: int, **knobs: Any
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Feature rows and ground truth ({unique_id: entity}) from the bench generator."""
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[2] / "bench" / "dedup"
    if str(bench) not in sys.path:
        sys.path.insert(0, str(bench))
    from generator import generate

    records = generate(n_records, seed, **knobs)
    rows = matching.person_rows(generated_people(records))
    entity = {str(r["record_id"]): r["entity_id"] for r in records}
    return rows, entity


def evaluate(
    rows: list[dict[str, Any]], entity: dict[str, Any], params: dict[str, Any]
) -> dict[str, Any]:
    """Pairwise precision/recall/F1 at the batch threshold (Splink on DuckDB) and the
    registration check at the registration threshold."""
    from sutura.people.match_splink import predict_pairs

    truth = true_pairs([{"id": r["unique_id"]} for r in rows], entity)
    batch = params["thresholds"]["batch"]
    pairs = predict_pairs(rows, threshold=batch, params=params, within_organisation=False)
    return {
        "records": len(rows),
        "batch": pairwise([(p.id_l, p.id_r) for p in pairs], truth),
        "registration": registration_check(
            rows, entity, params, threshold=params["thresholds"]["registration"]
        ),
    }


def tune_thresholds(
    rows: list[dict[str, Any]], entity: dict[str, Any], params: dict[str, Any]
) -> dict[str, Any]:
    """The batch threshold: best F1 at precision ≥ 0.9; the registration threshold: the
    highest that keeps the true match in the first five within a point of the best."""
    from sutura.people.match_splink import predict_pairs

    truth = true_pairs([{"id": r["unique_id"]} for r in rows], entity)
    pairs = predict_pairs(rows, threshold=0.05, params=params, within_organisation=False)
    batch, _ = best_threshold([(p.probability, (p.id_l, p.id_r)) for p in pairs], truth)
    params["thresholds"]["batch"] = round(batch, 4)
    checks = {
        candidate: registration_check(rows, entity, params, threshold=candidate, sample=1000)
        for candidate in (0.01, 0.03, 0.1, 0.2, 0.35, 0.5)
    }
    best = max(check["top_share"] for check in checks.values())
    # The highest threshold that finds the true match (in the first five) within one point of
    # the best: each step up hides lists from registrations that have no match on file.
    params["thresholds"]["registration"] = max(
        candidate for candidate, check in checks.items() if check["top_share"] >= best - 0.01
    )
    params["tuning"] = {str(k): v for k, v in checks.items()}
    return params
