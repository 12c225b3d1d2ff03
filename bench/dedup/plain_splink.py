"""The reference a tuned model must beat: Splink 5 on DuckDB as its tutorial would set it up.

Untuned on purpose: the names as written, only lower-cased and without accents (no
variants, no reordering), Splink's stock name
comparison (exact, Jaro-Winkler 0.92 / 0.88 / 0.70), its date-of-birth comparison, an exact
phone and an exact nationality (when the records carry one); blocking on the names or the phone as
in Splink's examples; λ from a deterministic
rule, u by random sampling, m by expectation maximisation; pairs above probability 0.5.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from dedup.generator import strip_accents
from dedup.metrics import Pair, pair

THRESHOLD = 0.5


def _clean(name: str) -> str | None:
    """The cleaning any Splink tutorial does: lower case, no accents, trimmed."""
    return strip_accents(name).lower().strip() or None


def _table(records: list[dict[str, Any]]) -> pa.Table:
    return pa.table(
        {
            "unique_id": [r["record_id"] for r in records],
            "first_name": [_clean(r["given_names"]) for r in records],
            "surname": [_clean(r["family_name"]) for r in records],
            "dob": [r["birth_date"].isoformat() if r["birth_date"] else None for r in records],
            "phone": [r["phone"] or None for r in records],
            "nationality": [r.get("nationality") or None for r in records],
        }
    )


def predict(records: list[dict[str, Any]], *, threshold: float = THRESHOLD) -> set[Pair]:
    """Pairs of record ids the plain model calls the same person."""
    logging.getLogger("splink").setLevel(logging.WARNING)
    connection = duckdb.connect()
    table = _table(records)
    connection.register("people_arrow", table)
    connection.execute("CREATE TABLE people AS SELECT * FROM people_arrow")
    db_api = DuckDBAPI(connection)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("phone"),
            cl.ExactMatch("nationality"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("phone"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(db_api.register("people"), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    result = linker.inference.predict(threshold_match_probability=threshold)
    rows = result.as_duckdbpyrelation().select("unique_id_l, unique_id_r").fetchall()
    connection.close()
    return {pair(int(a), int(b)) for a, b in rows}
