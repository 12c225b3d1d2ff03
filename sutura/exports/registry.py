"""The lists a user may export, declared in one place.

Each list names its columns — and which of them identify a person (a name, a phone, an exact
birth date, an identifier, an address…): an export with any such column is delivered only as an
encrypted archive — the permission it needs, the filters it takes, and how its rows are read
(`rows(user, filters)`, always through the owning app's selector or `sutura.access`, so an
export holds exactly the rows its owner could open). The exports app sits above every other
app and fills this registry itself (`lists.py`): no app imports exports.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.text import slugify

from sutura.accounts.roles import Perm

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    identifies: bool = False  # names, contacts, documents, exact birth date, identifiers
    hxl: str = ""  # the HXL hashtag, for tables exported as HXL


@dataclass(frozen=True)
class ExportList:
    code: str
    label: str | Promise
    perms: tuple[Perm, ...]  # any of them
    columns: tuple[Column, ...]
    # rows(user, filters) -> the rows as {column key: value}; count(user, filters) -> int
    rows: Callable[[Any, dict[str, str]], Iterable[Row]]
    count: Callable[[Any, dict[str, str]], int]
    # filter name -> allowed values (None: any short text, checked by `check`; a callable:
    # the values known when asked, e.g. the indicators registered)
    filters: dict[str, Any] = field(default_factory=dict)
    formats: tuple[str, ...] = ("xlsx", "csv")
    aggregate: bool = False  # a table of counts: no person in it
    required: tuple[str, ...] = ()  # filters that must be given
    check: Callable[[dict[str, str]], None] | None = None  # raises ValueError(filter name)

    def file_stem(self, day: datetime.date) -> str:
        """The file's name without extension, in the active language and ASCII only:
        `cas-2026-12-06` / `cases-2026-12-06` (never the list's code)."""
        words = slugify(str(self.label))
        if len(words) > 48:
            words = words[:49].rsplit("-", 1)[0]  # never a word cut in half
        return f"{words or self.code}-{day.isoformat()}"

    @property
    def identifies_people(self) -> bool:
        return any(column.identifies for column in self.columns)

    def clean_filters(self, given: dict[str, Any]) -> dict[str, str]:
        """The filters this list knows, with allowed values; anything else raises ValueError."""
        cleaned: dict[str, str] = {}
        for name, value in (given or {}).items():
            if value in ("", None):
                continue
            if name not in self.filters:
                raise ValueError(name)
            allowed = self.filters[name]
            if callable(allowed):
                allowed = allowed()
            text = str(value)[:40]
            if allowed is not None and text not in allowed:
                raise ValueError(name)
            cleaned[name] = text
        for name in self.required:
            if name not in cleaned:
                raise ValueError(name)
        if self.check is not None:
            self.check(cleaned)
        return cleaned


_LISTS: dict[str, ExportList] = {}


def label_of(code: str) -> str | Promise | None:
    """A list's name in the active language (the audit log's words for `list` codes)."""
    found = _LISTS.get(code)
    return found.label if found is not None else None


def register(export_list: ExportList) -> ExportList:
    _LISTS[export_list.code] = export_list
    return export_list


def get(code: str) -> ExportList | None:
    return _LISTS.get(code)


def all_lists() -> list[ExportList]:
    return list(_LISTS.values())


def iterate(rows: Iterable[Row]) -> Iterator[Row]:
    yield from rows
