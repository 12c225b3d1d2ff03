"""Print the registered export keys as markdown (`--write` puts them into
docs/case-export.md between its markers); `--check` lists the sources of the mappings that no
installed app provides (yet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sutura.caseexport.keys_doc import keys_table, replace_table
from sutura.caseexport.models import ExportMapping

DOC = Path(settings.BASE_DIR) / "docs" / "case-export.md"


class Command(BaseCommand):
    help = "The registered case export keys, as a markdown table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help=f"Rewrite the table in {DOC}.")
        parser.add_argument(
            "--check", action="store_true", help="List mapping sources no app provides."
        )

    def handle(self, *args: Any, write: bool = False, check: bool = False, **options: Any) -> None:
        if check:
            for mapping in ExportMapping.objects.order_by("organisation_id", "code", "version"):
                unknown = mapping.unknown_sources()
                if unknown:
                    self.stdout.write(f"{mapping}: {', '.join(unknown)}")
            return
        if write:
            DOC.write_text(replace_table(DOC.read_text("utf-8")), "utf-8")
            self.stdout.write(f"{DOC} rewritten.")
            return
        self.stdout.write(keys_table())
