"""Dates for people to read: Django's localised formats, plus the French « 1er ».

In French the first day of the month is written as an ordinal, « 1er septembre », and every
other day as a plain number, « 2 septembre ». Django's French formats ("j F Y") cannot say
so, and its own ordinal suffix (`S`) is English. So when the language is French and the day
is the first, the day number (`j`) of a format that spells the month out gets « er » after
it; numeric formats (01/09/2026) and other languages are left as Django writes them.

Every user-facing date goes through `date_format`: templates through the `date` filter that
replaces Django's (`sutura.core.templatetags.dates`, a builtin of the template engine, so
pages and PDFs alike), Python (exports, messages) through this function.
"""

from __future__ import annotations

import datetime

from django.utils import dateformat, formats, timezone, translation
from django.utils.translation import gettext

# Format characters that write the month in words (septembre, sept., sep).
MONTH_IN_WORDS = frozenset("bEFMN")
ORDINAL_FIRST = r"j\e\r"  # the day number, then « er » escaped as text


def date_format(value: datetime.date, format: str | None = None) -> str:
    """`django.utils.formats.date_format`, with « 1er » for the first of the month in French.

    `format` is a format name ("DATE_FORMAT", "SHORT_DATETIME_FORMAT", …) or a format string.
    """
    pattern = str(formats.get_format(format or "DATE_FORMAT"))
    if value.day == 1 and _french():
        pattern = _first_as_ordinal(pattern)
    return dateformat.format(value, pattern)


def _french() -> bool:
    return (translation.get_language() or "").split("-")[0] == "fr"


def _first_as_ordinal(pattern: str) -> str:
    """Put « er » after each day number of a pattern that writes the month in words."""
    tokens = _tokens(pattern)
    if not any(char in MONTH_IN_WORDS for char, escaped in tokens if not escaped):
        return pattern
    return "".join(
        ORDINAL_FIRST if char == "j" and not escaped else ("\\" + char if escaped else char)
        for char, escaped in tokens
    )


def _tokens(pattern: str) -> list[tuple[str, bool]]:
    """The pattern's characters, each with whether a backslash made it plain text."""
    tokens, escaped = [], False
    for char in pattern:
        if escaped:
            tokens.append((char, True))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            tokens.append((char, False))
    if escaped:  # a trailing backslash stays as Django would read it
        tokens.append(("\\", False))
    return tokens


def moment_span(start: datetime.datetime, end: datetime.datetime | None = None) -> str:
    """When something happens, the date written once: « 6 décembre 2026, 10:00 – 12:00 »;
    both dates in full only when it ends on another day."""
    start = _local(start)
    if end is None:
        return _day_and_time(start)
    end = _local(end)
    if end.date() != start.date():
        return f"{_day_and_time(start)} – {_day_and_time(end)}"
    return gettext("%(date)s, %(start)s – %(end)s") % {
        "date": date_format(start.date(), "DATE_FORMAT"),
        "start": date_format(start, "TIME_FORMAT"),
        "end": date_format(end, "TIME_FORMAT"),
    }


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _day_and_time(moment: datetime.datetime) -> str:
    return gettext("%(date)s, %(time)s") % {
        "date": date_format(moment.date(), "DATE_FORMAT"),
        "time": date_format(moment, "TIME_FORMAT"),
    }


def day(value: datetime.date | None) -> str:
    """A date in a label ("Séance individuelle 04/12/2026"): the language's short format; ""
    for none."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""
