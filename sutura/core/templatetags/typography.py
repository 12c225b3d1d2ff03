"""Punctuation that differs between the site's languages, for templates (a builtin of the
template engine: no `{% load %}`).

`{{ label }}{% colon %} {{ value }}`: in French a colon takes a no-break space before it
(« Statut : ouvert »), in English none ("Status: open"). A colon after a translated word belongs
inside its message id (`{% translate "Status:" %}`); this tag is for a label that is not
translated there (a choice's label, a name, a date)."""

from __future__ import annotations

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    return pgettext("punctuation between a label and its value", ":")
