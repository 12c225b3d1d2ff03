from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sutura.geo.gazetteer import GazetteerError, import_gazetteer


class Command(BaseCommand):
    help = "Load an official COD-AB gazetteer (CSV or XLSX) and fill the locations' P-codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            report = import_gazetteer(path)
        except GazetteerError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {e}" for e in error.errors)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"P-codes filled on {report.updated} locations; {report.created} new locations."
            )
        )
