"""The retention of complaints and feedback: an item closed more than
`SUTURA_RETENTION_DAYS["closed_feedback_days"]` ago keeps its reference, category, channel,
dates, place, sex and age group (the figures count them) and loses what was said, the answer,
who said it and how to reach them, the descriptions of who was implicated and the notes of its
steps. The accounts named as implicated stay linked: they still must not read it. Run by
`manage.py apply_retention` (privacy), through its registration."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone


def _rows(today: datetime.date, days: int) -> Any:
    from sutura.access.feedback import closed_items_before

    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time())
    )
    return closed_items_before(cutoff)


@transaction.atomic
def _clear(items: Any) -> None:
    from sutura.access.feedback import implicated_of, steps_of
    from sutura.feedback.models import ContactMethod

    implicated_of(items).update(description="")
    steps_of(items).update(note="")
    items.update(
        description="",
        response="",
        contact_method=ContactMethod.NONE,
        contact_name="",
        contact_phone="",
        contact_email="",
        trusted_person="",
        referred_channel="",
        version=F("version") + 1,
    )


def register() -> None:
    from sutura.privacy.services import RetentionStep, add_retention_step

    add_retention_step(
        RetentionStep(
            key="closed_feedback_items",
            period="closed_feedback_days",
            rows=_rows,
            clear=_clear,
        )
    )
