"""What the run tests share: a small registry, and a stand-in for the duplicate model with the
interface of `sutura.people.matching` (person_rows → predict_pairs → cluster) that proposes the
pairs a test names, so the run's own rules are tested apart from the model's scores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sutura.accounts.roles import Role
from tests.factories import PersonFactory


@dataclass
class StandInPair:
    id_l: str
    id_r: str
    probability: float
    weight: float = 0.0
    reasons: list[str] = field(default_factory=lambda: ["same_phone"])


class StandInMatcher:
    """Proposes every pair of people whose family names are both in one of `groups`, with the
    given probability; records which people it was shown."""

    def __init__(
        self,
        groups: list[set[str]],
        probability: float = 0.9,
        on_progress: Callable[[], None] | None = None,
        fail_with: BaseException | None = None,
    ) -> None:
        self.groups = groups
        self.probability = probability
        self.on_progress = on_progress
        self.fail_with = fail_with
        self.seen: list[str] = []

    def load_params(self) -> dict[str, Any]:
        return {}

    def person_rows(
        self, people: list[dict[str, Any]], filled_from: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        rows = [{"unique_id": str(p["id"]), "family_name": p["family_name"]} for p in people]
        self.seen = [row["family_name"] for row in rows]
        return rows

    def predict_pairs(
        self, rows: list[dict[str, Any]], progress: Callable[[int, int], None] | None = None
    ) -> list[StandInPair]:
        if self.fail_with is not None:
            raise self.fail_with
        pairs = []
        for index, a in enumerate(rows):
            for b in rows[index + 1 :]:
                if any({a["family_name"], b["family_name"]} <= g for g in self.groups):
                    pairs.append(StandInPair(b["unique_id"], a["unique_id"], self.probability))
        for step in range(1, 5):
            if progress:
                progress(step, 4)
            if self.on_progress:
                self.on_progress()
        return pairs

    def cluster(self, pairs: list[StandInPair]) -> dict[str, str]:
        parent: dict[str, str] = {}

        def root(node: str) -> str:
            parent.setdefault(node, node)
            while parent[node] != node:
                node = parent[node]
            return node

        for pair in pairs:
            a, b = root(pair.id_l), root(pair.id_r)
            if a != b:
                parent[max(a, b)] = min(a, b)
        return {node: root(node) for node in parent}


def person(organisation: Any, family_name: str, **values: Any) -> Any:
    return PersonFactory.create(organisation=organisation, family_name=family_name, **values)


def reviewer(users: dict[str, Any]) -> Any:
    return users[Role.PROGRAMME_MANAGER]
