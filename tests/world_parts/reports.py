"""The reports part of the access world (through the services): on each side a draft report
of the side's programme for 2026-Q1, written by its programme manager, and its PDF asked for
(queued: the world's transaction never commits, so no job runs).

- `report_a`, `report_b`; `file_a`, `file_b`.
"""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.reports import services


def build(world: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    programmes = world.parts["programmes"]
    for letter, side in (("a", world.a), ("b", world.b)):
        manager = side.users[Role.PROGRAMME_MANAGER]
        report = services.create_report(
            actor=manager,
            programme=programmes[f"programme_{letter}"],
            period="2026-Q1",
            summary="Trimestre",
        )
        found[f"report_{letter}"] = report
        found[f"file_{letter}"] = services.request_file(
            actor=manager, report=report, file_format="pdf", language="fr"
        )
    return found
