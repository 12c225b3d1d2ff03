"""Whether an organisation is an NRM member: kept by governance (its signatures of the
data-sharing protocol), which sits above this app. Governance registers its answer here in its
`AppConfig.ready()`, so the accounts API can say it without importing governance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_ANSWER: list[Callable[[Any], Any]] = []


def register(answer: Callable[[Any], Any]) -> None:
    """`answer(organisation)` returns an object with `is_member` and `since`."""
    _ANSWER[:] = [answer]


def membership_of(organisation: Any) -> Any:
    """Governance's answer for `organisation`, or None when no app answers."""
    return _ANSWER[0](organisation) if _ANSWER else None
