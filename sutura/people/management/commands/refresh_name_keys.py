"""Bring the stored name keys in line with the variant dictionary (after editing it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sutura.people.matching import refresh_name_keys


class Command(BaseCommand):
    help = (
        "Recompute the phonetic keys of the name vocabulary and the blocking keys of the people "
        "whose names they changed, after an edit of people/data/name_variants.csv."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = refresh_name_keys()
        self.stdout.write(
            f"{done['words']} name words with a new key; {done['people']} people's keys updated."
        )
