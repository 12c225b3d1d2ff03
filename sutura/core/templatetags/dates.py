"""The `date` filter of every template, Django's with the French « 1er » (see core.dates).

A builtin of the template engine (settings TEMPLATES OPTIONS "builtins"), loaded after
Django's own filters, so `{{ day|date:"DATE_FORMAT" }}` needs no `{% load %}` and no template
can miss it: pages and PDFs.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import dateformat

from sutura.core.dates import date_format, moment_span

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """As django.template.defaultfilters.date, through `core.dates.date_format`."""
    if value in (None, ""):
        return ""
    try:
        return date_format(value, arg)
    except AttributeError:
        try:
            return dateformat.format(value, str(arg))  # a time: as Django does
        except AttributeError:
            return ""


@register.simple_tag
def when(start: Any, end: Any = None) -> str:
    """`{% when meeting.starts_at meeting.ends_at %}`: the date once, then the times."""
    if not start:
        return ""
    return moment_span(start, end or None)
