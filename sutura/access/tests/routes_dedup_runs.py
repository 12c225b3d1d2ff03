"""The duplicate runs in the URL × role matrix (records: `tests/world_parts/dedup_runs.py`).

Reviewers (`Perm.REVIEW_DUPLICATES`: programme managers) list, start and follow the runs of
their own organisation; everyone else gets 403; another organisation's run is not found (404).
The pages show counts and who started the run, never a person: no read to audit.
"""

from __future__ import annotations

from typing import Any

from sutura.access.tests.url_matrix import Route, gate, in_view, page, post
from sutura.accounts.roles import Perm
from sutura.dedup.models import DedupRun
from tests.worlds import World

REVIEWS = gate(Perm.REVIEW_DUPLICATES)
THE_RUN = gate(Perm.REVIEW_DUPLICATES, row=in_view(DedupRun))


def _runs(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["dedup_runs"]
    return {name: ({"pk": found[name].pk}, found[name]) for name in ("run_a", "run_b")}


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "dedup:runs": page(REVIEWS, audited=False),
    # (the world's runs are finished: a reviewer's start queues a new one, rolled back)
    "dedup:run_start": post(REVIEWS),
    "dedup:run": page(THE_RUN, _runs, audited=False),
    "dedup:run_progress": page(THE_RUN, _runs, audited=False),
}
