"""Who is acting and from where, for audit entries written outside a view (signals)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditContext:
    user: Any = None
    ip_address: str | None = None


_NOBODY = AuditContext()
current: ContextVar[AuditContext] = ContextVar("sutura_audit_context", default=_NOBODY)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Outside a request (demo data, scripts), name the user the audit entries written by the
    signals should credit with the change; the previous context comes back afterwards."""
    token = current.set(AuditContext(user=user))
    try:
        yield
    finally:
        current.reset(token)
