"""The mentoring app's part of the demo, one module per part (volunteers first: the others
build on their profiles and returnees). Idempotent: run twice, it adds nothing the second time.
"""

from __future__ import annotations

from django.db import transaction

from sutura.core.registry import DemoContext


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    from sutura.mentoring.demo import activities, reports, volunteers

    said = [volunteers.seed(context), activities.seed(context), reports.seed(context)]
    return "; ".join(part for part in said if part)
