"""Demo data of workplans, monitoring visits, periodic reports, case trends (to come)."""

from __future__ import annotations

from sutura.core.registry import DemoContext


def seed(context: DemoContext) -> str:
    return ""
