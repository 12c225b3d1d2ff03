"""Demo cases, in two parts (`seed_step` is the cases' part of `seed_demo`).

- `seed_case_stories`: about forty cases for AIM-SN and AIM-ML told through the services (consent,
  opening, screening, assessment, plan and approval, assistance, follow-ups, notes, closure and
  a reopening), so every record, transition, audit entry and notification is what a user would
  have produced. Deterministic (fixed seed); skipped for an organisation that already has cases.
- `seed_bulk_cases`: one case for every demo person still without one, streamed with COPY (a
  million in a few minutes) so case search can be measured at scale. Bulk cases carry a status,
  dates and flags but no history (no transitions, screenings or plans): they bypass the services
  and the audit log, like the bulk people of `sutura.people.demo`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

from sutura.accounts.demo import casework_organisations
from sutura.cases.demo.bulk import seed_bulk_cases
from sutura.cases.demo.stories import seed_case_stories
from sutura.cases.models import Case
from sutura.core.registry import DemoContext


def seed_step(context: DemoContext) -> str:
    """This app's part of `seed_demo` (registered in its AppConfig)."""
    # The told cases first (their own transaction): they pick their people among those
    # without a case; every other demo person then gets a case in bulk.
    stories = seed_case_stories(context.organisations)
    with transaction.atomic():
        bulk = seed_bulk_cases(casework_organisations(context.organisations))
    if bulk > 10_000:
        with connection.cursor() as cursor:  # fresh statistics for the planner
            cursor.execute(f"ANALYZE {Case._meta.db_table}")
    return f"{stories + bulk} cases opened ({stories} in full)"


def dates_step(context: DemoContext) -> str:
    """Registration dates, once every app opened its demo cases (registered in AppConfig)."""
    with transaction.atomic():
        moved = registered_before_their_cases()
    return f"{moved} people registered on the day of their first case"


def registered_before_their_cases() -> int:
    """Each demo person registered on the day of their first case (at 9:00), when the seeding
    left them registered later: cases are dated over the past years, people at the seeding's
    time, and the figures of people registered in a past period read 0 beside its cases.
    One statement; only the registration time changes (not a fact the cases copy)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE people_person p
            SET created_at = (first.opened_on + time '09:00') AT TIME ZONE %s
            FROM (
                SELECT person_id, min(opened_on) AS opened_on FROM cases_case GROUP BY person_id
            ) first
            WHERE p.id = first.person_id
              AND p.created_at > (first.opened_on + time '09:00') AT TIME ZONE %s
            """,
            [settings.TIME_ZONE, settings.TIME_ZONE],
        )
        return cursor.rowcount
