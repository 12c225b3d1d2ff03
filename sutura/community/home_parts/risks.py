"""Home-page cards and menu items of risk analyses, comparisons, assets and action plans."""

from __future__ import annotations

from typing import Any

MENU: tuple[Any, ...] = ()


def cards(user: Any) -> list[Any]:
    return []
