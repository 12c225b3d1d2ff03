"""Home-page cards and menu items of communities, selection, diagnosis, diagnosis report (PDF)."""

from __future__ import annotations

from typing import Any

MENU: tuple[Any, ...] = ()


def cards(user: Any) -> list[Any]:
    return []
