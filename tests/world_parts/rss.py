"""The sustainability survey's part of the access world, through the service: on the first case
of each side (`a.case`, `b.case`), by its case manager, `baseline_X`: the baseline survey on
the day the case opened, with the answers of rss.md's example A."""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.rss import services
from sutura.rss.tests.examples import EXAMPLE_A


def build(world: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, side in (("a", world.a), ("b", world.b)):
        found[f"baseline_{name}"] = services.record_survey(
            actor=side.users[Role.CASE_MANAGER],
            case=side.case,
            kind="baseline",
            surveyed_on=side.case.opened_on,
            answers=EXAMPLE_A,
        )
    return found
