"""Why the model matched two people: the reason codes (`match_reasons`) of a scored pair, the
evidence for it first (strongest first), then the evidence against it."""

from __future__ import annotations

import math
from typing import Any

# A name at least this many times rarer than the average name is called "rare" (2**2 = 4x).
RARE_NAME_BITS = 2.0

BIRTH = {
    "exact": "same_birth_date",
    "same_year": "same_birth_year",
    "year_1": "birth_year_1",
    "estimated_same_year": "same_birth_year_estimated",
    "estimated_close": "birth_estimated",
    "estimated_apart": "birth_estimated_apart",
    "far": "different_birth_year",
    "else": "different_birth_year",
}


AGAINST_BIRTH = ("different_birth_year", "birth_estimated_apart")


def _name_reasons(a: dict[str, Any], b: dict[str, Any], level: str) -> list[str]:
    words_a, words_b = set(a["name_folded"].split()), set(b["name_folded"].split())
    if level == "same":
        return ["same_name" if words_a == words_b else "name_variant"]
    if level == "contained":
        spelled_alike = words_a <= words_b or words_b <= words_a
        return ["middle_name_missing"] + ([] if spelled_alike else ["name_variant"])
    if level in ("all_similar", "two_similar"):
        return ["similar_name"]
    return []


def _reordered(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The family name of one is among the given names of the other (and not theirs)."""
    crossed = set(a["family_keys"]) & set(b["given_keys"]) or set(b["family_keys"]) & set(
        a["given_keys"]
    )
    return bool(crossed) and not set(a["family_keys"]) & set(b["family_keys"])


def _rare(a: dict[str, Any], b: dict[str, Any], params: dict[str, Any]) -> bool:
    """Is the name rare, in the registry the pair was scored in and among the records the
    model was trained on (`reference_frequencies`)? A small office with one Mamadou Diallo
    must not call the name uncommon."""
    u = params["comparisons"]["name"]["same"]["u"]
    reference = params.get("reference_frequencies", {})
    tf = max(
        a["tf_name_key"],
        b["tf_name_key"],
        *(math.prod(reference.get(key, 0.0) for key in row["name_keys"]) for row in (a, b)),
    )
    return math.log2(u) - math.log2(tf) >= RARE_NAME_BITS


def reasons(
    a: dict[str, Any], b: dict[str, Any], levels: dict[str, str], params: dict[str, Any]
) -> list[str]:
    found: list[str] = []
    against: list[str] = []
    if levels["document"] == "shared":
        found.append("same_document")
    elif levels["document"] == "same_type_other_number":
        against.append("different_document")
    if levels["phone"] in ("shared", "shared_given_differ"):
        found.append("same_phone")
    if levels["name"] == "related_given":  # Modou and Mamadou: perhaps one name
        found.append("related_given_names")
    if levels["phone"] == "shared_given_differ":  # a household's phone: say so
        against.append("perhaps_relative")
    elif levels["name"] == "family_only":  # the same family name, the given names not
        against.append("different_given_names")
    found += _name_reasons(a, b, levels["name"])
    if levels["name"] in ("same", "contained") and _rare(a, b, params):
        found.append("rare_name")
    if levels["name"] not in ("null", "else") and _reordered(a, b):
        # "Same name" beside "names in another order" read as a contradiction (browser walk):
        # the same words in another order are said once.
        found = [code for code in found if code != "same_name"] + ["names_reordered"]
    if levels["birth"] != "null":
        code = BIRTH[levels["birth"]]
        (against if code in AGAINST_BIRTH else found).append(code)
    if levels["origin"] == "same":
        found.append("same_place_of_origin")
    if "nationality" in params["comparisons"]:  # a parameter file may predate it
        if levels["nationality"] == "same":
            found.append("same_nationality")
        elif levels["nationality"] == "else":
            against.append("different_nationality")
    if levels["sex"] == "same":
        found.append("same_sex")
    elif levels["sex"] == "else":
        against.append("different_sex")
    return found + against
