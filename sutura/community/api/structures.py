"""API of protection committees, outreach volunteers, safe spaces, initiatives."""

from __future__ import annotations

from typing import Any


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
