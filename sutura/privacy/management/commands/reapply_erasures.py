"""After a restore: anonymise again whoever was anonymised after the backup was taken.

A backup taken before an erasure still holds the person; restoring it brings them back. Keep
the list of anonymised people (ids and causes, no names) outside the backups, refreshed daily
after `apply_retention`, and re-apply it after every restore (see docs/audit-and-backups.md):

    manage.py reapply_erasures --export /srv/sutura-erasures/anonymised.json   # daily
    manage.py reapply_erasures /srv/sutura-erasures/anonymised.json            # after a restore
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sutura.privacy.services import anonymised_list, reapply_anonymisations


class Command(BaseCommand):
    help = "Export the list of anonymised people, or anonymise them again after a restore."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="The list to re-apply (from --export).")
        parser.add_argument("--export", metavar="FILE", help="Write the list to FILE.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["export"]:
            target = Path(options["export"])
            partial = target.with_name(target.name + ".partial")
            listed = anonymised_list()
            partial.write_text(json.dumps(listed, indent=1))
            os.chmod(partial, 0o600)
            partial.replace(target)
            self.stdout.write(f"{len(listed)} anonymised people listed in {target}.")
            return
        if not options["file"]:
            raise CommandError("Give the list to re-apply, or --export FILE.")
        try:
            entries = json.loads(Path(options["file"]).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        done = reapply_anonymisations(entries)
        self.stdout.write(f"{done} people anonymised again, of {len(entries)} listed.")
