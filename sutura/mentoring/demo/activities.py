from __future__ import annotations

from sutura.core.registry import DemoContext


def seed(context: DemoContext) -> str:
    return ""
