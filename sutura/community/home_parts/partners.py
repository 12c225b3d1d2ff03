"""Home-page cards and menu items of workplans, monitoring visits, periodic reports, case trends."""

from __future__ import annotations

from typing import Any

MENU: tuple[Any, ...] = ()


def cards(user: Any) -> list[Any]:
    return []
