"""The duplicate runs part of the access world: one finished run per organisation, started by
its programme manager (a reviewer) through the service (the job is never queued: the world is
built inside a transaction that is not committed), then finished as the job would. A run an
earlier part left queued (`dedup_review`'s, which holds its proposals) is finished first: one
run at a time per organisation."""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.dedup import selectors_runs
from sutura.dedup.services import runs


def build(world: Any) -> dict[str, Any]:
    found = {}
    for name, side in (("a", world.a), ("b", world.b)):
        reviewer = side.users[Role.PROGRAMME_MANAGER]
        earlier = selectors_runs.active_run(reviewer)
        if earlier is not None:
            runs.begin(earlier)
            runs.finish(earlier, people=2, pairs_scored=1, proposals=1)
        run = runs.start_run(actor=reviewer)
        runs.begin(run)
        runs.finish(run, people=3, pairs_scored=1, proposals=1)
        found[f"run_{name}"] = run
    return found
