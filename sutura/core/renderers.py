"""How forms are drawn: Django's templates, with one change for every select of the project.

Django offers an empty choice labelled "---------" (`BLANK_CHOICE_DASH`, `ModelChoiceField`'s
default `empty_label`): a row of dashes that says nothing, in no language. Here it reads
"Choose…" on a field that must be filled and "Not stated" on one that may stay empty, in the
reader's language. A form that names its own empty choice ("Any programme", "—") keeps it.
Set as `FORM_RENDERER`, so no form has to remember it (the admin's selects too)."""

from __future__ import annotations

from typing import Any

from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext

DJANGOS_DASHES = BLANK_CHOICE_DASH[0][1]


class SuturaRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and "optgroups" in widget:
            name_empty_choice(widget)
        return super().render(template_name, context, request)


def name_empty_choice(widget: dict[str, Any]) -> None:
    """Put words on the select's empty choice when Django's dashes stand there."""
    required = bool(widget.get("required"))  # the field's, whatever the HTML attribute
    for _group, options, _index in widget["optgroups"]:
        for option in options:
            if option.get("value") in ("", None) and option.get("label") == DJANGOS_DASHES:
                option["label"] = gettext("Choose…") if required else gettext("Not stated")
