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
