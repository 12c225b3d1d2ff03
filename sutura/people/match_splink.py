"""The duplicate model in Splink: settings from `matching.COMPARISONS`, prediction on DuckDB,
clustering. Spark (a registry too large for one machine) takes the same settings with
`sql_dialect="spark"` and the `sutura_words_matched` and `sutura_words_unmatched` functions
registered on the session (see
docs/architecture.md, "Duplicate model")."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sutura.people import matching

# The name's frequency below which no name counts as rarer (Splink's tf_minimum_u_value).
TF_MINIMUM_U_VALUE = 1e-6

LIST_COLUMNS = (
    "name_tokens",
    "name_keys",
    "family_keys",
    "given_keys",
    "given_related",
    "given_tokens",
    "phones",
    "doc_numbers",
    "doc_types",
    "block_keys",
)


def _schema() -> Any:
    import pyarrow as pa

    text_list = pa.list_(pa.string())
    return pa.schema(
        [
            ("unique_id", pa.string()),
            ("organisation", pa.string()),
            *((name, text_list) for name in LIST_COLUMNS),
            ("name_key", pa.string()),
            ("name_folded", pa.string()),
            ("tf_name_key", pa.float64()),
            ("birth_date", pa.string()),
            ("birth_year", pa.int32()),
            ("birth_estimated", pa.bool_()),
            ("sex", pa.string()),
            ("origin", pa.string()),
            ("nationality", pa.string()),
        ]
    )


def as_arrow(rows: list[dict[str, Any]]) -> Any:
    """The feature table as an Arrow table with fixed types (an all-empty list column would
    otherwise be typed null and break the SQL)."""
    import pyarrow as pa

    schema = _schema()
    for extra in sorted(set(rows[0]) - set(schema.names)) if rows else []:
        schema = schema.append(pa.field(extra, pa.string()))  # e.g. a training label
    return pa.Table.from_pylist(rows, schema=schema)


def duckdb_connection() -> Any:
    """A DuckDB connection with the model's SQL macros."""
    import duckdb

    connection = duckdb.connect()
    for macro in matching.DUCKDB_MACROS:
        connection.execute(macro)
    return connection


def _level_settings(
    comparison: matching.Comparison,
    level: matching.Level,
    params: dict[str, Any] | None,
    sql_dialect: str = "duckdb",
) -> dict[str, Any]:
    out: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.code}
    if sql_dialect != "duckdb" and level.sql != "ELSE":
        import sqlglot

        out["sql_condition"] = sqlglot.transpile(level.sql, read="duckdb", write=sql_dialect)[0]
    if level.null:
        out["is_null_level"] = True
        return out
    if params is not None:
        entry = params["comparisons"][comparison.code][level.code]
        out["m_probability"] = entry["m"]
        out["u_probability"] = entry["u"]
    if level.tf:
        out["tf_adjustment_column"] = "name_key"
        out["tf_adjustment_weight"] = (params or {}).get("tf_adjustment_weight", 1.0)
        out["tf_minimum_u_value"] = TF_MINIMUM_U_VALUE
        # The level's own u is the base of the adjustment (its condition is not a plain
        # equality Splink could find on its own).
        out["disable_tf_exact_match_detection"] = True
    return out


def blocking_rules(*, within_organisation: bool = True) -> list[Any]:
    """Name keys OR phone OR document number: no strong signal is cut before scoring."""
    from splink import block_on

    org = ("organisation",) if within_organisation else ()
    return [
        block_on(*org, "block_keys", arrays_to_explode=["block_keys"]),
        block_on(*org, "phones", arrays_to_explode=["phones"]),
        block_on(*org, "doc_numbers", arrays_to_explode=["doc_numbers"]),
    ]


def splink_settings(
    params: dict[str, Any] | None = None,
    *,
    trained: bool = True,
    within_organisation: bool = True,
    sql_dialect: str = "duckdb",
    records: int | None = None,
) -> dict[str, Any]:
    """The model as a Splink settings dict; `trained=False` leaves m/u for Splink to estimate.
    Pass the dict with `Linker(db_api.register(table), settings)`, a DuckDBAPI (default) or a
    SparkAPI (`sql_dialect="spark"`)."""
    if trained:
        params = params or matching.load_params()
    comparisons = [
        {
            "output_column_name": comparison.code,
            "comparison_description": comparison.code,
            "comparison_levels": [
                _level_settings(comparison, level, params if trained else None, sql_dialect)
                for level in comparison.levels
            ],
        }
        for comparison in matching.COMPARISONS
        # A comparison the trained parameters predate is left out, as `matching.score` does.
        if not trained or comparison.code in (params or {}).get("comparisons", {})
    ]
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "sql_dialect": sql_dialect,
        "probability_two_random_records_match": (
            matching.prior(params, records) if params else 1e-4
        ),
        "blocking_rules_to_generate_predictions": blocking_rules(
            within_organisation=within_organisation
        ),
        "comparisons": comparisons,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def linker_for(
    rows: list[dict[str, Any]],
    settings: dict[str, Any],
    connection: Any = None,
) -> Any:
    """A Splink linker on DuckDB over the feature table."""
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=connection or duckdb_connection())
    table = db_api.register(as_arrow(rows))
    return Linker(table, settings, log_level=logging.WARNING)


@dataclass
class Pair:
    id_l: str
    id_r: str
    probability: float
    weight: float
    reasons: list[str] = field(default_factory=list)


def predict_pairs(
    rows: list[dict[str, Any]],
    *,
    threshold: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    params: dict[str, Any] | None = None,
    within_organisation: bool = True,
) -> list[Pair]:
    """Splink on DuckDB: every blocked pair at or above `threshold` (default: the model's
    batch threshold), most probable first, with reason codes. The prior is set for a
    registry of len(rows) people (`matching.prior`); `matching.score(a, b,
    records=len(rows))` gives the same probabilities."""
    params = params or matching.load_params()
    cutoff = params["thresholds"]["batch"] if threshold is None else threshold
    if len(rows) < 2:
        return []
    settings = splink_settings(params, within_organisation=within_organisation, records=len(rows))
    linker = linker_for(rows, settings)
    by_id = {row["unique_id"]: row for row in rows}
    chunks = max(1, min(20, len(rows) // 25_000))
    pairs: list[Pair] = []
    for number in range(1, chunks + 1):
        frame = linker.inference.predict_chunk(
            left_chunk=(number, chunks), threshold_match_probability=cutoff
        )
        for record in frame.as_record_list():
            a, b = by_id[record["unique_id_l"]], by_id[record["unique_id_r"]]
            levels = matching.levels_of(a, b)
            from sutura.people.match_explain import reasons

            pairs.append(
                Pair(
                    record["unique_id_l"],
                    record["unique_id_r"],
                    float(record["match_probability"]),
                    float(record["match_weight"]),
                    reasons(a, b, levels, params),
                )
            )
        frame.drop_table_from_database_and_remove_from_cache()
        if progress:
            progress(number, chunks)
    pairs.sort(key=lambda p: (-p.probability, p.id_l, p.id_r))
    return pairs


def cluster(pairs: Iterable[Pair], *, threshold: float | None = None) -> dict[str, str]:
    """Connected components of the pairs at or above `threshold` (default: all given):
    {person id: group}, the group named by its smallest id. People in no pair are left out."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        if threshold is not None and pair.probability < threshold:
            continue
        a, b = root(str(pair.id_l)), root(str(pair.id_r))
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {node: root(node) for node in parent}
