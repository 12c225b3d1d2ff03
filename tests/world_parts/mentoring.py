"""The mentoring part of the access world (volunteers and assignments): `tests/worlds.py` gives
each side's mentor a volunteer profile (supervised by the side's focal point) and assigns the
side's case to them; here each side's focal point adds a supervision note, through the services.

- `volunteer_a`, `volunteer_b`: the mentors' profiles;
- `note_a`, `note_b`: a supervision note on each;
- `assignment_a`, `assignment_b`: the open assignment of `a.case` / `b.case`.
"""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.mentoring.models import Assignment, Volunteer
from sutura.mentoring.services import volunteers


def build(world: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, side in (("a", world.a), ("b", world.b)):
        volunteer = Volunteer.objects.get(user=side.users[Role.COMMUNITY_MENTOR])
        found[f"volunteer_{name}"] = volunteer
        found[f"note_{name}"] = volunteers.add_supervision_note(
            actor=side.users[Role.MHPSS_FOCAL_POINT],
            volunteer=volunteer,
            text="Bon premier mois ; à revoir dans quatre semaines.",
            noted_on=datetime.date(2026, 1, 20),
        )
        found[f"assignment_{name}"] = Assignment.objects.get(case=side.case, ended_on__isnull=True)
    return found
