"""The duplicate runs part of the access world: one finished run per organisation, started by
its programme manager (a reviewer) through the service (the job is never queued: the world is
built inside a transaction that is not committed), then marked done as the job would."""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.dedup.services import runs


def build(world: Any) -> dict[str, Any]:
    found = {}
    for name, side in (("a", world.a), ("b", world.b)):
        run = runs.start_run(actor=side.users[Role.PROGRAMME_MANAGER])
        runs.begin(run)
        runs.finish(run, people=3, pairs_scored=1, proposals=1)
        found[f"run_{name}"] = run
    return found
