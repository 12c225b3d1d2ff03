"""The activity log's part of the access world, logged through the services by each side's
mentor (the world gives each a volunteer profile and assigns them their side's case):

- `session_a` / `session_b`: a one-to-one session with the side's case (no distress flag: the
  referral it would make is the world's `by_mentor_a` already);
- `event_a`: a community event of A's mentor (no case: only the mentor's side sees it);
- `idea_a` / `idea_b`: an idea of each mentor (their focal point moves its status).
"""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.mentoring.services import activities

DAY = datetime.date(2026, 2, 2)


def build(world: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, side in (("a", world.a), ("b", world.b)):
        mentor = side.users[Role.COMMUNITY_MENTOR]
        found[f"session_{name}"] = activities.log_session(
            actor=mentor,
            case=side.case,
            occurred_on=DAY,
            duration_minutes=45,
            session_kind="practical",
            topics=["assistance"],
            note="Demande où en est son dossier",
        ).activity
        found[f"idea_{name}"] = activities.log_idea(
            actor=mentor, title="Tournoi de football", occurred_on=DAY
        ).activity
    found["event_a"] = activities.log_event(
        actor=world.a.users[Role.COMMUNITY_MENTOR],
        occurred_on=DAY,
        duration_minutes=120,
        event_kind="recreational",
        title="Tournoi",
        counts=[("returnee", "male", "18_24", 4), ("community", "female", "25_59", 9)],
    ).activity
    return found
