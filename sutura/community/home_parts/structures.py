"""Home-page cards and menu items of committees, outreach volunteers, safe spaces, initiatives."""

from __future__ import annotations

from typing import Any

MENU: tuple[Any, ...] = ()


def cards(user: Any) -> list[Any]:
    return []
