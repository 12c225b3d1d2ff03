"""The community app's home-page cards and menu items. Each part keeps its own cards in a
module of `home_parts/` (communities, risks, structures, partners); `register()` adds them."""

from __future__ import annotations


def register() -> None:
    from sutura.community.home_parts import communities, partners, risks, structures
    from sutura.core import registry

    for part in (communities, risks, structures, partners):
        registry.add_cards(part.cards)
        registry.add_menu(*part.MENU)
