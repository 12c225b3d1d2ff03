"""The demo's places: the countries it covers, their regions and départements."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from sutura.core.registry import DemoContext
from sutura.geo.reference import seed_locations


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    """This app's part of `seed_demo` (registered in its AppConfig)."""
    seed_locations(list(settings.SUTURA_COUNTRIES))
    return ""
