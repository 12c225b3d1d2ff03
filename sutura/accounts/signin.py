"""Rules an app above adds to "may this account sign in?", beyond being active.

The mentoring app registers one: a volunteer whose engagement has ended keeps their account
and their records, but signs in no more. The login backend asks these rules at every login
and on every request of an open session (`ThrottledModelBackend.get_user`), and the API's
token authentication on every call, so an ended engagement takes effect at once.

A rule takes the user and returns None (no objection) or the message to show them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

REFUSAL_ATTRIBUTE = "sutura_login_refusal"  # set on the request when a rule refused a login

_RULES: list[Callable[[Any], Any]] = []


def register(rule: Callable[[Any], Any]) -> None:
    if rule not in _RULES:
        _RULES.append(rule)


def refusal(user: Any) -> Any:
    """The first rule's objection to this user signing in, or None."""
    for rule in _RULES:
        message = rule(user)
        if message:
            return message
    return None
