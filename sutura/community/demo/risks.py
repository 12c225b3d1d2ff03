"""Demo data of risk analyses, their comparison, assets and the map, action plans (to come)."""

from __future__ import annotations

from sutura.core.registry import DemoContext


def seed(context: DemoContext) -> str:
    return ""
