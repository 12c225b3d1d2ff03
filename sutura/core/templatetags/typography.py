"""Punctuation that differs between the site's languages, for templates (a builtin of the
template engine: no `{% load %}`).

`{{ label }}{% colon %} {{ value }}`: in French a colon takes a no-break space before it
(« Statut : ouvert »), in English none ("Status: open"). A colon after a translated word belongs
inside its message id (`{% translate "Status:" %}`); this tag is for a label that is not
translated there (a choice's label, a name, a date).

`{{ share.percent|percent }}`: "89%" in English, "89 %" in French (a no-break space)."""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    return pgettext("punctuation between a label and its value", ":")


def percent_text(value: object) -> str:
    """A percentage in the user's language: "89%" in English, "89 %" in French, where the
    sign follows a no-break space (a line never starts with "%"); "—" for no figure."""
    if value is None or value in ("", "—"):
        return "—"
    return pgettext("a number as a percentage", "%(number)s%%") % {
        "number": formats.localize(value)
    }


@register.filter
def percent(value: object) -> str:
    """`{{ share.percent|percent }}`: see `percent_text`."""
    return percent_text(value)
