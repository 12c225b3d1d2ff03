"""The returns' part of `seed_demo` (placeholder, filled below)."""

from __future__ import annotations

from sutura.core.registry import DemoContext


def seed_step(context: DemoContext) -> str:
    return "no returns"
