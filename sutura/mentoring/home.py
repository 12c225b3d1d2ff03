"""The mentoring app's home-page cards and menu items. Each part of the app keeps its own
cards in a module of `home_parts/` (volunteers, activities, reports); `register()` adds them all."""

from __future__ import annotations


def register() -> None:
    from sutura.core import registry
    from sutura.mentoring.home_parts import activities, reports, volunteers

    for part in (volunteers, activities, reports):
        registry.add_cards(part.cards)
        registry.add_menu(*part.MENU)
