"""Recount how many people carry each name word (the duplicate model's term frequencies)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sutura.people.matching import refresh_frequencies


class Command(BaseCommand):
    help = "Recount NameWord.people, the name frequencies of duplicate detection."

    def handle(self, *args: Any, **options: Any) -> None:
        total = refresh_frequencies()
        self.stdout.write(f"Name frequencies counted over {total} people.")
