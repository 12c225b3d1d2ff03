"""Who is acting and from where, for audit entries written outside a view (signals)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditContext:
    user: Any = None
    ip_address: str | None = None


_NOBODY = AuditContext()
current: ContextVar[AuditContext] = ContextVar("sutura_audit_context", default=_NOBODY)
