"""The ratings part of the access world (after `feedback.py`), through the services:

- `rating_ab`: A's case manager records the person's opinion of the completed referral A → B
  (`world.completed_ab`, rated for B's service);
- `public_ab`: the person rates the same service themselves with its feedback reference;
- `rating_delivery_b`: B's case manager records the person's opinion of B's assistance
  delivered (`b.delivery`).
"""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.feedback.services import ratings


def build(world: Any) -> dict[str, Any]:
    a, b = world.a, world.b
    rating_ab = ratings.record_service_feedback(
        actor=a.users[Role.CASE_MANAGER],
        referral=world.completed_ab,
        satisfaction="satisfied",
        timely=True,
        respectful=True,
        would_recommend=None,
    )
    public_ab = ratings.submit_public_service_feedback(
        reference=ratings.feedback_reference(world.completed_ab),
        satisfaction="partly",
        timely=False,
        respectful=True,
        would_recommend=True,
    )
    rating_delivery_b = ratings.record_service_feedback(
        actor=b.users[Role.CASE_MANAGER],
        delivery=b.delivery,
        satisfaction="not_satisfied",
        timely=False,
        respectful=None,
        would_recommend=False,
    )
    return {"rating_ab": rating_ab, "public_ab": public_ab, "rating_delivery_b": rating_delivery_b}
