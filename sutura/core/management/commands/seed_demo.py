"""Load the demo: each app's part, in order (places, organisations and users, people, cases,
the directory, referrals…), as registered by the apps themselves (`core.registry.add_demo`).

Idempotent: running it twice does not duplicate anything. `--persons N` scales the number of
people (a million takes a few minutes: rows are streamed with COPY); every demo person gets a
case, about forty of which are told in full through the case services.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from sutura.core.registry import DemoContext, demo_steps


class Command(BaseCommand):
    help = "Create the demo data (idempotent). Each app adds its part (core.registry)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=600, help="total demo people")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print logins")

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        context = DemoContext(persons=int(options["persons"]))  # type: ignore[call-overload]
        steps = demo_steps()
        lines = [(step.name, step(context)) for step in steps]
        self.stdout.write(f"Demo data ready ({time.monotonic() - started:.1f} s):")
        for name, line in lines:
            if line:
                self.stdout.write(f"  {name}: {line}")
        if not options["quiet_logins"]:
            for step in steps:
                if step.logins:
                    self.stdout.write("\n" + "\n".join(step.login_lines()))
