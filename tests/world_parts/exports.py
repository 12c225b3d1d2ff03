"""The exports part of the access world: one finished export of the cases list per
organisation, asked for by its case manager through the service and written as the job would
(the job is never queued: the world is built inside a transaction that is not committed); its
password waits, sealed to a key nobody in the matrix holds."""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.exports import services, tasks


def build(world: Any) -> dict[str, Any]:
    found = {}
    for name, side in (("a", world.a), ("b", world.b)):
        export, _key = services.start_export(
            actor=side.users[Role.CASE_MANAGER], list_code="cases", format="csv"
        )
        tasks.run_job(str(export.pk))
        export.refresh_from_db()
        found[f"export_{name}"] = export
    return found
