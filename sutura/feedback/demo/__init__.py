"""The feedback app's part of the demo (registered in `parts/ratings.py`), one module per
part: who reports to whom and the PSEA focal points (`people.py`), intake points and items of
every category, channel and status with the check scenario (`items.py`), feedback on services
(`ratings.py`). Idempotent: run twice, it adds nothing the second time."""

from __future__ import annotations

from django.db import transaction

from sutura.core.registry import DemoContext


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    from sutura.accounts.models import User
    from sutura.feedback.demo import items, people, ratings

    people.seed()
    users = {user.username: user for user in User.objects.exclude(organisation=None)}
    points = items.seed_points(users)
    told = items.seed_items(users, points)
    on_referrals, on_deliveries = ratings.seed_ratings(users)
    return (
        f"{len(points)} intake points, {told} complaints and feedback items, "
        f"{on_referrals + on_deliveries} answers on services"
    )


def logins() -> list[str]:
    from sutura.feedback.demo import people

    return people.logins()
