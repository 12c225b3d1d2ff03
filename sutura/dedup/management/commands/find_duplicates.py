"""`manage.py find_duplicates --organisation ORG [--since DATE] [--as USERNAME] [--now]`

For operators: start a duplicate run for an organisation, as one of its reviewers (the run sees
the people that reviewer may open; the audit log names them, started from the command line).
By default the run is queued for the workers, like the page's button; `--now` runs it in this
process and prints its progress (a registry too large to wait on a page, or no worker).
`--since` compares the people registered since that date with the whole registry: what an
import of people will call once there is one (there is no people import yet).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from sutura.access.accounts import members
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.audit.context import acting_as
from sutura.dedup.services import runs


class Command(BaseCommand):
    help = "Start a duplicate run for an organisation (queued, or here with --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", required=True, help="The organisation's acronym, name or id."
        )
        parser.add_argument(
            "--since",
            type=datetime.date.fromisoformat,
            help="Only people registered on or after this date (YYYY-MM-DD), compared with "
            "the whole registry.",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="The reviewer the run is started as (default: the organisation's only "
            "active reviewer).",
        )
        parser.add_argument(
            "--now", action="store_true", help="Run here and now instead of queueing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self._organisation(options["organisation"])
        reviewer = self._reviewer(organisation, options["username"])
        with acting_as(reviewer):
            try:
                run = runs.start_run(actor=reviewer, since=options["since"])
            except ValidationError as refusal:
                raise CommandError(" ".join(refusal.messages)) from refusal
        self.stdout.write(f"Duplicate run {run.pk} queued for {organisation}.")
        if not options["now"]:
            self.stdout.write("A worker (manage.py db_worker --queue-name '*') will run it.")
            return
        from sutura.dedup.tasks import run_job

        result = run_job(run.pk)
        self.stdout.write(
            f"Done: {result.get('people', 0)} people, {result.get('pairs_scored', 0)} pairs "
            f"scored, {result.get('proposals', 0)} proposed."
        )

    def _organisation(self, given: str) -> Organisation:
        lookup = Q(acronym__iexact=given) | Q(name__iexact=given)
        if given.count("-") == 4:
            lookup |= Q(pk=given)
        found = list(Organisation.objects.filter(lookup)[:2])
        if len(found) != 1:
            raise CommandError(f"No single organisation is called {given!r}.")
        return found[0]

    def _reviewer(self, organisation: Organisation, username: str | None) -> Any:
        reviewers = list(members(organisation, perm=Perm.REVIEW_DUPLICATES))
        if username:
            chosen = [user for user in reviewers if user.username == username]
            if not chosen:
                raise CommandError(f"{username!r} is no active reviewer of {organisation}.")
            return chosen[0]
        if len(reviewers) != 1:
            names = ", ".join(sorted(user.username for user in reviewers)) or "none"
            raise CommandError(f"Name the reviewer with --as (reviewers: {names}).")
        return reviewers[0]
