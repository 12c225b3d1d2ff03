"""Demo data of protection committees, outreach volunteers, safe spaces, initiatives (to come)."""

from __future__ import annotations

from sutura.core.registry import DemoContext


def seed(context: DemoContext) -> str:
    return ""
