"""Pairwise precision, recall and F1 against the generator's ground truth, and why pairs fail."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Pair = tuple[int, int]


def pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def true_pairs(records: list[dict[str, Any]]) -> set[Pair]:
    by_entity: dict[int, list[int]] = {}
    for r in records:
        by_entity.setdefault(r["entity_id"], []).append(r["record_id"])
    out: set[Pair] = set()
    for ids in by_entity.values():
        out.update(pair(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return out


@dataclass
class Score:
    predicted: int
    correct: int
    truth: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def cells(self) -> list[str]:
        return [f"{self.precision:.3f}", f"{self.recall:.3f}", f"{self.f1:.3f}"]


def score(predicted: Iterable[Pair], truth: set[Pair]) -> Score:
    found = {pair(a, b) for a, b in predicted if a != b}
    return Score(predicted=len(found), correct=len(found & truth), truth=len(truth))


def _phone_key(phone: str) -> str:
    """A phone's last 8 digits: the same number written +221…, 00221… or 77 … alike."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-8:] if len(digits) >= 8 else digits


def missed_by_error(
    predicted: Iterable[Pair], truth: set[Pair], records: list[dict[str, Any]]
) -> list[tuple[str, int, int, float]]:
    """Recall per kind of error carried by either record of a true pair:
    (error kind, true pairs with it, found, recall)."""
    found = {pair(a, b) for a, b in predicted} & truth
    by_id = {r["record_id"]: r for r in records}
    labelled = any(r["errors"] for r in records)  # someone else's file labels none
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for a, b in truth:
        kinds = set(by_id[a]["errors"]) | set(by_id[b]["errors"])
        phone = _phone_key(by_id[a]["phone"])
        if not phone or phone != _phone_key(by_id[b]["phone"]):
            kinds.add("no_shared_phone")
        if not kinds:
            kinds.add("(no error)" if labelled else "(shares a phone; the file labels no errors)")
        for kind in kinds:
            total[kind] += 1
            hit[kind] += (a, b) in found
    return sorted(((k, total[k], hit[k], hit[k] / total[k]) for k in total), key=lambda row: row[3])


def false_by_trap(
    predicted: Iterable[Pair], truth: set[Pair], records: list[dict[str, Any]]
) -> Counter[str]:
    """Wrong pairs by what put them together: the trap their people belong to."""
    by_id = {r["record_id"]: r for r in records}
    out: Counter[str] = Counter()
    for a, b in {pair(x, y) for x, y in predicted} - truth:
        ra, rb = by_id[a], by_id[b]
        if ra["trap"] and ra["trap"] == rb["trap"] and _same_household(ra, rb):
            out[ra["trap"]] += 1
        elif ra["phone"] and ra["phone"] == rb["phone"]:
            out["shared phone"] += 1
        elif ra["true_name"] and ra["true_name"] == rb["true_name"]:
            out["same true name"] += 1
        else:
            out["other"] += 1
    return out


def _same_household(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["trap"] == "lookalike":
        return True
    return a["true_name"].split()[-1] == b["true_name"].split()[-1]
