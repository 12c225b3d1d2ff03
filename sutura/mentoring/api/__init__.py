"""The mentoring API, one module per idea; each has `register(router)`."""

from __future__ import annotations

from typing import Any


def register(router: Any) -> None:
    from sutura.mentoring.api import activities, checkins, groups, reports, volunteers

    for module in (volunteers, activities, groups, reports, checkins):
        module.register(router)
