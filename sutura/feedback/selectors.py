"""Reads of the feedback app, always through `sutura.access`. Each part keeps its own module
(`selectors_items.py`: one item's page and the staff API); the names others import stay here."""

from __future__ import annotations

from sutura.feedback.selectors_items import item_for

__all__ = ["item_for"]
