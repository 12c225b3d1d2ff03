"""What an audit entry says, as an English reader sees it: entries keep a code and its
parameters (`AuditEntry.shown_detail`), so tests read them in words."""

from __future__ import annotations

from typing import Any

from django.utils import translation


def said(entry: Any) -> str:
    with translation.override("en"):
        return str(entry.shown_detail())
