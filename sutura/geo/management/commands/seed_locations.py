from django.conf import settings
from django.core.management.base import BaseCommand

from sutura.geo.reference import seed_locations


class Command(BaseCommand):
    help = "Create or refresh the countries, regions and admin2 units (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        counts = seed_locations(list(settings.SUTURA_COUNTRIES))
        self.stdout.write(self.style.SUCCESS(f"Locations: {counts}"))
