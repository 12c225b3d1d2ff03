"""Writing spreadsheets people open in Excel or LibreOffice."""

from __future__ import annotations

from typing import Any

# Spreadsheet programs run a cell starting with these as a formula (CSV/XLSX injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that would start a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
