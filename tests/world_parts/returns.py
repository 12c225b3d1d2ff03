"""The returns' part of the access world, through the services:

- `arrived_ba`: B's case manager opened a return of B's departure case to A and handed it
  over; A's case manager recorded the arrival and opened the reintegration case (`A's case`).
- `counselling_ab`: A's case manager's return of A's departure case to B, still in
  counselling (B sees nothing of it yet).
"""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.returns.tests.helpers import journey


def build(world: Any) -> dict[str, Any]:
    a, b = world.a, world.b
    a_manager, b_manager = a.users[Role.CASE_MANAGER], b.users[Role.CASE_MANAGER]
    arrived = journey(
        b_manager,
        a.organisation,
        stage="reintegration",
        receiver=a_manager,
        given_names="Ibrahim",
        family_name="Sangaré",
    )
    counselling = journey(
        a_manager, b.organisation, given_names="Lamine", family_name="Sarr", stage="counselling"
    )
    return {"arrived_ba": arrived, "counselling_ab": counselling}
