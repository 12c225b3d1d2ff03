"""Load the demo: locations, organisations, one user per role, synthetic people and cases,
the directory of services with its referral pathways, and referrals between organisations.

Idempotent: running it twice does not duplicate anything. `--persons N` scales the number of
people (a million takes a few minutes: rows are streamed with COPY); every demo person gets a
case, about forty of which are told in full through the case services.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from sutura.accounts.demo import DEMO_PASSWORD, USERS, seed_organisations, seed_users
from sutura.cases.demo import seed_bulk_cases, seed_case_stories
from sutura.cases.models import Case
from sutura.directory.demo import seed_directory
from sutura.geo.reference import seed_locations
from sutura.people.demo import seed_persons
from sutura.referrals.demo import seed_referrals

CASEWORK_ORGANISATIONS = ("AIM-SN", "AIM-ML", "DNPS", "MINASF", "CEM")


class Command(BaseCommand):
    help = "Create the demo data (idempotent). Domain apps add their part here as they land."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=600, help="total demo people")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print logins")

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        persons = int(options["persons"])  # type: ignore[call-overload]
        with transaction.atomic():
            seed_locations(list(settings.SUTURA_COUNTRIES))
            organisations = seed_organisations()
            seed_users(organisations)
        casework = [organisations[a] for a in CASEWORK_ORGANISATIONS]
        with transaction.atomic():
            added = seed_persons(persons, organisations=casework)
        # The told cases first: they pick their people among those without a case.
        stories = seed_case_stories(organisations)  # its own transaction
        with transaction.atomic():
            bulk = seed_bulk_cases(casework)
        if bulk > 10_000:
            with connection.cursor() as cursor:  # fresh statistics for the planner
                cursor.execute(f"ANALYZE {Case._meta.db_table}")
        directory = seed_directory(organisations)  # its own transaction
        referrals = seed_referrals(organisations)  # its own transaction, after the stories
        self.stdout.write(
            f"Demo data ready: {len(organisations)} organisations, {len(USERS)} users, "
            f"{added} people added, {stories + bulk} cases opened ({stories} in full) "
            f"({time.monotonic() - started:.1f} s)."
        )
        self.stdout.write(
            f"Referral mechanism: {directory['services']} services "
            f"({directory['to_verify']} to re-verify), {directory['pathways']} pathways, "
            f"{directory['changes']} proposed changes, {referrals} referrals."
        )
        if not options["quiet_logins"]:
            self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for spec in USERS:
            roles = ", ".join(str(role.label) for role in spec.roles)
            self.stdout.write(f"  {spec.username:<16} {roles} — {spec.organisation}")
